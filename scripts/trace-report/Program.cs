using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// scripts/profile-breakdown.sh: reads a .nettrace taken under load.
//   cpu FILE    thread-time samples (dotnet-sampled-thread-time) of threads running managed code, by the
//               component of the innermost frame whose method name (not its parameter types) names one
//               (leaf to root); waits are left out. TRACE_REPORT_LEAVES=1 adds the top leaf methods by
//               component; TRACE_REPORT_INCLUSIVE=N adds the N methods with most samples inclusive.
//   alloc FILE  GCAllocationTick events (one per ~100 KB allocated, with type and stack), by type and by stack.
if (args.Length < 2) { Console.Error.WriteLine("usage: trace-report cpu|alloc FILE"); return 1; }
var etlx = TraceLog.CreateFromEventPipeDataFile(args[1]);
using var log = new TraceLog(etlx);
if (args[0] == "alloc") Alloc(log); else Cpu(log);
return 0;

static void Cpu(TraceLog log)
{
    (string Name, string[] Patterns)[] components =
    [
        ("decision (Router, keywords)", ["MessagingChannelUsage.Routing."]),
        ("store (memory / Redis store code, near caches)", ["MessagingChannelUsage.Store."]),
        ("Redis client (StackExchange.Redis)", ["StackExchange.Redis", "Pipelines.Sockets"]),
        ("routing engine + mapping + validation", ["MessagingChannelUsage.Gateway.Routing.", "MessagingChannelUsage.Gateway.Edge.RequestValidation", "MessagingChannelUsage.Gateway.Edge.EnumMapping"]),
        ("metrics (gateway + OpenTelemetry + runtime meters)", ["MessagingChannelUsage.Gateway.Telemetry.GatewayMetrics", "OpenTelemetry.Metrics", "System.Diagnostics.Metrics", "KestrelMetrics", "HostingMetrics"]),
        ("tracing (Activity, W3C ids, tags)", ["MessagingChannelUsage.Gateway.Telemetry.GatewayTracing", "System.Diagnostics.Activity", "System.Diagnostics.DiagnosticListener", "HostingApplicationDiagnostics.StartActivity", "HostingApplicationDiagnostics.StopActivity"]),
        ("logging (scopes, log calls)", ["Microsoft.Extensions.Logging", "HostingLogScope", "GatewayLog"]),
        ("authentication + caller limits", ["Microsoft.AspNetCore.Authentication", "MessagingChannelUsage.Gateway.Security", "System.Threading.RateLimiting"]),
        ("error interceptor + JSON gate + other gateway middleware", ["MessagingChannelUsage.Gateway."]),
        ("protobuf (parse, serialize)", ["Google.Protobuf", "MessagingChannelUsage.Protos."]),
        ("gRPC server (call handling)", ["Grpc."]),
        ("ASP.NET Core routing, DI, hosting", ["Microsoft.AspNetCore.Routing", "Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http"]),
        ("Kestrel HTTP/2 + sockets", ["Microsoft.AspNetCore.Server.Kestrel", "System.Net.Sockets", "System.IO.Pipelines"]),
    ];
    string[] waits = ["SocketAsyncEngine.EventLoop", "Wait", "Sleep", "SpinOnce", "Semaphore", "epoll", "Monitor.Enter", "Blocking", "Park"];
    var counts = new Dictionary<string, long>();
    var leaves = new Dictionary<string, long>();
    var inclusive = new Dictionary<string, long>();
    long total = 0, all = 0, idle = 0;
    foreach (var ev in log.Events)
    {
        if (ev.ProviderName != "Microsoft-DotNETCore-SampleProfiler") continue;
        var stack = ev.CallStack();
        if (stack is null) continue;
        all++;
        var type = ev.PayloadByName("Type");
        if (type is not null && Convert.ToInt32(type) != 2) { idle++; continue; } // 2 = managed code running; 1 = outside managed code (waits, syscalls)
        var leaf = stack.CodeAddress.FullMethodName ?? "";
        if (leaf.Length == 0) { var up = stack; while (up != null && string.IsNullOrEmpty(up.CodeAddress.FullMethodName)) up = up.Caller; leaf = "[unresolved] < " + (up?.CodeAddress.FullMethodName ?? "?"); }
        var frames = new List<string>();
        for (var s = stack; s != null; s = s.Caller) frames.Add(s.CodeAddress.FullMethodName ?? s.CodeAddress.ModuleName ?? "?");
        if (waits.Any(w => leaf.Replace("[unresolved] < ", "").Contains(w, StringComparison.Ordinal)) || frames.Count < 3) { idle++; continue; }
        total++;
        var component = "other (runtime, thread pool, BCL)";
        if (leaf.StartsWith("[unresolved] < System.Net.Sockets.SocketPal", StringComparison.Ordinal)) { counts["socket send/receive system calls"] = counts.GetValueOrDefault("socket send/receive system calls") + 1; continue; }
        foreach (var f in frames)
        {
            // The method's own name only: parameter types (e.g. a store method taking a
            // Routing.Model.EndUserState) must not pull a frame into another component.
            var method = MethodName(f);
            var hit = components.FirstOrDefault(c => c.Patterns.Any(p => method.Contains(p, StringComparison.Ordinal)));
            if (hit.Name is not null) { component = hit.Name; break; }
        }
        counts[component] = counts.GetValueOrDefault(component) + 1;
        foreach (var method in frames.Select(MethodName).Distinct()) inclusive[method] = inclusive.GetValueOrDefault(method) + 1;
        leaves[component + " :: " + MethodName(leaf)] = leaves.GetValueOrDefault(component + " :: " + MethodName(leaf)) + 1;
    }
    Console.WriteLine($"samples {all}, waiting/idle {idle}, working {total}");
    foreach (var (k, v) in counts.OrderByDescending(p => p.Value)) Console.WriteLine($"| {k} | {100.0 * v / total:0.0} % |");
    if (Environment.GetEnvironmentVariable("TRACE_REPORT_LEAVES") is not null) foreach (var (k, v) in leaves.OrderByDescending(p => p.Value).Take(40)) Console.WriteLine($"  leaf {100.0 * v / total:0.0} % {k}");
    if (Environment.GetEnvironmentVariable("TRACE_REPORT_INCLUSIVE") is { } top) foreach (var (k, v) in inclusive.OrderByDescending(p => p.Value).Take(int.TryParse(top, out var n) ? n : 60)) Console.WriteLine($"  incl {100.0 * v / total:0.0} % {k}");
}

// "Namespace.Type.Method(ParameterTypes)" → "Namespace.Type.Method".
static string MethodName(string frame)
{
    var open = frame.IndexOf('(', StringComparison.Ordinal);
    return open < 0 ? frame : frame[..open];
}

static void Alloc(TraceLog log)
{
    const int depth = 14;
    var byType = new Dictionary<string, long>();
    var byFrame = new Dictionary<string, long>();
    var byStack = new Dictionary<string, long>();
    long total = 0;
    foreach (var ev in log.Events)
    {
        if (ev is not GCAllocationTickTraceData tick) continue;
        long amount = tick.AllocationAmount64;
        total += amount;
        var type = tick.TypeName ?? "?";
        byType[type] = byType.GetValueOrDefault(type) + amount;
        var stack = ev.CallStack();
        var frames = new List<string>();
        var seen = new HashSet<string>();
        while (stack != null)
        {
            var name = stack.CodeAddress.FullMethodName;
            if (string.IsNullOrEmpty(name)) name = stack.CodeAddress.ModuleName + "!?";
            frames.Add(name);
            if (seen.Add(name)) byFrame[name] = byFrame.GetValueOrDefault(name) + amount;
            stack = stack.Caller;
        }
        var key = type + " <= " + string.Join(" <= ", frames.Take(depth));
        byStack[key] = byStack.GetValueOrDefault(key) + amount;
    }
    Console.WriteLine($"total sampled bytes {total}");
    Console.WriteLine("== by type");
    foreach (var (k, v) in byType.OrderByDescending(p => p.Value).Take(40)) Console.WriteLine($"{100.0 * v / total,6:0.0}% {k}");
    Console.WriteLine("== by frame (inclusive)");
    foreach (var (k, v) in byFrame.OrderByDescending(p => p.Value).Take(120)) Console.WriteLine($"{100.0 * v / total,6:0.0}% {k}");
    Console.WriteLine("== by stack");
    foreach (var (k, v) in byStack.OrderByDescending(p => p.Value).Take(60)) Console.WriteLine($"{100.0 * v / total,6:0.0}% {k}\n");
}
