using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// Bearer tokens validated once per token, not once per call: <see cref="FindAsync"/> gives
/// <see cref="CallerResolver"/> the entry of a token among the <see cref="ValidatedTokens"/>
/// (still before its exp, signed by a key still trusted), so such a call does not enter the
/// JwtBearer handler at all; as the handler's events, a token the handler validates in full is
/// remembered (and a known one, should anything else run the handler, authenticates at once,
/// before the handler parses or verifies anything).
/// </summary>
internal sealed class BearerTokenEvents : JwtBearerEvents
{
    private const string BearerPrefix = "Bearer ";
    private static readonly object EntryKey = new();
    private static readonly object MissKey = new();

    private readonly ValidatedTokens tokens;
    private readonly JwtKeyFile? keyFile;

    public BearerTokenEvents(ValidatedTokens tokens, IServiceProvider services)
    {
        this.tokens = tokens;
        keyFile = services.GetService<JwtKeyFile>();
        OnMessageReceived = FindValidatedAsync;
        OnTokenValidated = Remember;
    }

    /// <summary>The validated token of this request, when the handler authenticated it.</summary>
    public static ValidatedToken? Of(HttpContext http)
        => http.Items.TryGetValue(EntryKey, out var entry) ? entry as ValidatedToken : null;

    /// <summary>The token of the authorization header, read exactly as JwtBearerHandler reads it.</summary>
    private static string? BearerToken(HttpRequest request)
        => BearerTokenText(request) is { IsEmpty: false } token ? token.ToString() : null;

    /// <summary><see cref="BearerToken"/> without the copy: a span of the header's own string (empty when none).</summary>
    private static ReadOnlySpan<char> BearerTokenText(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization.AsSpan(BearerPrefix.Length).Trim()
            : [];
    }

    /// <summary>
    /// The validated entry of the request's token when it may authenticate now (see
    /// <see cref="ValidatedTokens"/>); null when there is no token or it must be validated in full.
    /// </summary>
    public ValueTask<ValidatedToken?> FindAsync(HttpContext http, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var token = BearerTokenText(http.Request);
        if (token.IsEmpty)
        {
            return ValueTask.FromResult<ValidatedToken?>(null);
        }

        if (keyFile is not null)
        {
            return ValueTask.FromResult(Found(http, tokens.Find(token, options.TokenValidationParameters, keyFile.Current)));
        }

        return tokens.Holds(token) ? WithAuthorityKeysAsync(http, options) : ValueTask.FromResult(Found(http, null));
    }

    private async Task FindValidatedAsync(MessageReceivedContext context)
    {
        // CallerResolver looked already and is now asking for the full validation.
        if (context.HttpContext.Items.ContainsKey(MissKey))
        {
            return;
        }

        if (await FindAsync(context.HttpContext, context.Options) is { } entry)
        {
            context.HttpContext.Items[EntryKey] = entry;
            context.Principal = entry.Principal;
            context.Success();
        }
    }

    /// <summary>Security:Jwt:Authority: the keys of the current discovery document (refreshed by the handler's configuration manager).</summary>
    private async ValueTask<ValidatedToken?> WithAuthorityKeysAsync(HttpContext http, JwtBearerOptions options)
    {
        var keys = options.ConfigurationManager is { } manager
            ? (await manager.GetConfigurationAsync(http.RequestAborted)).SigningKeys
            : options.TokenValidationParameters.IssuerSigningKeys ?? [];
        return Found(http, tokens.Find(BearerTokenText(http.Request), options.TokenValidationParameters, keys));
    }

    /// <summary>Marks a miss on the request, so the handler's own event does not look the token up a second time.</summary>
    private static ValidatedToken? Found(HttpContext http, ValidatedToken? entry)
    {
        if (entry is null)
        {
            http.Items[MissKey] = true;
        }

        return entry;
    }

    private Task Remember(TokenValidatedContext context)
    {
        if (context.Principal is { } principal
            && context.SecurityToken is JsonWebToken { SigningKey: { } key } validated
            && BearerToken(context.Request) is { } token)
        {
            var entry = new ValidatedToken(
                principal,
                CallerResolver.FromToken(principal),
                new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc)),
                key,
                context.Options.TokenValidationParameters);
            tokens.Remember(token, entry);
            context.HttpContext.Items[EntryKey] = entry;
        }

        return Task.CompletedTask;
    }
}
