using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// Idempotency of domain.md §4.5 for the engine: encodes the first answer of (channel,
/// message_id) into the store's idempotency records (24 h) and decodes it as a replay.
/// </summary>
internal sealed class DecisionReplay(IIdempotencyStore store)
{
    private static readonly ValueTask<RoutedMessage?> NotFound = new((RoutedMessage?)null);

    /// <summary>The stored answer marked as replayed, or null. Completes synchronously on the in-process store.</summary>
    public ValueTask<RoutedMessage?> FindAsync(string channelId, string messageId, CancellationToken cancellationToken)
    {
        var task = store.TryGetAsync(channelId, messageId, cancellationToken);
        if (!task.IsCompletedSuccessfully)
        {
            return Awaited(task);
        }

        // Completed already (in-process store): decode without an async state machine.
        var payload = task.Result;
        return payload is null ? NotFound : new ValueTask<RoutedMessage?>(Decode(payload));

        static async ValueTask<RoutedMessage?> Awaited(Task<byte[]?> task) => Decode(await task);
    }

    public Task SaveAsync(string channelId, string messageId, RoutedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = JsonSerializer.SerializeToUtf8Bytes(message with { Replayed = false }, ReplayJsonContext.Default.RoutedMessage);
        return store.SetAsync(channelId, messageId, payload, cancellationToken);
    }

    private static RoutedMessage? Decode(byte[]? payload)
        => payload is not null && JsonSerializer.Deserialize(payload, ReplayJsonContext.Default.RoutedMessage) is { } stored
            ? stored with { Replayed = true }
            : null;
}

/// <summary>Stored payload: JSON, enums by number (the wire's numbers, which never change).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RoutedMessage))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
