using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// An inbound message as the transport received it (validated by the engine). MessageId is
/// optional (null or empty = no idempotency). DryRun: decide only, change nothing (domain.md §9).
/// </summary>
internal readonly record struct InboundRequest(string? MessageId, string ChannelId, string PlatformKey, string Text, bool DryRun = false);

/// <summary>
/// An outbound message. Sender is cast from the wire number unchecked: the
/// engine range-checks it and rejects anything but OmniChannel or JourneyBuilder.
/// </summary>
internal readonly record struct OutboundRequest(string? MessageId, string ChannelId, string PlatformKey, string Text, Handler Sender, bool DryRun = false);
