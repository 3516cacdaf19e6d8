using System.Diagnostics;
using Grpc.Core;

namespace MessagingChannelUsage.LoadTests.Engine;

/// <summary>Runs and measures one step of an iteration (NBomber's <c>Step.Run</c>).</summary>
public static class Step
{
    /// <summary>
    /// Runs <paramref name="body"/> and records its latency under <paramref name="name"/>. A gRPC
    /// failure is recorded under its status code; any other exception under its type name. Neither
    /// escapes: the iteration goes on and the report counts them.
    /// </summary>
    public static async Task<Response> RunAsync(string name, ScenarioContext context, Func<Task<Response>> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var recorder = context.Recorder(name);
        var start = context.TakeStepStart();
        Response response;
        try
        {
            response = await body();
        }
        catch (RpcException e) when (context.CancellationToken.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled)
        {
            // The run ended while the call was in flight: not the server's failure, not counted.
            return Response.Fail("Cancelled");
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return Response.Fail("Cancelled");
        }
        catch (RpcException e)
        {
            response = Response.Fail(e.StatusCode.ToString(), e.Status.Detail);
        }
#pragma warning disable CA1031 // A load generator counts every failure instead of dying on it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            response = Response.Fail("client:" + e.GetType().Name, e.Message);
        }

        var elapsedMicros = (Stopwatch.GetTimestamp() - start) * 1_000_000 / Stopwatch.Frequency;
        if (response.IsOk)
        {
            recorder.RecordOk(elapsedMicros, response.Tag);
        }
        else
        {
            recorder.RecordFailure(response.StatusCode ?? "Unknown");
        }

        return response;
    }
}
