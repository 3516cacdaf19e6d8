using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>Reads a running gateway's scrape endpoint over plain HTTP/1.1, as Prometheus does.</summary>
public sealed class MetricsScraper : IDisposable
{
    private readonly HttpClient http = new() { Timeout = Calls.Timeout };

    public MetricsScraper(GatewayHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Address = host.Services.GetRequiredService<MetricsEndpoint>().Address
            ?? throw new InvalidOperationException("The gateway has no metrics endpoint.");
    }

    /// <summary>e.g. http://127.0.0.1:port/metrics.</summary>
    public Uri Address { get; }

    public HttpClient Http => http;

    public async Task<PrometheusText> ScrapeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address) { Version = System.Net.HttpVersion.Version11 };
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => http.Dispose();
}
