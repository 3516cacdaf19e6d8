using Microsoft.Extensions.Hosting;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>Says once at start how callers are treated (the one warning of anonymous mode).</summary>
internal sealed class SecurityAnnouncer(SecurityState state, IConfiguration configuration, ILogger<SecurityAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (state.Mode)
        {
            case SecurityMode.AnonymousLoopback:
                SecurityLog.AnonymousLoopback(logger);
                break;
            case SecurityMode.AnonymousAllowed:
                SecurityLog.AnonymousAllowed(logger, string.Join(", ", SecurityOptionsValidator.ListenUrls(configuration)));
                break;
            case SecurityMode.Authenticated:
                SecurityLog.Authenticated(logger, (state.JwtEnabled, state.CertificatesEnabled) switch
                {
                    (true, true) => "bearer tokens or client certificates",
                    (true, false) => "bearer tokens",
                    _ => "client certificates",
                });
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
