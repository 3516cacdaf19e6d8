using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>What the start decided: the mode and which credentials are accepted. Options are validated at start, so this never sees a refused configuration serve.</summary>
internal sealed class SecurityState(IOptions<SecurityOptions> options, IConfiguration configuration)
{
    private readonly Lazy<SecurityMode> mode = new(() => SecurityModeRule.Decide(options.Value, SecurityOptionsValidator.ListenUrls(configuration)));

    public SecurityMode Mode => mode.Value;

    public bool JwtEnabled => options.Value.JwtConfigured;

    public bool CertificatesEnabled => options.Value.CertificatesConfigured;
}
