using System.Diagnostics;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// The decision tags go on a span only when someone records it: ASP.NET Core starts a span per
/// request for log correlation even when nothing traces, and tagging it cost bytes per message
/// (issue 12). The traced case end to end: <see cref="TracingTests"/>.
/// </summary>
public sealed class DecisionSpanTagsTests
{
    [Fact]
    public void ASpanWhoseSourceNobodyListensTo_GetsNoDecisionTags()
    {
        // What ASP.NET Core does without a listener: a plain Activity (its source is the unnamed default).
        using var span = new Activity("request").Start();

        GatewayTracing.Decided(span, "0Mj000000000001AAA", Handler.OmniChannel, RoutingReason.ServiceOnly);
        GatewayTracing.Failed(span, "0Mj000000000001AAA", "INVALID_ID_FIELD");

        Assert.Empty(span.TagObjects);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void ASpanOfASourceWithAListener_GetsTheDecisionTags()
    {
        using var source = new ActivitySource("DecisionSpanTagsTests." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => ReferenceEquals(candidate, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var span = source.StartActivity("request");

        GatewayTracing.Decided(span, "0Mj000000000001AAA", Handler.OmniChannel, RoutingReason.ServiceOnly);

        Assert.NotNull(span);
        Assert.Equal("0Mj000000000001AAA", span.GetTagItem(GatewayTracing.ChannelIdTag));
        Assert.Equal("HANDLER_OMNI_CHANNEL", span.GetTagItem(GatewayMetrics.HandlerTag));
        Assert.Equal("ROUTING_REASON_SERVICE_ONLY", span.GetTagItem(GatewayMetrics.ReasonTag));
    }
}
