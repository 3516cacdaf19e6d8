using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// A bearer token the JwtBearer handler validated in full, as <see cref="ValidatedTokens"/> keeps it.
/// </summary>
/// <param name="Principal">The handler's principal for the token (shared by the calls that present it; read-only by convention).</param>
/// <param name="Caller">The gateway's caller of the token (identity, permissions, channels).</param>
/// <param name="Expires">The token's exp: the entry is never used at or after it.</param>
/// <param name="SigningKey">The key that verified the signature: the entry is used only while this key is still trusted.</param>
/// <param name="Parameters">The validation parameters (issuer, audience, keys) it was checked against: other parameters, other entries.</param>
internal sealed record ValidatedToken(
    ClaimsPrincipal Principal,
    Caller Caller,
    DateTimeOffset Expires,
    SecurityKey SigningKey,
    TokenValidationParameters Parameters);
