using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Redis;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Store.Tests.Redis;

[Collection(RedisServerTests.Name)]
public sealed class RedisKeyGuardTests(RedisServerFixture redis) : IAsyncLifetime
{
    private RedisStore? store;

    public async Task InitializeAsync() => store = await RedisTestStores.StartAsync(RedisTestStores.Options(redis.Endpoint));

    public async Task DisposeAsync() => await store!.DisposeAsync();

    [Theory]
    [InlineData("0Mj}x{y")]
    [InlineData("{0Mj000000000001AAA}")]
    [InlineData("")]
    public async Task ChannelIdWithBraces_IsRejectedBeforeItCanBreakTheHashTag(string channelId)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => store!.EndUsers.GetStateAsync(channelId, "k", CancellationToken.None)).WithTimeout();

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(ErrorCodes.InvalidIdField, error.Code);
    }
}
