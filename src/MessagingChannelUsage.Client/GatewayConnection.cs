using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace MessagingChannelUsage.Client;

/// <summary>
/// The channel of one mcu invocation: http:// (h2c) or https:// (TLS, optionally trusting only
/// --ca, optionally presenting --cert/--key), with the bearer token attached to every call.
/// </summary>
public static class GatewayConnection
{
    public static GrpcChannel Open(string address, string? token, string? caFile, string? certFile, string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(address);
        if ((certFile is null) != (keyFile is null))
        {
            throw new UsageException("--cert and --key go together.");
        }

        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (caFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authorities);
        }

        if (certFile is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }

        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
        if (!string.IsNullOrWhiteSpace(token))
        {
            var header = "Bearer " + token.Trim();
            options.Credentials = ChannelCredentials.Create(
                address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
                CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("authorization", header);
                    return Task.CompletedTask;
                }));

            // A token over h2c is for loopback and meshes that encrypt the hop (security.md).
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }

        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>The gateway's certificate chains to one of <paramref name="authorities"/> (name errors still count).</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
