using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store;
using MessagingChannelUsage.Store.Abstractions;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Usages;

/// <summary>
/// Keeps the session auto-end schedule (domain.md §3) in step with a usage write the admin API
/// just made: a Conversation usage that entered Disabled gets an entry due at DisabledTime +
/// Store:SessionGrace (48 h by default, the same setting the store's own scheduling uses); one that left Disabled loses it.
/// </summary>
/// <remarks>
/// Runs after the CAS write succeeded, so it only acts on writes that happened. Cancelling can
/// race a concurrent re-disable (its entry is written around its own write), so after a cancel
/// the usage is read again and, if it is Disabled once more, its entry is scheduled again: the
/// last writer's state always ends up in the schedule. The reaper re-checks a due entry against
/// the usage, so a surplus entry is harmless; a missing one is not.
/// </remarks>
internal sealed class DisableScheduleSync(IDisableSchedule schedule, IUsageRepository usages, IOptions<StoreOptions> storeOptions)
{
    private TimeSpan Grace => storeOptions.Value.SessionGrace;

    public async Task AfterWriteAsync(ChannelUsage? previous, ChannelUsage written, CancellationToken cancellationToken)
    {
        if (written.DeploymentType != DeploymentType.Conversation)
        {
            return;
        }

        var wasDisabled = previous is { DeploymentStatus: DeploymentStatus.Disabled };
        var isDisabled = written.DeploymentStatus == DeploymentStatus.Disabled;
        if (isDisabled && !wasDisabled)
        {
            await ScheduleAsync(written, cancellationToken).ConfigureAwait(false);
        }
        else if (wasDisabled && !isDisabled)
        {
            await schedule.CancelAsync(written.Id, cancellationToken).ConfigureAwait(false);
            if (await usages.GetAsync(written.Id, cancellationToken).ConfigureAwait(false) is { DeploymentStatus: DeploymentStatus.Disabled } again)
            {
                await ScheduleAsync(again, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task ScheduleAsync(ChannelUsage usage, CancellationToken cancellationToken)
    {
        var disabledTime = usage.DisabledTime ?? usage.SystemModstamp;
        return schedule.ScheduleAsync(
            new DisableEntry(usage.Id, usage.MessagingChannelId, disabledTime, disabledTime + Grace),
            cancellationToken);
    }
}
