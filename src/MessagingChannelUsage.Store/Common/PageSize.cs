using MessagingChannelUsage.Routing.Rules;

namespace MessagingChannelUsage.Store.Common;

/// <summary>Bounds of a page requested from a store listing.</summary>
internal static class PageSize
{
    public const int Max = Limits.MaxPageSize;

    public static void Validate(int pageSize)
    {
        if (pageSize is < 1 or > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"A page holds 1 to {Max} items.");
        }
    }
}
