using System.Security.Cryptography.X509Certificates;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The TLS certificate of the https:// listeners, from Kestrel's standard settings
/// Kestrel:Certificates:Default:Path (PEM or PFX) with :KeyPath (PEM key) or :Password (PFX).
/// Handed to each TLS handshake; when the files change it is loaded again (checked at most every
/// <see cref="CheckInterval"/>), so a renewed certificate is served without a restart. A file
/// caught half-written keeps the previous certificate until the next check.
/// </summary>
internal sealed class ServerCertificateSource
{
    public const string PathKey = "Kestrel:Certificates:Default:Path";
    public const string KeyPathKey = "Kestrel:Certificates:Default:KeyPath";
    public const string PasswordKey = "Kestrel:Certificates:Default:Password";

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly string path;
    private readonly string? keyPath;
    private readonly string? password;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private X509Certificate2 current;
    private (DateTime Certificate, DateTime Key) loadedStamps;
    private long nextCheck;

    public ServerCertificateSource(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        path = configuration[PathKey] ?? throw new InvalidOperationException($"An https:// address needs {PathKey} (and {KeyPathKey} for a PEM certificate).");
        keyPath = configuration[KeyPathKey];
        password = configuration[PasswordKey];
        this.time = time;
        loadedStamps = Stamps();
        current = Load();
        nextCheck = time.GetTimestamp() + Ticks(CheckInterval);
    }

    /// <summary>The certificate to present now.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = time.GetTimestamp();
            if (now < Volatile.Read(ref nextCheck))
            {
                return current;
            }

            lock (gate)
            {
                if (now >= nextCheck)
                {
                    nextCheck = now + Ticks(CheckInterval);
                    ReloadIfChanged();
                }

                return current;
            }
        }
    }

    private void ReloadIfChanged()
    {
        var stamps = Stamps();
        if (stamps == loadedStamps)
        {
            return;
        }

        try
        {
            current = Load();
            loadedStamps = stamps;
        }
        catch (Exception exception) when (exception is IOException or System.Security.Cryptography.CryptographicException)
        {
            // Half-written or mismatched files: keep serving the previous certificate, try again later.
        }
    }

    private X509Certificate2 Load()
    {
        if (keyPath is not null || path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase))
        {
            using var pem = X509Certificate2.CreateFromPemFile(path, keyPath);

            // An ephemeral PEM key cannot be used by SslStream on every platform: round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    private (DateTime, DateTime) Stamps()
        => (File.GetLastWriteTimeUtc(path), keyPath is null ? default : File.GetLastWriteTimeUtc(keyPath));

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * time.TimestampFrequency);
}
