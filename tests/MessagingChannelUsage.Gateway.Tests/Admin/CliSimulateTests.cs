using System.CommandLine;
using MessagingChannelUsage.Client;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Admin;

/// <summary><c>mcu simulate</c> run in process against the real gateway.</summary>
[Collection(SharedGateway.Name)]
public sealed class CliSimulateTests(GatewayFixture fixture)
{
    [Fact]
    public async Task SimulateDeactivateMJ_PrintsTheCountsSideBySide_AndTheChangedDecisions()
    {
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var file = Path.Combine(Path.GetTempPath(), $"mcu-sim-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file, ["# a comment", "+1555000001|JOIN now", "+1555000002|hello", "+1555000001|hi|journey"]);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var parse = CliApp.BuildRootCommand().Parse(["simulate", "--channel", channel.Id, "--deactivate", "MJ", "--messages", file, "--address", fixture.Host.Address.ToString()]);

            var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Calls.Timeout);

            Assert.True(exit == 0, error.ToString());
            var text = output.ToString();
            Assert.Matches(@"JourneyBuilder\s+MarketingKeyword\s+1\s+0\s+-1", text);
            Assert.Matches(@"OmniChannel\s+ServiceOnly\s+0\s+2\s+\+2", text);
            Assert.Contains("3 of 3 decisions change:", text, StringComparison.Ordinal);
            Assert.Contains("#1 +1555000001 \"JOIN now\": JourneyBuilder MarketingKeyword (inbound.8) -> OmniChannel ServiceOnly (inbound.6)", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
