using HdrHistogram;

namespace MessagingChannelUsage.LoadTests.Stats;

/// <summary>Latencies are recorded in microseconds, from 1 µs to 60 s, with 3 significant digits.</summary>
public static class Histograms
{
    public const long HighestMicros = 60_000_000;
    public const int SignificantDigits = 3;

    public static LongHistogram Create() => new(1, HighestMicros, SignificantDigits);

    /// <summary>A thread-safe recorder whose interval histograms are <see cref="LongHistogram"/>s.</summary>
    public static Recorder CreateRecorder() =>
        new(1, HighestMicros, SignificantDigits, static (id, low, high, digits) => new LongHistogram(id, low, high, digits));

    /// <summary>Clamps to the trackable range so one pathological value never throws on the hot path.</summary>
    public static long ClampMicros(long micros) => Math.Clamp(micros, 1, HighestMicros);
}
