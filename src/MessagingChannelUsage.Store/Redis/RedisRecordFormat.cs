using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MessagingChannelUsage.Routing.Model;
using StackExchange.Redis;

namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// How records are stored: one Redis hash per record, one field per property (readable with
/// redis-cli, and a Lua script can compare one field, e.g. the SystemModstamp, without decoding).
/// <list type="bullet">
/// <item>Date-times: UTC ticks as a decimal integer (exact, so equality checks in Lua are exact).</item>
/// <item>Picklists: the enum number (stable: the numbers match the proto enums).</item>
/// <item>Keyword lists: a JSON array of strings.</item>
/// <item>Keyword sets ("ksets") and custom keywords ("ckw"): a JSON array of objects with short
/// names (<see cref="StoredKeywordSet"/>, <see cref="StoredCustomKeyword"/>); absent when empty.</item>
/// <item>Null: the field is absent.</item>
/// </list>
/// Field names are short and fixed; the golden test (RedisRecordFormatTests) pins them.
/// </summary>
internal static class RedisRecordFormat
{
    public const string VersionField = "ver";
    public const string ModstampField = "sms";

    public static HashEntry[] EncodeChannel(MessagingChannel c)
    {
        var fields = new List<HashEntry>(22)
        {
            new("id", c.Id),
            new("dn", c.DeveloperName),
            new("ml", c.MasterLabel),
            new("kind", (int)c.Kind),
            new("mt", (int)c.MessageType),
        };
        AddIfSet(fields, "fq", c.FallbackQueueId);
        AddList(fields, "kin", c.OptInKeywords);
        AddList(fields, "kdin", c.DoubleOptInKeywords);
        AddList(fields, "kout", c.OptOutKeywords);
        AddList(fields, "khelp", c.HelpKeywords);
        AddList(fields, "kmkt", c.MarketingKeywords);
        AddIfSet(fields, "pin", c.OptInPrompt);
        AddIfSet(fields, "pdin", c.DoubleOptInPrompt);
        AddIfSet(fields, "cin", c.OptInConfirmation);
        AddIfSet(fields, "cout", c.OptOutConfirmation);
        AddIfSet(fields, "help", c.HelpResponse);
        if (!c.KeywordSets.IsDefaultOrEmpty)
        {
            StoredKeywordSet[] sets = [.. c.KeywordSets.Select(StoredKeywordSet.From)];
            fields.Add(new("ksets", JsonSerializer.Serialize(sets, RedisJsonContext.Default.StoredKeywordSetArray)));
        }

        if (!c.CustomKeywords.IsDefaultOrEmpty)
        {
            StoredCustomKeyword[] customs = [.. c.CustomKeywords.Select(StoredCustomKeyword.From)];
            fields.Add(new("ckw", JsonSerializer.Serialize(customs, RedisJsonContext.Default.StoredCustomKeywordArray)));
        }

        fields.Add(new("cd", Ticks(c.CreatedDate)));
        fields.Add(new("lmd", Ticks(c.LastModifiedDate)));
        fields.Add(new(ModstampField, Ticks(c.SystemModstamp)));
        return [.. fields];
    }

    public static MessagingChannel DecodeChannel(Fields f) => new()
    {
        Id = f.Required("id"),
        DeveloperName = f.Required("dn"),
        MasterLabel = f.Required("ml"),
        Kind = (ChannelKind)f.RequiredInt("kind"),
        MessageType = (MessageType)f.RequiredInt("mt"),
        FallbackQueueId = f.Optional("fq"),
        OptInKeywords = f.List("kin"),
        DoubleOptInKeywords = f.List("kdin"),
        OptOutKeywords = f.List("kout"),
        HelpKeywords = f.List("khelp"),
        MarketingKeywords = f.List("kmkt"),
        OptInPrompt = f.Optional("pin"),
        DoubleOptInPrompt = f.Optional("pdin"),
        OptInConfirmation = f.Optional("cin"),
        OptOutConfirmation = f.Optional("cout"),
        HelpResponse = f.Optional("help"),
        KeywordSets = f.Optional("ksets") is { } sets
            ? [.. JsonSerializer.Deserialize(sets, RedisJsonContext.Default.StoredKeywordSetArray)!.Select(s => s.ToDomain())]
            : [],
        CustomKeywords = f.Optional("ckw") is { } customs
            ? [.. JsonSerializer.Deserialize(customs, RedisJsonContext.Default.StoredCustomKeywordArray)!.Select(k => k.ToDomain())]
            : [],
        CreatedDate = f.RequiredTime("cd"),
        LastModifiedDate = f.RequiredTime("lmd"),
        SystemModstamp = f.RequiredTime(ModstampField),
    };

    public static HashEntry[] EncodeUsage(ChannelUsage u)
    {
        var fields = new List<HashEntry>(11)
        {
            new("id", u.Id),
            new("ch", u.MessagingChannelId),
            new("type", (int)u.DeploymentType),
            new("status", (int)u.DeploymentStatus),
        };
        AddIfSet(fields, "consent", (int?)u.ConsentType);
        AddIfSet(fields, "err", (int?)u.ErrorReason);
        AddIfSet(fields, "ovr", (int?)u.RoutingOverride);
        if (u.DisabledTime is { } disabled)
        {
            fields.Add(new("dis", Ticks(disabled)));
        }

        fields.Add(new("cd", Ticks(u.CreatedDate)));
        fields.Add(new("lmd", Ticks(u.LastModifiedDate)));
        fields.Add(new(ModstampField, Ticks(u.SystemModstamp)));
        return [.. fields];
    }

    public static ChannelUsage DecodeUsage(Fields f) => new()
    {
        Id = f.Required("id"),
        MessagingChannelId = f.Required("ch"),
        DeploymentType = (DeploymentType)f.RequiredInt("type"),
        DeploymentStatus = (DeploymentStatus)f.RequiredInt("status"),
        ConsentType = (ConsentType?)f.OptionalInt("consent"),
        ErrorReason = (ErrorReason?)f.OptionalInt("err"),
        RoutingOverride = (RoutingOverride?)f.OptionalInt("ovr"),
        DisabledTime = f.OptionalTime("dis"),
        CreatedDate = f.RequiredTime("cd"),
        LastModifiedDate = f.RequiredTime("lmd"),
        SystemModstamp = f.RequiredTime(ModstampField),
    };

    /// <summary>Session hash: id, ch, eu (end user id), pk (platform key), st, or, start, end, reason.</summary>
    public static MessagingSession DecodeSession(Fields f) => new()
    {
        Id = f.Required("id"),
        MessagingChannelId = f.Required("ch"),
        MessagingEndUserId = f.Required("eu"),
        Status = (SessionStatus)f.RequiredInt("st"),
        Origin = (SessionOrigin)f.RequiredInt("or"),
        StartTime = f.RequiredTime("start"),
        EndTime = f.OptionalTime("end"),
        EndReason = f.Optional("reason"),
    };

    public static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset FromTicks(string ticks) => new(long.Parse(ticks, NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);

    public static Fields ToFields(RedisResult result) => new(result);

    private static void AddIfSet(List<HashEntry> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(new(name, value));
        }
    }

    private static void AddIfSet(List<HashEntry> fields, string name, int? value)
    {
        if (value is { } v)
        {
            fields.Add(new(name, v));
        }
    }

    private static void AddList(List<HashEntry> fields, string name, ImmutableArray<string> values)
    {
        if (!values.IsDefaultOrEmpty)
        {
            fields.Add(new(name, JsonSerializer.Serialize(values, RedisJsonContext.Default.ImmutableArrayString)));
        }
    }

    /// <summary>The fields of one hash as read (HGETALL or a script returning field/value pairs).</summary>
    internal readonly struct Fields
    {
        private readonly Dictionary<string, string> values;

        public Fields(RedisResult result)
        {
            var items = (RedisResult[])result!;
            values = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                values[(string)items[i]!] = (string)items[i + 1]!;
            }
        }

        public Fields(HashEntry[] entries)
        {
            values = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                values[entry.Name!] = entry.Value!;
            }
        }

        public bool IsEmpty => values.Count == 0;

        public string Required(string name) =>
            values.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"The stored record has no field '{name}'.");

        public string? Optional(string name) => values.GetValueOrDefault(name);

        public int RequiredInt(string name) => int.Parse(Required(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        public int? OptionalInt(string name) => Optional(name) is { } v ? int.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

        public DateTimeOffset RequiredTime(string name) => FromTicks(Required(name));

        public DateTimeOffset? OptionalTime(string name) => Optional(name) is { } v ? FromTicks(v) : null;

        public long RequiredLong(string name) => long.Parse(Required(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        public ImmutableArray<string> List(string name) =>
            Optional(name) is { } json ? JsonSerializer.Deserialize(json, RedisJsonContext.Default.ImmutableArrayString) : [];
    }
}
