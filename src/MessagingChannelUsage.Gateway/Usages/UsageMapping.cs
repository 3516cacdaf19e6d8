using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Ids;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// MessagingChannelUsage records domain → proto, and retrieve() both ways. Domain enums carry the
/// proto wire numbers (Model/Picklists.cs), so each picklist maps by a cast; a null picklist is
/// the zero value. Record writes map proto → domain in <see cref="UsageDraftMapping"/>.
/// </summary>
internal static class UsageMapping
{
    public static Proto.MessagingChannelUsage ToProto(this ChannelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new Proto.MessagingChannelUsage
        {
            Id = usage.Id,
            MessagingChannelId = usage.MessagingChannelId,
            DeploymentType = (Proto.DeploymentType)usage.DeploymentType,
            DeploymentStatus = (Proto.DeploymentStatus)usage.DeploymentStatus,
            ConsentType = usage.ConsentType is { } c ? (Proto.ConsentType)c : Proto.ConsentType.Unspecified,
            ErrorReason = usage.ErrorReason is { } e ? (Proto.ErrorReason)e : Proto.ErrorReason.Unspecified,
            RoutingOverride = usage.RoutingOverride is { } r ? (Proto.RoutingOverride)r : Proto.RoutingOverride.Unspecified,
            DisabledTime = TimeMapping.ToProto(usage.DisabledTime),
            CreatedDate = TimeMapping.ToProto(usage.CreatedDate),
            LastModifiedDate = TimeMapping.ToProto(usage.LastModifiedDate),
            SystemModstamp = TimeMapping.ToProto(usage.SystemModstamp),
        };
    }

    /// <summary>
    /// The ids and fields of a retrieve(): every malformed id (INVALID_ID_FIELD on ids[i]) and
    /// unknown field name (INVALID_FIELD) reported at once.
    /// </summary>
    public static (string[] Ids, List<UsageField> Fields) ToDomain(Proto.RetrieveUsagesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = default(RequestValidation);
        var fields = new List<UsageField>();
        foreach (var name in request.FieldNames)
        {
            if (name.Length <= Limits.MaxFieldNameLength && UsageFields.TryFind(name, out var field))
            {
                fields.Add(field);
            }
            else
            {
                validation.Add(ErrorKind.InvalidArgument, ErrorCodes.InvalidField, "field_names",
                    $"No such field of {UsageFields.ObjectName}: '{Shorten(name)}'.");
            }
        }

        var ids = new string[request.Ids.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = validation.Id(request.Ids[i], $"ids[{i}]", KeyPrefixes.MessagingChannelUsage);
        }

        validation.ThrowIfInvalid();
        return (ids, fields);
    }

    /// <summary>One entry per requested id, in order, with only the requested fields (and Id).</summary>
    public static Proto.RetrieveUsagesResponse ToProto(IReadOnlyList<string> requestedIds, IReadOnlyList<ChannelUsage?> records, List<UsageField> fields)
    {
        ArgumentNullException.ThrowIfNull(requestedIds);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(fields);
        var keep = fields.Count == 0 ? null : new HashSet<UsageField>(fields) { UsageFields.Id };
        var response = new Proto.RetrieveUsagesResponse();
        for (var i = 0; i < records.Count; i++)
        {
            var record = new Proto.RetrievedUsage { RequestedId = requestedIds[i], Found = records[i] is not null };
            if (records[i] is { } usage)
            {
                record.Usage = keep is null ? usage.ToProto() : QueryMapping.Project(usage.ToProto(), keep);
            }

            response.Records.Add(record);
        }

        return response;
    }

    private static string Shorten(string text)
        => text.Length <= Limits.MaxFieldNameLength ? text : string.Concat(text.AsSpan(0, Limits.MaxFieldNameLength), "…");
}
