using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Request bytes for a message type, from a seeded <see cref="Random"/>: plausible messages built
/// from the descriptor (every field type, out-of-range numbers and timestamps, ids that exist and
/// ids that do not), then mutated the ways hostile or broken clients do (bit flips, truncation,
/// wrong wire types, bad UTF-8, deep nesting, lying lengths, pure noise).
/// </summary>
public sealed class ProtoFuzz(Random random, IReadOnlyList<string> knownIds)
{
    private static readonly string[] Words = ["", "hello", "STOP", "start", "HELP", "JOIN now", "stop!", "SELECT Id FROM MessagingChannelUsage", "SELECT COUNT(Id) FROM MessagingChannelUsage GROUP BY DeploymentStatus", "Id", "+15550001", "0Mj000000000000AAA", "0Mu000000000000", "DeploymentStatus", "🙂", "null", "\u0000"];

    /// <summary>What a fuzzed request is, for the report.</summary>
    public enum Kind
    {
        Plausible,
        BitFlips,
        Truncated,
        WrongWireType,
        BadUtf8,
        DeepNesting,
        LyingLength,
        Noise,
        Empty,
    }

    public (Kind Kind, byte[] Bytes) Next(MessageDescriptor type)
    {
        var kind = (Kind)random.Next(Enum.GetValues<Kind>().Length);
        var valid = Plausible(type, depth: 0);
        var bytes = kind switch
        {
            Kind.Plausible => valid,
            Kind.BitFlips => FlipBits(valid),
            Kind.Truncated => valid.Length == 0 ? [0x0A] : valid.AsSpan(0, random.Next(valid.Length)).ToArray(),
            Kind.WrongWireType => WrongWireType(type, valid),
            Kind.BadUtf8 => BadUtf8(type, valid),
            Kind.DeepNesting => DeepNesting(type),
            Kind.LyingLength => [.. valid, .. Tag(random.Next(1, 20), WireFormat.WireType.LengthDelimited), 0xFF, 0xFF, 0x03, 0x41],
            Kind.Noise => Noise(random.Next(1, 200)),
            _ => [],
        };
        return (kind, bytes);
    }

    /// <summary>A message whose fields all have the right wire types (values may still be invalid for the API).</summary>
    public byte[] Plausible(MessageDescriptor type, int depth)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (random.Next(3) == 0)
            {
                continue;
            }

            var count = field.IsRepeated ? random.Next(0, 4) : 1;
            for (var i = 0; i < count; i++)
            {
                WriteField(output, field, depth);
            }
        }

        output.Flush();
        return buffer.ToArray();
    }

    private void WriteField(CodedOutputStream output, FieldDescriptor field, int depth)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteString(RandomText());
                break;
            case FieldType.Bytes:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(Noise(random.Next(0, 40))));
                break;
            case FieldType.Bool:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteBool(random.Next(2) == 0);
                break;
            case FieldType.Enum:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteEnum(random.Next(5) == 0 ? random.Next(-5, 1000) : random.Next(0, 8));
                break;
            case FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteInt64(RandomNumber());
                break;
            case FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                output.WriteFixed32((uint)random.Next());
                break;
            case FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                output.WriteFixed64((ulong)RandomNumber());
                break;
            case FieldType.Message or FieldType.Group:
                if (depth >= 4)
                {
                    return;
                }

                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(field.MessageType.FullName == "google.protobuf.Timestamp"
                    ? Timestamp()
                    : Plausible(field.MessageType, depth + 1)));
                break;
        }
    }

    private byte[] Timestamp()
    {
        // Valid times, and the ones that broke the gateway: seconds past year 9999, negative nanos.
        long seconds = random.Next(4) switch
        {
            0 => 1_700_000_000 + random.Next(100_000_000),
            1 => 253_402_300_800L + random.Next(1_000_000),
            2 => -62_135_596_801L - random.Next(1_000_000),
            _ => RandomNumber(),
        };
        var nanos = random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(0, 999_999_999);
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt64(seconds);
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt32(nanos);
        output.Flush();
        return buffer.ToArray();
    }

    private long RandomNumber() => random.Next(6) switch
    {
        0 => 0,
        1 => -1,
        2 => long.MaxValue,
        3 => long.MinValue,
        4 => random.Next(0, 3000),
        _ => random.NextInt64(),
    };

    private string RandomText() => random.Next(6) switch
    {
        0 when knownIds.Count > 0 => knownIds[random.Next(knownIds.Count)],
        1 => new string((char)random.Next(32, 0xD7FF), random.Next(0, 3000)),
        2 => Convert.ToHexString(Noise(random.Next(1, 12))),
        _ => Words[random.Next(Words.Length)],
    };

    private byte[] FlipBits(byte[] bytes)
    {
        var copy = bytes.Length == 0 ? Noise(8) : (byte[])bytes.Clone();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] WrongWireType(MessageDescriptor type, byte[] valid)
    {
        var field = Pick(type.Fields.InDeclarationOrder());
        var number = field?.FieldNumber ?? 1;
        // A string field sent as a varint, a number sent as length-delimited, or a group.
        var wire = field?.FieldType is FieldType.String or FieldType.Message or FieldType.Bytes
            ? WireFormat.WireType.Varint
            : random.Next(2) == 0 ? WireFormat.WireType.LengthDelimited : WireFormat.WireType.StartGroup;
        return [.. valid, .. Tag(number, wire), 0x05, 0x41, 0x42, 0x43, 0x44, 0x45];
    }

    private byte[] BadUtf8(MessageDescriptor type, byte[] valid)
    {
        var field = Pick(type.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.String).ToList());
        byte[] invalid = [0x41, 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80];
        return [.. valid, .. Tag(field?.FieldNumber ?? 2, WireFormat.WireType.LengthDelimited), (byte)invalid.Length, .. invalid];
    }

    private byte[] DeepNesting(MessageDescriptor type)
    {
        // 200 levels: deeper than protobuf's recursion limit (100), through a message field when
        // there is one, else through unknown-field groups.
        var field = Pick(type.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message).ToList());
        if (field is null)
        {
            var open = Tag(99, WireFormat.WireType.StartGroup);
            var close = Tag(99, WireFormat.WireType.EndGroup);
            return [.. Enumerable.Repeat(open, 200).SelectMany(b => b), .. Enumerable.Repeat(close, 200).SelectMany(b => b)];
        }

        byte[] inner = [];
        for (var i = 0; i < 200; i++)
        {
            using var buffer = new MemoryStream();
            var output = new CodedOutputStream(buffer);
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(inner));
            output.Flush();
            inner = buffer.ToArray();
        }

        using var outer = new MemoryStream();
        var top = new CodedOutputStream(outer);
        top.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
        top.WriteBytes(ByteString.CopyFrom(inner));
        top.Flush();
        return outer.ToArray();
    }

    private static byte[] Tag(int number, WireFormat.WireType wire)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(number, wire);
        output.Flush();
        return buffer.ToArray();
    }

    private T? Pick<T>(IList<T> items) where T : class => items.Count == 0 ? null : items[random.Next(items.Count)];

    private byte[] Noise(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
