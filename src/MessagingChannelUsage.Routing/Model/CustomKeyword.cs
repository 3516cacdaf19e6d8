namespace MessagingChannelUsage.Routing.Model;

/// <summary>How a custom keyword is compared with a message (§4.3); numbers match the proto enum.</summary>
public enum KeywordMatch { WholeMessage = 1, FirstWord = 2 }

/// <summary>
/// An auto-reply (domain.md §8): a keyword that answers a common question without an agent, and
/// optionally hands the message to an application (<see cref="RouteTo"/>).
/// </summary>
public sealed record CustomKeyword
{
    public required string Keyword { get; init; }
    public required KeywordMatch Match { get; init; }
    public string? ReplyText { get; init; }

    /// <summary>Optional BCP 47 tag, reported as the decision's language.</summary>
    public string? Language { get; init; }

    /// <summary><see cref="Handler.None"/> = answer only; else the application that takes the message when its usage is active.</summary>
    public Handler RouteTo { get; init; } = Handler.None;
}
