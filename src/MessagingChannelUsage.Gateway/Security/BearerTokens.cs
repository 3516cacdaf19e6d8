using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The request's bearer token among the validated ones, looked up with the JwtBearer handler's
/// own options (the same validation parameters and keys), without entering the handler.
/// </summary>
internal sealed class BearerTokens(BearerTokenEvents events, IOptionsMonitor<JwtBearerOptions> options)
{
    public ValueTask<ValidatedToken?> FindAsync(HttpContext http)
        => events.FindAsync(http, options.Get(JwtBearerDefaults.AuthenticationScheme));
}
