namespace MessagingChannelUsage.Routing.Errors;

/// <summary>Salesforce-style status codes (domain.md §5). Sent as google.rpc.ErrorInfo.reason.</summary>
public static class ErrorCodes
{
    public const string RequiredFieldMissing = "REQUIRED_FIELD_MISSING";
    public const string InvalidOrNullForRestrictedPicklist = "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST";
    public const string FieldIntegrityException = "FIELD_INTEGRITY_EXCEPTION";
    public const string DuplicateValue = "DUPLICATE_VALUE";
    public const string InvalidFieldForInsertUpdate = "INVALID_FIELD_FOR_INSERT_UPDATE";
    public const string InvalidCrossReferenceKey = "INVALID_CROSS_REFERENCE_KEY";
    public const string InvalidIdField = "INVALID_ID_FIELD";
    public const string MalformedQuery = "MALFORMED_QUERY";
    public const string InvalidField = "INVALID_FIELD";
    public const string EntityFailedIfLastModifiedOnUpdate = "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE";
    public const string NotFound = "NOT_FOUND";
    /// <summary>FROM names an object other than MessagingChannelUsage (Salesforce: INVALID_TYPE).</summary>
    public const string InvalidType = "INVALID_TYPE";
    /// <summary>A queryMore cursor (page token) that is garbage, tampered or from another version.</summary>
    public const string InvalidQueryLocator = "INVALID_QUERY_LOCATOR";
    /// <summary>A text, list or request over its size limit (gRPC ResourceExhausted).</summary>
    public const string StringTooLong = "STRING_TOO_LONG";
    /// <summary>A JSON request body that cannot be read (not JSON, or a value of the wrong type); Salesforce's REST code.</summary>
    public const string JsonParserError = "JSON_PARSER_ERROR";
    /// <summary>A request body of a media type the call does not read (HTTP 415).</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    /// <summary>The store (Redis) cannot be reached; the call may be retried.</summary>
    public const string StoreUnavailable = "STORE_UNAVAILABLE";
    /// <summary>A change-stream resume token older than the retention, or not one of this store (Salesforce CDC's code).</summary>
    public const string InvalidReplayId = "INVALID_REPLAY_ID";
    /// <summary>A lifecycle step that is not allowed from the record's current status.</summary>
    public const string InvalidStatusTransition = FieldIntegrityException;
    /// <summary>A missing scope, or a channel outside the caller's list (gRPC PermissionDenied).</summary>
    public const string InsufficientAccess = "INSUFFICIENT_ACCESS_OR_READONLY";
    /// <summary>No credentials, or a token/certificate that failed validation (gRPC Unauthenticated).</summary>
    public const string InvalidSessionId = "INVALID_SESSION_ID";
    /// <summary>
    /// A per-caller rate or concurrency limit was reached, or too many calls of one kind are open
    /// (gRPC ResourceExhausted, with RetryInfo for a rate limit; Salesforce's limit code).
    /// </summary>
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
}
