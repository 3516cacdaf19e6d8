using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Consent traffic under faults: one worker per end user alternates STOP and START (each with a
/// message id) under a client deadline, and remembers the consent of its last acknowledged call.
/// Every call is recorded with its time and status, so each fault's window can be read back.
/// </summary>
public sealed class ConsentLoad(MessageRouter.MessageRouterClient router, string channelId, int endUsers, TimeSpan deadline) : IDisposable
{
    private readonly ConcurrentQueue<CallRecord> calls = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly string[] keys = [.. Enumerable.Range(0, endUsers).Select(i => $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}{i:D3}")];
    private readonly ConsentStatus?[] acknowledged = new ConsentStatus?[endUsers];
    private readonly bool[] lastCallAcknowledged = new bool[endUsers];
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

    private async Task WorkAsync(int user, CancellationToken token)
    {
        var sequence = 0;
        while (!token.IsCancellationRequested)
        {
            var text = sequence % 2 == 0 ? "STOP" : "START";
            var started = Now;
            string status;
            try
            {
                var decision = await router.RouteInboundAsync(
                    new InboundMessage { ChannelId = channelId, PlatformKey = keys[user], Text = text, MessageId = $"{keys[user]}-{sequence}" },
                    deadline: DateTime.UtcNow + deadline,
                    cancellationToken: CancellationToken.None);
                acknowledged[user] = decision.ConsentStatus;
                lastCallAcknowledged[user] = true;
                status = "OK";
            }
            catch (RpcException ex)
            {
                lastCallAcknowledged[user] = false;
                status = ex.StatusCode.ToString();
            }

            calls.Enqueue(new CallRecord(started, Now, status));
            sequence++;
            await Task.Delay(20, CancellationToken.None);
        }
    }
}

/// <summary>One call: when it started and ended (seconds since the load began) and its status.</summary>
public sealed record CallRecord(double Started, double Ended, string Status);
