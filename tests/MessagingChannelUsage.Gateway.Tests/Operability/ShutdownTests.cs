using Grpc.Core;
using Grpc.Health.V1;
using MessagingChannelUsage.Gateway.Shutdown;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>SIGTERM behaviour: health turns NOT_SERVING, open streams are answered, then end.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stopping_HealthTurnsNotServing_WhileTheServerStillAnswers()
    {
        await using var host = await GatewayHost.StartAsync();
        var health = host.CreateClient<Health.HealthClient>();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest(), Calls.Options)).Status);

        // What SIGTERM does first; the listener keeps answering until the host stops it.
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest(), Calls.Options)).Status);
    }

    [Fact]
    public async Task StopAsync_WithAnOpenRouteStream_AnswersEveryRequestItSentBeforeAndDuringTheStop()
    {
        var host = await GatewayHost.StartAsync([new("Gateway:ShutdownTimeout", "00:00:40"), new("Gateway:StreamDrainTimeout", "00:00:30")]);
        Assert.Equal(TimeSpan.FromSeconds(40), host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var drain = host.Services.GetRequiredService<StreamDrain>();
        var stream = host.CreateClient<MessageRouter.MessageRouterClient>().RouteStream(Calls.Options);
        var sent = new List<string>();
        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = "msg-" + sent.Count;
                sent.Add(id);
                await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hello", id) }).WithTimeout();
            }
        }

        await SendAsync(10);
        Assert.True(await stream.ResponseStream.MoveNext().WithTimeout());
        var answered = new List<string> { stream.ResponseStream.Current.MessageId };

        var stopping = host.App.StopAsync().WaitAsync(StopTimeout);
        Assert.True(await TaskTimeouts.Eventually(() => drain.Stopping), "shutdown began");
        Assert.False(stopping.IsCompleted, "the host waits for the open stream");
        await SendAsync(10);
        await stream.RequestStream.CompleteAsync().WithTimeout();
        while (await stream.ResponseStream.MoveNext().WithTimeout())
        {
            Assert.Null(stream.ResponseStream.Current.Error);
            answered.Add(stream.ResponseStream.Current.MessageId);
        }

        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);
        Assert.Equal(sent, answered);
        await stopping;
        Assert.Equal(0, drain.OpenStreams);
        stream.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_StreamStillOpenAfterTheDrainTimeout_EndsUnavailableAfterAnsweringWhatItRead()
    {
        var host = await GatewayHost.StartAsync([new("Gateway:ShutdownTimeout", "00:00:40"), new("Gateway:StreamDrainTimeout", "00:00:01")]);
        var channel = await new TestChannels(host.Services).ServiceOnlyAsync();
        var drain = host.Services.GetRequiredService<StreamDrain>();
        using var stream = host.CreateClient<MessageRouter.MessageRouterClient>().RouteStream(Calls.Options);
        for (var i = 0; i < 5; i++)
        {
            await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), "hello", "m" + i) }).WithTimeout();
        }

        var answered = 0;
        for (; answered < 5; answered++)
        {
            Assert.True(await stream.ResponseStream.MoveNext().WithTimeout());
        }

        // The client never completes its side: the drain timeout ends the call.
        var stopping = host.App.StopAsync().WaitAsync(StopTimeout);
        var ended = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext().WithTimeout());

        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Equal(5, answered);
        await stopping;
        Assert.Equal(0, drain.OpenStreams);
        await host.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_BackgroundJobsEndWithoutFaults_AndNothingIsLoggedAsAWarningOrError()
    {
        var host = await GatewayHost.StartAsync(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddFakeLogging());
            services.Configure<LoggerFilterOptions>(filter => filter.MinLevel = LogLevel.Information);
        });
        var jobs = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        Assert.Contains(jobs, job => job.GetType().Name == "DisabledChannelSessionReaper");
        Assert.All(jobs, job => Assert.False(job.ExecuteTask?.IsCompleted ?? true, job.GetType().Name + " runs until stopped"));

        await host.App.StopAsync().WaitAsync(StopTimeout);

        Assert.All(jobs, job => Assert.True(job.ExecuteTask is { IsCompleted: true, IsFaulted: false }, job.GetType().Name + " ended cleanly"));
        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, record => record.Id.Id == 40); // health NOT_SERVING
        // The one expected warning: no authentication on a loopback-only gateway (said at start).
        Assert.DoesNotContain(records, record => record.Level >= LogLevel.Warning && record.Id.Id != 300);
        await host.DisposeAsync();
    }
}
