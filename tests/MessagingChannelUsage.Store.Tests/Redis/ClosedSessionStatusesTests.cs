using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Redis;

namespace MessagingChannelUsage.Store.Tests.Redis;

/// <summary>
/// The Lua scripts compare a session's stored status with the numbers 7 and 8 (a script cannot
/// call the core). This pins those numbers to the core's rule: if the closed statuses change,
/// this fails and points at the scripts.
/// </summary>
public sealed class ClosedSessionStatusesTests
{
    [Fact]
    public void TheCoresClosedStatuses_AreSevenAndEight_TheNumbersTheScriptsUse()
    {
        var closed = Enum.GetValues<SessionStatus>().Where(s => !SessionStatuses.IsOpen(s)).Select(s => (int)s);

        Assert.Equal(new[] { 7, 8 }, closed);
    }

    [Theory]
    [InlineData(nameof(RedisScripts.Apply), "sst ~= '7' and sst ~= '8'")]
    [InlineData(nameof(RedisScripts.UpdateSessionStatus), "st == '7' or st == '8'")]
    [InlineData(nameof(RedisScripts.UpdateSessionStatus), "ARGV[1] == '7' or ARGV[1] == '8'")]
    [InlineData(nameof(RedisScripts.EndOpenSessions), "st ~= '7' and st ~= '8'")]
    public void EveryScriptThatTellsOpenFromClosed_UsesSevenAndEight(string script, string check)
    {
        var text = (string)typeof(RedisScripts).GetField(script)!.GetValue(null)!;

        Assert.Contains(check, text, StringComparison.Ordinal);
    }
}
