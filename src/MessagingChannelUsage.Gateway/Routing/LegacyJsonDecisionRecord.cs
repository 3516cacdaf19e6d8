using System.Text.Json;
using System.Text.Json.Serialization;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// Reads idempotency records written before issue 12 (JSON, property names as declared, enums by
/// number, nulls left out). They live 24 h, so this reader may go once every instance has written
/// protobuf records for a day (see docs/performance.md, "The idempotency record").
/// </summary>
internal static class LegacyJsonDecisionRecord
{
    public static RoutedMessage Decode(byte[] payload)
        // A struct: JSON null cannot become one, the serializer throws a JsonException for it.
        => JsonSerializer.Deserialize(payload, LegacyReplayJsonContext.Default.RoutedMessage);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RoutedMessage))]
internal sealed partial class LegacyReplayJsonContext : JsonSerializerContext;
