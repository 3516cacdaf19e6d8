namespace MessagingChannelUsage.Routing.Model;

// Domain enums use the same numbers as the proto enums (protos/messaging/v1/enums.proto), so
// mapping is a range-checked cast. Zero is never a domain value: a nullable picklist is `T?`.

/// <summary>Enhanced (one Conversation usage) or Unified (up to three usages).</summary>
public enum ChannelKind { Enhanced = 1, Unified = 2 }

public enum MessageType { WhatsApp = 1, Facebook = 2, AppleBusinessChat = 3, Line = 4, Text = 5 }

public enum ConsentType { ImplicitOptIn = 1, ExplicitOptIn = 2, DoubleOptIn = 3 }

public enum DeploymentStatus { New = 1, Provisioning = 2, Active = 3, Error = 4, Deprovisioning = 5, Disabled = 6 }

/// <summary>Conversation = Service Cloud; MessagingEngagement and MJ = Marketing Cloud.</summary>
public enum DeploymentType { Conversation = 1, MessagingEngagement = 2, MJ = 3 }

public enum ErrorReason { DeprovisioningError = 1, InternalError = 2, InvalidSelection = 3, ProvisioningError = 4 }

public enum RoutingOverride { MJKeywordsOnly = 1, NonSessionMessages = 2 }

/// <summary>The application that handles a message.</summary>
public enum Handler { None = 1, OmniChannel = 2, JourneyBuilder = 3 }

/// <summary>Why a message went where it went (domain.md §4).</summary>
public enum RoutingReason
{
    ChannelNotFound = 1,
    NoActiveUsage = 2,
    OptOutKeyword = 3,
    OptInKeyword = 4,
    HelpKeyword = 5,
    ServiceOnly = 6,
    MarketingOnly = 7,
    MarketingKeyword = 8,
    NotAMarketingKeyword = 9,
    ActiveServiceSession = 10,
    NoActiveServiceSession = 11,
    OptedOut = 12,
    UsageNotActive = 13,
    ConsentRequired = 14,
    SenderAllowed = 15,

    /// <summary>A custom keyword answered the message (domain.md §8).</summary>
    CustomKeyword = 16,
}

/// <summary>Consent of one end user on one channel; null (never in contact) is <c>ConsentStatus?</c>.</summary>
public enum ConsentStatus { ImplicitlyOptedIn = 1, ExplicitlyOptedIn = 2, DoublyOptedIn = 3, OptedOut = 4 }

public enum SessionStatus { New = 1, Waiting = 2, Active = 3, Inactive = 4, Paused = 5, Consent = 6, Ended = 7, Error = 8 }

public enum SessionOrigin { InboundInitiated = 1, AgentInitiated = 2, TriggeredOutbound = 3, OptIn = 4, OptOut = 5, Help = 6 }
