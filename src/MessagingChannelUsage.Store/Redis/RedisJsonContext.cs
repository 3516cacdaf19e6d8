using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>Source-generated JSON for keyword lists (no reflection on the load path).</summary>
[JsonSerializable(typeof(ImmutableArray<string>))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
