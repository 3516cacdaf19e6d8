using System.Globalization;
using System.Net;
using System.Text;

namespace MessagingChannelUsage.LoadTests.Reports;

/// <summary>
/// A small line chart as inline SVG: no script and no network, so the HTML report opens anywhere
/// (CI artefact viewers included).
/// </summary>
public static class SvgLineChart
{
    private const int Width = 760;
    private const int Height = 260;
    private const int Left = 64;
    private const int Right = 150;
    private const int Top = 28;
    private const int Bottom = 36;

    /// <summary>One line: a name for the legend, a CSS colour, and (x, y) points.</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.SelectMany(s => s.Points).ToList();
        var minX = points.Count == 0 ? 0 : points.Min(p => p.X);
        var maxX = points.Count == 0 ? 1 : points.Max(p => p.X);
        var maxY = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.Y));
        if (maxX <= minX)
        {
            maxX = minX + 1;
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Sx(double x) => Left + ((x - minX) / (maxX - minX) * plotW);
        double Sy(double y) => Top + plotH - (y / maxY * plotH);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Escape(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var y = maxY * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{N(Sy(y))}\" y2=\"{N(Sy(y))}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{N(Sy(y) + 4)}\" font-size=\"11\" text-anchor=\"end\">{N(y)}</text>");
        }

        for (var i = 0; i <= 5; i++)
        {
            var x = minX + ((maxX - minX) * i / 5);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Sx(x))}\" y=\"{Top + plotH + 16}\" font-size=\"11\" text-anchor=\"middle\">{N(x)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 4}\" font-size=\"11\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (plotH / 2)}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + (plotH / 2)})\">{Escape(yLabel)}</text>");

        var legendY = Top + 6;
        foreach (var s in series)
        {
            if (s.Points.Count > 0)
            {
                var path = string.Join(' ', s.Points.Select(p => $"{N(Sx(p.X))},{N(Sy(p.Y))}"));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.8\" points=\"{path}\"><title>{Escape(s.Name)}</title></polyline>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{legendY}\" width=\"12\" height=\"4\" fill=\"{s.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 30}\" y=\"{legendY + 6}\" font-size=\"11\">{Escape(s.Name)}</text>");
            legendY += 16;
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>: round axis ends.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
