using BenchmarkDotNet.Running;
using MessagingChannelUsage.Benchmarks;

if (args is ["--cpu-time"])
{
    CpuTimeProbe.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
