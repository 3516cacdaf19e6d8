using System.Net;
using MessagingChannelUsage.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>Which limit partition a call counts against (the key is cached per address; the answer must not change).</summary>
public sealed class CallerPartitionTests
{
    [Fact]
    public void Anonymous_calls_from_one_address_share_one_partition_and_another_address_gets_its_own()
    {
        var first = CallerLimits.PartitionOf(Caller.Anonymous, From("10.1.2.3"));
        var again = CallerLimits.PartitionOf(Caller.Anonymous, From("10.1.2.3"));
        var other = CallerLimits.PartitionOf(Caller.Anonymous, From("10.9.9.9"));
        var back = CallerLimits.PartitionOf(Caller.Anonymous, From("10.1.2.3"));

        Assert.Equal("anonymous@10.1.2.3", first);
        Assert.Equal(first, again);
        Assert.Equal("anonymous@10.9.9.9", other);
        Assert.Equal(first, back);
    }

    [Fact]
    public void An_authenticated_caller_is_its_own_partition_whatever_its_address()
        => Assert.Equal("connector-1", CallerLimits.PartitionOf(new Caller("connector-1", Permissions.Route, ChannelAccess.All), From("10.1.2.3")));

    private static DefaultHttpContext From(string address)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return http;
    }
}
