namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>One page of a listing; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record StorePage<T>(IReadOnlyList<T> Items, string? NextPageToken);
