namespace MessagingChannelUsage.Client;

/// <summary>
/// mcu: the gateway's command-line client. Exit codes: 0 ok, 1 bad command line, 2 the call
/// failed (the gRPC status, ErrorInfo reason and field violations are printed on stderr).
/// </summary>
internal static class Program
{
    // An explicit class in our namespace (not top-level statements): the tests reference this
    // assembly and the gateway's, and two global "Program" types would collide.
    private static Task<int> Main(string[] args) => CliApp.BuildRootCommand().Parse(args).InvokeAsync();
}
