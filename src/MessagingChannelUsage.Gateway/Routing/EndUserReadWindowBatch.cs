using MessagingChannelUsage.Store.Caching;

namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>A RouteStream's window gathers the end-user reads of the items it starts together into one batched read.</summary>
internal sealed class EndUserReadWindowBatch(EndUserReadBatch reads) : IWindowBatch
{
    public void Enter() => reads.Enter();

    public void Exit() => reads.Exit();

    public void Send() => reads.Send();
}
