using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Gateway.Tests.Infrastructure;
using MessagingChannelUsage.Protos.V1;
using MessagingChannelUsage.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>Health tells the truth (docs/reliability.md): per service, over gRPC and HTTP, following the store.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task EveryMessagingService_IsServing_OverGrpcAndOnTheHttpProbes()
    {
        await using var host = await GatewayHost.StartAsync();
        var health = new Health.HealthClient(host.Channel);
        using var http = new HttpClient { BaseAddress = host.Services.GetRequiredService<MetricsEndpoint>().Address };

        foreach (var service in RpcCatalog.All().Select(m => m.Service.FullName).Distinct().Append(string.Empty))
        {
            var answer = await health.CheckAsync(new HealthCheckRequest { Service = service }, Calls.Options).ResponseAsync.WithTimeout();
            Assert.True(answer.Status == ServingStatus.Serving, $"'{service}' is {answer.Status}");
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout()).StatusCode);
    }

    [Fact]
    public async Task RedisDown_IsNotServingAndNotReady_ButLive_AndAWipedRedisStaysNotServingUntilAcknowledged()
    {
        await using var redis = await RedisServer.StartAsync();
        const string prefix = "health";
        await using var host = await GatewayHost.StartAsync(
        [
            new("Store:Kind", "Redis"),
            new("Store:RedisConnectionString", redis.Endpoint + ",connectTimeout=500"),
            new("Store:RedisKeyPrefix", prefix),
            new("Store:HealthCheckInterval", "00:00:00.100"),
        ]);
        var health = new Health.HealthClient(host.Channel);
        using var http = new HttpClient { BaseAddress = host.Services.GetRequiredService<MetricsEndpoint>().Address };
        var router = new HealthCheckRequest { Service = "messaging.v1.MessageRouter" };
        async Task<bool> RouterIs(ServingStatus status) => (await health.CheckAsync(router, Calls.Options).ResponseAsync).Status == status;
        Assert.True(await TaskTimeouts.EventuallyAsync(() => RouterIs(ServingStatus.Serving)));

        await redis.StopAsync();

        Assert.True(await TaskTimeouts.EventuallyAsync(() => RouterIs(ServingStatus.NotServing)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout()).StatusCode);

        // The test server keeps nothing on disk: it comes back empty, and that is a state loss.
        await redis.StartAgainAsync().WithTimeout();
        await Task.Delay(500);
        Assert.True(await RouterIs(ServingStatus.NotServing));

        await redis.CliAsync("SET", prefix + ":epoch", "ack:test");

        Assert.True(await TaskTimeouts.EventuallyAsync(() => RouterIs(ServingStatus.Serving)));
    }

    [Fact]
    public async Task ATimestampPastYear9999_IsInvalidArgumentNamingTheField()
    {
        await using var host = await GatewayHost.StartAsync();
        var usages = host.CreateClient<MessagingChannelUsageService.MessagingChannelUsageServiceClient>();

        var error = await Assert.ThrowsAsync<RpcException>(() => usages.CreateAsync(
            new Protos.V1.MessagingChannelUsage
            {
                MessagingChannelId = "0Mj0000000DEMO1CAP",
                DeploymentType = DeploymentType.Mj,
                CreatedDate = new Timestamp { Seconds = 253_402_300_800 },
            },
            Calls.Options).ResponseAsync).WithTimeout();

        var (code, info, badRequest) = Calls.Details(error);
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.Contains(badRequest!.FieldViolations, v => v.Field == "created_date");
        Assert.NotNull(info);
    }
}
