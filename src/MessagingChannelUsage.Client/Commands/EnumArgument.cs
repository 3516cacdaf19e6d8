using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace MessagingChannelUsage.Client.Commands;

/// <summary>
/// Enum values on the command line under one naming, the contract's: help, errors, text and JSON
/// output all spell a value as its proto name (HANDLER_OMNI_CHANNEL, MESSAGE_TYPE_APPLE_BUSINESS_CHAT).
/// A person may type it shorter: without the type prefix ("apple_business_chat"), in kebab case
/// ("apple-business-chat") or as the Salesforce API name ("AppleBusinessChat", "MJ"),
/// case-insensitively. "null" (or "none") is the zero value, which the API reads as null.
/// </summary>
internal static class EnumArgument
{
    public static TEnum Parse<TEnum>(string text, string option)
        where TEnum : struct, Enum
    {
        var key = Squash(text);
        if (key is "null" or "none")
        {
            return default;
        }

        foreach (var (value, protoName, prefix) in Values<TEnum>())
        {
            if (key == Squash(protoName) || key == Squash(protoName[prefix.Length..]) || key == Squash(value.ToString()))
            {
                return value;
            }
        }

        throw new UsageException($"{option}: '{text}' is not one of {List<TEnum>()}.");
    }

    /// <summary>The proto names of the non-zero values, e.g. "MESSAGE_TYPE_WHATSAPP, MESSAGE_TYPE_FACEBOOK".</summary>
    public static string List<TEnum>()
        where TEnum : struct, Enum
        => string.Join(", ", Values<TEnum>().Select(v => v.ProtoName));

    private static IEnumerable<(TEnum Value, string ProtoName, string Prefix)> Values<TEnum>()
        where TEnum : struct, Enum
    {
        var fields = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static);
        var names = fields.ToDictionary(f => (TEnum)f.GetValue(null)!, f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name);
        var zero = names.GetValueOrDefault(default, string.Empty);
        var prefix = zero.EndsWith("UNSPECIFIED", StringComparison.Ordinal) ? zero[..^"UNSPECIFIED".Length] : string.Empty;
        return names.Where(p => !EqualityComparer<TEnum>.Default.Equals(p.Key, default))
            .Select(p => (p.Key, p.Value, p.Value.StartsWith(prefix, StringComparison.Ordinal) ? prefix : string.Empty));
    }

    private static string Squash(string text)
        => new string([.. text.Where(c => c is not ('-' or '_' or ' '))]).ToLower(CultureInfo.InvariantCulture);
}
