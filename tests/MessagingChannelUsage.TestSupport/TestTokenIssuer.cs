using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.TestSupport;

/// <summary>
/// An OAuth issuer for tests, with no external IdP: an RSA and an EC key generated when it is
/// created, their public keys written as PEM and JWKS files for the gateway's
/// Security:Jwt:KeyFile, and tokens minted with any claims, lifetime, issuer or audience. A
/// second, unrelated RSA key makes tokens with a bad signature.
/// </summary>
public sealed class TestTokenIssuer : IDisposable
{
    public const string Issuer = "https://issuer.test/";
    public const string Audience = "messaging-gateway";

    private readonly RSA rsa = RSA.Create(2048);
    private readonly ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA stranger = RSA.Create(2048);
    private readonly JsonWebTokenHandler handler = new();

    public TestTokenIssuer()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mcu-tokens-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        RsaPemFile = Path.Combine(Directory, "rsa-public.pem");
        File.WriteAllText(RsaPemFile, rsa.ExportSubjectPublicKeyInfoPem());
        EcPemFile = Path.Combine(Directory, "ec-public.pem");
        File.WriteAllText(EcPemFile, ec.ExportSubjectPublicKeyInfoPem());
        BothPemFile = Path.Combine(Directory, "both-public.pem");
        File.WriteAllText(BothPemFile, rsa.ExportSubjectPublicKeyInfoPem() + "\n" + ec.ExportSubjectPublicKeyInfoPem());
        JwksFile = Path.Combine(Directory, "jwks.json");
        File.WriteAllText(JwksFile, Jwks());
    }

    /// <summary>Where the key files are (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>The RSA public key, PEM.</summary>
    public string RsaPemFile { get; }

    /// <summary>The EC (P-256) public key, PEM.</summary>
    public string EcPemFile { get; }

    /// <summary>Both public keys in one PEM file.</summary>
    public string BothPemFile { get; }

    /// <summary>Both public keys as a JWKS document (kid "rsa" and "ec").</summary>
    public string JwksFile { get; }

    /// <summary>Gateway settings that trust this issuer (bearer tokens only).</summary>
    public Dictionary<string, string?> GatewaySettings(string? keyFile = null) => new()
    {
        ["Security:Jwt:KeyFile"] = keyFile ?? BothPemFile,
        ["Security:Jwt:Issuer"] = Issuer,
        ["Security:Jwt:Audience"] = Audience,
    };

    /// <summary>A token; by default valid now for 10 minutes, RS256, this issuer and audience.</summary>
    public string Mint(
        string subject,
        string? scopes,
        string? channels = null,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string issuer = Issuer,
        string audience = Audience,
        TokenKey key = TokenKey.Rsa)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (scopes is not null)
        {
            claims["scope"] = scopes;
        }

        if (channels is not null)
        {
            claims["channels"] = channels;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = key switch
            {
                TokenKey.Ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = "ec" }, SecurityAlgorithms.EcdsaSha256),
                TokenKey.Stranger => new SigningCredentials(new RsaSecurityKey(stranger) { KeyId = "rsa" }, SecurityAlgorithms.RsaSha256),
                _ => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "rsa" }, SecurityAlgorithms.RsaSha256),
            },
        };
        return handler.CreateToken(descriptor);
    }

    /// <summary>A token that expired five minutes ago (beyond the one-minute skew).</summary>
    public string MintExpired(string subject, string scopes)
        => Mint(subject, scopes, notBefore: DateTime.UtcNow.AddMinutes(-20), expires: DateTime.UtcNow.AddMinutes(-5));

    public void Dispose()
    {
        rsa.Dispose();
        ec.Dispose();
        stranger.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private string Jwks()
    {
        var rsaKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "rsa" });
        var ecKey = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec) { KeyId = "ec" });
        ecKey.D = null;
        var keys = new[]
        {
            new Dictionary<string, string?> { ["kty"] = "RSA", ["kid"] = "rsa", ["use"] = "sig", ["alg"] = "RS256", ["n"] = rsaKey.N, ["e"] = rsaKey.E },
            new Dictionary<string, string?> { ["kty"] = "EC", ["kid"] = "ec", ["use"] = "sig", ["alg"] = "ES256", ["crv"] = ecKey.Crv, ["x"] = ecKey.X, ["y"] = ecKey.Y },
        };
        return JsonSerializer.Serialize(new { keys });
    }
}

/// <summary>Which key signs a test token.</summary>
public enum TokenKey
{
    Rsa,
    Ec,

    /// <summary>A key the gateway does not trust: a bad signature.</summary>
    Stranger,
}
