namespace MessagingChannelUsage.Store.Tests.Configuration;

/// <summary>The end-user cache's heartbeat settings as <see cref="StoreOptionsValidator"/> checks them at start-up.</summary>
public sealed class EndUserCacheHeartbeatOptionsTests
{
    public static TheoryData<string, bool, string, string, string?> Cases => new()
    {
        // heartbeat, interval, timeout → the start of the failure (null: valid)
        { "defaults", true, "00:00:00.500", "00:00:02", null },
        { "an interval too short", true, "00:00:00.005", "00:00:02", "Store:EndUserCacheHeartbeatInterval must be between" },
        { "an interval too long", true, "00:00:11", "00:00:30", "Store:EndUserCacheHeartbeatInterval must be between" },
        { "a timeout under two intervals", true, "00:00:01", "00:00:01.500", "Store:EndUserCacheHeartbeatTimeout must be at least twice" },
        { "a timeout over a minute", true, "00:00:01", "00:01:01", "Store:EndUserCacheHeartbeatTimeout must be at least twice" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_heartbeat_settings_are_checked(string why, bool heartbeat, string interval, string timeout, string? failure)
    {
        var options = RedisOptions();
        options.EndUserCacheHeartbeat = heartbeat;
        options.EndUserCacheHeartbeatInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);
        options.EndUserCacheHeartbeatTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);

        var result = new StoreOptionsValidator().Validate(null, options);

        Assert.True(failure is null ? result.Succeeded : result.Failed && result.FailureMessage.Contains(failure, StringComparison.Ordinal), why + ": " + result.FailureMessage);
    }

    [Fact]
    public void Without_the_heartbeat_a_TTL_longer_than_thirty_seconds_fails_start_up_because_it_is_then_the_staleness_bound()
    {
        var options = RedisOptions();
        options.EndUserCacheHeartbeat = false;

        var result = new StoreOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Store:EndUserCacheTtl is the end-user cache's staleness bound when Store:EndUserCacheHeartbeat is false", result.FailureMessage, StringComparison.Ordinal);
        options.EndUserCacheTtl = TimeSpan.FromSeconds(5);
        Assert.True(new StoreOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_default_TTL_is_minutes_and_the_heartbeat_is_on()
    {
        var options = new StoreOptions();

        Assert.True(options.EndUserCacheHeartbeat);
        Assert.Equal(TimeSpan.FromMinutes(5), options.EndUserCacheTtl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.EndUserCacheHeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.EndUserCacheHeartbeatTimeout);
    }

    private static StoreOptions RedisOptions() => new() { Kind = StoreKind.Redis, RedisConnectionString = "127.0.0.1:6379" };
}
