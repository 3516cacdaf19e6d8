namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>
/// A data feed (NBomber's <c>DataFeed</c>): a sequence of items drawn once, up front, with a fixed
/// seed, then handed out round-robin, lock-free, to whichever copy asks next. The same seed gives
/// the same items in the same order, so two runs (or gateway and echo) see the same data.
/// </summary>
public sealed class DataFeed<T>
{
    private readonly T[] items;
    private long next = -1;

    public DataFeed(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A feed needs at least one item.", nameof(items));
        }

        this.items = [.. items];
    }

    public int Count => this.items.Length;

    public IReadOnlyList<T> Items => this.items;

    /// <summary>The next item (wraps around).</summary>
    public T Next() => this.items[(int)((ulong)Interlocked.Increment(ref this.next) % (ulong)this.items.Length)];
}

/// <summary>Builds feeds with a seed.</summary>
public static class DataFeed
{
    /// <summary>The items in a seeded random order (Fisher–Yates).</summary>
    public static DataFeed<T> Shuffled<T>(IEnumerable<T> items, int seed)
    {
        var array = items.ToArray();
        new Random(seed).Shuffle(array);
        return new DataFeed<T>(array);
    }

    /// <summary><paramref name="length"/> draws from weighted choices, with a seed.</summary>
    public static DataFeed<T> Weighted<T>(IReadOnlyList<(T Item, double Weight)> choices, int length, int seed)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var total = choices.Sum(c => c.Weight);
        if (choices.Count == 0 || total <= 0 || choices.Any(c => c.Weight < 0))
        {
            throw new ArgumentException("Weighted choices need non-negative weights with a positive sum.", nameof(choices));
        }

        var random = new Random(seed);
        var drawn = new T[length];
        for (var i = 0; i < length; i++)
        {
            var point = random.NextDouble() * total;
            var chosen = choices[^1].Item;
            foreach (var (item, weight) in choices)
            {
                if (point < weight)
                {
                    chosen = item;
                    break;
                }

                point -= weight;
            }

            drawn[i] = chosen;
        }

        return new DataFeed<T>(drawn);
    }
}
