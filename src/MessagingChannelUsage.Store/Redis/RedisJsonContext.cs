using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>Source-generated JSON for keyword lists, keyword sets and custom keywords (no reflection on the load path).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImmutableArray<string>))]
[JsonSerializable(typeof(StoredKeywordSet[]))]
[JsonSerializable(typeof(StoredCustomKeyword[]))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
