using MessagingChannelUsage.Client;

// mcu: the gateway's command-line client. Exit codes: 0 ok, 1 bad command line, 2 the call failed.
return await CliApp.BuildRootCommand().Parse(args).InvokeAsync().ConfigureAwait(false);
