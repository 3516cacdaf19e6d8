using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Distributed;

namespace MessagingChannelUsage.Gateway.Application;

/// <summary>
/// Idempotency records of domain.md §4.5: the first answer for (channel, message_id), kept 24 h
/// in the distributed cache (in process for Memory, Redis for Redis). The key carries the
/// channel's hash tag so it lives in the channel's cluster slot.
/// </summary>
public sealed class DecisionReplay(IDistributedCache cache)
{
    /// <summary>How long a decision is replayed (domain.md §4.5).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private static readonly DistributedCacheEntryOptions EntryOptions = new() { AbsoluteExpirationRelativeToNow = Retention };

    /// <summary>The stored answer, or null. Completes synchronously on the in-process cache.</summary>
    public ValueTask<RoutedMessage?> FindAsync(string channelId, string messageId, CancellationToken cancellationToken)
    {
        var task = cache.GetAsync(Key(channelId, messageId), cancellationToken);
        return task.IsCompletedSuccessfully
            ? new ValueTask<RoutedMessage?>(Decode(task.Result))
            : Awaited(task);

        static async ValueTask<RoutedMessage?> Awaited(Task<byte[]?> task) => Decode(await task.ConfigureAwait(false));
    }

    public Task SaveAsync(string channelId, string messageId, RoutedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = JsonSerializer.SerializeToUtf8Bytes(message with { Replayed = false }, ReplayJsonContext.Default.RoutedMessage);
        return cache.SetAsync(Key(channelId, messageId), payload, EntryOptions, cancellationToken);
    }

    /// <summary>Key format (stable): <c>mcu:{channelId}:idem:messageId</c>.</summary>
    public static string Key(string channelId, string messageId) => $"mcu:{{{channelId}}}:idem:{messageId}";

    private static RoutedMessage? Decode(byte[]? payload)
        => payload is null ? null : JsonSerializer.Deserialize(payload, ReplayJsonContext.Default.RoutedMessage) is { } stored
            ? stored with { Replayed = true }
            : null;
}

/// <summary>Enums are stored by number: the numbers are the wire's and never change.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RoutedMessage))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
