using Grpc.Net.Client;
using MessagingChannelUsage.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>
/// The REAL gateway: a WebApplication built by the same composition as Program
/// (<see cref="GatewayHostingExtensions.AddGateway"/> / <see cref="GatewayHostingExtensions.MapGateway"/>),
/// Kestrel on 127.0.0.1 with a free port (HTTP/2 cleartext), and a GrpcChannel to it.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(30);

    private GatewayHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>http://127.0.0.1:port of the running gateway.</summary>
    public Uri Address { get; }

    /// <summary>An HTTP/2 cleartext channel to the gateway (shared by the test's clients).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>
    /// Starts a gateway with <paramref name="configuration"/> layered over the defaults
    /// (Gateway:Urls = http://127.0.0.1:0, Telemetry:PrometheusPort = 0). <paramref name="configureServices"/> runs after the
    /// gateway's own registrations (e.g. to replace TimeProvider with a fake).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        IEnumerable<KeyValuePair<string, string?>>? configuration = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The gateway's appsettings.json is copied next to the tests; its log levels would override
        // the filters a test sets (config rules beat MinLevel). Tests configure everything in memory.
        foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(json);
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Gateway:Urls"] = "http://127.0.0.1:0",

            // The REST listener is off unless a test turns it on (with port 0).
            ["Gateway:RestUrls"] = string.Empty,

            // Port 0 for the metrics listener too: test hosts run side by side.
            ["Telemetry:PrometheusPort"] = "0",
        };
        foreach (var (key, value) in configuration ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGateway();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGateway();
        try
        {
            await app.StartAsync().WaitAsync(StartStopTimeout);
        }
        catch
        {
            // A host that failed to start (e.g. bad options) still owns sockets and services.
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new GatewayHost(app, new Uri(addresses.First()));
    }

    /// <summary>A client of any service on the gateway, e.g. <c>CreateClient&lt;MessageRouter.MessageRouterClient&gt;()</c>.</summary>
    public TClient CreateClient<TClient>()
        where TClient : Grpc.Core.ClientBase<TClient>
        => (TClient)Activator.CreateInstance(typeof(TClient), Channel)!;

    public T GetRequiredService<T>()
        where T : notnull
        => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync().WaitAsync(StartStopTimeout);
        await App.DisposeAsync();
    }
}
