using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The token-signing keys of Security:Jwt:KeyFile: a JWKS document (JSON), or PEM holding RSA or
/// EC public keys and/or certificates. Private keys in the file are not needed and not kept.
/// </summary>
internal static class JwtSigningKeys
{
    public static IReadOnlyList<SecurityKey> Load(string path)
    {
        var text = File.ReadAllText(path);
        return text.TrimStart().StartsWith('{') ? FromJwks(text) : FromPem(text);
    }

    private static List<SecurityKey> FromJwks(string json)
        => new JsonWebKeySet(json).GetSigningKeys().ToList();

    private static List<SecurityKey> FromPem(string pem)
    {
        var keys = new List<SecurityKey>();
        foreach (var block in PemBlocks(pem))
        {
            switch (block.Label)
            {
                case "CERTIFICATE":
                    keys.Add(new X509SecurityKey(X509CertificateLoader.LoadCertificate(block.Data)));
                    break;
                case "PUBLIC KEY":
                    keys.Add(FromSubjectPublicKeyInfo(block.Data));
                    break;
                case "RSA PUBLIC KEY":
                    var rsa = RSA.Create();
                    rsa.ImportRSAPublicKey(block.Data, out _);
                    keys.Add(new RsaSecurityKey(rsa));
                    break;
            }
        }

        return keys;
    }

    private static SecurityKey FromSubjectPublicKeyInfo(byte[] der)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return new RsaSecurityKey(rsa);
        }
        catch (CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(der, out _);
            return new ECDsaSecurityKey(ec);
        }
    }

    private static IEnumerable<(string Label, byte[] Data)> PemBlocks(string pem)
    {
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var data = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            yield return (label, data);
            rest = rest[fields.Location.End..];
        }
    }
}
