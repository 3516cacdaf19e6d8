using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Admin;

/// <summary>
/// Size limits of admin requests (record fields: the routing core's Limits, checked by its validators), checked before anything else so an oversize request never
/// reaches the store and costs nothing but the check. Each violation is STRING_TOO_LONG
/// (ResourceExhausted) naming the field; every violation of a request is reported at once.
/// </summary>
internal static class AdminLimits
{
    /// <summary>
    /// An id-shaped string: its format (INVALID_ID_FIELD) is checked elsewhere; this only refuses
    /// strings far too long to be any id before they are parsed or echoed back in an error.
    /// </summary>
    public const int IdText = 255;
    /// <summary>A SOQL statement (Salesforce allows 100,000; our subset needs far less).</summary>
    public const int Soql = 20_000;
    /// <summary>ListChannels page tokens are an id; a long one is not ours.</summary>
    public const int PageToken = 1024;
    /// <summary>
    /// A query locator is short ("01g…-2000", at most QueryLocator.MaxLength); this cap only bounds
    /// what is read; a longer text that is not a locator is INVALID_QUERY_LOCATOR from the parser.
    /// </summary>
    public const int QueryCursor = 1024;
    /// <summary>Salesforce's retrieve() takes at most 2000 ids.</summary>
    public const int RetrieveIds = 2000;
    public const int FieldNames = 100;
    public const int FieldNameText = 80;
    /// <summary>ListChannels / Query page size cap.</summary>
    public const int MaxPageSize = 2000;

    /// <summary>Collects size violations of one request.</summary>
    public sealed class Check
    {
        private ImmutableArray<FieldError>.Builder? _errors;

        public Check Text(string? value, int max, string field)
        {
            if (value is not null && value.Length > max)
            {
                Add(field, $"{field} has {value.Length} characters; the limit is {max}.");
            }

            return this;
        }

        public Check Count(int count, int max, string field)
        {
            if (count > max)
            {
                Add(field, $"{field} has {count} entries; the limit is {max}.");
            }

            return this;
        }

        /// <summary>Throws ResourceExhausted with every violation, if any.</summary>
        public void ThrowIfAny()
        {
            if (_errors is { Count: > 0 })
            {
                throw new DomainException(ErrorKind.ResourceExhausted, _errors.ToImmutable());
            }
        }

        private void Add(string field, string message)
            => (_errors ??= ImmutableArray.CreateBuilder<FieldError>()).Add(new FieldError(ErrorCodes.StringTooLong, field, message));
    }
}
