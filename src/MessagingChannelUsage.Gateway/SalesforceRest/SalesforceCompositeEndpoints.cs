using System.Collections.Immutable;
using System.Text.Json;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Gateway.Usages;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// Salesforce's sObject Collections for MessagingChannelUsage (rest.md "retrieve many",
/// "create/update many", "upsert many"), what jsforce sends for several records at once: each
/// record goes through the same <see cref="UsageApplication"/> call as its single-record twin, and
/// answers in its own element, in request order: {id, success, errors[{statusCode, message,
/// fields}]} (upsert adds created). At most 200 records or ids per call (EXCEEDED_ID_LIMIT).
/// Access as for one record (<see cref="RestAccess"/>): the endpoint follows the rule of the gRPC
/// method it repeats; a record outside a limited caller's channels fails alone
/// (INSUFFICIENT_ACCESS_OR_READONLY), and each write is audited like a single one.
/// </summary>
/// <remarks>
/// allOrNone=true is refused (INVALID_FIELD on allOrNone): the store writes each record on its own,
/// with no transaction over several records, so "none" could not be kept once one was written.
/// </remarks>
internal static class SalesforceCompositeEndpoints
{
    public const int MaxRecords = 200;
    public const string ExceededIdLimit = "EXCEEDED_ID_LIMIT";
    private const string Collection = "/composite/sobjects";
    private const string UsageCollection = Collection + "/" + UsageFields.ObjectName;

    public static void MapSalesforceComposite(this RouteGroupBuilder api)
    {
        var retrieve = RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Retrieve));
        api.MapGet(UsageCollection, (string version, string? ids, string? fields, HttpContext context, UsageApplication usages, RestAccess access)
            => RetrieveManyAsync(version, Split(ids), fields, context, usages, access)).WithMetadata(retrieve);
        api.MapPost(UsageCollection, RetrieveManyByBodyAsync).WithMetadata(retrieve);
        api.MapPost(Collection, CreateManyAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Create)));
        api.MapMethods(Collection, [HttpMethods.Patch], UpdateManyAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Update)));
        api.MapMethods(UsageCollection + "/Id", [HttpMethods.Patch], UpsertManyAsync).WithMetadata(RestRule.Of(nameof(Protos.V1.MessagingChannelUsageService.MessagingChannelUsageServiceBase.Upsert)));
    }

    private static async Task<IResult> RetrieveManyByBodyAsync(string version, HttpContext context, UsageApplication usages, RestAccess access)
    {
        var body = await SalesforceRestEndpoints.ReadJsonAsync(context);
        var ids = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("ids", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty).ToList()
            : throw new DomainException(ErrorKind.InvalidArgument, RecordBody.JsonParserError, "ids", "The body must be {\"ids\": [\"0Mu…\", …], \"fields\": [\"Id\", …]}.");
        var fields = body.TryGetProperty("fields", out var names) && names.ValueKind == JsonValueKind.Array
            ? string.Join(',', names.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString() : string.Empty))
            : null;
        return await RetrieveManyAsync(version, ids, fields, context, usages, access);
    }

    /// <summary>One record or null per id, in order; an id that is not a usage id is not found (null) too.</summary>
    private static async Task<IResult> RetrieveManyAsync(string version, List<string> ids, string? fields, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        RequireCount(ids.Count, "ids");
        var selected = SalesforceRestEndpoints.SelectedFields(fields);
        var parsed = ids.Select(id => SalesforceId.TryNormalize(id, out var id18, out _, KeyPrefixes.MessagingChannelUsage) ? id18 : null).ToList();
        var valid = parsed.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        await access.CheckChannelsAsync(context, valid.Select(ChannelRef.Usage));
        var found = valid.Count == 0 ? [] : await usages.RetrieveAsync(valid, context.RequestAborted);
        var byId = found.OfType<ChannelUsage>().ToDictionary(u => u.Id, StringComparer.Ordinal);
        return SalesforceRestEndpoints.Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var id in parsed)
            {
                if (id is not null && byId.TryGetValue(id, out var record))
                {
                    RecordJson.WriteRecord(writer, record, selected, version);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        });
    }

    private static async Task<IResult> CreateManyAsync(string version, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var results = new List<SaveResult>();
        foreach (var record in await ReadRecordsAsync(context))
        {
            results.Add(await SaveAsync(null, async () =>
            {
                RequireType(record);
                var draft = RecordBody.Read(record);
                var channelId = draft.MessagingChannelId.Or(null) ?? string.Empty;
                await access.CheckChannelsAsync(context, [ChannelRef.Channel(channelId)]);
                return (await access.WriteAsync(context, new Protos.V1.MessagingChannelUsage { MessagingChannelId = channelId },
                    () => usages.CreateAsync(draft, context.RequestAborted))).Id;
            }));
        }

        return Results.Json(results, SalesforceJsonContext.Default.IReadOnlyListSaveResult);
    }

    private static async Task<IResult> UpdateManyAsync(string version, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var results = new List<SaveResult>();
        foreach (var record in await ReadRecordsAsync(context))
        {
            var id = IdOf(record);
            results.Add(await SaveAsync(id, async () =>
            {
                RequireType(record);
                var usageId = RequireId(id);
                var draft = WithoutId(RecordBody.Read(record));
                await access.CheckChannelsAsync(context, SalesforceRestEndpoints.ChannelRefs(usageId, draft));
                return (await access.WriteAsync(context, new Protos.V1.MessagingChannelUsage { Id = usageId },
                    () => usages.UpdateAsync(usageId, draft, null, context.RequestAborted))).Id;
            }));
        }

        return Results.Json(results, SalesforceJsonContext.Default.IReadOnlyListSaveResult);
    }

    /// <summary>Upsert on Id, as the single-record call: every record names an existing record (an update).</summary>
    private static async Task<IResult> UpsertManyAsync(string version, HttpContext context, UsageApplication usages, RestAccess access)
    {
        ApiVersions.Require(version);
        var results = new List<UpsertResult>();
        foreach (var record in await ReadRecordsAsync(context))
        {
            var id = IdOf(record);
            var saved = await SaveAsync(id, async () =>
            {
                RequireType(record);
                var usageId = RequireId(id);
                var draft = WithoutId(RecordBody.Read(record));
                await access.CheckChannelsAsync(context, SalesforceRestEndpoints.ChannelRefs(usageId, draft));
                return (await access.WriteAsync(context, new Protos.V1.MessagingChannelUsage { Id = usageId },
                    () => usages.UpsertAsync(usageId, draft, context.RequestAborted))).Id;
            });
            results.Add(new UpsertResult(saved.Id, saved.Success, saved.Errors, Created: false));
        }

        return Results.Json(results, SalesforceJsonContext.Default.IReadOnlyListUpsertResult);
    }

    /// <summary>One record's save: its id, or its errors; a store outage fails the whole call (503).</summary>
    private static async Task<SaveResult> SaveAsync(string? id, Func<Task<string>> save)
    {
        try
        {
            return new SaveResult(await save(), true, []);
        }
        catch (DomainException exception) when (exception.Kind != ErrorKind.Unavailable)
        {
            return new SaveResult(id, false, [.. exception.Errors.Select(e => new SaveError(e.Code, e.Message, e.Field is null ? [] : [e.Field]))]);
        }
    }

    /// <summary>{allOrNone, records[]}: the records, at most <see cref="MaxRecords"/>; allOrNone=true is refused (see the class remarks).</summary>
    private static async Task<IReadOnlyList<JsonElement>> ReadRecordsAsync(HttpContext context)
    {
        var body = await SalesforceRestEndpoints.ReadJsonAsync(context);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new DomainException(ErrorKind.InvalidArgument, RecordBody.JsonParserError, "records", "The body must be {\"allOrNone\": false, \"records\": [{\"attributes\": {\"type\": \"MessagingChannelUsage\"}, …}]}.");
        }

        if (body.TryGetProperty("allOrNone", out var allOrNone) && allOrNone.ValueKind == JsonValueKind.True)
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidField, "allOrNone",
                "allOrNone=true is not supported: each record is written on its own (no transaction over several records); send allOrNone=false.");
        }

        RequireCount(records.GetArrayLength(), "records");
        return [.. records.EnumerateArray()];
    }

    private static void RequireCount(int count, string what)
    {
        if (count > MaxRecords)
        {
            throw new DomainException(ErrorKind.InvalidArgument, ExceededIdLimit, what, $"record limit reached. cannot submit more than {MaxRecords} records into this call ({count} {what})");
        }
    }

    /// <summary>Each record of a collection names its type in attributes, as Salesforce requires.</summary>
    private static void RequireType(JsonElement record)
    {
        var type = record.ValueKind == JsonValueKind.Object && record.TryGetProperty("attributes", out var attributes)
            && attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty("type", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
        if (!string.Equals(type, UsageFields.ObjectName, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidType, "attributes",
                type is null ? "Each record needs attributes.type (MessagingChannelUsage)." : $"sObject type '{(type.Length <= 80 ? type : type[..80])}' is not supported here; only {UsageFields.ObjectName}.");
        }
    }

    private static string? IdOf(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in record.EnumerateObject())
        {
            if (property.NameEquals("Id") || property.NameEquals("id"))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
        }

        return null;
    }

    private static string RequireId(string? id) => string.IsNullOrEmpty(id)
        ? throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.RequiredFieldMissing, UsageFields.Id.Name, "Each record needs its Id.")
        : SalesforceRestEndpoints.ParseId(id);

    /// <summary>The Id names the record; it is not a field to change.</summary>
    private static UsageDraft WithoutId(UsageDraft draft) => draft with { Id = default };

    private static List<string> Split(string? ids) => ids is null ? [] : [.. ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
