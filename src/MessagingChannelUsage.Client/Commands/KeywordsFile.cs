using System.Text.Json;
using Google.Protobuf;
using MessagingChannelUsage.Protos.V1;
using YamlDotNet.RepresentationModel;

namespace MessagingChannelUsage.Client.Commands;

/// <summary>
/// <c>--keywords-file</c>: a channel's <c>keyword_sets</c> and <c>custom_keywords</c> in the proto3
/// JSON mapping (a .json file) or the same shape in YAML (.yaml/.yml), e.g.
/// <code>
/// keyword_sets:
///   - language: es
///     opt_out_keywords: [BAJA, ALTO]
///     opt_out_confirmation: Te has dado de baja.
/// custom_keywords:
///   - { keyword: HORARIO, match: KEYWORD_MATCH_WHOLE_MESSAGE, reply_text: "Abrimos de 9 a 18.", language: es }
/// </code>
/// The file's lists replace the channel's (other fields of the file are refused, so a file cannot
/// change more than it says).
/// </summary>
internal static class KeywordsFile
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static void Apply(MessagingChannel channel, string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--keywords-file: cannot read '{path}': {ex.Message}");
        }

        var isYaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        MessagingChannel parsed;
        try
        {
            parsed = Parser.Parse<MessagingChannel>(isYaml ? YamlToJson(text) : text);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or YamlDotNet.Core.YamlException)
        {
            throw new UsageException($"--keywords-file: '{path}' is not a channel's keyword_sets/custom_keywords: {ex.Message}");
        }

        var other = parsed.Clone();
        other.KeywordSets.Clear();
        other.CustomKeywords.Clear();
        if (!other.Equals(new MessagingChannel()))
        {
            throw new UsageException($"--keywords-file: '{path}' may hold only keyword_sets and custom_keywords.");
        }

        channel.KeywordSets.Clear();
        channel.KeywordSets.AddRange(parsed.KeywordSets);
        channel.CustomKeywords.Clear();
        channel.CustomKeywords.AddRange(parsed.CustomKeywords);
    }

    /// <summary>YAML (one document) as JSON: mappings, sequences and scalars; every scalar is a string (proto JSON accepts enum names).</summary>
    internal static string YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (stream.Documents.Count == 0)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                Write(writer, stream.Documents[0].RootNode);
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(key is YamlScalarNode name
                        ? name.Value ?? string.Empty
                        : throw new UsageException("--keywords-file: a YAML key must be a plain name."));
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            default:
                throw new UsageException("--keywords-file: YAML aliases are not supported.");
        }
    }
}
