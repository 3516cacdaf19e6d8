using Google.Rpc;
using Grpc.Core;
using MessagingChannelUsage.Client.Connection;

namespace MessagingChannelUsage.Client.Output;

/// <summary>
/// Prints a failed call once: the gRPC status, the Salesforce-style reason and the message, then
/// each field violation that adds something (one that repeats the message, which names its field,
/// is not printed again). A call that never reached the gateway names the address and a hint.
/// </summary>
public static class RpcErrorPrinter
{
    public static async Task PrintAsync(RpcException exception, Uri address, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        var status = exception.GetRpcStatus();
        if (status is null && ConnectionHint.For(exception, address) is { } connection)
        {
            await error.WriteLineAsync($"error: {connection.Problem}.");
            await error.WriteLineAsync($"hint: {connection.Hint}");
            return;
        }

        var detail = exception.Status.Detail;
        var reason = status?.GetDetail<ErrorInfo>()?.Reason;
        var violations = (status?.GetDetail<BadRequest>()?.FieldViolations ?? [])
            .Select(v => (v.Field, Description: Unprefixed(v.Description, reason)))
            .Where(v => !(v.Field.Length == 0 && detail.Contains(v.Description, StringComparison.Ordinal)))
            .ToList();

        // The message is usually the first violation's: name its field there and print it once.
        var field = violations.FirstOrDefault(v => v.Description == detail).Field;
        violations.RemoveAll(v => v.Description == detail && v.Field == field);
        var where = string.IsNullOrEmpty(field) ? string.Empty : $"{field}: ";
        await error.WriteLineAsync(reason is null
            ? $"error: {exception.StatusCode}: {where}{detail}"
            : $"error: {exception.StatusCode} {reason}: {where}{detail}");
        foreach (var (otherField, description) in violations)
        {
            await error.WriteLineAsync(otherField.Length == 0 ? $"  {description}" : $"  {otherField}: {description}");
        }
    }

    /// <summary>The gateway writes "CODE: message" into each violation; the code is already on the first line.</summary>
    private static string Unprefixed(string description, string? reason)
        => reason is not null && description.StartsWith(reason + ": ", StringComparison.Ordinal) ? description[(reason.Length + 2)..] : description;
}
