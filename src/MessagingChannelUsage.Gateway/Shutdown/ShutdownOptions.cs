namespace MessagingChannelUsage.Gateway.Shutdown;

/// <summary>How the gateway stops (configuration section "Gateway", next to <see cref="Hosting.GatewayOptions"/>).</summary>
internal sealed class ShutdownOptions
{
    public const string SectionName = Hosting.GatewayOptions.SectionName;

    /// <summary>
    /// The host's shutdown timeout (HostOptions.ShutdownTimeout): how long in-flight calls and
    /// hosted services get after SIGTERM before what is left is aborted.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open RouteStream keeps reading after shutdown began. A client that finishes
    /// its stream earlier ends normally; after this the gateway stops reading, answers every
    /// request it has read and ends the call with UNAVAILABLE (resend the rest elsewhere).
    /// Must be shorter than <see cref="ShutdownTimeout"/> so streams end before the abort.
    /// </summary>
    public TimeSpan StreamDrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
