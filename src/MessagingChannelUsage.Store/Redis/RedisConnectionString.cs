using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// Reads Store:RedisConnectionString in either form operators write: StackExchange.Redis syntax
/// ("host:port,password=…,ssl=true") or a URI ("redis://[user[:password]@]host[:port][/db]",
/// "rediss://…" for TLS). Anything else is rejected with a message that names the setting, rather
/// than handed to the Redis client (which takes "redis://host" for a host name and fails every call).
/// </summary>
public static class RedisConnectionString
{
    private const string Setting = "Store:RedisConnectionString";

    /// <summary>The parsed options; <see cref="FormatException"/> with a message fit for the operator otherwise.</summary>
    public static ConfigurationOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var text = connectionString.Trim();
        var options = text.Contains("://", StringComparison.Ordinal) ? FromUri(text) : FromClientSyntax(text);
        if (options.EndPoints.Count == 0)
        {
            throw new FormatException($"{Setting} names no endpoint (expected host:port, e.g. \"127.0.0.1:6379\").");
        }

        foreach (var endpoint in options.EndPoints)
        {
            if (endpoint is DnsEndPoint dns && Uri.CheckHostName(dns.Host) == UriHostNameType.Unknown)
            {
                throw new FormatException($"{Setting}: \"{dns.Host}\" is not a host name.");
            }
        }

        return options;
    }

    private static ConfigurationOptions FromClientSyntax(string text)
    {
        try
        {
            return ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{Setting} is not a valid StackExchange.Redis configuration: {ex.Message}", ex);
        }
    }

    private static ConfigurationOptions FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"{Setting} is not a valid URI (expected redis://[user[:password]@]host[:port][/db]).");
        }

        var tls = uri.Scheme switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw new FormatException(
                $"{Setting}: the scheme \"{uri.Scheme}\" is not supported; use redis://, rediss:// or StackExchange.Redis syntax (host:port,option=value)."),
        };
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new FormatException(
                $"{Setting}: options in a URI's query are not supported; use StackExchange.Redis syntax (host:port,option=value) for options.");
        }

        var options = new ConfigurationOptions { Ssl = tls };
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var host = uri.DnsSafeHost;
        if (IPAddress.TryParse(host, out var address))
        {
            options.EndPoints.Add(new IPEndPoint(address, port));
        }
        else
        {
            options.EndPoints.Add(host, port);
            if (tls)
            {
                options.SslHost = host;
            }
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            var user = Uri.UnescapeDataString(parts[0]);
            var password = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null;
            if (password is null)
            {
                // "redis://secret@host" is the common form for a password without a user name.
                options.Password = user;
            }
            else
            {
                options.User = user.Length == 0 ? null : user;
                options.Password = password;
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.DefaultDatabase = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
                ? database
                : throw new FormatException($"{Setting}: the URI's path \"/{path}\" is not a database number.");
        }

        return options;
    }
}
