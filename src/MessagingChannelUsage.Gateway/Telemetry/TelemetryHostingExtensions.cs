using System.Diagnostics.Metrics;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Store.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MessagingChannelUsage.Gateway.Telemetry;

/// <summary>
/// Metrics (our two Meters, ASP.NET Core, runtime) on a Prometheus scrape endpoint with its own
/// port and optionally over OTLP; traces over OTLP when an endpoint is set.
/// </summary>
internal static class TelemetryHostingExtensions
{
    /// <summary>Kestrel's block pool meter (ASP.NET Core 10), exported only with Telemetry:MemoryPoolMetrics.</summary>
    private const string KestrelMemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<RoutingTelemetry>();
        services.AddStoreMetrics();
        var endpoint = new MetricsEndpoint();
        services.AddSingleton(endpoint);
        services.AddHostedService<TelemetryAnnouncer>();

        // What to register depends on the settings, so read them now; the validator reports bad
        // values at start (before anything listens), and registration must not throw on them.
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint) && Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out _);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(options.ServiceName) ? "mcu-gateway" : options.ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayMetrics.MeterName, StoreMetrics.MeterName);
            metrics.AddAspNetCoreInstrumentation();
            // Dropped instruments stay disabled: their owners record nothing. The block pool: per
            // rented block, several per request, 3–5 % of routing throughput when exported. The
            // per-request counters: ~4 % of a routed message's CPU (PerRequestServerCounters).
            metrics.AddView(instrument => Dropped(instrument, options) ? MetricStreamConfiguration.Drop : null);
            if (options.RuntimeMetrics)
            {
                metrics.AddRuntimeInstrumentation();
            }

            if (options.PrometheusEnabled)
            {
                // No response cache: a scrape shows every measurement recorded before it.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (otlp)
            {
                metrics.AddOtlpExporter(exporter => ConfigureOtlp(exporter, options));
            }
        });

        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                .AddSource(GatewayTracing.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => ConfigureOtlp(exporter, options)));
        }

        if (options.PrometheusEnabled)
        {
            builder.WebHost.ConfigureKestrel(kestrel => endpoint.Listen(kestrel, options));
        }

        return builder;
    }

    /// <summary>
    /// Serves the scrape path and the HTTP probes (/healthz, /readyz) on the metrics listener only. Everything arriving on that port ends
    /// in this branch (404 off the path), so the gRPC services are never reachable through it.
    /// </summary>
    public static WebApplication MapGatewayTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.PrometheusEnabled)
        {
            return app;
        }

        var endpoint = app.Services.GetRequiredService<MetricsEndpoint>();
        app.MapWhen(
            context => endpoint.Port != 0 && context.Connection.LocalPort == endpoint.Port,
            metrics =>
            {
                metrics.UseProbeEndpoints();
                metrics.UseOpenTelemetryPrometheusScrapingEndpoint(options.PrometheusPath);
                metrics.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
        return app;
    }

    internal static bool Dropped(Instrument instrument, TelemetryOptions options)
        => (!options.MemoryPoolMetrics && instrument.Meter.Name == KestrelMemoryPoolMeter)
            || (!options.PerRequestCounters && PerRequestServerCounters.Contains(instrument.Meter.Name, instrument.Name));

    private static void ConfigureOtlp(OtlpExporterOptions exporter, TelemetryOptions options)
    {
        exporter.Endpoint = new Uri(options.OtlpEndpoint!);
        exporter.Protocol = options.OtlpProtocol;
    }

    /// <summary>Logs where telemetry goes once the server has bound its ports.</summary>
    private sealed class TelemetryAnnouncer(
        IHostApplicationLifetime lifetime,
        MetricsEndpoint endpoint,
        IOptions<TelemetryOptions> options,
        ILogger<MetricsEndpoint> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                endpoint.Started();
                if (endpoint.Address is { } address)
                {
                    OperabilityLog.PrometheusListening(logger, address);
                }

                if (!string.IsNullOrWhiteSpace(options.Value.OtlpEndpoint))
                {
                    OperabilityLog.OtlpExporting(logger, options.Value.OtlpProtocol, options.Value.OtlpEndpoint);
                }
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
