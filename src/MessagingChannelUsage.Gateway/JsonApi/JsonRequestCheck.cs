using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.JsonApi;

/// <summary>
/// Checks a JSON request body against the request message (the proto3 JSON mapping) before JSON
/// transcoding reads it, and names the first problem the way the gRPC surface names a bad field:
/// a Salesforce-style code and the proto field path. JSON transcoding alone answers every such
/// body with one text ("Request JSON payload is not correctly formatted.") and no code or field,
/// and silently drops unknown fields; the proto3 JSON mapping says a parser rejects them.
/// </summary>
/// <remarks>
/// Codes: not JSON / wrong value type / two members of one oneof → JSON_PARSER_ERROR (Salesforce's
/// code for a body it cannot read); an unknown field → INVALID_FIELD; an enum name that names no
/// value → INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST. An unknown enum NUMBER passes, so the same
/// validation as gRPC answers it. Null is every field's default (proto3 JSON). Names are accepted
/// as lowerCamelCase JSON names or as proto names, as transcoding reads them.
/// </remarks>
internal static class JsonRequestCheck
{
    /// <summary>Deeper bodies are refused (System.Text.Json's default depth; no message here nests near it).</summary>
    private const int MaxDepth = 64;

    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
        "google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
        "google.protobuf.BytesValue",
    };

    /// <returns>Null when the body is a readable <paramref name="message"/>; otherwise the first problem.</returns>
    public static FieldError? Find(ReadOnlySpan<byte> body, MessageDescriptor message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                return new FieldError(ErrorCodes.JsonParserError, null, $"The request body is empty; send a JSON object ({message.Name}).");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new FieldError(ErrorCodes.JsonParserError, null, $"The request body must be a JSON object ({message.Name}), not {Describe(reader.TokenType)}.");
            }

            // Reading past the object throws on anything but whitespace after it.
            return Message(ref reader, message, prefix: string.Empty) ?? (reader.Read() ? new FieldError(ErrorCodes.JsonParserError, null, "Unexpected content after the JSON object.") : null);
        }
        catch (JsonException exception)
        {
            return new FieldError(ErrorCodes.JsonParserError, null, "The request body is not valid JSON: " + exception.Message);
        }
    }

    private static FieldError? Message(ref Utf8JsonReader reader, MessageDescriptor message, string prefix)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return TypeError(reader.TokenType, prefix.TrimEnd('.'), "a JSON object");
        }

        List<OneofDescriptor>? oneofsSet = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var field = FindField(message, name);
            if (field is null)
            {
                return new FieldError(ErrorCodes.InvalidField, prefix + name, $"No such field '{name}' on {message.Name}.");
            }

            var path = prefix + field.Name;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Null && field.RealContainingOneof is { } oneof)
            {
                oneofsSet ??= [];
                if (oneofsSet.Contains(oneof))
                {
                    return new FieldError(ErrorCodes.JsonParserError, path, $"Only one field of '{oneof.Name}' may be given.");
                }

                oneofsSet.Add(oneof);
            }

            var problem = field.IsMap ? Map(ref reader, field, path) : field.IsRepeated ? Repeated(ref reader, field, path) : Value(ref reader, field, path);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static FieldDescriptor? FindField(MessageDescriptor message, string name)
    {
        if (message.FindFieldByName(name) is { } byProtoName)
        {
            return byProtoName;
        }

        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (string.Equals(field.JsonName, name, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }

    private static FieldError? Repeated(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return TypeError(reader.TokenType, path, "a JSON array");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Value(ref reader, field, path) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static FieldError? Map(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return TypeError(reader.TokenType, path, "a JSON object");
        }

        var valueField = field.MessageType.FindFieldByNumber(2);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            if (Value(ref reader, valueField, path) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static FieldError? Value(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        var token = reader.TokenType;
        if (token == JsonTokenType.Null)
        {
            return null;
        }

        switch (field.FieldType)
        {
            case FieldType.Message or FieldType.Group:
                return field.MessageType.File.Package == "google.protobuf"
                    ? WellKnown(ref reader, field.MessageType, path)
                    : Message(ref reader, field.MessageType, path + ".");
            case FieldType.Enum when token == JsonTokenType.String:
                var name = reader.GetString()!;
                return field.EnumType.FindValueByName(name) is null
                    ? new FieldError(ErrorCodes.InvalidOrNullForRestrictedPicklist, path, $"bad value for restricted picklist field: {Shorten(name)} (the values of {field.EnumType.Name} by name, or a number)")
                    : null;
            case FieldType.Enum:
                return token == JsonTokenType.Number && reader.TryGetInt32(out _) ? null : TypeError(token, path, "an enum value name or number");
            case FieldType.Bool:
                return token is JsonTokenType.True or JsonTokenType.False ? null : TypeError(token, path, "true or false");
            case FieldType.String:
                return token == JsonTokenType.String ? null : TypeError(token, path, "a string");
            case FieldType.Bytes:
                return token == JsonTokenType.String && reader.TryGetBytesFromBase64(out _) ? null : TypeError(token, path, "a base64 string");
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return Integer(ref reader, path, static (ref Utf8JsonReader r) => r.TryGetInt32(out _), static s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
            case FieldType.UInt32 or FieldType.Fixed32:
                return Integer(ref reader, path, static (ref Utf8JsonReader r) => r.TryGetUInt32(out _), static s => uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return Integer(ref reader, path, static (ref Utf8JsonReader r) => r.TryGetInt64(out _), static s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
            case FieldType.UInt64 or FieldType.Fixed64:
                return Integer(ref reader, path, static (ref Utf8JsonReader r) => r.TryGetUInt64(out _), static s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            default: // double, float: a number, or a string such as "NaN" or "1.5"
                return token == JsonTokenType.Number
                    || (token == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    ? null
                    : TypeError(token, path, "a number");
        }
    }

    private delegate bool ReadsNumber(ref Utf8JsonReader reader);

    private static FieldError? Integer(ref Utf8JsonReader reader, string path, ReadsNumber fromNumber, Func<string?, bool> fromString)
        => (reader.TokenType == JsonTokenType.Number && fromNumber(ref reader)) || (reader.TokenType == JsonTokenType.String && fromString(reader.GetString()))
            ? null
            : TypeError(reader.TokenType, path, "an integer in range");

    /// <summary>google.protobuf types: timestamps and durations as their strings, wrappers as their value, the rest (Struct, Value, Any…) taken as they come.</summary>
    private static FieldError? WellKnown(ref Utf8JsonReader reader, MessageDescriptor type, string path)
    {
        if (type.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask")
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return TypeError(reader.TokenType, path, "a string");
            }

            try
            {
                JsonParser.Default.Parse(JsonSerializer.Serialize(reader.GetString()), type);
                return null;
            }
            catch (InvalidProtocolBufferException)
            {
                var what = type.FullName == "google.protobuf.Timestamp" ? "an RFC 3339 time such as 2026-12-01T10:00:00Z" : $"a {type.Name} string";
                return new FieldError(ErrorCodes.JsonParserError, path, $"Expected {what} for {path}.");
            }
        }

        if (Wrappers.Contains(type.FullName))
        {
            return Value(ref reader, type.FindFieldByNumber(1), path);
        }

        reader.Skip();
        return null;
    }

    private static FieldError TypeError(JsonTokenType token, string path, string expected)
        => new(ErrorCodes.JsonParserError, path.Length == 0 ? null : path, $"Expected {expected} for {(path.Length == 0 ? "the body" : path)}, not {Describe(token)}.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
