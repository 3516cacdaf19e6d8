using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace MessagingChannelUsage.Benchmarks;

/// <summary>
/// A second opinion for a shared, overloaded machine: runs each [Benchmark] method in a loop and
/// divides the process's user CPU time by the calls, so time spent waiting for a core (which
/// BenchmarkDotNet's wall clock counts) drops out. Cruder than BenchmarkDotNet (no pilot, no
/// outlier removal); the best of five rounds is reported. Run: <c>dotnet run -c Release -- --cpu-time</c>.
/// </summary>
internal static class CpuTimeProbe
{
    private const int CallsPerRound = 2_000_000;

    public static void Run()
    {
        var benchmarks = new RoutingBenchmarks();
        benchmarks.Setup();
        var methods = typeof(RoutingBenchmarks).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .ToList();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine("| Method | CPU ns/op (best of 5) | Allocated B/op |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var method in methods)
        {
            // A typed loop: boxing the struct result per call would allocate.
            var loop = BuildLoop(method);
            loop(benchmarks, CallsPerRound / 10);
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                process.Refresh();
                var start = process.UserProcessorTime;
                loop(benchmarks, CallsPerRound);
                process.Refresh();
                best = Math.Min(best, (process.UserProcessorTime - start).TotalNanoseconds / CallsPerRound);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            loop(benchmarks, 10_000);
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000.0;
            Console.WriteLine($"| {method.Name} | {best:F1} | {allocated:F0} |");
        }
    }

    private static Action<RoutingBenchmarks, int> BuildLoop(MethodInfo method)
    {
        var generic = typeof(CpuTimeProbe).GetMethod(nameof(Loop), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(method.ReturnType);
        var typed = method.CreateDelegate(typeof(Func<,>).MakeGenericType(typeof(RoutingBenchmarks), method.ReturnType));
        return (target, count) => generic.Invoke(null, [typed, target, count]);
    }

    private static void Loop<T>(Func<RoutingBenchmarks, T> call, RoutingBenchmarks target, int count)
    {
        T last = default!;
        for (var i = 0; i < count; i++)
        {
            last = call(target);
        }

        GC.KeepAlive(last);
    }
}
