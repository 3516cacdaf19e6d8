namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>Options of the host (configuration section "Gateway").</summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Where Kestrel listens when neither Gateway:Urls nor ASPNETCORE_URLS/--urls says.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5051";

    /// <summary>Requests of one RouteStream routed at once unless Gateway:StreamWindow says.</summary>
    public const int DefaultStreamWindow = 32;

    /// <summary>
    /// Listen addresses, ';'-separated, HTTP/2 cleartext (h2c), e.g. "http://0.0.0.0:5051". Wins
    /// over ASPNETCORE_URLS / --urls. Port 0 picks a free port (tests).
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>
    /// Listen addresses of the REST surface (Salesforce REST for MessagingChannelUsage), HTTP/1.1
    /// and HTTP/2; null = http://127.0.0.1:5052, empty = off. Read by RestHostingExtensions.
    /// </summary>
    public string? RestUrls { get; set; }

    /// <summary>Seed the demo channels at start-up. Null = yes on the Memory store, no on Redis.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Largest request message accepted (bytes). Routed messages are ≤ ~17 KiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 64 * 1024;

    /// <summary>
    /// How many requests of one RouteStream are routed at once (answers still go out in request
    /// order; one end user's messages never overtake each other). 1 = one at a time.
    /// </summary>
    public int StreamWindow { get; set; } = DefaultStreamWindow;

    /// <summary>WatchChanges calls one caller may hold open at once; one more is ResourceExhausted.</summary>
    public int MaxWatchersPerCaller { get; set; } = 8;

    /// <summary>
    /// Give memory back to the operating system when the gateway goes quiet after a burst (one
    /// blocking full collection, <see cref="IdleMemoryTrim"/>). False leaves it to the GC alone.
    /// </summary>
    public bool IdleMemoryTrim { get; set; } = true;

    /// <summary>
    /// Kestrel's socket buffers come from the gateway's pool of ordinary (movable) 4-KB arrays that
    /// lets go of blocks unused for 10–20 s (<see cref="Memory.ReleasingBlockPool"/>), so what slow
    /// clients held is given back after they close. False: Kestrel's own pinned block pool, which
    /// evicts over minutes into a heap that is never compacted.
    /// </summary>
    public bool ReleaseIdleBuffers { get; set; } = true;
}
