namespace MessagingChannelUsage.Routing.Model;

/// <summary>One customer on one channel, created on first contact.</summary>
public sealed record MessagingEndUser
{
    public required string Id { get; init; }
    public required string MessagingChannelId { get; init; }
    public required string MessagingPlatformKey { get; init; }
    public ConsentStatus? ConsentStatus { get; init; }
    public string? OpenSessionId { get; init; }

    /// <summary>The language of the last keyword-set consent keyword the end user sent (domain.md §8); null if none.</summary>
    public string? PreferredLanguage { get; init; }
}

/// <summary>
/// What routing needs to know of an end user: read in one round trip, passed by reference into
/// the pure decision. <see cref="Unknown"/> means "never in contact" (no record yet).
/// </summary>
public readonly record struct EndUserState(
    string? EndUserId,
    ConsentStatus? ConsentStatus,
    string? OpenSessionId,
    SessionStatus? OpenSessionStatus,
    string? PreferredLanguage = null)
{
    public static EndUserState Unknown => default;

    public bool Exists => EndUserId is not null;

    /// <summary>True when the end user has a session that is neither Ended nor Error.</summary>
    public bool HasOpenSession => OpenSessionId is not null && OpenSessionStatus is { } s && SessionStatuses.IsOpen(s);
}
