using System.Reflection;
using Google.Protobuf.Reflection;

namespace MessagingChannelUsage.Protos.V1;

/// <summary>
/// The contract's own spelling of enum values (<c>HANDLER_OMNI_CHANNEL</c>, not the C#
/// <c>OmniChannel</c>): the name mcu, JSON, metrics labels, span tags and load-test reports all
/// use, so one value reads the same on every surface.
/// </summary>
public static class ContractEnumNames
{
    /// <summary>
    /// names[n] is the proto name of value n of <typeparamref name="TProto"/> (null where no value
    /// has that number); built once by the caller, then read without allocating.
    /// </summary>
    public static string?[] Table<TProto>()
        where TProto : struct, Enum
    {
        var fields = typeof(TProto).GetFields(BindingFlags.Public | BindingFlags.Static);
        var numbered = fields.Select(f => (Number: Convert.ToInt32(f.GetValue(null), System.Globalization.CultureInfo.InvariantCulture), Name: f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name)).ToList();
        var names = new string?[numbered.Max(v => v.Number) + 1];
        foreach (var (number, name) in numbered.Where(v => v.Number >= 0))
        {
            names[number] = name;
        }

        return names;
    }

    /// <summary>The proto name of <paramref name="number"/> in <paramref name="table"/>, or "unknown".</summary>
    public static string Of(string?[] table, int number)
    {
        ArgumentNullException.ThrowIfNull(table);
        return (uint)number < (uint)table.Length && table[number] is { } name ? name : "unknown";
    }
}
