using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The signing keys of Security:Jwt:KeyFile, loaded again when the file changes (checked at most
/// every <see cref="CheckInterval"/>), so keys are rotated without a restart: a key added to the
/// file is trusted, a key removed from it is no longer trusted (and tokens it signed stop
/// authenticating, cached or not: <see cref="ValidatedTokens"/>). A file caught half-written,
/// or one without any key, keeps the previous keys until the next check.
/// </summary>
internal sealed class JwtKeyFile
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly string path;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private IReadOnlyList<SecurityKey> current;
    private DateTime loadedStamp;
    private long nextCheck;

    public JwtKeyFile(string path, TimeProvider time)
    {
        this.path = path;
        this.time = time;
        loadedStamp = File.GetLastWriteTimeUtc(path);
        current = JwtSigningKeys.Load(path);
        nextCheck = time.GetTimestamp() + Ticks(CheckInterval);
    }

    /// <summary>The keys trusted now (a new list, with new key objects, after each reload).</summary>
    public IReadOnlyList<SecurityKey> Current
    {
        get
        {
            var now = time.GetTimestamp();
            if (now < Volatile.Read(ref nextCheck))
            {
                return Volatile.Read(ref current);
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
        var stamp = File.GetLastWriteTimeUtc(path);
        if (stamp == loadedStamp)
        {
            return;
        }

        try
        {
            var keys = JwtSigningKeys.Load(path);
            if (keys.Count > 0)
            {
                Volatile.Write(ref current, keys);
                loadedStamp = stamp;
            }
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or ArgumentException or FormatException
            or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            // Half-written or unreadable: keep the previous keys, try again at the next check.
        }
    }

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * time.TimestampFrequency);
}
