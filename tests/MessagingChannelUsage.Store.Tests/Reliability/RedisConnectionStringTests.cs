using System.Net;
using MessagingChannelUsage.Store.Redis;

namespace MessagingChannelUsage.Store.Tests.Reliability;

public sealed class RedisConnectionStringTests
{
    public static TheoryData<string, string, int, bool, string?, string?, int?> Accepted => new()
    {
        // text, host, port, tls, user, password, database
        { "127.0.0.1:6379", "127.0.0.1", 6379, false, null, null, null },
        { "redis-a:7000,password=s3cret,ssl=true", "redis-a", 7000, true, null, "s3cret", null },
        { "redis://127.0.0.1:6380", "127.0.0.1", 6380, false, null, null, null },
        { "redis://cache.internal", "cache.internal", 6379, false, null, null, null },
        { "rediss://cache.internal:6380/2", "cache.internal", 6380, true, null, null, 2 },
        { "redis://:p%40ss@10.0.0.5:6379/0", "10.0.0.5", 6379, false, null, "p@ss", 0 },
        { "redis://alice:pw@host-1", "host-1", 6379, false, "alice", "pw", null },
        { "redis://onlypassword@host-1", "host-1", 6379, false, null, "onlypassword", null },
        { "redis://[::1]:6379", "::1", 6379, false, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AcceptedForms_ParseToTheirEndpointAndOptions(string text, string host, int port, bool tls, string? user, string? password, int? database)
    {
        var options = RedisConnectionString.Parse(text);

        var endpoint = Assert.Single(options.EndPoints);
        var (actualHost, actualPort) = endpoint switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            _ => (endpoint.ToString()!, 0),
        };
        Assert.Equal((host, port), (actualHost, actualPort));
        Assert.Equal(tls, options.Ssl);
        Assert.Equal(user, options.User);
        Assert.Equal(password, options.Password);
        Assert.Equal(database, options.DefaultDatabase);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379", "scheme \"http\" is not supported")]
    [InlineData("redis://host:6379?ssl=true", "query are not supported")]
    [InlineData("redis://host/abc", "not a database number")]
    [InlineData("redis://", "not a valid URI")]
    [InlineData("password=only", "names no endpoint")]
    [InlineData("bad host name:6379", "is not a host name")]
    public void RejectedForms_FailWithAMessageNamingTheSetting(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnectionString.Parse(text));

        Assert.StartsWith("Store:RedisConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
