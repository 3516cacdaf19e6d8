using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MessagingChannelUsage.Store.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Redis;

/// <summary>
/// Counts the Redis calls of ONE gateway by store operation (channel_load, end_user_read,
/// end_user_apply), from the store's latency instrument: it records once per call. Only the meter
/// of this gateway's <see cref="IMeterFactory"/> is heard, so gateways of other tests running at
/// the same time do not count.
/// </summary>
internal sealed class StoreCallCounter : IDisposable
{
    public const string ChannelLoad = "channel_load";
    public const string EndUserRead = "end_user_read";
    public const string EndUserApply = "end_user_apply";

    private const string DurationInstrument = "mcu.store.redis.duration";

    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly MeterListener listener = new();

    public StoreCallCounter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StoreMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == DurationInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == StoreMetrics.OperationTag && tag.Value is string operation)
                {
                    counts.AddOrUpdate(operation, 1, (_, count) => count + 1);
                }
            }
        });
        listener.Start();
    }

    /// <summary>The calls counted so far, by operation.</summary>
    public Dictionary<string, long> Snapshot() => new(counts, StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();
}
