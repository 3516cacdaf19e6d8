using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>The epoch marker key ("mcu:epoch", see <see cref="Common.EpochWatch"/>): created once, read by every check.</summary>
internal sealed class RedisEpochMarker(RedisContext context)
{
    /// <summary>KEYS: marker. ARGV: candidate. Creates the marker when absent; → the marker's value.</summary>
    private const string EnsureScript = """
        local v = redis.call('GET', KEYS[1])
        if v then return v end
        redis.call('SET', KEYS[1], ARGV[1])
        return ARGV[1]
        """;

    public RedisKey Key => context.Keys.Epoch;

    public string KeyText => (string)Key!;

    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var candidate = "g:" + Guid.NewGuid().ToString("N") + ":" + DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return (string)(await context.Db.ScriptEvaluateAsync(EnsureScript, [Key], [candidate]).Until(cancellationToken))!;
    }

    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
        => await context.Db.StringGetAsync(Key).Until(cancellationToken);
}
