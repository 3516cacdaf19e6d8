using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Admin;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Errors;

/// <summary>
/// One answer for an empty id, whatever the RPC: InvalidArgument, REQUIRED_FIELD_MISSING, naming
/// the field (a malformed id stays INVALID_ID_FIELD). Routing and admin share one validation kit.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class EmptyIdTests(GatewayFixture fixture)
{
    private readonly AdminApi api = new(fixture.Host);

    public static TheoryData<string> Rpcs() =>
    [
        "RouteInbound", "RouteOutbound", "GetEndUser", "GetSession", "ListSessions",
        "GetChannel", "UpdateChannel", "UpdateUsage", "RetrieveUsages", "Activate", "ReportProvisioningResult",
    ];

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task AnEmptyId_IsRequiredFieldMissingOnItsField_OnRoutingAndAdminRpcsAlike(string rpc)
    {
        var (field, call) = Call(rpc);

        var failure = await AdminApi.FailsAsync(call);

        failure.Is(StatusCode.InvalidArgument, "REQUIRED_FIELD_MISSING", field);
    }

    private (string Field, Func<Task> Call) Call(string rpc) => rpc switch
    {
        "RouteInbound" => ("channel_id", () => api.Router.InboundAsync(string.Empty, "+15550001", "hi")),
        "RouteOutbound" => ("channel_id", () => api.Router.OutboundAsync(string.Empty, "+15550001", Handler.OmniChannel)),
        "GetEndUser" => ("channel_id", () => fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { PlatformKey = "+15550001" }, Calls.Options).ResponseAsync),
        "GetSession" => ("id", () => fixture.Sessions.GetSessionAsync(new GetSessionRequest(), Calls.Options).ResponseAsync),
        "ListSessions" => ("channel_id", () => fixture.Sessions.ListSessionsAsync(new ListSessionsRequest(), Calls.Options).ResponseAsync),
        "GetChannel" => ("id", () => api.Channels.GetChannelAsync(new GetChannelRequest(), Calls.Options).ResponseAsync),
        "UpdateChannel" => ("id", () => api.Channels.UpdateChannelAsync(AdminApi.ChannelDraft(), Calls.Options).ResponseAsync),
        "UpdateUsage" => ("Id", () => api.Usages.UpdateAsync(new UpdateUsageRequest
        {
            Usage = new Protos.V1.MessagingChannelUsage { ConsentType = ConsentType.DoubleOptIn },
            UpdateMask = new FieldMask { Paths = { "consent_type" } },
        }, Calls.Options).ResponseAsync),
        "RetrieveUsages" => ("ids[0]", () => api.Usages.RetrieveAsync(new RetrieveUsagesRequest { Ids = { string.Empty } }, Calls.Options).ResponseAsync),
        "Activate" => ("usage_id", () => api.Deployments.ActivateAsync(new DeploymentRequest(), Calls.Options).ResponseAsync),
        "ReportProvisioningResult" => ("usage_id", () => api.ReportAsync(string.Empty, success: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "Unknown RPC."),
    };
}
