using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace MessagingChannelUsage.Client.Output;

/// <summary>
/// Renders any response readably: one <c>field: value</c> line per set field, enums by their
/// proto names (HANDLER_OMNI_CHANNEL: the same spelling as the JSON output, the help and the
/// errors), timestamps in ISO 8601, nested messages indented, an empty list as "(none)". JSON goes
/// through the protobuf JsonFormatter so it is the canonical proto3 JSON mapping.
/// </summary>
public static class ProtoText
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation().WithFormatDefaultValues(false));

    public static string Json(IMessage message) => Formatter.Format(message);

    public static string Text(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var builder = new StringBuilder();
        Write(builder, message, 0);
        return builder.ToString().TrimEnd('\n');
    }

    private static void Write(StringBuilder builder, IMessage message, int depth)
    {
        var indent = new string(' ', depth * 2);
        if (depth == 0 && EmptyListOf(message) is { } emptyList)
        {
            builder.Append(emptyList).Append(": (none)\n");
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var items = ((System.Collections.IEnumerable)value).Cast<object>().ToList();
                if (items.Count == 0)
                {
                    continue;
                }

                if (field.FieldType == FieldType.Message && !IsScalarLike(field.MessageType))
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        builder.Append(indent).Append(field.Name).Append('[').Append(i).Append("]:\n");
                        Write(builder, (IMessage)items[i], depth + 1);
                    }
                }
                else
                {
                    builder.Append(indent).Append(field.Name).Append(": ")
                        .AppendJoin(", ", items.Select(item => Scalar(field, item))).Append('\n');
                }

                continue;
            }

            if (!IsSet(field, value))
            {
                continue;
            }

            if (field.FieldType == FieldType.Message && !IsScalarLike(field.MessageType))
            {
                builder.Append(indent).Append(field.Name).Append(":\n");
                Write(builder, (IMessage)value, depth + 1);
            }
            else
            {
                builder.Append(indent).Append(field.Name).Append(": ").Append(Scalar(field, value)).Append('\n');
            }
        }
    }

    /// <summary>
    /// A list response (ListChannelsResponse, QueryResponse, ...) whose lists of records are all
    /// empty: the name of its first list, so the output says so instead of printing nothing.
    /// </summary>
    private static string? EmptyListOf(IMessage message)
    {
        if (!message.Descriptor.Name.EndsWith("Response", StringComparison.Ordinal))
        {
            return null;
        }

        var lists = message.Descriptor.Fields.InFieldNumberOrder()
            .Where(f => f.IsRepeated && f.FieldType == FieldType.Message)
            .ToList();
        return lists.Count > 0 && lists.All(f => ((System.Collections.IList)f.Accessor.GetValue(message)).Count == 0) ? lists[0].Name : null;
    }

    private static bool IsScalarLike(MessageDescriptor type)
        => type.FullName is "google.protobuf.Timestamp" or "google.protobuf.Struct";

    private static bool IsSet(FieldDescriptor field, object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        int i => i != 0,
        long l => l != 0,
        double d => d != 0,
        System.Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) != 0,
        ByteString bytes => !bytes.IsEmpty,
        _ => field.FieldType == FieldType.Message,
    };

    private static string Scalar(FieldDescriptor field, object value) => value switch
    {
        Timestamp t => t.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture),
        Struct s => JsonFormatter.Default.Format(s),
        System.Enum e when field.FieldType == FieldType.Enum => EnumName(field.EnumType, Convert.ToInt32(e, CultureInfo.InvariantCulture)),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The value's proto name, as in the JSON output (DEPLOYMENT_STATUS_ACTIVE); a number the contract does not know stays a number.</summary>
    private static string EnumName(EnumDescriptor type, int number)
        => type.FindValueByNumber(number)?.Name ?? number.ToString(CultureInfo.InvariantCulture);
}
