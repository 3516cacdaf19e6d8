namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// Size limits of requests at the edge (record fields: the routing core's Limits, checked by its
/// validators), checked before anything else so an oversize request never reaches the store.
/// </summary>
internal static class RequestLimits
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
    /// A query cursor carries the SOQL text it continues, so it may be as long as the query
    /// engine's own cap (a 1024 cap would break queryMore for queries over ~750 characters).
    /// </summary>
    public const int QueryCursor = MessagingChannelUsage.Routing.Query.QueryEngine.MaxCursorLength;
    /// <summary>Salesforce's retrieve() takes at most 2000 ids.</summary>
    public const int RetrieveIds = 2000;
    public const int FieldNames = 100;
    public const int FieldNameText = 80;
    /// <summary>A page of a list RPC when the request does not say.</summary>
    public const int DefaultPageSize = 100;
    /// <summary>ListChannels page size cap.</summary>
    public const int MaxChannelPageSize = 2000;
    /// <summary>ListSessions page size cap.</summary>
    public const int MaxSessionPageSize = 1000;
    /// <summary>MessagingSession.EndReason.</summary>
    public const int MaxEndReasonLength = 255;
}
