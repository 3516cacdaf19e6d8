using Microsoft.Extensions.Options;
using MessagingChannelUsage.Store.Redis;

namespace MessagingChannelUsage.Store;

/// <summary>Fails start-up with a message that says which setting is wrong and how to fix it.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    // Without the heartbeat the time-to-live is how long a dead invalidation link can go unnoticed.
    private static readonly TimeSpan MaxTtlWithoutHeartbeat = TimeSpan.FromSeconds(30);

    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Kind))
        {
            failures.Add($"Store:Kind must be Memory or Redis (got {options.Kind}).");
        }

        if (options.Kind == StoreKind.Redis)
        {
            if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
            {
                failures.Add("Store:RedisConnectionString is required when Store:Kind is Redis (e.g. \"127.0.0.1:6379\").");
            }
            else
            {
                try
                {
                    _ = RedisConnectionString.Parse(options.RedisConnectionString);
                }
                catch (FormatException ex)
                {
                    failures.Add(ex.Message);
                }
            }
        }

        if (string.IsNullOrEmpty(options.RedisKeyPrefix) || options.RedisKeyPrefix.AsSpan().IndexOfAny("{}: ") >= 0)
        {
            failures.Add("Store:RedisKeyPrefix must be a non-empty word without '{', '}', ':' or spaces (e.g. \"mcu\").");
        }

        if (options.EndUserCacheTtl <= TimeSpan.Zero || options.EndUserCacheTtl > TimeSpan.FromHours(1))
        {
            failures.Add($"Store:EndUserCacheTtl must be positive and at most 01:00:00 (got {options.EndUserCacheTtl}).");
        }

        if (options.EndUserCacheHeartbeatInterval < TimeSpan.FromMilliseconds(10) || options.EndUserCacheHeartbeatInterval > TimeSpan.FromSeconds(10))
        {
            failures.Add($"Store:EndUserCacheHeartbeatInterval must be between 00:00:00.010 and 00:00:10 (got {options.EndUserCacheHeartbeatInterval}).");
        }

        if (options.EndUserCacheHeartbeatTimeout < 2 * options.EndUserCacheHeartbeatInterval || options.EndUserCacheHeartbeatTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Store:EndUserCacheHeartbeatTimeout must be at least twice Store:EndUserCacheHeartbeatInterval (so one late heartbeat does not flush the cache) and at most 00:01:00 (got {options.EndUserCacheHeartbeatTimeout}).");
        }

        if (options.Kind == StoreKind.Redis && options.EndUserCache && !options.EndUserCacheHeartbeat && options.EndUserCacheTtl > MaxTtlWithoutHeartbeat)
        {
            failures.Add($"Store:EndUserCacheTtl is the end-user cache's staleness bound when Store:EndUserCacheHeartbeat is false: set it to at most {MaxTtlWithoutHeartbeat} (e.g. 00:00:05; got {options.EndUserCacheTtl}).");
        }

        if (options.EndUserCacheSize < 1)
        {
            failures.Add($"Store:EndUserCacheSize must be at least 1 (got {options.EndUserCacheSize}).");
        }

        if (options.SessionGrace <= TimeSpan.Zero)
        {
            failures.Add($"Store:SessionGrace must be positive (got {options.SessionGrace}).");
        }

        if (options.ReaperInterval <= TimeSpan.Zero)
        {
            failures.Add($"Store:ReaperInterval must be positive (got {options.ReaperInterval}).");
        }

        if (options.ChangeRetention <= TimeSpan.Zero)
        {
            failures.Add($"Store:ChangeRetention must be positive (got {options.ChangeRetention}).");
        }

        if (options.HealthCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"Store:HealthCheckInterval must be positive (got {options.HealthCheckInterval}).");
        }

        if (options.IdempotencyTtl <= TimeSpan.Zero)
        {
            failures.Add($"Store:IdempotencyTtl must be positive (got {options.IdempotencyTtl}).");
        }

        if (options.QuerySnapshotTtl < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Store:QuerySnapshotTtl must be at least one second (got {options.QuerySnapshotTtl}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
