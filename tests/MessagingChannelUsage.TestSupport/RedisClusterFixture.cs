using System.Globalization;

namespace MessagingChannelUsage.TestSupport;

/// <summary>
/// xunit fixture: a 3-master Redis Cluster on free loopback ports (separate directories, no
/// replicas), created with redis-cli --cluster create and ready (cluster_state:ok) before tests run.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private readonly List<RedisServer> nodes = [];

    public IReadOnlyList<RedisServer> Nodes => nodes;

    /// <summary>All node endpoints, comma-separated (a StackExchange.Redis configuration string).</summary>
    public string Configuration => string.Join(",", nodes.Select(n => n.Endpoint));

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            nodes.Add(await RedisServer.StartAsync("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
        }

        await RedisCli.RunAsync(["--cluster", "create", .. nodes.Select(n => n.Endpoint), "--cluster-replicas", "0", "--cluster-yes"]);
        foreach (var node in nodes)
        {
            var deadline = DateTime.UtcNow + TaskTimeouts.Default;
            while (!(await node.CliAsync("cluster", "info")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The cluster node on port {node.Port.ToString(CultureInfo.InvariantCulture)} did not reach cluster_state:ok.");
                }

                await Task.Delay(50);
            }
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}
