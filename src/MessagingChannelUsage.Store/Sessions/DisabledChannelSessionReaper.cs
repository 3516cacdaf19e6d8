using MessagingChannelUsage.Routing.Model;
using MessagingChannelUsage.Store.Abstractions;
using MessagingChannelUsage.Store.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Store.Sessions;

/// <summary>
/// Ends the open sessions of a channel whose Conversation usage stayed Disabled for the grace
/// period (domain.md §3). Runs on every instance: claims are atomic and leased (a crashed claimer's
/// entry comes back), and each session is ended by a compare-and-set, so every session is ended
/// exactly once. Before ending anything it re-reads the usage: re-enabled → the entry is dropped;
/// Disabled since another moment → the entry is re-scheduled for that moment plus the grace.
/// </summary>
public sealed class DisabledChannelSessionReaper : BackgroundService
{
    private const int ClaimBatch = 100;

    private readonly IDisableSchedule schedule;
    private readonly IUsageRepository usages;
    private readonly ISessionStore sessions;
    private readonly StoreOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public DisabledChannelSessionReaper(
        IDisableSchedule schedule,
        IUsageRepository usages,
        ISessionStore sessions,
        IOptions<StoreOptions> options,
        TimeProvider time,
        ILogger<DisabledChannelSessionReaper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.schedule = schedule;
        this.usages = usages;
        this.sessions = sessions;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>One pass: handles every entry due now. Returns how many sessions this pass ended.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ended = 0;
        while (true)
        {
            var due = await schedule.ClaimDueAsync(now, ClaimBatch, cancellationToken);
            if (due.Count == 0)
            {
                return ended;
            }

            foreach (var entry in due)
            {
                ended += await HandleAsync(entry, now, cancellationToken);
                await schedule.CompleteAsync(entry, cancellationToken);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunSessionReaper)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ReaperInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Store down or a bad record: the claimed entries come back after their lease.
                StoreLog.ReaperPassFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<int> HandleAsync(DisableEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var usage = await usages.GetAsync(entry.UsageId, cancellationToken);
        if (DisableTracking.StillDue(usage, entry))
        {
            var count = await sessions.EndOpenSessionsAsync(entry.ChannelId, MessagingSession.ChannelDisabledEndReason, now, cancellationToken);
            StoreLog.SessionsEnded(logger, count, entry.ChannelId, entry.UsageId, entry.DisabledTime);
            return count;
        }

        if (usage is { DeploymentType: DeploymentType.Conversation, DeploymentStatus: DeploymentStatus.Disabled, DisabledTime: { } since })
        {
            // A racing write left an entry with another DisabledTime: schedule the real one.
            var replacement = new DisableEntry(usage.Id, usage.MessagingChannelId, since, since + options.SessionGrace);
            await schedule.ScheduleAsync(replacement, cancellationToken);
            if (replacement.DueAt > now)
            {
                return 0;
            }

            var count = await HandleAsync(replacement, now, cancellationToken);
            await schedule.CompleteAsync(replacement, cancellationToken);
            return count;
        }

        StoreLog.DisableEntryStale(logger, entry.UsageId, entry.DisabledTime);
        return 0;
    }
}
