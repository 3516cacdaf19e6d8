using MessagingChannelUsage.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,

    // appsettings.json is read from next to the binary, so `dotnet run --project …` from the
    // repository root and the container (WORKDIR /app) use the same quiet defaults.
    ContentRootPath = AppContext.BaseDirectory,
});

WebApplication app;
try
{
    builder.AddGateway();
    app = builder.Build();
    app.MapGateway();
    await app.StartAsync();
}
catch (Exception ex) when (StartupFailure.Describe(ex, builder.Configuration) is { } lines)
{
    // A wrong setting or a taken port is the operator's to fix, not a crash: one line each on
    // stderr (not through a logger: logging may be what failed to start, and its format spreads
    // one message over several lines), then exit code 1. Anything else stays an exception.
    foreach (var line in lines)
    {
        await Console.Error.WriteLineAsync(line);
    }

    return 1;
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>The gateway's entry point; public so tests can name the assembly.</summary>
public partial class Program;
