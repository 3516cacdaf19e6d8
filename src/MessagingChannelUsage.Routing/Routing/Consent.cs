using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Routing.Routing;

/// <summary>Consent arithmetic of domain.md §4.2. Pure.</summary>
public static class Consent
{
    /// <summary>Implicit &lt; Explicit &lt; Doubly; null and OptedOut rank 0 (they meet nothing).</summary>
    public static int Rank(ConsentStatus? status) => status switch
    {
        ConsentStatus.ImplicitlyOptedIn => 1,
        ConsentStatus.ExplicitlyOptedIn => 2,
        ConsentStatus.DoublyOptedIn => 3,
        _ => 0,
    };

    /// <summary>The rank a usage's ConsentType requires; ImplicitOptIn and null require 1.</summary>
    public static int RequiredRank(ConsentType? type) => type switch
    {
        null or ConsentType.ImplicitOptIn => 1,
        ConsentType.ExplicitOptIn => 2,
        ConsentType.DoubleOptIn => 3,
        // An undefined number (never stored: the validator rejects it) is met by nothing.
        _ => int.MaxValue,
    };

    /// <summary>Does <paramref name="status"/> meet what <paramref name="type"/> requires for outbound?</summary>
    public static bool Meets(ConsentStatus? status, ConsentType? type) => Rank(status) >= RequiredRank(type);

    /// <summary>MessagingEndUser.IsFullyOptedIn for one usage: the status meets the usage's ConsentType.</summary>
    public static bool IsFullyOptedIn(ConsentStatus? status, ChannelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Meets(status, usage.ConsentType);
    }

    /// <summary>
    /// The consent after an opt-in keyword: ExplicitlyOptedIn from null, Implicitly or OptedOut;
    /// a keyword never lowers consent, so DoublyOptedIn stays.
    /// </summary>
    public static ConsentStatus AfterOptIn(ConsentStatus? status)
        => status == ConsentStatus.DoublyOptedIn ? ConsentStatus.DoublyOptedIn : ConsentStatus.ExplicitlyOptedIn;

    /// <summary>The consent after an ordinary message: implicit consent only to someone who has none.</summary>
    public static ConsentStatus AfterOrdinaryMessage(ConsentStatus? status) => status ?? ConsentStatus.ImplicitlyOptedIn;
}
