using Grpc.Core;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>Helpers of the WatchChanges tests: channels to change, and watches known to be open.</summary>
internal static class Watches
{
    /// <summary>A valid channel with a fresh id, MasterLabel "v0".</summary>
    public static MessagingChannel NewChannel()
    {
        var id = SalesforceId.NewId(KeyPrefixes.MessagingChannel);
        return new MessagingChannel
        {
            Id = id,
            DeveloperName = "Watch_" + id,
            MasterLabel = "v0",
            Kind = ChannelKind.Unified,
            MessageType = MessageType.Text,
            FallbackQueueId = SalesforceId.To18("00G000000TESTQ1"),
            OptOutConfirmation = "Bye.",
        };
    }

    /// <summary>
    /// Opens a watch of <paramref name="channel"/> and returns once the gateway is known to serve it:
    /// a watch from now only sees what commits after it opened, so the channel is touched
    /// (MasterLabel "probe") until the watch delivers one of those changes (more "probe" events may
    /// follow on the call). Returns the call and the channel as last written.
    /// </summary>
    public static async Task<(AsyncServerStreamingCall<ChangeEvent> Call, MessagingChannel Channel)> OpenAsync(
        MessagingChannelUsageService.MessagingChannelUsageServiceClient watcher,
        MessagingChannelService.MessagingChannelServiceClient channels,
        MessagingChannel channel,
        CancellationToken cancellationToken)
    {
        var request = new WatchChangesRequest();
        request.ChannelIds.Add(channel.Id);
        var call = watcher.WatchChanges(request, cancellationToken: cancellationToken);
        var first = call.ResponseStream.MoveNext(cancellationToken);
        var current = channel;
        while (!first.IsCompleted)
        {
            var probe = current.Clone();
            probe.MasterLabel = "probe";
            current = await channels.UpdateChannelAsync(probe, Calls.Options);
            await Task.WhenAny(first, Task.Delay(50, cancellationToken));
        }

        if (!await first)
        {
            throw new InvalidOperationException("The watch ended before its first change.");
        }

        return (call, current);
    }

    /// <summary>Updates the channel's MasterLabel; returns the record as written.</summary>
    public static async Task<MessagingChannel> RelabelAsync(this MessagingChannelService.MessagingChannelServiceClient channels, MessagingChannel current, string label)
    {
        var next = current.Clone();
        next.MasterLabel = label;
        return await channels.UpdateChannelAsync(next, Calls.Options);
    }

    /// <summary>
    /// <see cref="RelabelAsync"/> through an outage of the store: an UNAVAILABLE answer may or may
    /// not have committed, so the record is read back; when it does not carry the label yet, the
    /// update is sent again from what is stored (never twice on top of a committed one).
    /// </summary>
    public static async Task<MessagingChannel> RelabelThroughOutageAsync(this MessagingChannelService.MessagingChannelServiceClient channels, string channelId, string label)
    {
        MessagingChannel? written = null;
        var done = await TaskTimeouts.EventuallyAsync(async () =>
        {
            try
            {
                var stored = await channels.GetChannelAsync(new GetChannelRequest { Id = channelId }, Calls.Options);
                written = stored.MasterLabel == label ? stored : await channels.RelabelAsync(stored, label);
                return true;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.FailedPrecondition)
            {
                await Task.Delay(100);
                return false;
            }
        }, TimeSpan.FromSeconds(60));
        return done ? written! : throw new TimeoutException($"UpdateChannel did not succeed within a minute of the outage ({label}).");
    }

    /// <summary>The MasterLabels of the events, in order.</summary>
    public static List<string> Labels(IEnumerable<ChangeEvent> events) => [.. events.Select(e => e.Channel.MasterLabel)];
}
