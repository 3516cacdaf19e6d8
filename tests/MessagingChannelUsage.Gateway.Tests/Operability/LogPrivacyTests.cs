using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// Message text and platform keys are customer data: they never reach a log record at
/// Information or above, whatever path a message takes (decision, keyword, replay, bad input,
/// stream item errors).
/// </summary>
public sealed class LogPrivacyTests
{
    private const string SecretText = "zq-private-text-7c41f";
    private const string SecretKey = "+1555-private-key-90417";

    [Fact]
    public async Task Routing_ManyPaths_LogsNeitherTextNorPlatformKeyAtInformationOrAbove()
    {
        await using var host = await GatewayHost.StartAsync(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddFakeLogging());
            services.Configure<LoggerFilterOptions>(filter => filter.MinLevel = LogLevel.Trace);
        });
        var collector = host.Services.GetFakeLogCollector();
        var channels = new TestChannels(host.Services);
        var serviceOnly = await channels.ServiceOnlyAsync();
        var marketing = await channels.MarketingOnlyAsync();
        var router = host.CreateClient<MessageRouter.MessageRouterClient>();

        await router.InboundAsync(serviceOnly.Id, SecretKey, SecretText + " my order", messageId: "m-1");
        await router.InboundAsync(serviceOnly.Id, SecretKey, SecretText + " my order", messageId: "m-1"); // replayed
        await router.InboundAsync(marketing.Id, SecretKey, "STOP " + SecretText);
        await router.InboundAsync(marketing.Id, SecretKey, SecretText);
        await router.OutboundAsync(serviceOnly.Id, SecretKey, Handler.OmniChannel);
        await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync(serviceOnly.Id, SecretKey, SecretText + new string('x', 5000)));
        await Assert.ThrowsAsync<RpcException>(() => router.InboundAsync("bad-" + SecretText, SecretKey, SecretText));
        await Assert.ThrowsAsync<RpcException>(async () => await router.RouteOutboundAsync(
            Messages.Outbound(serviceOnly.Id, SecretKey, (Handler)99, SecretText), Calls.Options));
        using (var stream = router.RouteStream(Calls.Options))
        {
            await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(serviceOnly.Id, SecretKey, SecretText) }).WithTimeout();
            await stream.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(serviceOnly.Id, SecretKey + new string('9', 300), SecretText) }).WithTimeout();
            await stream.RequestStream.CompleteAsync().WithTimeout();
            var answers = 0;
            while (await stream.ResponseStream.MoveNext().WithTimeout())
            {
                answers++;
            }

            Assert.Equal(2, answers);
        }

        var records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Level >= LogLevel.Information);
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Id.Id == 30); // the stream item rejection was logged (below Information)
        var leaks = records
            .Where(r => r.Level >= LogLevel.Information)
            .Where(r => Mentions(r, SecretText) || Mentions(r, SecretKey))
            .Select(r => $"{r.Level} {r.Category} [{r.Id}] {r.Message}")
            .ToList();
        Assert.Empty(leaks);
    }

    private static bool Mentions(FakeLogRecord record, string secret)
        => record.Message.Contains(secret, StringComparison.Ordinal)
           || (record.Exception?.ToString().Contains(secret, StringComparison.Ordinal) ?? false)
           || (record.StructuredState?.Any(pair => pair.Value?.Contains(secret, StringComparison.Ordinal) ?? false) ?? false);
}
