using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// The one mapping from expected failures (<see cref="DomainException"/>) to the gRPC wire:
/// a status code per <see cref="ErrorKind"/> and google.rpc details (ErrorInfo + BadRequest)
/// sent in the trailers. Used by <see cref="DomainExceptionInterceptor"/> and by RouteStream items.
/// </summary>
internal static class DomainErrorStatus
{
    /// <summary>ErrorInfo.domain of every error this gateway sends.</summary>
    public const string ErrorDomain = "messaging.v1";

    // The details travel base64-encoded in one trailer (grpc-status-details-bin); proxies often
    // cap a header list at 8 KiB, so cap what is echoed back (first 20 violations, short texts).
    private const int MaxFieldViolations = 20;
    private const int MaxMessageLength = 512;
    private const int MaxDescriptionLength = 200;

    public static StatusCode StatusCodeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.Aborted => StatusCode.Aborted,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.OutOfRange => StatusCode.OutOfRange,
        _ => StatusCode.Internal,
    };

    /// <summary>The rich status of a domain failure: ErrorInfo(reason = Salesforce code) + BadRequest.</summary>
    public static Google.Rpc.Status ToRpcStatus(DomainException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var first = exception.Errors.IsEmpty ? null : exception.Errors[0];
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCodeOf(exception.Kind),
            Message = Truncate(first?.Message ?? exception.Message, MaxMessageLength),
        };

        var info = new ErrorInfo { Reason = exception.Code, Domain = ErrorDomain };
        if (first?.Field is { } field)
        {
            info.Metadata.Add("field", field);
        }

        status.Details.Add(Any.Pack(info));

        var badRequest = new BadRequest();
        foreach (var error in exception.Errors)
        {
            if (badRequest.FieldViolations.Count == MaxFieldViolations)
            {
                break;
            }

            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = error.Field ?? string.Empty,
                Description = Truncate($"{error.Code}: {error.Message}", MaxDescriptionLength),
            });
        }

        if (badRequest.FieldViolations.Count > 0)
        {
            status.Details.Add(Any.Pack(badRequest));
        }

        return status;
    }

    public static RpcException ToRpcException(DomainException exception) => ToRpcStatus(exception).ToRpcException();

    private static string Truncate(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];
}
