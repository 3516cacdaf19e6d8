using MessagingChannelUsage.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The gateway's entry point; public so tests can name the assembly.</summary>
public partial class Program;
