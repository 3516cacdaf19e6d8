using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Routing.Ids;

namespace MessagingChannelUsage.Gateway.Tests.Security;

/// <summary>The permission rule of domain.md §11 as a table: scopes, channels, every kind of RPC.</summary>
public sealed class AccessEvaluatorTests
{
    // 15-character ids (valid as they are); their 18-character forms carry a computed suffix.
    private const string ChannelA = "0Mj000000000AAA";
    private const string ChannelB = "0Mj000000000BBB";
    private static readonly string ChannelA18 = SalesforceId.To18(ChannelA);

    public static TheoryData<string?, Enum> ScopeCases => new()
    {
        { null, Permissions.None },
        { "", Permissions.None },
        { "openid profile", Permissions.None },
        { "messaging.route", Permissions.Route },
        { "messaging.read", Permissions.Read },
        { "messaging.admin", Permissions.Admin | Permissions.Read },
        { "messaging.route messaging.admin", Permissions.All },
        { "  messaging.read   messaging.route ", Permissions.Read | Permissions.Route },
        { "MESSAGING.ROUTE", Permissions.None },
        { "messaging.routex", Permissions.None },
    };

    [Theory]
    [MemberData(nameof(ScopeCases))]
    public void Scopes_Parse_GivesThePermissionsOfOurScopesOnly(string? scopes, Enum expected)
        => Assert.Equal(expected, (Enum)Scopes.Parse(scopes));

    [Theory]
    [InlineData(null, true, 0)]
    [InlineData("*", true, 0)]
    [InlineData("0Mj000000000AAA *", true, 0)]
    [InlineData("0Mj000000000AAA", false, 1)]
    [InlineData("0Mj000000000AAA 0Mj000000000BBB", false, 2)]
    [InlineData("0Mj000000000AAA,0Mj000000000BBB", false, 2)]
    [InlineData("0Mj000000000AAA 0Mj000000000AAA", false, 1)]
    [InlineData("0Mj000000000AAAXYZ", false, 0)]
    [InlineData("not-an-id 0Mu000000000AAA", false, 0)]
    [InlineData("", false, 0)]
    public void ChannelAccess_Parse_KeepsChannelIdsOrAll(string? claim, bool all, int count)
    {
        var access = ChannelAccess.Parse(claim);
        Assert.Equal(all, access.IsAll);
        Assert.Equal(count, access.Channels.Count);
    }

    [Theory]
    [InlineData(ChannelA, ChannelA, true)]
    [InlineData(ChannelA, ChannelB, false)]
    [InlineData(ChannelA, "", false)]
    [InlineData(ChannelA, null, false)]
    [InlineData(ChannelA, "0mj000000000aaa", false)]
    [InlineData("*", "anything", true)]
    public void ChannelAccess_Allows_OnlyTheListedChannels(string claim, string? channelId, bool allowed)
        => Assert.Equal(allowed, ChannelAccess.Parse(claim).Allows(channelId));

    [Fact]
    public void ChannelAccess_Allows_Matches15And18CharacterFormsOfOneId()
    {
        Assert.True(ChannelAccess.Parse(ChannelA).Allows(ChannelA18));
        Assert.True(ChannelAccess.Parse(ChannelA18).Allows(ChannelA));
        Assert.True(ChannelAccess.Parse(ChannelA18).Allows(ChannelA18));
        Assert.False(ChannelAccess.Parse(ChannelA18).Allows(SalesforceId.To18(ChannelB)));
    }

    public static TheoryData<Enum, Enum, bool, Enum, Enum> ScopeRuleCases => new()
    {
        // required, channel rule, caller limited to a channel, caller's permissions → outcome
        { Permissions.Route, ChannelRule.Request, false, Permissions.Route, AccessOutcome.Allowed },
        { Permissions.Route, ChannelRule.Request, false, Permissions.Read, AccessOutcome.PermissionDenied },
        { Permissions.Route, ChannelRule.Request, false, Permissions.Admin | Permissions.Read, AccessOutcome.PermissionDenied },
        { Permissions.Read, ChannelRule.Request, false, Permissions.Admin | Permissions.Read, AccessOutcome.Allowed },
        { Permissions.Read, ChannelRule.Filtered, false, Permissions.Route, AccessOutcome.PermissionDenied },
        { Permissions.Admin, ChannelRule.Request, false, Permissions.Read, AccessOutcome.PermissionDenied },
        { Permissions.Admin, ChannelRule.Request, true, Permissions.All, AccessOutcome.Allowed },
        { Permissions.Admin, ChannelRule.EveryChannel, true, Permissions.All, AccessOutcome.PermissionDenied },
        { Permissions.Admin, ChannelRule.EveryChannel, false, Permissions.All, AccessOutcome.Allowed },
        { Permissions.Read, ChannelRule.None, true, Permissions.Read, AccessOutcome.Allowed },
        { Permissions.Read, ChannelRule.None, false, Permissions.None, AccessOutcome.PermissionDenied },
        { Permissions.None, ChannelRule.None, false, Permissions.None, AccessOutcome.Allowed },
    };

    [Theory]
    [MemberData(nameof(ScopeRuleCases))]
    public void CheckScope_NeedsTheRulesPermissionAndEveryChannelWhereTheRuleSaysSo(
        Enum required, Enum channels, bool limited, Enum held, Enum expected)
    {
        var rule = new RpcRule("/x.Y/Z", (Permissions)required, (ChannelRule)channels, null, LimitGroup.Admin);
        var caller = new Caller("svc", (Permissions)held, limited ? ChannelAccess.Parse(ChannelA) : ChannelAccess.All);
        Assert.Equal(expected, (Enum)AccessEvaluator.CheckScope(caller, rule));
    }

    [Fact]
    public void CheckScope_WithoutACaller_IsUnauthenticatedExceptForPublicCalls()
    {
        Assert.Equal(AccessOutcome.Unauthenticated, AccessEvaluator.CheckScope(null, RpcRules.Reflection));
        Assert.Equal(AccessOutcome.Allowed, AccessEvaluator.CheckScope(null, RpcRules.Health));
    }

    public static TheoryData<string?, string?[], Enum> ChannelCases => new()
    {
        { ChannelA, [ChannelA], AccessOutcome.Allowed },
        { ChannelA, [ChannelA, ChannelA], AccessOutcome.Allowed },
        { ChannelA, [ChannelB], AccessOutcome.PermissionDenied },
        { ChannelA, [ChannelA, ChannelB], AccessOutcome.PermissionDenied },
        { ChannelA, [null], AccessOutcome.PermissionDenied },
        { ChannelA, [], AccessOutcome.Allowed },
        { null, [ChannelB, null], AccessOutcome.Allowed },
    };

    [Theory]
    [MemberData(nameof(ChannelCases))]
    public void CheckChannels_DeniesAForeignOrUnknownRecordAlike(string? claim, string?[] touched, Enum expected)
    {
        var caller = new Caller("svc", Permissions.All, ChannelAccess.Parse(claim));
        Assert.Equal(expected, (Enum)AccessEvaluator.CheckChannels(caller, touched));
    }
}
