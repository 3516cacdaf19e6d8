namespace MessagingChannelUsage.Routing.Ids;

/// <summary>Salesforce key prefixes (the first three characters of an id), domain.md §6.</summary>
public static class KeyPrefixes
{
    public const string MessagingChannel = "0Mj";
    public const string MessagingSession = "0Mw";
    public const string MessagingEndUser = "0PA";

    /// <summary>
    /// MessagingChannelUsage: a fixed prefix of this project's choosing (domain.md §6 leaves it
    /// open). "0Mu" = Messaging usage; it does not collide with the three prefixes above.
    /// </summary>
    public const string MessagingChannelUsage = "0Mu";
}
