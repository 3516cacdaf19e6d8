using System.ComponentModel;
using System.Reflection;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Store;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// Checks an environment variable of a deployment file (compose, Kubernetes) against the gateway's
/// options classes: <c>Section__Property</c> must name a settable property of a class bound to
/// that section, and the value must convert to its type (an enum value must be defined).
/// </summary>
internal static class OptionBinding
{
    /// <summary>Section name → the options classes bound to it (classes with a SectionName constant).</summary>
    public static Dictionary<string, List<Type>> Sections { get; } = new[] { typeof(GatewayOptions).Assembly, typeof(StoreOptions).Assembly }
        .SelectMany(a => a.GetTypes()) // gateway types are internal
        .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
        .GroupBy(x => (string)x.Field!.GetRawConstantValue()!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(x => x.Type).ToList(), StringComparer.Ordinal);

    /// <summary>Whether the variable belongs to the host or the runtime rather than to an options class.</summary>
    public static bool IsPlatformVariable(string variable)
        => variable.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || variable.StartsWith("DOTNET_", StringComparison.Ordinal)
           || variable.StartsWith("Logging__", StringComparison.Ordinal);

    public static void AssertBinds(string where, string variable, string value)
    {
        var parts = variable.Split("__");
        Assert.True(parts.Length == 2, $"{where}: {variable} is not Section__Property");
        Assert.True(Sections.TryGetValue(parts[0], out var types), $"{where}: no options class binds section {parts[0]} ({variable})");
        var property = types.Select(t => t.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))
            .FirstOrDefault(p => p is { CanWrite: true });
        Assert.True(property is not null, $"{where}: {variable} names no settable property of {string.Join(", ", types.Select(t => t.Name))}");
        AssertConverts(where, variable, value, property!.PropertyType);
    }

    private static void AssertConverts(string where, string variable, string value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value.Length == 0)
        {
            Assert.True(!type.IsValueType || Nullable.GetUnderlyingType(type) is not null, $"{where}: {variable} is empty but {type.Name} needs a value");
            return;
        }

        var converted = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
        Assert.NotNull(converted);
        if (target.IsEnum)
        {
            Assert.True(Enum.IsDefined(target, converted!), $"{where}: {variable}={value} is no {target.Name}");
        }
    }
}
