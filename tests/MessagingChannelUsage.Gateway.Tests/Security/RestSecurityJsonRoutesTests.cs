using System.Net;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>
/// The JSON routes (gRPC JSON transcoding) run the gRPC method with its interceptors, so they
/// follow the same permission table; sObject Collections check each record as a single call does.
/// </summary>
public sealed partial class RestSecurityTests
{
    [Fact]
    public async Task JsonRouting_WithoutAToken_Is401Unauthenticated_AndWithTheRouteScope_Routes()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var body = $$"""{"channelId":"{{channel.Id}}","platformKey":"+15550009999","text":"hi"}""";

        var anonymous = await SendAsync(HttpMethod.Post, "/v1/route/inbound", token: null, body);
        var router = await SendAsync(HttpMethod.Post, "/v1/route/inbound", fixture.Tokens.Mint("svc-route", "messaging.route"), body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal((int)Grpc.Core.StatusCode.Unauthenticated, anonymous.Json.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, router.Status);
        Assert.Equal("HANDLER_OMNI_CHANNEL", router.Json.GetProperty("handler").GetString());
    }

    [Fact]
    public async Task JsonDeactivate_WithOnlyTheRouteScope_Is403PermissionDenied_AndChangesNothing()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var usageId = channel.UsageIds[MessagingChannelUsage.Routing.Model.DeploymentType.Conversation];

        var answer = await SendAsync(HttpMethod.Post, $"/v1/usages/{usageId}:deactivate", fixture.Tokens.Mint("svc-route", "messaging.route"));

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal((int)Grpc.Core.StatusCode.PermissionDenied, answer.Json.GetProperty("code").GetInt32());
        var usages = fixture.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();
        var stored = await usages.RetrieveAsync(new RetrieveUsagesRequest { Ids = { usageId } }, fixture.Admin, Infrastructure.Calls.Deadline);
        Assert.Equal(DeploymentStatus.Active, stored.Records[0].Usage.DeploymentStatus);
    }

    [Fact]
    public async Task CreateMany_ByALimitedCaller_CreatesOnItsOwnChannel_AndTheForeignRecordFailsAlone()
    {
        var own = await fixture.Channels.MarketingOnlyAsync();
        var foreign = await fixture.Channels.MarketingOnlyAsync();
        var limited = fixture.Tokens.Mint("svc-own", "messaging.admin", channels: own.Id);
        var body = $$"""
            {"allOrNone":false,"records":[
              {"attributes":{"type":"MessagingChannelUsage"},"MessagingChannelId":"{{foreign.Id}}","DeploymentType":"Conversation"},
              {"attributes":{"type":"MessagingChannelUsage"},"MessagingChannelId":"{{own.Id}}","DeploymentType":"Conversation"}]}
            """;

        var answer = await SendAsync(HttpMethod.Post, "/services/data/v60.0/composite/sobjects", limited, body);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Json[0].GetProperty("success").GetBoolean());
        Assert.Equal("INSUFFICIENT_ACCESS_OR_READONLY", answer.Json[0].GetProperty("errors")[0].GetProperty("statusCode").GetString());
        Assert.True(answer.Json[1].GetProperty("success").GetBoolean(), answer.Json[1].GetRawText());
        Assert.Equal(1, await CountUsagesAsync(foreign.Id));
        Assert.Equal(2, await CountUsagesAsync(own.Id));
    }
}
