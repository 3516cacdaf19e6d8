using System.Globalization;

namespace MessagingChannelUsage.Gateway.Tests.Redis;

/// <summary>
/// The Redis cost of one routing branch, per message. <see cref="Sent"/> counts every request
/// the multiplexer sent (idempotency records included); the store calls are counted by kind;
/// <see cref="Executed"/> is what Redis ran (a script counts once plus each command inside it).
/// </summary>
internal sealed record CostRow(
    string Branch,
    double Sent,
    double ChannelLoads,
    double EndUserReads,
    double EndUserWrites,
    IReadOnlyList<(string Command, double PerMessage)> Executed)
{
    /// <summary>Requests that are neither channel loads nor end-user calls (idempotency records, index entries).</summary>
    public double Other => Sent - ChannelLoads - EndUserReads - EndUserWrites;

    public string ToMarkdown()
    {
        var total = Executed.Sum(e => e.PerMessage);
        var detail = Executed.Count == 0 ? "0" : $"{N(total)}: {string.Join(", ", Executed.Select(e => $"{e.Command} {N(e.PerMessage)}"))}";
        return $"| {Branch} | {N(Sent)} | {N(ChannelLoads)} | {N(EndUserReads)} | {N(EndUserWrites)} | {N(Other)} | {detail} |";
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
