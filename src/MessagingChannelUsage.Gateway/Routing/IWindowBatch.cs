namespace MessagingChannelUsage.Gateway.Routing;

/// <summary>
/// Work that the items an <see cref="OrderedWindow{TRequest,TKey,TResult}"/> starts together may
/// share (RouteStream: their end-user reads that go to Redis are sent as one batched read). The
/// window's loop calls <see cref="Enter"/> right before it starts an item and <see cref="Exit"/>
/// right after, on its own thread, and <see cref="Send"/> before it waits for anything or flushes:
/// what the items queued must be on its way before anyone waits for it.
/// </summary>
internal interface IWindowBatch
{
    void Enter();

    void Exit();

    void Send();
}
