using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// messaging.v1.MessagingChannelUsageService: sizes, proto → domain, one
/// <see cref="UsageApplication"/> call, domain → proto.
/// </summary>
internal sealed class MessagingChannelUsageGrpcService(UsageApplication usages)
    : MessagingChannelUsageService.MessagingChannelUsageServiceBase
{
    public override async Task<Protos.V1.MessagingChannelUsage> Create(Protos.V1.MessagingChannelUsage request, ServerCallContext context)
    {
        CheckSizes(request);
        var created = await usages.CreateAsync(UsageDraftMapping.ForCreate(request), context.CancellationToken);
        return created.ToProto();
    }

    public override async Task<Protos.V1.MessagingChannelUsage> Update(UpdateUsageRequest request, ServerCallContext context)
    {
        var usage = request.Usage ?? throw RecordErrors.Required("usage", "usage is required.");
        CheckSizes(usage);
        if (request.UpdateMask is not { Paths.Count: > 0 } mask)
        {
            throw RecordErrors.Required("update_mask", "update_mask names the fields to change; it is empty.");
        }

        var sizes = default(RequestValidation);
        sizes.MaxCount(mask.Paths.Count, "update_mask", Limits.MaxFieldNames);
        foreach (var path in mask.Paths.Take(Limits.MaxFieldNames))
        {
            sizes.MaxLength(path, "update_mask", Limits.MaxFieldNameLength);
        }

        sizes.ThrowIfInvalid();
        var id = RequestValidation.ParseId(usage.Id, UsageFields.Id.Name, KeyPrefixes.MessagingChannelUsage);
        var updated = await usages.UpdateAsync(
            id,
            UsageDraftMapping.ForUpdate(usage, mask.Paths),
            TimeMapping.ToDomain(request.ExpectedSystemModstamp, "expected_system_modstamp"),
            context.CancellationToken);
        return updated.ToProto();
    }

    public override async Task<Protos.V1.MessagingChannelUsage> Upsert(Protos.V1.MessagingChannelUsage request, ServerCallContext context)
    {
        CheckSizes(request);
        var id = request.Id.Length == 0 ? null : RequestValidation.ParseId(request.Id, UsageFields.Id.Name, KeyPrefixes.MessagingChannelUsage);
        var upserted = await usages.UpsertAsync(id, UsageDraftMapping.ForCreate(request), context.CancellationToken);
        return upserted.ToProto();
    }

    public override async Task<RetrieveUsagesResponse> Retrieve(RetrieveUsagesRequest request, ServerCallContext context)
    {
        var sizes = default(RequestValidation);
        sizes.MaxCount(request.Ids.Count, "ids", Limits.MaxRetrieveIds);
        sizes.MaxCount(request.FieldNames.Count, "field_names", Limits.MaxFieldNames);
        sizes.ThrowIfInvalid();
        var (ids, fields) = UsageMapping.ToDomain(request);
        var records = await usages.RetrieveAsync(ids, context.CancellationToken);
        return UsageMapping.ToProto(request.Ids, records, fields);
    }

    public override async Task<QueryResponse> Query(QueryRequest request, ServerCallContext context)
    {
        var sizes = default(RequestValidation);
        sizes.MaxLength(request.Soql, "soql", Limits.MaxSoqlLength);
        sizes.MaxLength(request.PageToken, "page_token", Limits.MaxPageTokenLength);
        sizes.ThrowIfInvalid();
        var result = await usages.QueryAsync(
            request.Soql,
            request.PageToken.Length == 0 ? null : request.PageToken,
            request.BatchSize,
            CallerResolver.VisibleChannels(context),
            context.CancellationToken);
        return result.ToProto();
    }

    /// <summary>
    /// The change stream: each event is written (and awaited) before the next is read, so HTTP/2
    /// flow control slows a slow watcher's reads instead of queueing events for it.
    /// </summary>
    public override async Task WatchChanges(WatchChangesRequest request, IServerStreamWriter<ChangeEvent> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var sizes = default(RequestValidation);
        sizes.MaxCount(request.ChannelIds.Count, "channel_ids", Limits.MaxRetrieveIds);
        sizes.MaxLength(request.ResumeToken, "resume_token", Limits.MaxResumeTokenLength);
        sizes.ThrowIfInvalid();
        var ids = default(RequestValidation);
        var channelIds = request.ChannelIds.Select(id => ids.Id(id, "channel_ids", KeyPrefixes.MessagingChannel)).ToHashSet(StringComparer.Ordinal);
        ids.ThrowIfInvalid();
        // The watcher cap counts per caller as the rate limits do: its identity, or its address when anonymous.
        var http = context.GetHttpContext();
        var caller = CallerLimits.PartitionOf(CallerResolver.Current(http) ?? Caller.Anonymous, http);
        var token = request.ResumeToken.Length == 0 ? null : request.ResumeToken;
        await foreach (var change in usages.WatchChangesAsync(caller, token, channelIds, context.CancellationToken))
        {
            await responseStream.WriteAsync(change.ToProto(), context.CancellationToken);
        }
    }

    public override Task<DescribeSObjectResponse> DescribeSObject(DescribeSObjectRequest request, ServerCallContext context)
        => Task.FromResult(DescribeMapping.ToProto(UsageApplication.Describe(request.Name)));

    /// <summary>Ids longer than any id are refused as too long before they are parsed or echoed back.</summary>
    private static void CheckSizes(Protos.V1.MessagingChannelUsage usage)
    {
        var sizes = default(RequestValidation);
        sizes.MaxLength(usage.Id, UsageFields.Id.Name, Limits.MaxIdTextLength);
        sizes.MaxLength(usage.MessagingChannelId, UsageFields.MessagingChannelId.Name, Limits.MaxIdTextLength);
        sizes.ThrowIfInvalid();
    }
}
