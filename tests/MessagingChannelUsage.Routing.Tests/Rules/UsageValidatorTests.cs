using System.Collections.Immutable;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Routing.Tests.Rules;

/// <summary>
/// domain.md §2 rules 1-9, each valid and invalid, for create and update. Expected errors are
/// written "CODE:Field", sorted, joined by " | " (empty = valid).
/// </summary>
public class UsageValidatorTests
{
    private const string Dup = ErrorCodes.DuplicateValue;
    private const string Integrity = ErrorCodes.FieldIntegrityException;
    private const string Required = ErrorCodes.RequiredFieldMissing;
    private const string Picklist = ErrorCodes.InvalidOrNullForRestrictedPicklist;
    private const string NotWritable = ErrorCodes.InvalidFieldForInsertUpdate;
    private const string CrossRef = ErrorCodes.InvalidCrossReferenceKey;

    private static readonly UsageDraft Mj = new()
    {
        MessagingChannelId = FieldValue.Of<string?>(TestChannels.ChannelId),
        DeploymentType = Type(DeploymentType.MJ),
    };

    private static readonly UsageDraft Conversation = Mj with { DeploymentType = Type(DeploymentType.Conversation) };

    // Columns: case, draft, existing usages of the channel, channel kind (null = the channel does not exist), expected.
    public static TheoryData<string, UsageDraft, string, ChannelKind?, string> CreateRows => new()
    {
        { "minimal MJ on Unified", Mj, "", ChannelKind.Unified, "" },
        { "Conversation on Enhanced", Conversation, "", ChannelKind.Enhanced, "" },
        { "third usage", Mj, "Conversation=Active;MessagingEngagement=New", ChannelKind.Unified, "" },
        { "every createable field", Mj with { DeploymentStatus = Status(DeploymentStatus.Error), ConsentType = FieldValue.Of<int?>(3), ErrorReason = FieldValue.Of<int?>(4), RoutingOverride = FieldValue.Of<int?>(2) }, "", ChannelKind.Unified, "" },
        { "nillable fields given null", Mj with { ConsentType = FieldValue.Null<int>(), ErrorReason = FieldValue.Null<int>(), RoutingOverride = FieldValue.Null<int>() }, "", ChannelKind.Unified, "" },
        { "any status on create (Active)", Mj with { DeploymentStatus = Status(DeploymentStatus.Active) }, "", ChannelKind.Unified, "" },
        { "any status on create (Disabled)", Mj with { DeploymentStatus = Status(DeploymentStatus.Disabled) }, "", ChannelKind.Unified, "" },

        // Rule 1: at most three usages, one per DeploymentType.
        { "fourth usage", Mj, "Conversation=Active;MessagingEngagement=Active;MJ=Active", ChannelKind.Unified, $"{Dup}:DeploymentType | {Dup}:MessagingChannelId" },
        { "same DeploymentType twice", Mj, "MJ=New", ChannelKind.Unified, $"{Dup}:DeploymentType" },
        // Rule 2: Enhanced = exactly one usage, Conversation.
        { "MJ on Enhanced", Mj, "", ChannelKind.Enhanced, $"{Integrity}:DeploymentType" },
        { "second usage on Enhanced", Conversation, "Conversation=Active", ChannelKind.Enhanced, $"{Dup}:DeploymentType | {Integrity}:MessagingChannelId" },
        // Rule 3: RoutingOverride only with MJ.
        { "RoutingOverride on Conversation", Conversation with { RoutingOverride = FieldValue.Of<int?>(1) }, "", ChannelKind.Unified, $"{Integrity}:RoutingOverride" },
        { "RoutingOverride on MessagingEngagement", Mj with { DeploymentType = Type(DeploymentType.MessagingEngagement), RoutingOverride = FieldValue.Of<int?>(2) }, "", ChannelKind.Unified, $"{Integrity}:RoutingOverride" },
        { "null RoutingOverride on Conversation", Conversation with { RoutingOverride = FieldValue.Null<int>() }, "", ChannelKind.Unified, "" },
        // Rule 4: restricted picklists and non-nillable fields.
        { "unknown DeploymentType", Mj with { DeploymentType = FieldValue.Of<int?>(9) }, "", ChannelKind.Unified, $"{Picklist}:DeploymentType" },
        { "unknown DeploymentStatus", Mj with { DeploymentStatus = FieldValue.Of<int?>(0) }, "", ChannelKind.Unified, $"{Picklist}:DeploymentStatus" },
        { "unknown ConsentType", Mj with { ConsentType = FieldValue.Of<int?>(4) }, "", ChannelKind.Unified, $"{Picklist}:ConsentType" },
        { "unknown ErrorReason", Mj with { DeploymentStatus = Status(DeploymentStatus.Error), ErrorReason = FieldValue.Of<int?>(-1) }, "", ChannelKind.Unified, $"{Picklist}:ErrorReason" },
        { "unknown RoutingOverride", Mj with { RoutingOverride = FieldValue.Of<int?>(3) }, "", ChannelKind.Unified, $"{Picklist}:RoutingOverride" },
        { "DeploymentType null", Mj with { DeploymentType = FieldValue.Null<int>() }, "", ChannelKind.Unified, $"{Required}:DeploymentType" },
        { "DeploymentStatus null", Mj with { DeploymentStatus = FieldValue.Null<int>() }, "", ChannelKind.Unified, $"{Required}:DeploymentStatus" },
        // Rule 5: fields without the create property.
        { "Id given", Mj with { Id = FieldValue.Of<string?>("0Mu000000000001AAA") }, "", ChannelKind.Unified, $"{NotWritable}:Id" },
        { "DisabledTime given", Mj with { DisabledTime = FieldValue.Of<DateTimeOffset?>(TestChannels.Epoch) }, "", ChannelKind.Unified, $"{NotWritable}:DisabledTime" },
        { "DisabledTime given null", Mj with { DisabledTime = FieldValue.Null<DateTimeOffset>() }, "", ChannelKind.Unified, $"{NotWritable}:DisabledTime" },
        { "system dates given", Mj with { CreatedDate = FieldValue.Of<DateTimeOffset?>(TestChannels.Epoch), SystemModstamp = FieldValue.Of<DateTimeOffset?>(TestChannels.Epoch), LastModifiedDate = FieldValue.Of<DateTimeOffset?>(TestChannels.Epoch) }, "", ChannelKind.Unified, $"{NotWritable}:CreatedDate | {NotWritable}:LastModifiedDate | {NotWritable}:SystemModstamp" },
        // Rule 6: the channel exists; DeploymentType and MessagingChannelId are required.
        { "channel does not exist", Mj, "", null, $"{CrossRef}:MessagingChannelId" },
        { "channel id malformed", Mj with { MessagingChannelId = FieldValue.Of<string?>("not-an-id") }, "", null, $"{CrossRef}:MessagingChannelId" },
        { "channel id of another object", Mj with { MessagingChannelId = FieldValue.Of<string?>("001000000000001") }, "", null, $"{CrossRef}:MessagingChannelId" },
        { "channel id missing", Mj with { MessagingChannelId = default }, "", null, $"{Required}:MessagingChannelId" },
        { "channel id empty", Mj with { MessagingChannelId = FieldValue.Of<string?>("") }, "", null, $"{Required}:MessagingChannelId" },
        { "DeploymentType missing", Mj with { DeploymentType = default }, "", ChannelKind.Unified, $"{Required}:DeploymentType" },
        // Rule 8: ErrorReason only with Error.
        { "ErrorReason with the default status", Mj with { ErrorReason = FieldValue.Of<int?>(2) }, "", ChannelKind.Unified, $"{Integrity}:ErrorReason" },
        { "ErrorReason with Active", Mj with { DeploymentStatus = Status(DeploymentStatus.Active), ErrorReason = FieldValue.Of<int?>(2) }, "", ChannelKind.Unified, $"{Integrity}:ErrorReason" },
        // Several violations at once, each reported.
        { "everything wrong", new UsageDraft { ConsentType = FieldValue.Of<int?>(8), DisabledTime = FieldValue.Of<DateTimeOffset?>(TestChannels.Epoch), RoutingOverride = FieldValue.Of<int?>(1), ErrorReason = FieldValue.Of<int?>(1) }, "", null, $"{Integrity}:ErrorReason | {NotWritable}:DisabledTime | {Picklist}:ConsentType | {Required}:DeploymentType | {Required}:MessagingChannelId" },
    };

    [Theory]
    [MemberData(nameof(CreateRows))]
    public void ValidateCreate_ReportsEveryViolation(string name, UsageDraft draft, string existing, ChannelKind? kind, string expected)
    {
        Assert.NotNull(name);
        var channel = kind is { } k ? TestChannels.Channel(k) : null;
        var usages = TestChannels.FromSpec(existing)!.Usages;

        var errors = UsageValidator.ValidateCreate(draft, channel, usages);

        Assert.Equal(expected, Describe(errors));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    // Columns: case, existing usage (type, status), draft, upsert (unchanged key fields allowed), expected.
    public static TheoryData<string, DeploymentType, DeploymentStatus, UsageDraft, bool, string> UpdateRows => new()
    {
        { "ConsentType change", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { ConsentType = FieldValue.Of<int?>(2) }, false, "" },
        { "nothing given", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft(), false, "" },
        { "RoutingOverride on MJ", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { RoutingOverride = FieldValue.Of<int?>(2) }, false, "" },
        { "RoutingOverride cleared on MJ", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { RoutingOverride = FieldValue.Null<int>() }, false, "" },
        { "RoutingOverride on Conversation", DeploymentType.Conversation, DeploymentStatus.Active, new UsageDraft { RoutingOverride = FieldValue.Of<int?>(1) }, false, $"{Integrity}:RoutingOverride" },
        { "DeploymentType given", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { DeploymentType = Type(DeploymentType.MJ) }, false, $"{NotWritable}:DeploymentType" },
        { "MessagingChannelId given", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { MessagingChannelId = FieldValue.Of<string?>(TestChannels.ChannelId) }, false, $"{NotWritable}:MessagingChannelId" },
        { "DisabledTime given", DeploymentType.MJ, DeploymentStatus.Disabled, new UsageDraft { DisabledTime = FieldValue.Null<DateTimeOffset>() }, false, $"{NotWritable}:DisabledTime" },
        { "DeploymentStatus null", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { DeploymentStatus = FieldValue.Null<int>() }, false, $"{Required}:DeploymentStatus" },
        { "DeploymentStatus unknown", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { DeploymentStatus = FieldValue.Of<int?>(7) }, false, $"{Picklist}:DeploymentStatus" },
        { "ErrorReason while Active", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { ErrorReason = FieldValue.Of<int?>(1) }, false, $"{Integrity}:ErrorReason" },
        { "ErrorReason while Error", DeploymentType.MJ, DeploymentStatus.Error, new UsageDraft { ErrorReason = FieldValue.Of<int?>(1) }, false, "" },
        { "entering Error with a reason", DeploymentType.MJ, DeploymentStatus.Provisioning, new UsageDraft { DeploymentStatus = Status(DeploymentStatus.Error), ErrorReason = FieldValue.Of<int?>(4) }, false, "" },
        { "leaving Error with a reason", DeploymentType.MJ, DeploymentStatus.Error, new UsageDraft { DeploymentStatus = Status(DeploymentStatus.Provisioning), ErrorReason = FieldValue.Of<int?>(4) }, false, $"{Integrity}:ErrorReason" },
        { "illegal transition and a system field", DeploymentType.MJ, DeploymentStatus.New, new UsageDraft { DeploymentStatus = Status(DeploymentStatus.Active), SystemModstamp = FieldValue.Of<DateTimeOffset?>(TestChannels.Epoch) }, false, $"{Integrity}:DeploymentStatus | {NotWritable}:SystemModstamp" },
        { "upsert repeating its key", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { DeploymentType = Type(DeploymentType.MJ), MessagingChannelId = FieldValue.Of<string?>("0Mj000000000001"), ConsentType = FieldValue.Of<int?>(1) }, true, "" },
        { "upsert changing its key", DeploymentType.MJ, DeploymentStatus.Active, new UsageDraft { DeploymentType = Type(DeploymentType.Conversation) }, true, $"{NotWritable}:DeploymentType" },
    };

    [Theory]
    [MemberData(nameof(UpdateRows))]
    public void ValidateUpdate_ReportsEveryViolation(string name, DeploymentType type, DeploymentStatus status, UsageDraft draft, bool upsert, string expected)
    {
        Assert.NotNull(name);
        var existing = TestChannels.Usage(type, status);

        var errors = UsageValidator.ValidateUpdate(existing, draft, upsert);

        Assert.Equal(expected, Describe(errors));
    }

    [Fact]
    public void ErrorKinds_MapSizeDuplicateAndOtherViolations()
    {
        Assert.Equal(ErrorKind.ResourceExhausted, ErrorKinds.Of([new(ErrorCodes.StringTooLong, "X", "m"), new(Dup, "Y", "m")]));
        Assert.Equal(ErrorKind.AlreadyExists, ErrorKinds.Of([new(Dup, "Y", "m")]));
        Assert.Equal(ErrorKind.InvalidArgument, ErrorKinds.Of([new(Dup, "Y", "m"), new(Required, "Z", "m")]));
        var exception = ErrorKinds.ToException([new(Required, "Z", "m"), new(Dup, "Y", "m")]);
        Assert.Equal(Required, exception.Code);
        Assert.Equal(2, exception.Errors.Length);
    }

    internal static FieldValue<int?> Type(DeploymentType type) => FieldValue.Of<int?>((int)type);

    internal static FieldValue<int?> Status(DeploymentStatus status) => FieldValue.Of<int?>((int)status);

    private static string Describe(ImmutableArray<FieldError> errors)
        => string.Join(" | ", errors.Select(e => $"{e.Code}:{e.Field}").Order(StringComparer.Ordinal));
}
