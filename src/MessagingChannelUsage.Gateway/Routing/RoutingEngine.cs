using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;
using MessagingChannelUsage.Routing.Rules;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// The hot path of architecture.md for one message: validate, take the channel snapshot, read
/// the end user only when the rule needs it (with the idempotency lookup in the same round
/// trip), decide (pure), apply the effects conditionally on the state read (with the message's
/// idempotency record, which the Redis store keeps in the same script) and re-decide on a
/// conflict. No transport types here. When every step completes synchronously (in-process
/// store, warm near cache) the call completes synchronously.
/// </summary>
internal sealed class RoutingEngine(
    IChannelSnapshotSource snapshots,
    IEndUserStore endUsers,
    DecisionReplay replay,
    TimeProvider time,
    ILogger<RoutingEngine> logger)
{
    /// <summary>How many times a decision is re-made when the end user changed under it.</summary>
    public const int MaxApplyAttempts = 3;

    /// <summary>Salesforce's code for a record that kept changing under a write.</summary>
    public const string UnableToLockRow = "UNABLE_TO_LOCK_ROW";

    private static readonly Task<EndUserState> UnknownState = Task.FromResult(EndUserState.Unknown);
    private static readonly Task<byte[]?> NoRecord = Task.FromResult<byte[]?>(null);

    public ValueTask<RoutedMessage> RouteInboundAsync(InboundRequest request, CancellationToken cancellationToken)
        => Start(request.MessageId, request.ChannelId, request.PlatformKey, request.Text, sender: null, request.DryRun, cancellationToken);

    public ValueTask<RoutedMessage> RouteOutboundAsync(OutboundRequest request, CancellationToken cancellationToken)
        => Start(request.MessageId, request.ChannelId, request.PlatformKey, request.Text, request.Sender, request.DryRun, cancellationToken);

    /// <summary>
    /// Both directions: validate every field at once (one error lists all violations), then take
    /// the snapshot; a near-cache hit continues synchronously. <paramref name="sender"/> is null
    /// for inbound.
    /// </summary>
    private ValueTask<RoutedMessage> Start(
        string? messageId, string? channelIdText, string? platformKey, string? text, Handler? sender, bool dryRun, CancellationToken cancellationToken)
    {
        var validation = default(RequestValidation);
        var channelId = validation.Id(channelIdText, "channel_id", KeyPrefixes.MessagingChannel);
        validation.Required(platformKey, "platform_key", Limits.MaxPlatformKeyLength);
        validation.MaxLength(text, "text", Limits.MaxMessageTextLength);
        validation.MaxLength(messageId, "message_id", Limits.MaxMessageIdLength);
        if (sender is { } outboundSender)
        {
            ValidateSender(ref validation, outboundSender);
        }

        validation.ThrowIfInvalid();

        var message = new Message(channelId, platformKey!, text ?? string.Empty, NullIfEmpty(messageId), sender, dryRun);
        var snapshotTask = snapshots.GetAsync(channelId, cancellationToken);
        // A cached snapshot completes at once: reading its result then does not block.
        return snapshotTask.IsCompletedSuccessfully
            ? RouteAsync(message, snapshotTask.Result, cancellationToken)
            : AwaitSnapshot(this, message, snapshotTask, cancellationToken);
    }

    private static async ValueTask<RoutedMessage> AwaitSnapshot(
        RoutingEngine engine, Message message, ValueTask<ChannelSnapshot?> snapshotTask, CancellationToken cancellationToken)
        => await engine.RouteAsync(message, await snapshotTask, cancellationToken);

    /// <summary>
    /// Everything after the snapshot. An async ValueTask method runs synchronously up to its first
    /// incomplete await, so with the in-process store it completes without allocating a box.
    /// </summary>
    private async ValueTask<RoutedMessage> RouteAsync(Message message, ChannelSnapshot? snapshot, CancellationToken cancellationToken)
    {
        var inbound = message.Sender is null;
        if (snapshot is null)
        {
            // Unknown channel: no end user, nothing to remember.
            var notFound = inbound
                ? Router.DecideInbound(null, default, EndUserState.Unknown)
                : Router.DecideOutbound(null, EndUserState.Unknown, message.Sender!.Value);
            return ToRoutedMessage(message, notFound, EndUserState.Unknown, configVersion: 0);
        }

        var classification = inbound ? Router.Classify(snapshot, message.Text) : default;
        var needsState = !inbound || Router.NeedsEndUserState(snapshot, classification);
        if (message.DryRun)
        {
            return await DryRunAsync(message, snapshot, classification, needsState, cancellationToken);
        }

        // Both lookups start before either is awaited: on Redis they share one round trip.
        // (Only references and small structs live across the awaits: this state is boxed when an item waits for Redis.)
        var recordTask = message.MessageId is { } messageId
            ? replay.FindAsync(message.ChannelId, messageId, cancellationToken)
            : NoRecord;
        var stateTask = needsState
            ? endUsers.GetStateAsync(message.ChannelId, message.PlatformKey, cancellationToken)
            : UnknownState;
        var stored = await recordTask;
        var state = await stateTask;
        if (stored is not null)
        {
            GatewayLog.DecisionReplayed(logger, message.MessageId!, message.ChannelId);
            return DecisionReplay.Replayed(stored);
        }

        // Without a read the write is unconditional (e.g. opt-out: compliance needs no read).
        EndUserState? expected = needsState ? state : null;
        var decision = Decide(snapshot, classification, state, message);
        var after = state;
        var recordKept = false;
        for (var attempt = 1; decision.Effects.Any; attempt++)
        {
            // With a message id the record goes with the effects (one round trip on Redis); it
            // depends on the decision, so it is made again for every attempt.
            var record = message.MessageId is { } recordId
                ? DecisionReplay.WithEffects(recordId, ToRoutedMessage(message, decision, state, snapshot.Version), decision.NeedsSession)
                : null;
            var result = await endUsers.ApplyAsync(
                message.ChannelId, message.PlatformKey, expected, decision.Effects, time.GetUtcNow(), record, cancellationToken);
            if (result.Applied)
            {
                after = result.State;
                recordKept = result.RecordKept;
                break;
            }

            if (attempt == MaxApplyAttempts)
            {
                GatewayLog.ApplyConflictsExhausted(logger, message.ChannelId, attempt);
                throw new DomainException(
                    ErrorKind.Aborted,
                    UnableToLockRow,
                    "platform_key",
                    "The end user changed while this message was routed; retry the message.");
            }

            // Someone else changed the end user between our read and our write: decide again on
            // what is there now, and write only if it is still that.
            expected = result.State;
            after = result.State;
            decision = Decide(snapshot, classification, result.State, message);
        }

        if (message.MessageId is { } id && !recordKept)
        {
            // No effects (one command), or a store that keeps records apart (in-process).
            await replay.SaveAsync(message.ChannelId, id, ToRoutedMessage(message, decision, after, snapshot.Version), cancellationToken);
        }

        // Made after the last await, so the answer is not part of the boxed state.
        return ToRoutedMessage(message, decision, after, snapshot.Version);
    }

    /// <summary>
    /// domain.md §9: the same decision on the current state, and nothing else: no end user,
    /// consent or session is written and no idempotency record is read or kept (a dry run is
    /// not a delivery). What the effects would make of the end user is reported as the decision says.
    /// </summary>
    private async ValueTask<RoutedMessage> DryRunAsync(
        Message message, ChannelSnapshot snapshot, InboundClassification classification, bool needsState, CancellationToken cancellationToken)
    {
        var state = needsState
            ? await endUsers.GetStateAsync(message.ChannelId, message.PlatformKey, cancellationToken)
            : EndUserState.Unknown;
        var decision = Decide(snapshot, classification, state, message);
        return ToRoutedMessage(message, decision, state, snapshot.Version) with
        {
            ConsentStatus = decision.ConsentAfter,
            SessionId = decision.NeedsSession && state.HasOpenSession ? state.OpenSessionId : null,
        };
    }

    private static RoutingDecision Decide(ChannelSnapshot snapshot, in InboundClassification classification, in EndUserState state, Message message)
        => message.Sender is { } sender
            ? Router.DecideOutbound(snapshot, state, sender)
            : Router.DecideInbound(snapshot, classification, state);

    private static RoutedMessage ToRoutedMessage(Message message, in RoutingDecision decision, in EndUserState after, long configVersion) => new()
    {
        MessageId = message.MessageId,
        Handler = decision.Handler,
        Reason = decision.Reason,
        UsageId = decision.Usage?.Id,
        SessionId = decision.NeedsSession ? after.OpenSessionId : null,
        MatchedKeyword = decision.MatchedKeyword,
        // The store's state is the truth after a write; without one the decision says it.
        ConsentStatus = after.Exists ? after.ConsentStatus : decision.ConsentAfter,
        ReplyText = decision.ReplyText,
        EndUserId = after.EndUserId,
        Rule = decision.Rule,
        ConfigVersion = configVersion,
        DryRun = message.DryRun,
        Language = decision.Language,
    };

    private static void ValidateSender(ref RequestValidation validation, Handler sender)
    {
        if ((int)sender == 0)
        {
            validation.Add(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, "sender", "sender is required (OMNI_CHANNEL or JOURNEY_BUILDER).");
        }
        else if (sender is not (Handler.OmniChannel or Handler.JourneyBuilder))
        {
            validation.Add(
                ErrorKind.InvalidArgument,
                ErrorCodes.InvalidOrNullForRestrictedPicklist,
                "sender",
                $"sender {(int)sender} is not a sender; use OMNI_CHANNEL or JOURNEY_BUILDER.");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A validated message; <see cref="Sender"/> is null for inbound. A struct: one object less per message.</summary>
    private readonly record struct Message(string ChannelId, string PlatformKey, string Text, string? MessageId, Handler? Sender, bool DryRun);
}
