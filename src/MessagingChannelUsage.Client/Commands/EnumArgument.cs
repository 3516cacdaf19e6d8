using System.Globalization;

namespace MessagingChannelUsage.Client.Commands;

/// <summary>
/// Parses a picklist value typed by a person: the Salesforce API name ("ImplicitOptIn", "MJ"),
/// the proto suffix ("IMPLICIT_OPT_IN") or kebab case ("implicit-opt-in"), case-insensitively.
/// "null" (or "none") is the zero value, which the API reads as null.
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

        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (name != "Unspecified" && Squash(name) == key)
            {
                return Enum.Parse<TEnum>(name);
            }
        }

        var allowed = string.Join(", ", Enum.GetNames<TEnum>().Where(n => n != "Unspecified"));
        throw new UsageException($"{option}: '{text}' is not one of {allowed}.");
    }

    private static string Squash(string text)
        => new string([.. text.Where(c => c is not ('-' or '_' or ' '))]).ToLower(CultureInfo.InvariantCulture);
}
