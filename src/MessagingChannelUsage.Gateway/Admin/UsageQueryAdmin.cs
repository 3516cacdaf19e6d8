using MessagingChannelUsage.Gateway.Mapping.Admin;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Metadata;
using MessagingChannelUsage.Routing.Query;
using MessagingChannelUsage.Store.Query;
using Proto = MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>
/// query()/queryMore() and describeSObjects() of MessagingChannelUsage. The SOQL is parsed and
/// checked against the field table before the store is read, so a malformed query
/// (MALFORMED_QUERY with its position) or a field used against its properties (INVALID_FIELD)
/// costs no store call.
/// </summary>
/// <remarks>
/// Decision: describe of an object other than MessagingChannelUsage is NotFound with
/// INVALID_TYPE (Salesforce's code for an sObject type it does not know) on field "name";
/// an empty name is InvalidArgument REQUIRED_FIELD_MISSING.
/// </remarks>
internal sealed class UsageQueryAdmin(UsageQueryPager pager)
{
    public async Task<Proto.QueryResponse> QueryAsync(Proto.QueryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new AdminLimits.Check()
            .Text(request.Soql, AdminLimits.Soql, "soql")
            .Text(request.PageToken, AdminLimits.QueryCursor, "page_token")
            .ThrowIfAny();
        if (request.PageToken.Length > 0)
        {
            return (await pager.QueryMoreAsync(request.PageToken, request.BatchSize, cancellationToken).ConfigureAwait(false)).ToProto();
        }

        if (string.IsNullOrWhiteSpace(request.Soql))
        {
            throw AdminErrors.Required("soql", "soql (or a page_token from a previous page) is required.");
        }

        var query = SoqlParser.Parse(request.Soql);
        // Checks the batch size before reading the store (a negative one is INVALID_FIELD).
        pager.BatchSize(request.BatchSize);
        return (await pager.QueryAsync(query, request.BatchSize, cancellationToken).ConfigureAwait(false)).ToProto();
    }

    public static Proto.DescribeSObjectResponse Describe(Proto.DescribeSObjectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Name))
        {
            throw AdminErrors.Required("name", "name (the sObject to describe) is required.");
        }

        if (!string.Equals(request.Name, UsageFields.ObjectName, StringComparison.OrdinalIgnoreCase))
        {
            var shown = request.Name.Length <= AdminLimits.FieldNameText ? request.Name : request.Name[..AdminLimits.FieldNameText] + "…";
            throw new DomainException(ErrorKind.NotFound, ErrorCodes.InvalidType, "name",
                $"sObject type '{shown}' is not supported; this API describes {UsageFields.ObjectName}.");
        }

        return DescribeMapping.DescribeUsage();
    }
}
