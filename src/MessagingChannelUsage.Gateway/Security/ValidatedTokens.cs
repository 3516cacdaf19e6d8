using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// Bearer tokens already validated in full, keyed by the exact token text, so a connector that
/// sends the same token with every call pays for the signature check (RS256/ES256), the JSON
/// parse and the claims once per token instead of once per call (docs/security.md, "Validated
/// tokens"). An entry authenticates only while all of these hold, else it is dropped and the
/// token is validated in full again:
/// - now is before the token's exp (the skew the validator allows is not granted here);
/// - the key that verified its signature is still one of the trusted keys (key rotation: a key
///   removed from the key file or from the authority's JWKS stops its tokens at once);
/// - the validation parameters (issuer, audience, algorithms) are the ones it was checked against.
/// Bounded: at most <see cref="Capacity"/> entries; when full, expired ones are removed and, if
/// that frees nothing, new tokens are validated every time rather than evicting live entries.
/// </summary>
internal sealed class ValidatedTokens
{
    public const int Capacity = 10_000;
    public const string MeterName = "MessagingChannelUsage.Gateway.Security";

    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");

    private readonly ConcurrentDictionary<string, ValidatedToken> entries;

    // Looked up by the span of the authorization header: no copy of the token per call.
    private readonly ConcurrentDictionary<string, ValidatedToken>.AlternateLookup<ReadOnlySpan<char>> byText;
    private readonly TimeProvider time;
    private readonly Counter<long> lookups;
    private readonly Lock pruning = new();

    public ValidatedTokens(TimeProvider time, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.time = time;
        entries = new(StringComparer.Ordinal);
        byText = entries.GetAlternateLookup<ReadOnlySpan<char>>();
        lookups = meterFactory.Create(MeterName).CreateCounter<long>(
            "mcu.gateway.security.validated_tokens.lookups",
            "{lookup}",
            "Bearer tokens looked up among the validated ones: result=hit (no signature check) or miss (validated in full).");
    }

    /// <summary>Entries held now (expired ones included until they are pruned).</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The entry of <paramref name="token"/> if it may authenticate now against
    /// <paramref name="parameters"/> and <paramref name="trustedKeys"/>; null otherwise.
    /// </summary>
    public ValidatedToken? Find(ReadOnlySpan<char> token, TokenValidationParameters parameters, IEnumerable<SecurityKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (byText.TryGetValue(token, out var text, out var entry))
        {
            if (time.GetUtcNow() < entry.Expires
                && ReferenceEquals(entry.Parameters, parameters)
                && IsTrusted(entry.SigningKey, trustedKeys))
            {
                lookups.Add(1, Hit);
                return entry;
            }

            entries.TryRemove(KeyValuePair.Create(text, entry));
        }

        lookups.Add(1, Miss);
        return null;
    }

    /// <summary>Whether <paramref name="token"/> has an entry (valid or not): a cheap look before fetching the trusted keys.</summary>
    public bool Holds(ReadOnlySpan<char> token) => byText.ContainsKey(token);

    /// <summary>Keeps a token the handler has just validated (not when it expires already, or when full of live entries).</summary>
    public void Remember(string token, ValidatedToken entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (time.GetUtcNow() >= entry.Expires)
        {
            return;
        }

        if (entries.Count >= Capacity)
        {
            PruneExpired();
            if (entries.Count >= Capacity)
            {
                return;
            }
        }

        entries[token] = entry;
    }

    /// <summary>The very key object: a reloaded key file or JWKS gives new objects, so a reload re-validates every token once.</summary>
    private static bool IsTrusted(SecurityKey key, IEnumerable<SecurityKey> trustedKeys)
    {
        foreach (var trusted in trustedKeys)
        {
            if (ReferenceEquals(trusted, key))
            {
                return true;
            }
        }

        return false;
    }

    private void PruneExpired()
    {
        lock (pruning)
        {
            var now = time.GetUtcNow();
            foreach (var (token, entry) in entries)
            {
                if (now >= entry.Expires)
                {
                    entries.TryRemove(KeyValuePair.Create(token, entry));
                }
            }
        }
    }
}
