using MessagingChannelUsage.LoadTests.Engine;

namespace MessagingChannelUsage.LoadTests.Tests;

public class LoadSimulationParserTests
{
    [Fact]
    public void Parse_EveryForm_GivesTheMatchingSimulation()
    {
        Assert.Equal(new KeepConstant(64, TimeSpan.FromSeconds(20)), LoadSimulationParser.Parse("keep=64,20s"));
        Assert.Equal(new RampingConstant(128, TimeSpan.FromSeconds(10)), LoadSimulationParser.Parse("ramp-keep=128,10s"));
        Assert.Equal(new Inject(5000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)), LoadSimulationParser.Parse("inject=5000/1s,20s"));
        Assert.Equal(new Inject(50, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1.5)), LoadSimulationParser.Parse("inject=50/100ms,1.5m"));
        Assert.Equal(new RampingInject(10000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), LoadSimulationParser.Parse("ramp-inject=10000,10s"));
        Assert.Equal(new Pause(TimeSpan.FromMilliseconds(250)), LoadSimulationParser.Parse("pause=250ms"));
    }

    [Theory]
    [InlineData("keep=64")]
    [InlineData("keep=64/1s,10s")]
    [InlineData("inject=5000/1s,20")]
    [InlineData("constant=5,5s")]
    [InlineData("inject=10/0s,5s")]
    public void Parse_MalformedText_IsAFormatErrorThatShowsTheForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => LoadSimulationParser.Parse(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }
}
