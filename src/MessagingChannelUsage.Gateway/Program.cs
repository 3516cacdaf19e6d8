using MessagingChannelUsage.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,

    // appsettings.json is read from next to the binary, so `dotnet run --project …` from the
    // repository root and the container (WORKDIR /app) use the same quiet defaults.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The gateway's entry point; public so tests can name the assembly.</summary>
public partial class Program;
