using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using MessagingChannelUsage.Gateway.Edge;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Gateway.Tests.Errors;

/// <summary>The one mapping from DomainException to the gRPC wire (status code + google.rpc details).</summary>
public sealed class DomainErrorStatusTests
{
    [Theory]
    [InlineData(ErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ErrorKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ErrorKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    [InlineData(ErrorKind.Aborted, StatusCode.Aborted)]
    [InlineData(ErrorKind.ResourceExhausted, StatusCode.ResourceExhausted)]
    [InlineData(ErrorKind.Unavailable, StatusCode.Unavailable)]
    public void StatusCodeOf_EveryErrorKind_MapsToItsGrpcStatus(ErrorKind kind, StatusCode expected)
        => Assert.Equal(expected, DomainErrorStatus.StatusCodeOf(kind));

    [Fact]
    public void StatusCodeOf_CoversEveryErrorKind()
        => Assert.All(Enum.GetValues<ErrorKind>(), kind => Assert.NotEqual(StatusCode.Internal, DomainErrorStatus.StatusCodeOf(kind)));

    [Fact]
    public void ToRpcException_SeveralErrors_CarriesFirstCodeAsReasonAndEveryFieldAsViolation()
    {
        var exception = new DomainException(ErrorKind.InvalidArgument,
        [
            new FieldError(ErrorCodes.RequiredFieldMissing, "DeploymentType", "DeploymentType is required."),
            new FieldError(ErrorCodes.InvalidCrossReferenceKey, "MessagingChannelId", "No such channel."),
        ]);

        var rpc = DomainErrorStatus.ToRpcException(exception);
        var status = rpc.GetRpcStatus();

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal("DeploymentType is required.", rpc.Status.Detail);
        var info = status!.GetDetail<ErrorInfo>();
        Assert.Equal((ErrorCodes.RequiredFieldMissing, "messaging.v1", "DeploymentType"), (info.Reason, info.Domain, info.Metadata["field"]));
        Assert.Equal(["DeploymentType", "MessagingChannelId"], status.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public void ToRpcStatus_ManyErrorsAndLongMessages_StaysSmallEnoughForTrailers()
    {
        var errors = Enumerable.Range(0, 500)
            .Select(i => new FieldError(ErrorCodes.InvalidField, $"Field{i}", new string('x', 5000)))
            .ToArray();

        var status = DomainErrorStatus.ToRpcStatus(new DomainException(ErrorKind.InvalidArgument, [.. errors]));

        var trailerBytes = Convert.ToBase64String(status.ToByteArray()).Length;
        Assert.True(trailerBytes < 8 * 1024, $"the details trailer is {trailerBytes} bytes");
        Assert.Equal(20, status.GetDetail<BadRequest>().FieldViolations.Count);
    }

    [Fact]
    public void ToRpcStatus_ErrorWithoutField_HasNoFieldMetadata()
    {
        var status = DomainErrorStatus.ToRpcStatus(new DomainException(ErrorKind.Unavailable, ErrorCodes.StoreUnavailable, null, "Redis is down."));

        Assert.Equal((int)StatusCode.Unavailable, status.Code);
        Assert.False(status.GetDetail<ErrorInfo>().Metadata.ContainsKey("field"));
    }
}
