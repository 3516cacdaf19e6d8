using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Entry point of the SOQL subset (domain.md §7): text → checked <see cref="SoqlQuery"/>.
/// Every failure is a <see cref="DomainException"/>: MALFORMED_QUERY (syntax, with the 1-based
/// position and what was expected), INVALID_FIELD (unknown field, field used where its property
/// is missing, value of the wrong type), INVALID_TYPE (FROM another object).
/// </summary>
public static class SoqlParser
{
    /// <summary>
    /// Longest query accepted. Salesforce allows 100,000 characters, but a query over this one
    /// object with eleven fields never needs more than a few hundred; the cap bounds parse work
    /// and the size of queryMore cursors (which carry the text). Longer → ResourceExhausted +
    /// MALFORMED_QUERY (size limits are ResourceExhausted in domain.md §5).
    /// </summary>
    public const int MaxLength = Limits.MaxSoqlLength;

    public static SoqlQuery Parse(string soql)
    {
        if (string.IsNullOrWhiteSpace(soql))
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.MalformedQuery, null,
                "empty query at position 1, expected SELECT");
        }

        if (soql.Length > MaxLength)
        {
            throw new DomainException(ErrorKind.ResourceExhausted, ErrorCodes.MalformedQuery, null,
                $"query is {soql.Length:N0} characters long; the limit is {MaxLength:N0}");
        }

        var syntax = SoqlSyntaxParser.Parse(soql);
        return SoqlBinder.Bind(soql, syntax);
    }
}
