using MessagingChannelUsage.EchoServer;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MessagingChannelUsage.EchoServer.Services;

// The plain-gRPC baseline for the load tests: the same host shape as the gateway (Kestrel, HTTP/2
// only, loopback, gRPC with default options) and no work beyond building a reply of the gateway's size.
// Start: dotnet MessagingChannelUsage.EchoServer.dll --urls http://127.0.0.1:5081
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json next to the binary, wherever the script starts it from.
    ContentRootPath = AppContext.BaseDirectory,
});

// gRPC over cleartext needs HTTP/2 only (prior knowledge): with Http1AndHttp2 and no TLS, Kestrel speaks HTTP/1.1.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks();
builder.Services.AddSingleton<NaiveRedis>();

var app = builder.Build();
_ = app.Services.GetRequiredService<NaiveRedis>(); // connect at start-up, not on the first request
app.MapGrpcService<EchoService>();

// Bytes this process allocated so far: scripts/allocations-per-message.sh divides the delta by the
// messages sent (the gateway's own figure comes from its Prometheus counter, the same runtime value).
app.MapGet("/gc/allocated-bytes", () => GC.GetTotalAllocatedBytes().ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGrpcHealthChecksService();
app.Lifetime.ApplicationStarted.Register(() =>
    EchoLog.Listening(app.Logger, string.Join(' ', app.Urls), Environment.ProcessorCount, System.Runtime.GCSettings.IsServerGC));
await app.RunAsync();
