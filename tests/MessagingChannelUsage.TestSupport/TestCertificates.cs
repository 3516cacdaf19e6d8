using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MessagingChannelUsage.TestSupport;

/// <summary>
/// A private PKI for TLS tests, made at test start: a CA, a server certificate for 127.0.0.1 /
/// localhost, a client certificate the CA signed, and one from an unrelated CA (untrusted).
/// The server certificate, its key and the CA bundle are written as PEM files for Kestrel and
/// Security:ClientCertificates:CaBundle.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestCertificates(string clientName = "connector-1")
    {
        Directory = Path.Combine(Path.GetTempPath(), "mcu-pki-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Ca = CreateCa("CN=mcu test CA");
        using var strangerCa = CreateCa("CN=stranger CA");
        Server = Issue(Ca, "CN=localhost", ServerAuth, san: true);
        Client = Issue(Ca, "CN=" + clientName, ClientAuth, san: false);
        UntrustedClient = Issue(strangerCa, "CN=" + clientName, ClientAuth, san: false);
        CaBundleFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaBundleFile, Ca.ExportCertificatePem());
        ServerCertificateFile = Path.Combine(Directory, "server.pem");
        ServerKeyFile = Path.Combine(Directory, "server-key.pem");
        WriteServer(Server);
        ClientCertificateFile = Path.Combine(Directory, "client.pem");
        ClientKeyFile = Path.Combine(Directory, "client-key.pem");
        File.WriteAllText(ClientCertificateFile, Client.ExportCertificatePem());
        using (var clientKey = Client.GetRSAPrivateKey()!)
        {
            File.WriteAllText(ClientKeyFile, clientKey.ExportPkcs8PrivateKeyPem());
        }
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; private set; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 UntrustedClient { get; }

    public string CaBundleFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    /// <summary>The trusted client certificate and its key, PEM (for mcu --cert/--key).</summary>
    public string ClientCertificateFile { get; }

    public string ClientKeyFile { get; }

    /// <summary>Kestrel's standard certificate settings for the server certificate.</summary>
    public Dictionary<string, string?> KestrelSettings() => new()
    {
        ["Kestrel:Certificates:Default:Path"] = ServerCertificateFile,
        ["Kestrel:Certificates:Default:KeyPath"] = ServerKeyFile,
    };

    /// <summary>Issues a new server certificate and writes it over the old files (a renewal).</summary>
    public X509Certificate2 RenewServer()
    {
        var renewed = Issue(Ca, "CN=localhost", ServerAuth, san: true);
        WriteServer(renewed);
        Server = renewed;
        return renewed;
    }

    /// <summary>Trusts exactly the test CA (for clients of the test server).</summary>
    public bool ValidateServer(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        UntrustedClient.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private void WriteServer(X509Certificate2 server)
    {
        File.WriteAllText(ServerCertificateFile, server.ExportCertificatePem());
        using var key = server.GetRSAPrivateKey()!;
        File.WriteAllText(ServerKeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, Oid usage, bool san)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (san)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12: SslStream wants a key it can use from any thread, not an ephemeral one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
