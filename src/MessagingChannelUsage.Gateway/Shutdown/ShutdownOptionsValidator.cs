using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Shutdown;

/// <summary>Checks the shutdown settings at start-up; every message names the setting to fix.</summary>
internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    /// <summary>Longer than any orchestrator waits between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ShutdownTimeout <= TimeSpan.Zero || options.ShutdownTimeout > MaxShutdownTimeout)
        {
            failures.Add($"Gateway:ShutdownTimeout must be positive and at most {MaxShutdownTimeout} (got {options.ShutdownTimeout}).");
        }

        if (options.StreamDrainTimeout < TimeSpan.Zero)
        {
            failures.Add($"Gateway:StreamDrainTimeout must not be negative (got {options.StreamDrainTimeout}).");
        }
        else if (options.StreamDrainTimeout >= options.ShutdownTimeout)
        {
            failures.Add($"Gateway:StreamDrainTimeout ({options.StreamDrainTimeout}) must be shorter than Gateway:ShutdownTimeout ({options.ShutdownTimeout}), so streams end before the host aborts them.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
