using Grpc.Core;
using MessagingChannelUsage.LoadTests.Echo.V1;

namespace MessagingChannelUsage.EchoServer.Services;

/// <summary>
/// Answers every request with a reply the size of a typical routing decision (an OMNI_CHANNEL
/// answer carries usage, session and end-user ids, the rule that decided and the configuration
/// version), so the baseline pays the same protobuf and HTTP/2 costs as the gateway and nothing
/// else. 79 bytes without a message id, as the gateway's NOT_A_MARKETING_KEYWORD answer
/// (docs/performance.md, "The echo baseline's reply").
/// </summary>
public sealed class EchoService(NaiveRedis naive) : Echo.EchoBase
{
    // 18-character ids, as the gateway returns them.
    private const string UsageId = "0Mu000000000001AAA";
    private const string SessionId = "0Mw000000000001AAA";
    private const string EndUserId = "0PA000000000001AAA";

    // The gateway's most frequent rule (an ordinary message, both usages active) and a channel's
    // version after it and its two usages were created. The language stays empty, as it is for
    // every message that no keyword set matched.
    private const string Rule = "inbound.8";
    private const long ConfigVersion = 3;

    public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(Reply(request));

    public override async Task<EchoReply> EchoAfterRead(EchoRequest request, ServerCallContext context)
    {
        var database = naive.Database
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "EchoAfterRead needs the setting Naive:Redis (e.g. Naive__Redis=127.0.0.1:6379)."));
        await database.HashGetAllAsync(NaiveRedis.EndUserKey(request.ChannelId, request.PlatformKey));
        return Reply(request);
    }

    public override async Task EchoStream(
        IAsyncStreamReader<EchoRequest> requestStream,
        IServerStreamWriter<EchoReply> responseStream,
        ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Reply(request), context.CancellationToken);
        }
    }

    private static EchoReply Reply(EchoRequest request) => new()
    {
        MessageId = request.MessageId,
        Handler = 1,
        Reason = 6,
        UsageId = UsageId,
        SessionId = SessionId,
        ConsentStatus = 1,
        EndUserId = EndUserId,
        Rule = Rule,
        ConfigVersion = ConfigVersion,
    };
}
