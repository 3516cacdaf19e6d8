using System.Text.Json;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>
/// Errors as Salesforce's REST API answers them: an HTTP status and the array
/// [{"message","errorCode","fields"}], one element per problem. Domain errors keep their code and
/// field; the status follows the kind (400 for a client's mistake, 404 NOT_FOUND, 412 for a stale
/// If-Unmodified-Since, 503 while the store is unreachable).
/// </summary>
internal static class SalesforceErrors
{
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = ErrorCodes.UnsupportedMediaType;
    public const string PreconditionFailed = "PRECONDITION_FAILED";

    public static DomainException ResourceNotFound()
        => new(ErrorKind.NotFound, ErrorCodes.NotFound, null, "The requested resource does not exist");

    public static IResult ToResult(DomainException exception)
    {
        var status = exception.Code == UnsupportedMediaType ? StatusCodes.Status415UnsupportedMediaType : exception.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Aborted => StatusCodes.Status412PreconditionFailed,
            ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            ErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return Array(status, [.. exception.Errors.Select(e => new RestError(e.Message, e.Code, e.Field is null ? [] : [e.Field]))]);
    }

    public static IResult Array(int status, IReadOnlyList<RestError> errors)
        => Results.Json(errors, SalesforceJsonContext.Default.IReadOnlyListRestError, statusCode: status);

    public static IResult One(int status, string code, string message)
        => Array(status, [new RestError(message, code, [])]);

    /// <summary>Turns what a handler throws for a client's input into Salesforce's error array.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainException exception)
        {
            return ToResult(exception);
        }
        catch (JsonException exception)
        {
            return One(StatusCodes.Status400BadRequest, RecordBody.JsonParserError, "The request body is not valid JSON: " + exception.Message);
        }
    }
}
