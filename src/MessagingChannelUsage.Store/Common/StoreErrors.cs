using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Store.Common;

/// <summary>The store's expected failures, built in one place so both stores word them alike.</summary>
internal static class StoreErrors
{
    private static long unavailableCount;

    public static DomainException StaleModstamp(string entity, string id) => new(
        ErrorKind.Aborted,
        ErrorCodes.EntityFailedIfLastModifiedOnUpdate,
        "SystemModstamp",
        $"The {entity} {id} was modified since it was read (SystemModstamp differs); read it again and retry.");

    public static DomainException NotFound(string entity, string id) => new(
        ErrorKind.NotFound,
        ErrorCodes.NotFound,
        "Id",
        $"No {entity} with id {id}.");

    public static DomainException DuplicateId(string entity, string id) => new(
        ErrorKind.AlreadyExists,
        ErrorCodes.DuplicateValue,
        "Id",
        $"A {entity} with id {id} already exists.");

    public static DomainException DuplicateDeveloperName(string developerName) => new(
        ErrorKind.AlreadyExists,
        ErrorCodes.DuplicateValue,
        "DeveloperName",
        $"The DeveloperName {developerName} is already used by another MessagingChannel.");

    public static DomainException DuplicateDeploymentType(string channelId, string deploymentType) => new(
        ErrorKind.AlreadyExists,
        ErrorCodes.DuplicateValue,
        "DeploymentType",
        $"The MessagingChannel {channelId} already has a {deploymentType} usage.");

    public static DomainException TooManyUsages(string channelId) => new(
        ErrorKind.AlreadyExists,
        ErrorCodes.DuplicateValue,
        "DeploymentType",
        $"The MessagingChannel {channelId} already has three usages (the most a channel can have).");

    public static DomainException UnknownChannelReference(string channelId) => new(
        ErrorKind.InvalidArgument,
        ErrorCodes.InvalidCrossReferenceKey,
        "MessagingChannelId",
        $"No MessagingChannel with id {channelId}.");

    /// <summary>The guard of every store's replace: a usage keeps its channel and its type for life.</summary>
    public static void ThrowIfKeyFieldChanged(ChannelUsage previous, ChannelUsage updated)
    {
        if (!string.Equals(previous.MessagingChannelId, updated.MessagingChannelId, StringComparison.Ordinal))
        {
            throw ImmutableField("MessagingChannelId", updated.Id);
        }

        if (previous.DeploymentType != updated.DeploymentType)
        {
            throw ImmutableField("DeploymentType", updated.Id);
        }
    }

    public static DomainException ImmutableField(string field, string id) => new(
        ErrorKind.InvalidArgument,
        ErrorCodes.InvalidFieldForInsertUpdate,
        field,
        $"{field} of {id} cannot be changed after create.");

    public static DomainException ClosedSessionReopened(string sessionId) => new(
        ErrorKind.FailedPrecondition,
        ErrorCodes.FieldIntegrityException,
        "Status",
        $"The MessagingSession {sessionId} is Ended or Error; a closed session cannot be reopened.");

    /// <summary>
    /// The client sees what failed and a short cause, never the Redis client's own message (it
    /// carries thread-pool counters, endpoints and command names: internals, and noise to a client).
    /// The operator finds the full exception in the store's outage warning.
    /// </summary>
    public static DomainException Unavailable(string what, Exception inner)
    {
        Interlocked.Increment(ref unavailableCount);
        return new(
            ErrorKind.Unavailable,
            ErrorCodes.StoreUnavailable,
            null,
            $"The store is unavailable ({what}: {Cause(inner)}); retry later.");
    }

    /// <summary>Calls failed with STORE_UNAVAILABLE in this process (the outage summary reports the difference).</summary>
    public static long UnavailableCount => Interlocked.Read(ref unavailableCount);

    /// <summary>A short, stable word for the kind of store failure.</summary>
    public static string Cause(Exception exception) => exception switch
    {
        StackExchange.Redis.RedisTimeoutException or TimeoutException or OperationCanceledException => "timed out",
        StackExchange.Redis.RedisConnectionException => "not connected",
        StackExchange.Redis.RedisServerException server when server.Message.StartsWith("LOADING", StringComparison.Ordinal) => "loading its data",
        StackExchange.Redis.RedisServerException => "refused by the server",
        _ => "failed",
    };
}
