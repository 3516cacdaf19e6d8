using Grpc.Core;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.Routing.Errors;
using Domain = MessagingChannelUsage.Routing.Model;

namespace MessagingChannelUsage.Gateway.Tests.Routing;

/// <summary>RouteStream: one decision per request, in order; a bad item does not end the stream.</summary>
public abstract class RouteStreamTests(GatewayFixture fixture)
{
    private readonly MessageRouter.MessageRouterClient router = fixture.Router;

    [Fact]
    public async Task RouteStream_TenThousandMessages_ComeBackCompleteAndInOrder()
    {
        const int count = 10_000;
        var channel = await fixture.Channels.BothActiveAsync(Domain.RoutingOverride.MJKeywordsOnly);
        var requests = new RouteRequest[count];
        for (var i = 0; i < count; i++)
        {
            var key = "+1555000" + (i % 50).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            // The first message of each of the 50 end users opens their session.
            requests[i] = (i < 50 ? 0 : i % 3) switch
            {
                0 => new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, "hello", messageId: $"s-{i}") },
                1 => new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, "JOIN", messageId: $"s-{i}") },
                _ => new RouteRequest { Outbound = Messages.Outbound(channel.Id, key, Handler.JourneyBuilder, messageId: $"s-{i}") },
            };
        }

        using var call = router.RouteStream(deadline: Calls.Deadline);
        var writer = Task.Run(async () =>
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
            }

            await call.RequestStream.CompleteAsync();
        });
        var answers = new List<RoutingDecision>(count);
        await foreach (var decision in call.ResponseStream.ReadAllAsync())
        {
            answers.Add(decision);
        }

        await writer.WaitAsync(Calls.Timeout);
        Assert.Equal(count, answers.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"s-{i}", answers[i].MessageId);
            Assert.Null(answers[i].Error);
            Assert.False(answers[i].Replayed);
        }

        // Each end user's first message opened a session; everything after stays in it
        // (open conversations come first, for JOIN and for Journey Builder's outbound too).
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(Handler.OmniChannel, answers[i].Handler);
            Assert.Equal(answers[i % 50].SessionId, answers[i].SessionId);
        }

        Assert.All(answers.Skip(50).Where((_, i) => (i + 50) % 3 != 0), a => Assert.Equal(RoutingReason.ActiveServiceSession, a.Reason));
    }

    [Fact]
    public async Task RouteStream_BadItemMidStream_GetsAnErrorItemAndTheStreamGoesOn()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        using var call = router.RouteStream(deadline: Calls.Deadline);

        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, "hello", "a") });
        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound("not-an-id", key, "hello", "b") });
        await call.RequestStream.WriteAsync(new RouteRequest());
        await call.RequestStream.WriteAsync(new RouteRequest { Outbound = Messages.Outbound(channel.Id, key, (Handler)42, messageId: "d") });
        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, "again", "e") });
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync().AsTask().WaitAsync(Calls.Timeout);

        Assert.Equal(["a", "b", "", "d", "e"], answers.Select(a => a.MessageId));
        Assert.Null(answers[0].Error);
        Assert.Equal(new RouteError
        {
            StatusCode = (int)StatusCode.InvalidArgument,
            ErrorCode = ErrorCodes.InvalidIdField,
            Field = "channel_id",
            Message = answers[1].Error.Message,
        }, answers[1].Error);
        Assert.Equal((ErrorCodes.RequiredFieldMissing, "message"), (answers[2].Error.ErrorCode, answers[2].Error.Field));
        Assert.Equal((ErrorCodes.InvalidOrNullForRestrictedPicklist, "sender"), (answers[3].Error.ErrorCode, answers[3].Error.Field));
        Assert.Null(answers[4].Error);
        Assert.Equal(answers[0].SessionId, answers[4].SessionId);
    }

    [Fact]
    public async Task RouteStream_OversizeText_GetsResourceExhaustedItem()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        using var call = router.RouteStream(deadline: Calls.Deadline);

        await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, TestChannel.NewPlatformKey(), new string('x', 4097), "big") });
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync().AsTask().WaitAsync(Calls.Timeout);

        var error = Assert.Single(answers).Error;
        Assert.Equal(((int)StatusCode.ResourceExhausted, ErrorCodes.StringTooLong, "text"), (error.StatusCode, error.ErrorCode, error.Field));
    }

    [Fact]
    public async Task RouteStream_ClientWaitingForEachAnswer_GetsEachAnswerBeforeSendingMore()
    {
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var key = TestChannel.NewPlatformKey();
        using var call = router.RouteStream(deadline: Calls.Deadline);

        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, "ping", $"p-{i}") }).WaitAsync(Calls.Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Calls.Timeout));
            Assert.Equal($"p-{i}", call.ResponseStream.Current.MessageId);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Calls.Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Calls.Timeout));
    }
    [Fact]
    public async Task RouteStream_BurstOfConsentKeywordsPerEndUser_DecidesExactlyAsSequentialRouting()
    {
        var channel = await fixture.Channels.MarketingOnlyAsync(Domain.ConsentType.DoubleOptIn);
        string?[] script = ["START", null, "yes", null, "STOP", "hello", null, "START", "YES", null];
        RouteRequest Request(string key, int step, string id) => script[step] is { } text
            ? new RouteRequest { Inbound = Messages.Inbound(channel.Id, key, text, id) }
            : new RouteRequest { Outbound = Messages.Outbound(channel.Id, key, Handler.JourneyBuilder, messageId: id) };

        // The reference: one end user, one message at a time over unary calls.
        var referenceKey = TestChannel.NewPlatformKey();
        var reference = new List<(Handler, RoutingReason, ConsentStatus)>();
        for (var step = 0; step < script.Length; step++)
        {
            var request = Request(referenceKey, step, $"ref-{step}");
            var decision = request.MessageCase == RouteRequest.MessageOneofCase.Inbound
                ? await router.RouteInboundAsync(request.Inbound, Calls.Options)
                : await router.RouteOutboundAsync(request.Outbound, Calls.Options);
            reference.Add((decision.Handler, decision.Reason, decision.ConsentStatus));
        }

        // Each end user's script back to back on one stream: all of it sits in one window.
        const int users = 12;
        var keys = Enumerable.Range(0, users).Select(_ => TestChannel.NewPlatformKey()).ToArray();
        using var call = router.RouteStream(deadline: Calls.Deadline);
        for (var user = 0; user < users; user++)
        {
            for (var step = 0; step < script.Length; step++)
            {
                await call.RequestStream.WriteAsync(Request(keys[user], step, $"{user}-{step}")).WaitAsync(Calls.Timeout);
            }
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Calls.Timeout);
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync().AsTask().WaitAsync(Calls.Timeout);

        Assert.Equal(script.Length * users, answers.Count);
        for (var i = 0; i < answers.Count; i++)
        {
            var (user, step) = Math.DivRem(i, script.Length);
            Assert.Equal($"{user}-{step}", answers[i].MessageId);
            Assert.Null(answers[i].Error);
            Assert.Equal(reference[step], (answers[i].Handler, answers[i].Reason, answers[i].ConsentStatus));
        }

        foreach (var key in keys.Append(referenceKey))
        {
            var endUser = await fixture.EndUsers.GetEndUserAsync(new GetEndUserRequest { ChannelId = channel.Id, PlatformKey = key }, Calls.Options);
            Assert.Equal(reference[^1].Item3, endUser.ConsentStatus);
        }
    }

    [Fact]
    public async Task RouteStream_BadItemsAmongManyInFlight_EachGetsItsErrorItemInPlace()
    {
        const int count = 300;
        var channel = await fixture.Channels.ServiceOnlyAsync();
        var keys = Enumerable.Range(0, 10).Select(_ => TestChannel.NewPlatformKey()).ToArray();
        using var call = router.RouteStream(deadline: Calls.Deadline);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var channelId = i % 7 == 3 ? "not-an-id" : channel.Id;
                await call.RequestStream.WriteAsync(new RouteRequest { Inbound = Messages.Inbound(channelId, keys[i % keys.Length], "hello", $"m-{i}") });
            }

            await call.RequestStream.CompleteAsync();
        });
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync().AsTask().WaitAsync(Calls.Timeout);
        await writer.WaitAsync(Calls.Timeout);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m-{i}"), answers.Select(a => a.MessageId));
        for (var i = 0; i < count; i++)
        {
            if (i % 7 == 3)
            {
                Assert.Equal((ErrorCodes.InvalidIdField, "channel_id"), (answers[i].Error?.ErrorCode, answers[i].Error?.Field));
            }
            else
            {
                Assert.Null(answers[i].Error);
                Assert.Equal(Handler.OmniChannel, answers[i].Handler);
            }
        }
    }
}
