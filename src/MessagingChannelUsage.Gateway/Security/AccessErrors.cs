using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Security;

/// <summary>
/// The errors of authentication, permissions and limits. They name no record and no reason
/// beyond the category: a denied call says nothing about whether the record exists.
/// </summary>
internal static class AccessErrors
{
    public const string UnauthenticatedMessage = "Authentication required: send a valid bearer token (authorization: Bearer <token>) or a trusted client certificate.";
    public const string DeniedMessage = "The caller may not make this call on this channel or record.";

    public static RpcException ToRpcException(AccessOutcome outcome) => outcome switch
    {
        AccessOutcome.Unauthenticated => Build(Code.Unauthenticated, UnauthenticatedMessage, ErrorCodes.InvalidSessionId),
        AccessOutcome.PermissionDenied => Build(Code.PermissionDenied, DeniedMessage, ErrorCodes.InsufficientAccess),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>A RouteStream item on a channel that is not the caller's: an error item, the stream goes on.</summary>
    public static DomainException DeniedItem() => new(ErrorKind.PermissionDenied, ErrorCodes.InsufficientAccess, null, DeniedMessage);

    /// <summary>ResourceExhausted with RetryInfo: when the caller may try again.</summary>
    public static RpcException LimitExceeded(LimitGroup group, TimeSpan retryAfter)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"The caller's {(group == LimitGroup.Routing ? "routing" : "admin")} limit is reached; retry after {retryAfter.TotalMilliseconds:0} ms.",
        };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = ErrorCodes.RequestLimitExceeded, Domain = DomainErrorStatus.ErrorDomain }));
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        return status.ToRpcException();
    }

    private static RpcException Build(Code code, string message, string reason)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = DomainErrorStatus.ErrorDomain }));
        return status.ToRpcException();
    }
}
