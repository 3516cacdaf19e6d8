using System.Security.Cryptography.X509Certificates;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>The CA bundle client certificates must chain to, and the identity of a certificate.</summary>
internal static class ClientCertificateTrust
{
    /// <summary>Every certificate of a PEM file.</summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        return bundle;
    }

    /// <summary>
    /// The names a certificate answers to, in order of preference: the subject's common name, then
    /// the DNS names of its SAN. The first one listed in configuration is the caller's identity.
    /// </summary>
    public static IEnumerable<string> NamesOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (!string.IsNullOrEmpty(commonName))
        {
            yield return commonName;
        }

        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var dns in extension.EnumerateDnsNames())
            {
                yield return dns;
            }
        }
    }
}
