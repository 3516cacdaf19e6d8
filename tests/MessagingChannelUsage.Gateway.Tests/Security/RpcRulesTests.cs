using Google.Protobuf.Reflection;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>The permission table covers the whole contract, and writes need admin.</summary>
public sealed class RpcRulesTests
{
    private static IEnumerable<ServiceDescriptor> Services =>
        new[] { RouterReflection.Descriptor, AdminReflection.Descriptor }.SelectMany(file => file.Services);

    [Fact]
    public void EveryMethodOfTheContract_HasARule()
    {
        var methods = Services.SelectMany(service => service.Methods.Select(method => $"/{service.FullName}/{method.Name}")).ToList();
        Assert.NotEmpty(methods);
        var missing = methods.Where(method => RpcRules.All.All(rule => rule.Method != method)).ToList();
        Assert.Empty(missing);
        Assert.Equal(methods.Count, RpcRules.All.Count);
    }

    [Fact]
    public void AMethodNotInTheTable_NeedsAdminOnEveryChannel()
    {
        var rule = RpcRules.Find("/messaging.v1.SomethingNew/Do");
        Assert.Equal(Permissions.Admin, rule.Required);
        Assert.Equal(ChannelRule.EveryChannel, rule.Channels);
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check", Permissions.None)]
    [InlineData("/grpc.health.v1.Health/Watch", Permissions.None)]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", Permissions.Read)]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", Permissions.Read)]
    [InlineData("/messaging.v1.MessageRouter/RouteStream", Permissions.Route)]
    [InlineData("/messaging.v1.MessagingChannelService/UpdateChannel", Permissions.Admin)]
    [InlineData("/messaging.v1.MessagingSessionService/UpdateSessionStatus", Permissions.Admin)]
    [InlineData("/messaging.v1.MessagingEndUserService/GetEndUser", Permissions.Read)]
    public void Find_GivesTheRequiredPermission(string method, Enum required)
        => Assert.Equal(required, (Enum)RpcRules.Find(method).Required);

    [Fact]
    public void EveryRuleThatNamesChannels_CanReadThemFromItsRequest()
    {
        foreach (var rule in RpcRules.All)
        {
            Assert.Equal(rule.Channels == ChannelRule.Request, rule.ChannelsOf is not null);
        }
    }
}
