using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Sends fuzzed requests to every RPC as raw gRPC frames over HTTP/2 and tallies the statuses.
/// Deterministic per call: call i of a run with seed s always sends the same bytes.
/// </summary>
public sealed class GrpcFuzzer(Uri address, int seed, IReadOnlyList<string> knownIds)
{
    /// <summary>Statuses a client may see for bytes it made up. Anything else is a gateway bug.</summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "OK", "Cancelled", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists", "PermissionDenied",
        "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented", "Unauthenticated",
    };

    public async Task<FuzzReport> RunAsync(IReadOnlyList<MethodDescriptor> methods, int callsPerMethod, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var plan = methods.SelectMany(method => Enumerable.Range(0, callsPerMethod).Select(_ => method)).ToArray();
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        using var client = new RawGrpcClient(address);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plan.Length),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (index, _) =>
            {
                var method = plan[index];
                var random = new Random(unchecked((seed * 1_000_003) + index));
                var (kind, payload, body, encoding) = Build(method, random);
                var result = await client.CallAsync(
                    RpcCatalog.PathOf(method),
                    body,
                    encoding,
                    timeout: method.IsServerStreaming && !method.IsClientStreaming ? "1S" : "10S");
                outcomes.Add(new FuzzOutcome(method.FullName, kind, result, payload.Length));
            });
        return new FuzzReport([.. outcomes]);
    }

    private (string Kind, byte[] Payload, byte[] Body, string? Encoding) Build(MethodDescriptor method, Random random)
    {
        var fuzz = new ProtoFuzz(random, knownIds);
        var (fuzzKind, payload) = fuzz.Next(method.InputType);
        var kind = fuzzKind.ToString();
        switch (random.Next(10))
        {
            case 0:
                // A gzip body that is not gzip (or is cut short).
                var gzip = RawGrpcClient.Gzip(payload);
                byte[] corrupt = random.Next(2) == 0 ? [0x1F, 0x8B, .. gzip.AsSpan(0, gzip.Length / 2)] : [.. gzip.AsSpan(0, Math.Min(10, gzip.Length)), .. payload, 0xFF, 0x00];
                return ("CorruptGzip", payload, RawGrpcClient.Frame(corrupt, compressed: true), "gzip");
            case 1:
                return (kind + "+Gzip", payload, RawGrpcClient.Frame(RawGrpcClient.Gzip(payload), compressed: true), "gzip");
            case 2 when random.Next(3) == 0:
                // Compressed, but the call names no compression (or identity).
                return ("UnannouncedGzip", payload, RawGrpcClient.Frame(RawGrpcClient.Gzip(payload), compressed: true), random.Next(2) == 0 ? null : "identity");
        }

        if (method.IsClientStreaming)
        {
            // A good item, the fuzzed one, another good item: one bad item must not end the stream badly.
            var good = fuzz.Plausible(method.InputType, depth: 0);
            return (kind, payload, [.. RawGrpcClient.Frame(good), .. RawGrpcClient.Frame(payload), .. RawGrpcClient.Frame(good)], null);
        }

        return (kind, payload, RawGrpcClient.Frame(payload), null);
    }
}

/// <summary>One fuzzed call.</summary>
public sealed record FuzzOutcome(string Method, string Kind, RawResult Result, int PayloadBytes);

/// <summary>Every call of a run, with the summaries the test asserts on and the docs report.</summary>
public sealed class FuzzReport(IReadOnlyList<FuzzOutcome> outcomes)
{
    public IReadOnlyList<FuzzOutcome> Outcomes { get; } = outcomes;

    public IReadOnlyDictionary<string, int> ByStatus =>
        Outcomes.GroupBy(o => o.Result.Status).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count());

    public IReadOnlyList<FuzzOutcome> Disallowed => [.. Outcomes.Where(o => !GrpcFuzzer.Allowed.Contains(o.Result.Status))];

    public string Summary() => string.Join(", ", ByStatus.Select(kv => $"{kv.Key} {kv.Value}"));

    /// <summary>
    /// Where each status other than OK and InvalidArgument came from: one line per (status, method)
    /// with the count, the fuzz kinds and the first message, most frequent first.
    /// </summary>
    public IEnumerable<string> UncommonStatusesByMethod() =>
        Outcomes.Where(o => o.Result.Status is not ("OK" or "InvalidArgument"))
            .GroupBy(o => (o.Result.Status, o.Method))
            .OrderBy(g => g.Key.Status, StringComparer.Ordinal).ThenByDescending(g => g.Count())
            .Select(g => $"{g.Key.Status} {g.Key.Method} ×{g.Count()} ({string.Join(", ", g.GroupBy(o => o.Kind).OrderByDescending(k => k.Count()).Select(k => $"{k.Key} {k.Count()}"))}): {g.First().Result.Message}");

    /// <summary>The first few calls with a status no client should see, for the failure message.</summary>
    public string DisallowedExamples() => string.Join(
        Environment.NewLine,
        Disallowed.GroupBy(o => (o.Method, o.Kind, o.Result.Status)).Take(15)
            .Select(g => $"{g.Key.Method} {g.Key.Kind} → {g.Key.Status} ×{g.Count()}: {g.First().Result.Message}"));
}
