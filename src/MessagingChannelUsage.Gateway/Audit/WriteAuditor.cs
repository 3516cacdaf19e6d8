using Google.Protobuf;
using MessagingChannelUsage.Gateway.Security;
using MessagingChannelUsage.Routing.Errors;
using MessagingChannelUsage.Store.Abstractions;

namespace MessagingChannelUsage.Gateway.Audit;

/// <summary>
/// Wraps every admin write: reads the records it may change, runs it, and when it succeeded
/// writes one audit record (time, caller, rpc, object, id, changed fields old → new) to the
/// <see cref="AuditLog.Category"/> log and to the store's audit trail. A failed write is not
/// audited (nothing changed). A trail that cannot be written is logged as an error; the write
/// itself already happened and is reported as it went.
/// </summary>
internal sealed class WriteAuditor(AuditSubjects subjects, IAuditLog trail, TimeProvider time, ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger(AuditLog.Category);

    public async Task<TResponse> AuditAsync<TResponse>(RpcRule rule, Caller caller, IMessage request, Func<Task<TResponse>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(write);
        var before = await subjects.BeforeAsync(request, cancellationToken);
        var response = await write();
        if (response is not IMessage message)
        {
            return response;
        }

        var (objectName, id, channelId, after) = await subjects.AfterAsync(message, CancellationToken.None);
        before.TryGetValue(id, out var old);
        var record = new AuditRecord(
            time.GetUtcNow(),
            caller.Identity,
            rule.Method.TrimStart('/'),
            objectName,
            id,
            channelId,
            AuditFields.Changes(AuditFields.Of(old), AuditFields.Of(after)));
        if (logger.IsEnabled(LogLevel.Information))
        {
            var changes = string.Join("; ", record.Changes.Select(c => $"{c.Field}: {c.OldValue ?? "null"} → {c.NewValue ?? "null"}"));
            AuditLog.Write(logger, record.Caller, record.Rpc, record.ObjectName, record.ObjectId, changes);
        }

        try
        {
            await trail.AppendAsync(record, CancellationToken.None);
        }
        catch (DomainException exception)
        {
            AuditLog.NotStored(logger, record.Rpc, record.ObjectName, record.ObjectId, record.Caller, exception);
        }

        return response;
    }
}
