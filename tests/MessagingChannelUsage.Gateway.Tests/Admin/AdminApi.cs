using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary>
/// The admin clients of one running gateway plus short ways to set up what a test needs. Every
/// test makes its own channels (unique DeveloperName), so tests share a gateway safely.
/// </summary>
internal sealed class AdminApi(GatewayHost host)
{
    public MessagingChannelService.MessagingChannelServiceClient Channels { get; } = host.CreateClient<MessagingChannelService.MessagingChannelServiceClient>();

    public MessagingChannelUsageService.MessagingChannelUsageServiceClient Usages { get; } = host.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();

    public ChannelDeploymentService.ChannelDeploymentServiceClient Deployments { get; } = host.CreateClient<ChannelDeploymentService.ChannelDeploymentServiceClient>();

    public MessageRouter.MessageRouterClient Router { get; } = host.CreateClient<MessageRouter.MessageRouterClient>();

    public static string UniqueDeveloperName() => "Admin_" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>A queue id for FallbackQueueId (Salesforce Group prefix 00G).</summary>
    public static string NewQueueId() => SalesforceId.NewId("00G");

    /// <summary>A channel ready for Implicit consent; <paramref name="withFallbackQueue"/> false makes Service Cloud fail to connect.</summary>
    public static MessagingChannel ChannelDraft(ChannelKind kind = ChannelKind.Unified, MessageType type = MessageType.Whatsapp, bool withFallbackQueue = true) => new()
    {
        DeveloperName = UniqueDeveloperName(),
        MasterLabel = "Admin test channel",
        Kind = kind,
        MessageType = type,
        FallbackQueueId = withFallbackQueue ? NewQueueId() : string.Empty,
        OptOutConfirmation = "You are unsubscribed.",
        HelpResponse = "Reply STOP to opt out.",
    };

    public async Task<MessagingChannel> CreateChannelAsync(ChannelKind kind = ChannelKind.Unified, MessageType type = MessageType.Whatsapp, bool withFallbackQueue = true)
        => await Channels.CreateChannelAsync(ChannelDraft(kind, type, withFallbackQueue), Calls.Options);

    public async Task<Protos.V1.MessagingChannelUsage> CreateUsageAsync(string channelId, DeploymentType type, Action<Protos.V1.MessagingChannelUsage>? configure = null)
    {
        var usage = new Protos.V1.MessagingChannelUsage { MessagingChannelId = channelId, DeploymentType = type };
        configure?.Invoke(usage);
        return await Usages.CreateAsync(usage, Calls.Options);
    }

    public async Task<Protos.V1.MessagingChannelUsage?> RetrieveAsync(string id)
    {
        var response = await Usages.RetrieveAsync(new RetrieveUsagesRequest { Ids = { id } }, Calls.Options);
        return response.Records[0].Found ? response.Records[0].Usage : null;
    }

    /// <summary>The usages of one channel, through query() (what a client sees).</summary>
    public async Task<IReadOnlyList<Protos.V1.MessagingChannelUsage>> UsagesOfChannelAsync(string channelId)
    {
        var response = await Usages.QueryAsync(new QueryRequest
        {
            Soql = $"SELECT Id, DeploymentType, DeploymentStatus, ConsentType, RoutingOverride, ErrorReason, SystemModstamp FROM MessagingChannelUsage WHERE MessagingChannelId = '{channelId}' ORDER BY DeploymentType",
        }, Calls.Options);
        return response.Records;
    }

    public Task<Protos.V1.MessagingChannelUsage> UpdateAsync(Protos.V1.MessagingChannelUsage usage, params string[] mask)
        => Usages.UpdateAsync(new UpdateUsageRequest { Usage = usage, UpdateMask = new FieldMask { Paths = { mask } } }, Calls.Options).ResponseAsync;

    public Task<Protos.V1.MessagingChannelUsage> ReportAsync(string usageId, bool success)
        => Deployments.ReportProvisioningResultAsync(new ProvisioningResult { UsageId = usageId, Success = success }, Calls.Options).ResponseAsync;

    /// <summary>Runs a call that must fail; returns the status and the google.rpc details.</summary>
    public static Task<Failure> FailsAsync<T>(Func<AsyncUnaryCall<T>> call) => FailsAsync(async () => await call());

    /// <summary>Runs a call that must fail; returns the status and the google.rpc details.</summary>
    public static async Task<Failure> FailsAsync(Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        var (code, info, badRequest) = Calls.Details(exception);
        return new Failure(code, info, badRequest, exception.Status.Detail);
    }
}

/// <summary>A failed call as a client sees it.</summary>
internal sealed record Failure(StatusCode Code, ErrorInfo? Info, BadRequest? BadRequest, string Message)
{
    public string? Reason => Info?.Reason;

    public IReadOnlyList<string> Fields => BadRequest is null ? [] : [.. BadRequest.FieldViolations.Select(v => v.Field)];

    /// <summary>Asserts status, ErrorInfo.reason and that <paramref name="field"/> has a violation.</summary>
    public Failure Is(StatusCode code, string reason, string? field = null)
    {
        Assert.Equal(code, Code);
        Assert.Equal(reason, Reason);
        if (field is not null)
        {
            Assert.Contains(field, Fields);
        }

        return this;
    }

    /// <summary>Asserts a field violation of <paramref name="field"/> with <paramref name="code"/> (descriptions start with the code).</summary>
    public Failure HasViolation(string field, string code)
    {
        Assert.NotNull(BadRequest);
        Assert.Contains(BadRequest.FieldViolations, v => v.Field == field && v.Description.StartsWith(code + ":", StringComparison.Ordinal));
        return this;
    }
}
