using MessagingChannelUsage.LoadTests.Cli;

// mcu-loadtest: see docs/loadtest.md. Exit 0 = passed, 1 = could not run, 2 = a threshold failed.
var root = CommandLineBuilder.Build(
    (options, cancellationToken) => LoadTestRun.ExecuteAsync(options, Console.Out, cancellationToken),
    (address, kind, timeout, cancellationToken) => LoadTestRun.ProbeAsync(address, kind, timeout, Console.Out, cancellationToken));
return await root.Parse(args).InvokeAsync();
