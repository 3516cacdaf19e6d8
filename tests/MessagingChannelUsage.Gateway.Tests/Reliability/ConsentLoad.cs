using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Consent traffic under faults: one worker per end user alternates STOP and START (each with a
/// message id) under a client deadline, and remembers the consent of its last acknowledged call.
/// With several gateways (one store), an end user's calls go to them in turn, so one instance's
/// late write meets the other's newer one. Every call is recorded with its time and status, so
/// each fault's window can be read back.
/// </summary>
public sealed class ConsentLoad(IReadOnlyList<MessageRouter.MessageRouterClient> routers, string channelId, int endUsers, TimeSpan deadline) : IDisposable
{
    private readonly ConcurrentQueue<CallRecord> calls = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly string[] keys = [.. Enumerable.Range(0, endUsers).Select(i => $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}{i:D3}")];
    private readonly ConsentStatus?[] acknowledged = new ConsentStatus?[endUsers];
    private readonly bool[] lastCallAcknowledged = new bool[endUsers];
    private readonly double[] lastAcknowledgedStart = [.. Enumerable.Repeat(double.NegativeInfinity, endUsers)];
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public double Now => clock.Elapsed.TotalSeconds;

    public IReadOnlyCollection<CallRecord> Calls => calls;

    /// <summary>End users whose last call was acknowledged, with the consent it reported.</summary>
    public IEnumerable<(string PlatformKey, ConsentStatus Consent)> Acknowledged() =>
        keys.Select((key, i) => (key, i)).Where(x => lastCallAcknowledged[x.i] && acknowledged[x.i] is not null).Select(x => (x.key, acknowledged[x.i]!.Value));

    public void Start()
    {
        var token = stop.Token;
        running = Task.WhenAll(Enumerable.Range(0, keys.Length).Select(i => Task.Run(() => WorkAsync(i, token), CancellationToken.None)));
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await running!;
    }

    public void Dispose() => stop.Dispose();

    /// <summary>
    /// Waits until every end user has had a call acknowledged that started at or after
    /// <paramref name="since"/> (seconds of <see cref="Now"/>): the store serves everyone again.
    /// False when that did not happen within <paramref name="timeout"/>.
    /// </summary>
    public Task<bool> EveryoneAcknowledgedSinceAsync(double since, TimeSpan timeout) =>
        TaskTimeouts.Eventually(() => lastAcknowledgedStart.All(started => started >= since), timeout);

    private async Task WorkAsync(int user, CancellationToken token)
    {
        var sequence = 0;
        while (!token.IsCancellationRequested)
        {
            var text = sequence % 2 == 0 ? "STOP" : "START";
            var started = Now;
            string status;
            var retried = false;
            try
            {
                using var call = routers[(user + sequence) % routers.Count].RouteInboundAsync(
                    new InboundMessage { ChannelId = channelId, PlatformKey = keys[user], Text = text, MessageId = $"{keys[user]}-{sequence}" },
                    deadline: DateTime.UtcNow + deadline,
                    cancellationToken: CancellationToken.None);
                var decision = await call.ResponseAsync;

                // Set by a client with a retry policy when an earlier attempt failed (e.g. on a killed gateway).
                retried = (await call.ResponseHeadersAsync).Get("grpc-previous-rpc-attempts") is not null;
                acknowledged[user] = decision.ConsentStatus;
                lastCallAcknowledged[user] = true;
                Volatile.Write(ref lastAcknowledgedStart[user], started);
                status = "OK";
            }
            catch (RpcException ex)
            {
                lastCallAcknowledged[user] = false;
                status = ex.StatusCode.ToString();
            }

            calls.Enqueue(new CallRecord(user, started, Now, status, retried));
            sequence++;
            await Task.Delay(20, CancellationToken.None);
        }
    }
}

/// <summary>One call: whose, when it started and ended (seconds since the load began), its status, and whether the client retried it.</summary>
public sealed record CallRecord(int User, double Started, double Ended, string Status, bool Retried);
