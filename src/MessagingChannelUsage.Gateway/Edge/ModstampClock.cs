namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// The time of a write, in whole milliseconds (what every store keeps and what a client reads
/// back), strictly after the record's previous SystemModstamp so two quick writes never share
/// a stamp: optimistic concurrency compares stamps, so equal stamps would hide an update.
/// </summary>
internal sealed class ModstampClock(TimeProvider time)
{
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    public DateTimeOffset After(DateTimeOffset previous)
    {
        var now = Now();
        return now > previous ? now : previous.AddMilliseconds(1);
    }
}
