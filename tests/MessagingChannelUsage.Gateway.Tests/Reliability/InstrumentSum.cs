using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// The running sum of one long instrument of ONE gateway (its <see cref="IMeterFactory"/>): a
/// counter's total or an up-down counter's value. Keeps one number, not every measurement (a
/// MetricCollector keeps each one, which is itself megabytes after a few hundred thousand messages).
/// </summary>
internal sealed class InstrumentSum : IDisposable
{
    private readonly MeterListener listener = new();
    private long sum;

    public InstrumentSum(IServiceProvider services, string meterName, string instrumentName)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == instrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref sum, value));
        listener.Start();
    }

    public long Value => Interlocked.Read(ref sum);

    public void Dispose() => listener.Dispose();
}
