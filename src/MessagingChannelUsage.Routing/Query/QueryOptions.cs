using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// Batch sizes of query/queryMore. Salesforce's: default 2000, minimum 200, maximum 2000, and the
/// requested size is a hint, not a promise; so a size in [1, ∞) is clamped into
/// [<see cref="MinBatchSize"/>, <see cref="MaxBatchSize"/>] rather than rejected, 0 (the proto
/// default: not set) means <see cref="DefaultBatchSize"/>, and only a negative size is an error
/// (INVALID_FIELD on batch_size). The limits are settable so a host (or a test) can page finer.
/// </summary>
public sealed record QueryOptions
{
    public static QueryOptions Salesforce { get; } = new();

    public int DefaultBatchSize { get; init; } = 2000;

    public int MinBatchSize { get; init; } = 200;

    public int MaxBatchSize { get; init; } = 2000;

    /// <summary>The batch size to use for a requested one (see the class comment).</summary>
    public int ResolveBatchSize(int requested)
    {
        if (MinBatchSize < 1 || MaxBatchSize < MinBatchSize || DefaultBatchSize < MinBatchSize || DefaultBatchSize > MaxBatchSize)
        {
            throw new InvalidOperationException(
                $"Inconsistent query batch limits: min {MinBatchSize}, default {DefaultBatchSize}, max {MaxBatchSize}.");
        }

        if (requested < 0)
        {
            throw new DomainException(ErrorKind.InvalidArgument, ErrorCodes.InvalidField, "batch_size",
                $"batch size {requested} is negative; give 0 for the default ({DefaultBatchSize}) or a size up to {MaxBatchSize}");
        }

        return requested == 0 ? DefaultBatchSize : Math.Clamp(requested, MinBatchSize, MaxBatchSize);
    }
}
