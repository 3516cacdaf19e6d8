using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// The running sum of one long instrument of ONE gateway (its <see cref="IMeterFactory"/>): a
/// counter's total or an up-down counter's value. Keeps one number, not every measurement (a
/// MetricCollector keeps each one, which is itself megabytes after a few hundred thousand messages).
/// An observable counter (the decision counters) reports its totals only when asked, so for one
/// <see cref="Value"/> asks it and sums what it reports.
/// </summary>
internal sealed class InstrumentSum : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Lock gate = new();
    private long sum;
    private volatile bool observable;

    public InstrumentSum(IServiceProvider services, string meterName, string instrumentName)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == instrumentName)
            {
                observable = instrument.IsObservable;
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref sum, value));
        listener.Start();
    }

    public long Value
    {
        get
        {
            if (!observable)
            {
                return Interlocked.Read(ref sum);
            }

            lock (gate)
            {
                // An observable instrument reports its running totals (one per tag set) during this call.
                Interlocked.Exchange(ref sum, 0);
                listener.RecordObservableInstruments();
                return Interlocked.Read(ref sum);
            }
        }
    }

    public void Dispose() => listener.Dispose();
}
