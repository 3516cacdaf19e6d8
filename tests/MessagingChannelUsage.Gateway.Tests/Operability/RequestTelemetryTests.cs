using System.Collections.Concurrent;
using System.Diagnostics;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// What ASP.NET Core's hosting records per request on the routing hot path (issue 12): the routing
/// RPCs are measured by the gateway's own instruments only; the request Activity exists only when
/// someone traces. Runs alone: an ActivityListener of another test would make hosting create the
/// Activity anyway.
/// </summary>
[Collection(OperabilityRunsAlone.Name)]
public sealed class RequestTelemetryTests
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string RequestDuration = "http_server_request_duration_seconds_count";

    [Fact]
    public async Task Routing_calls_are_counted_by_the_gateway_and_left_out_of_the_request_duration_while_the_object_API_keeps_it()
    {
        await using var host = await GatewayHost.StartAsync();
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();
        using var scraper = new MetricsScraper(host);
        var before = await scraper.ScrapeAsync().WithTimeout();

        await router.InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "where is my order");
        await router.OutboundAsync(channel.Id, TestChannel.NewPlatformKey(), Handler.OmniChannel);
        await host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>()
            .GetChannelAsync(new GetChannelRequest { Id = channel.Id }, Calls.Options);
        var after = await scraper.ScrapeAsync().WithTimeout();

        Assert.Equal(2, after.Sum("mcu_gateway_decisions_total") - before.Sum("mcu_gateway_decisions_total"));
        Assert.Equal(2, after.Sum("mcu_gateway_routing_duration_seconds_count") - before.Sum("mcu_gateway_routing_duration_seconds_count"));
        Assert.Equal(1, after.Sum(RequestDuration, ("http_route", "/messaging.v1.MessagingChannelService/GetChannel")));
        Assert.DoesNotContain(after.Samples, s => s.Name == RequestDuration && s.Labels.GetValueOrDefault("http_route", string.Empty).Contains("/messaging.v1.MessageRouter/Route", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_shipped_log_levels_and_no_tracing_a_routed_call_starts_no_request_activity()
    {
        var seen = new ConcurrentQueue<Activity?>();
        await using var host = await GatewayHost.StartAsync([ShippedHostingLogLevel()], services => WatchRouting(services, seen));

        await RouteOneAsync(host);

        Assert.Null(Assert.Single(seen));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_and_the_shipped_log_levels_a_routed_call_is_still_traced()
    {
        var seen = new ConcurrentQueue<Activity?>();
        await using var host = await GatewayHost.StartAsync(
            [ShippedHostingLogLevel(), new("Telemetry:OtlpEndpoint", "http://127.0.0.1:9")],
            services => WatchRouting(services, seen));

        await RouteOneAsync(host);

        var activity = Assert.Single(seen);
        Assert.NotNull(activity);
        Assert.True(activity.Recorded, "the request span is sampled for export");
        Assert.Equal("Microsoft.AspNetCore", activity.Source.Name);
    }

    /// <summary>The hosting category's level as the shipped appsettings.json sets it (it must set one).</summary>
    private static KeyValuePair<string, string?> ShippedHostingLogLevel()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();
        var key = $"Logging:LogLevel:{HostingCategory}";
        Assert.Equal("None", shipped[key]);
        return new(key, shipped[key]);
    }

    private static async Task RouteOneAsync(GatewayHost host)
    {
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        await host.CreateClient<MessageRouter.MessageRouterClient>().InboundAsync(channel.Id, TestChannel.NewPlatformKey(), "hello");
    }

    /// <summary>Records, for each RouteInbound request, the request Activity hosting started for it (or null).</summary>
    private static void WatchRouting(IServiceCollection services, ConcurrentQueue<Activity?> seen)
        => services.AddSingleton<IStartupFilter>(new RequestActivityRecorder(seen));

    private sealed class RequestActivityRecorder(ConcurrentQueue<Activity?> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
            => app =>
            {
                app.Use((context, following) =>
                {
                    if (context.Request.Path.Value?.EndsWith("/RouteInbound", StringComparison.Ordinal) == true)
                    {
                        seen.Enqueue(context.Features.Get<IHttpActivityFeature>()?.Activity);
                    }

                    return following(context);
                });
                next(app);
            };
    }
}
