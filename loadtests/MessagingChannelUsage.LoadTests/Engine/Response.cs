namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>What a step's body answers (NBomber's <c>Response.Ok()</c> / <c>Response.Fail()</c>).</summary>
public readonly record struct Response(bool IsOk, string? StatusCode, string? Tag, string? Message)
{
    /// <summary>Success; <paramref name="tag"/> is counted in the report (e.g. the routing reason).</summary>
    public static Response Ok(string? tag = null) => new(true, null, tag, null);

    /// <summary>Failure with a status (a gRPC status name, or a client-side reason).</summary>
    public static Response Fail(string statusCode, string? message = null) => new(false, statusCode, null, message);
}
