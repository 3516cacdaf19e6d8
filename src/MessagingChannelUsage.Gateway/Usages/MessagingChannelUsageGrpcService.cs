using Grpc.Core;
using MessagingChannelUsage.Gateway.Admin;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Services.Admin;

/// <summary>MessagingChannelUsageService over gRPC: record writes, retrieve, query and describe.</summary>
internal sealed class MessagingChannelUsageGrpcService(UsageAdmin usages, UsageQueryAdmin queries)
    : MessagingChannelUsageService.MessagingChannelUsageServiceBase
{
    public override Task<Protos.V1.MessagingChannelUsage> Create(Protos.V1.MessagingChannelUsage request, ServerCallContext context)
        => usages.CreateAsync(request, context.CancellationToken);

    public override Task<Protos.V1.MessagingChannelUsage> Update(UpdateUsageRequest request, ServerCallContext context)
        => usages.UpdateAsync(request, context.CancellationToken);

    public override Task<Protos.V1.MessagingChannelUsage> Upsert(Protos.V1.MessagingChannelUsage request, ServerCallContext context)
        => usages.UpsertAsync(request, context.CancellationToken);

    public override Task<RetrieveUsagesResponse> Retrieve(RetrieveUsagesRequest request, ServerCallContext context)
        => usages.RetrieveAsync(request, context.CancellationToken);

    public override Task<QueryResponse> Query(QueryRequest request, ServerCallContext context)
        => queries.QueryAsync(request, context.CancellationToken);

    public override Task<DescribeSObjectResponse> DescribeSObject(DescribeSObjectRequest request, ServerCallContext context)
        => Task.FromResult(UsageQueryAdmin.Describe(request));
}
