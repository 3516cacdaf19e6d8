using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>Checks every option at start-up and reports every problem at once.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public const int MinReceiveMessageSize = 4 * 1024;
    public const int MaxReceiveMessageSize = 16 * 1024 * 1024;
    public const int MaxStreamWindow = 1024;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxReceiveMessageSize is < MinReceiveMessageSize or > MaxReceiveMessageSize)
        {
            failures.Add($"Gateway:MaxReceiveMessageSize must be between {MinReceiveMessageSize} and {MaxReceiveMessageSize} bytes.");
        }

        if (options.MaxWatchersPerCaller < 1)
        {
            failures.Add($"Gateway:MaxWatchersPerCaller must be at least 1 (got {options.MaxWatchersPerCaller}).");
        }

        if (options.StreamWindow is < 1 or > MaxStreamWindow)
        {
            failures.Add($"Gateway:StreamWindow must be between 1 and {MaxStreamWindow} (got {options.StreamWindow}).");
        }

        if (options.Urls is { } urls)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    failures.Add($"Gateway:Urls entry '{url}' is not an http:// (HTTP/2 cleartext) or https:// (TLS) address.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
