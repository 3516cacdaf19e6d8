using System.Collections.Immutable;
using System.Net.Mime;
using System.Text.Json;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Usages;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using Microsoft.Net.Http.Headers;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// Salesforce's REST API for MessagingChannelUsage (rest.md): versions, describeGlobal, describe,
/// create, retrieve, update (If-Unmodified-Since → 412), upsert on Id, query and queryMore, 405 for
/// delete. Each handler maps JSON → domain, calls ONE <see cref="UsageApplication"/> method (the
/// same the gRPC surface calls: one rule set, two surfaces) and maps the answer back.
/// </summary>
/// <remarks>
/// Every call of the API goes through the group built in <see cref="MapSalesforceRest"/>: its
/// first endpoint filter turns domain errors into Salesforce's error array, its second checks
/// the caller (<see cref="RestAccess"/>) against the rule of the gRPC method each endpoint
/// mirrors (<see cref="RestRule"/>): one permission table for both surfaces.
/// </remarks>
internal static class SalesforceRestEndpoints
{
    private const string UsagePath = "/sobjects/" + UsageFields.ObjectName;

    public static RouteGroupBuilder MapSalesforceRest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/services/data", () => Results.Json(ApiVersions.All, SalesforceJsonContext.Default.IReadOnlyListApiVersionInfo));
        var api = endpoints.MapGroup("/services/data/v{version}");
        api.AddEndpointFilter(SalesforceErrors.Filter);
        api.AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<RestAccess>().FilterAsync(context, next));
        var describe = RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.DescribeSObject));

        api.MapGet("/sobjects", (string version) => Results.Json(DescribeShapes.Global(ApiVersions.Require(version)), SalesforceJsonContext.Default.DescribeGlobalResult))
            .WithMetadata(describe);
        api.MapGet(UsagePath + "/describe", (string version) => Results.Json(DescribeShapes.Describe(ApiVersions.Require(version)), SalesforceJsonContext.Default.SObjectDescribe))
            .WithMetadata(describe);
        api.MapPost(UsagePath, CreateAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Create)));
        api.MapGet(UsagePath + "/{id}", RetrieveAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Retrieve)));
        api.MapMethods(UsagePath + "/{id}", [HttpMethods.Patch], UpdateAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Update)));
        api.MapMethods(UsagePath + "/Id/{id}", [HttpMethods.Patch], UpsertAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Upsert)));
        api.MapDelete(UsagePath + "/{id}", (string version, HttpContext context) =>
        {
            ApiVersions.Require(version);
            context.Response.Headers.Allow = "GET, PATCH, HEAD";
            return SalesforceErrors.One(StatusCodes.Status405MethodNotAllowed, SalesforceErrors.MethodNotAllowed,
                $"HTTP Method 'DELETE' not allowed. Allowed are GET,PATCH,HEAD ({UsageFields.ObjectName} supports no delete)");
        });
        api.MapSalesforceComposite();
        var query = RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Query));
        api.MapGet("/query", QueryAsync).WithMetadata(query);
        api.MapGet("/query/{locator}", QueryMoreAsync).WithMetadata(query);
        api.MapFallback((string version) => SalesforceErrors.ToResult(SalesforceErrors.ResourceNotFound()));
        return api;
    }

    private static async Task<IResult> CreateAsync(string version, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var draft = RecordBody.Read(await ReadJsonAsync(context));
        var channelId = draft.MessagingChannelId.Or(null) ?? string.Empty;
        await access.CheckChannelsAsync(context, [ChannelRef.Channel(channelId)]);
        var created = await access.WriteAsync(context, new Protos.V1.MessagingChannelUsage { MessagingChannelId = channelId },
            () => usages.CreateAsync(draft, context.RequestAborted));
        return Results.Json(new SaveResult(created.Id, true, []), SalesforceJsonContext.Default.SaveResult, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RetrieveAsync(string version, string id, string? fields, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var selected = SelectedFields(fields);
        var usageId = ParseId(id);
        await access.CheckChannelsAsync(context, [ChannelRef.Usage(usageId)]);
        var record = (await usages.RetrieveAsync([usageId], context.RequestAborted))[0]
            ?? throw SalesforceErrors.ResourceNotFound();
        return Json(writer => RecordJson.WriteRecord(writer, record, selected, version));
    }

    private static async Task<IResult> UpdateAsync(string version, string id, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var usageId = ParseId(id);
        var draft = RecordBody.Read(await ReadJsonAsync(context));
        await access.CheckChannelsAsync(context, ChannelRefs(usageId, draft));
        DateTimeOffset? expected = null;
        if (context.Request.Headers.IfUnmodifiedSince.Count > 0)
        {
            var since = SalesforceDates.ParseHeader(context.Request.Headers.IfUnmodifiedSince.ToString())
                ?? throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidField, "If-Unmodified-Since",
                    "If-Unmodified-Since is not an HTTP date (e.g. \"Tue, 01 Dec 2026 10:00:00 GMT\") or a Salesforce dateTime.");
            var current = (await usages.RetrieveAsync([usageId], context.RequestAborted))[0]
                ?? throw SalesforceErrors.ResourceNotFound();
            // HTTP dates have whole seconds: the record is stale when it changed after that second.
            if (current.SystemModstamp.ToUnixTimeSeconds() > since.ToUnixTimeSeconds())
            {
                return SalesforceErrors.One(StatusCodes.Status412PreconditionFailed, ErrorCodes.EntityFailedIfLastModifiedOnUpdate,
                    $"The record was modified at {SalesforceDates.ToText(current.SystemModstamp)}, after If-Unmodified-Since {SalesforceDates.ToText(since)}.");
            }

            // Compare-and-set on what was read: a write in between is a 412 too (Aborted).
            expected = current.SystemModstamp;
        }

        await access.WriteAsync(context, new Protos.V1.MessagingChannelUsage { Id = usageId },
            () => usages.UpdateAsync(usageId, draft, expected, context.RequestAborted));
        return Results.NoContent();
    }

    private static async Task<IResult> UpsertAsync(string version, string id, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var usageId = ParseId(id);
        var draft = RecordBody.Read(await ReadJsonAsync(context));
        await access.CheckChannelsAsync(context, ChannelRefs(usageId, draft));
        // Upsert on Id: the record must exist (Salesforce creates no record with a given Id), so it is an update.
        var upserted = await access.WriteAsync(context, new Protos.V1.MessagingChannelUsage { Id = usageId },
            () => usages.UpsertAsync(usageId, draft, context.RequestAborted));
        return Results.Json(new UpsertResult(upserted.Id, true, [], Created: false), SalesforceJsonContext.Default.UpsertResult);
    }

    private static async Task<IResult> QueryAsync(string version, string? q, HttpContext context, UsageApplication usages)
    {
        ApiVersions.Require(version);
        if (string.IsNullOrWhiteSpace(q))
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.MalformedQuery, "q", "A query string (q=SOQL) is required.");
        }

        var result = await usages.QueryAsync(q, null, BatchSize(context), RestAccess.Visible(context), context.RequestAborted);
        return Json(writer => RecordJson.WriteQueryResult(writer, result, version));
    }

    private static async Task<IResult> QueryMoreAsync(string version, string locator, HttpContext context, UsageApplication usages)
    {
        ApiVersions.Require(version);
        var result = await usages.QueryAsync(null, locator, BatchSize(context), RestAccess.Visible(context), context.RequestAborted);
        return Json(writer => RecordJson.WriteQueryResult(writer, result, version));
    }

    /// <summary>Sforce-Query-Options: batchSize=N (Salesforce clamps it into [200, 2000]); 0 = default.</summary>
    private static int BatchSize(HttpContext context)
    {
        foreach (var option in context.Request.Headers["Sforce-Query-Options"].ToString().Split(',', StringSplitOptions.TrimEntries))
        {
            if (option.StartsWith("batchSize=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(option.AsSpan("batchSize=".Length), System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                return size;
            }
        }

        return 0;
    }

    /// <summary>The record, and the channel a body moves it to (a limited caller must own both).</summary>
    internal static ChannelRef[] ChannelRefs(string usageId, MessagingChannelUsage.Routing.Rules.UsageDraft draft)
        => draft.MessagingChannelId.Or(null) is { Length: > 0 } channelId
            ? [ChannelRef.Usage(usageId), ChannelRef.Channel(channelId)]
            : [ChannelRef.Usage(usageId)];

    internal static string ParseId(string id)
        => SalesforceId.TryNormalize(id, out var id18, out _, KeyPrefixes.MessagingChannelUsage)
            ? id18
            : throw new DomainException(ErrorKind.NotFound, ErrorCodes.NotFound, UsageFields.Id.Name,
                $"Provided id '{(id.Length <= 40 ? id : id[..40] + "…")}' is not a {UsageFields.ObjectName} id; the requested resource does not exist");

    internal static ImmutableArray<UsageField> SelectedFields(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return UsageFields.All;
        }

        var selected = ImmutableArray.CreateBuilder<UsageField>();
        foreach (var name in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            selected.Add(UsageFields.TryFind(name, out var field) && string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase)
                ? field
                : throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidField, "fields",
                    $"No such column '{(name.Length <= 80 ? name : name[..80] + "…")}' on entity '{UsageFields.ObjectName}'."));
        }

        return selected.ToImmutable();
    }

    /// <summary>The JSON body; another media type is 415, as Salesforce answers.</summary>
    internal static async Task<JsonElement> ReadJsonAsync(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException(ErrorKind.InvalidArgument, SalesforceErrors.UnsupportedMediaType, null,
                $"Content type '{context.Request.ContentType}' is not supported; send application/json.");
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        return document.RootElement.Clone();
    }

    internal static WrittenJson Json(Action<Utf8JsonWriter> write) => new(write);

    /// <summary>A 200 JSON answer written straight to the response.</summary>
    internal sealed class WrittenJson(Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json;charset=UTF-8";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            write(writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }
}
