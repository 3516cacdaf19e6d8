using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Routing.Routing;

namespace MessagingChannelUsage.Routing.Tests.Routing;

/// <summary>
/// The hot path allocates nothing for ASCII text: counted with the thread's allocation counter,
/// which is exact and deterministic (this is not a timing assertion).
/// </summary>
public class RouterAllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public void RoutingAsciiMessages_AllocatesNothing()
    {
        var both = TestChannels.FromSpec("Conversation=Active;MJ=Active,MJKeywordsOnly,DoubleOptIn")!;
        var nonSession = TestChannels.FromSpec("Conversation=Active;MJ=Active,NonSessionMessages")!;
        var disabled = TestChannels.FromSpec("Conversation=Disabled;MJ=Disabled")!;
        var user = TestChannels.User(ConsentStatus.ImplicitlyOptedIn, openSession: false);
        var inSession = TestChannels.User(ConsentStatus.ExplicitlyOptedIn, openSession: true);
        string[] texts = ["JOIN now", "hello there, I need help with my order", "STOP", "  yes! ", "confirm", "opt   out", "", "Help?"];

        var sink = 0;
        void RouteAll()
        {
            for (var i = 0; i < Calls; i++)
            {
                var text = texts[i % texts.Length];
                sink += (int)Router.RouteInbound(both, text, user).Reason;
                sink += (int)Router.RouteInbound(nonSession, text, inSession).Reason;
                sink += (int)Router.RouteInbound(disabled, text, user).Reason;
                sink += (int)Router.RouteInbound(null, text, user).Reason;
                var classification = Router.Classify(both, text);
                sink += Router.NeedsEndUserState(both, classification) ? 1 : 0;
                sink += (int)Router.DecideOutbound(both, inSession, Handler.JourneyBuilder).Reason;
                sink += (int)Router.DecideOutbound(nonSession, user, Handler.OmniChannel).Reason;
            }
        }

        RouteAll(); // JIT and tiering first.
        var before = GC.GetAllocatedBytesForCurrentThread();
        RouteAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sink);
    }
}
