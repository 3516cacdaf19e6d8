namespace MessagingChannelUsage.Routing.Rules;

/// <summary>
/// A field of a write request: not given (the default), or given with a value, which may be
/// null (<c>FieldValue.Of&lt;int?&gt;(null)</c> = "set to null").
/// </summary>
public readonly record struct FieldValue<T>(bool IsGiven, T Value)
{
    /// <summary>The value when given, else <paramref name="fallback"/>.</summary>
    public T Or(T fallback) => IsGiven ? Value : fallback;

    public override string ToString() => IsGiven ? $"Given({Value?.ToString() ?? "null"})" : "NotGiven";
}

/// <summary>Shorthands: <c>FieldValue.Of(3)</c>, <c>FieldValue.Null&lt;int&gt;()</c>, <c>default</c> = not given.</summary>
public static class FieldValue
{
    public static FieldValue<T> Of<T>(T value) => new(true, value);

    /// <summary>A nullable picklist or date given as null.</summary>
    public static FieldValue<T?> Null<T>()
        where T : struct
        => new(true, null);

    /// <summary>A text field (id, reference) given as null.</summary>
    public static FieldValue<string?> NullText() => new(true, null);
}
