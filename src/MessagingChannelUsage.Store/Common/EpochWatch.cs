namespace MessagingChannelUsage.Store.Common;

/// <summary>What one look at the store's epoch marker means.</summary>
internal enum EpochVerdict
{
    /// <summary>First look: this instance now knows the marker.</summary>
    Adopted,

    /// <summary>The marker is the one this instance knows.</summary>
    Same,

    /// <summary>The marker is gone or replaced: the state was lost (just now noticed).</summary>
    Lost,

    /// <summary>Still lost, nobody acknowledged yet.</summary>
    StillLost,

    /// <summary>The marker this instance knew is back (the state was reloaded from a backup).</summary>
    Restored,

    /// <summary>An operator wrote an acknowledgement marker ("ack:…"): serve again from here on.</summary>
    Acknowledged,
}

/// <summary>
/// State-loss detection (docs/reliability.md#state-loss). The store writes an epoch marker once
/// (SET NX) and every instance remembers the value it saw first. A later look that finds the
/// marker missing or different means Redis came back without the state this instance served from:
/// lost, and it stays lost (latched) until the old marker returns (state reloaded) or an operator
/// writes a marker starting with <see cref="AcknowledgementPrefix"/>. A new instance that starts on
/// the wiped Redis writes a plain marker, which does not clear the others' loss.
/// Not thread-safe: one background check calls it.
/// </summary>
internal sealed class EpochWatch
{
    public const string AcknowledgementPrefix = "ack:";

    public string? Known { get; private set; }

    public bool IsLost { get; private set; }

    public EpochVerdict Observe(string? stored)
    {
        if (Known is null)
        {
            // The first look creates the marker when absent (SET NX), so it always finds one.
            ArgumentNullException.ThrowIfNull(stored);
            Known = stored;
            return EpochVerdict.Adopted;
        }

        if (string.Equals(stored, Known, StringComparison.Ordinal))
        {
            var wasLost = IsLost;
            IsLost = false;
            return wasLost ? EpochVerdict.Restored : EpochVerdict.Same;
        }

        if (stored is not null && stored.StartsWith(AcknowledgementPrefix, StringComparison.Ordinal))
        {
            Known = stored;
            IsLost = false;
            return EpochVerdict.Acknowledged;
        }

        var already = IsLost;
        IsLost = true;
        return already ? EpochVerdict.StillLost : EpochVerdict.Lost;
    }
}
