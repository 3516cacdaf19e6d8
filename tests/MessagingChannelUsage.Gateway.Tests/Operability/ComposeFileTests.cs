using System.Globalization;
using System.Text.RegularExpressions;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Store;
using YamlDotNet.RepresentationModel;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked by reading it: its ports match
/// the gateway's defaults, every Section__Property variable binds to a real option (and its
/// value converts), and every path it (and the Dockerfile) names exists.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Root = RepositoryFiles.Root;
    private static readonly YamlMappingNode Services = LoadServices();

    [Fact]
    public void Redis_IsVersion7WithAofAndAPingHealthCheck()
    {
        var redis = Service("redis");
        Assert.StartsWith("redis:7", Scalar(redis, "image"), StringComparison.Ordinal);
        Assert.Contains("--appendonly yes", string.Join(' ', Strings(redis["command"])), StringComparison.Ordinal);
        Assert.Equal(["CMD", "redis-cli", "ping"], Strings(((YamlMappingNode)redis["healthcheck"])["test"]));
    }

    [Fact]
    public void Gateway_PublishesTheGrpcAndMetricsPortsItListensOn()
    {
        foreach (var name in new[] { "gateway", "gateway-cluster" })
        {
            var gateway = Service(name);
            var environment = Environment(gateway);
            var grpcPort = new Uri(environment["ASPNETCORE_URLS"]).Port;
            var metricsPort = int.Parse(environment.GetValueOrDefault("Telemetry__PrometheusPort") ?? TelemetryOptions.DefaultPrometheusPort.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var containerPorts = Strings(gateway["ports"]).Select(p => int.Parse(p.Split(':')[^1], CultureInfo.InvariantCulture)).ToHashSet();

            Assert.Equal(new Uri(GatewayOptions.DefaultUrls).Port, grpcPort);
            Assert.Equal(TelemetryOptions.DefaultPrometheusPort, metricsPort);
            Assert.Equal(new HashSet<int> { grpcPort, metricsPort }, containerPorts);
            Assert.Equal(System.Net.IPAddress.Any, MetricsEndpoint.ParseHost(environment["Telemetry__PrometheusAddress"]));
            Assert.Equal(nameof(StoreKind.Redis), environment["Store__Kind"]);
        }

        var exposed = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Single(l => l.StartsWith("EXPOSE", StringComparison.Ordinal));
        Assert.Equal($"EXPOSE {new Uri(GatewayOptions.DefaultUrls).Port} {TelemetryOptions.DefaultPrometheusPort}", exposed.Trim());
    }

    [Fact]
    public void Gateway_HealthCheckAsksTheReadinessProbeOnItsMetricsPort()
    {
        foreach (var name in new[] { "gateway", "gateway-cluster" })
        {
            var gateway = Service(name);
            var metricsPort = Environment(gateway)["Telemetry__PrometheusPort"];
            var test = Strings(((YamlMappingNode)gateway["healthcheck"])["test"]);

            Assert.Equal("CMD", test[0]);
            var script = string.Join(' ', test);
            Assert.Contains($"/dev/tcp/127.0.0.1/{metricsPort} ", script, StringComparison.Ordinal);
            Assert.Contains("GET /readyz HTTP/1.1", script, StringComparison.Ordinal);
            Assert.Contains("' 200 '", script, StringComparison.Ordinal);
        }

        var loadtestDependsOn = (YamlMappingNode)Service("loadtest")["depends_on"];
        Assert.Equal("service_healthy", Scalar((YamlMappingNode)loadtestDependsOn["gateway"], "condition"));
    }

    [Fact]
    public void LoadTestReports_GoToANamedVolumeThatTheImagesNonRootUserOwns()
    {
        var mount = Assert.Single(Strings(Service("loadtest")["volumes"]));
        var source = mount.Split(':')[0];
        var target = mount.Split(':')[1];
        var arguments = Strings(Service("loadtest")["command"]);

        Assert.DoesNotContain("/", source, StringComparison.Ordinal); // a named volume, not a host folder owned by root
        Assert.True(((YamlMappingNode)ComposeDocument()["volumes"]).Children.ContainsKey(new YamlScalarNode(source)), $"volume {source} is declared");
        Assert.Equal(target, arguments[arguments.IndexOf("--report-dir") + 1]);
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        Assert.Contains($"RUN mkdir -p {target} && chown app:app {target}", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsHostBuildOutputOutOfTheBuildContext()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
    }

    [Fact]
    public void EnvironmentVariables_BindToRealOptionProperties_WithConvertibleValues()
    {
        Assert.Contains("Telemetry", OptionBinding.Sections.Keys);
        var checkedCount = 0;
        foreach (var (key, node) in Services.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            foreach (var (variable, value) in Environment((YamlMappingNode)node))
            {
                if (OptionBinding.IsPlatformVariable(variable))
                {
                    continue;
                }

                OptionBinding.AssertBinds(name, variable, value);
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 10, "the compose file sets the gateway's options");
    }

    [Fact]
    public void RedisConnectionStrings_NameComposeServices()
    {
        foreach (var name in new[] { "gateway", "gateway-cluster" })
        {
            var endpoints = Environment(Service(name))["Store__RedisConnectionString"].Split(',').Where(p => !p.Contains('=', StringComparison.Ordinal));
            foreach (var endpoint in endpoints)
            {
                Assert.True(Services.Children.ContainsKey(new YamlScalarNode(endpoint.Split(':')[0])), $"{name}: {endpoint} is no service");
            }
        }
    }

    [Fact]
    public void ClusterProfile_HasThreeMastersAndAOneShotInitThatCreatesTheCluster()
    {
        var nodes = Services.Children
            .Where(p => Profiles((YamlMappingNode)p.Value).Contains("cluster")
                        && ((YamlMappingNode)p.Value).Children.TryGetValue(new YamlScalarNode("command"), out var command)
                        && string.Join(' ', Strings(command)).Contains("--cluster-enabled yes", StringComparison.Ordinal))
            .Select(p => ((YamlScalarNode)p.Key).Value!)
            .ToList();
        Assert.Equal(3, nodes.Count);

        var init = Service("redis-cluster-init");
        var script = string.Join(' ', Strings(init["command"]));
        Assert.Contains("--cluster create", script, StringComparison.Ordinal);
        Assert.Contains("--cluster-replicas 0", script, StringComparison.Ordinal);
        Assert.All(nodes, node => Assert.Contains(node, script, StringComparison.Ordinal));
        Assert.Equal("no", Scalar(init, "restart"));
        Assert.Equal("service_completed_successfully", Scalar((YamlMappingNode)((YamlMappingNode)Service("gateway-cluster")["depends_on"])["redis-cluster-init"], "condition"));
    }

    [Fact]
    public void LoadTestService_IsOptional_AndTargetsTheGatewayService()
    {
        var loadtest = Service("loadtest");
        Assert.Equal(["loadtest"], Profiles(loadtest));
        var arguments = Strings(loadtest["command"]);
        var target = new Uri(arguments[arguments.IndexOf("--gateway") + 1]);
        Assert.Equal("gateway", target.Host);
        Assert.Equal(new Uri(Environment(Service("gateway"))["ASPNETCORE_URLS"]).Port, target.Port);
        Assert.Empty(Profiles(Service("gateway")));
        Assert.Empty(Profiles(Service("redis")));
    }

    [Fact]
    public void BuildsAndTheDockerfile_NameOnlyPathsThatExist()
    {
        var dockerfileText = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var stageList = StageRegex().Matches(dockerfileText).Select(m => m.Groups[1].Value).ToList();
        var stages = stageList.ToHashSet(StringComparer.Ordinal);
        var builds = 0;
        foreach (var (name, node) in Services.Children)
        {
            if (((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode("build"), out var build))
            {
                var map = (YamlMappingNode)build;
                var context = Path.GetFullPath(Path.Combine(Root, Scalar(map, "context")));
                Assert.True(Directory.Exists(context), $"{name}: build context {context}");
                Assert.True(File.Exists(Path.Combine(context, Scalar(map, "dockerfile"))), $"{name}: dockerfile");
                Assert.Contains(Scalar(map, "target"), stages);
                builds++;
            }
        }

        Assert.Equal(3, builds); // gateway, gateway-cluster, loadtest
        Assert.Equal("gateway", stageList[^1]); // the default target

        // Every COPY source (outside --from) and every project the Dockerfile builds is in the repository.
        var joined = dockerfileText.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var source in parts[1..^1])
                {
                    Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"Dockerfile copies {source}, which is missing");
                }
            }

            foreach (Match project in ProjectRegex().Matches(line))
            {
                Assert.True(File.Exists(Path.Combine(Root, project.Value)), $"Dockerfile builds {project.Value}, which is missing");
            }
        }
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Strings(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(c => ((YamlScalarNode)c).Value!).ToList(),
        YamlScalarNode scalar => scalar.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
        _ => throw new InvalidOperationException($"unexpected node {node.NodeType}"),
    };

    private static List<string> Profiles(YamlMappingNode service)
        => service.Children.TryGetValue(new YamlScalarNode("profiles"), out var profiles) ? Strings(profiles) : [];

    private static Dictionary<string, string> Environment(YamlMappingNode service)
    {
        if (!service.Children.TryGetValue(new YamlScalarNode("environment"), out var environment))
        {
            return [];
        }

        return environment is YamlMappingNode map
            ? map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : Strings(environment).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
    }

    private static YamlMappingNode LoadServices() => (YamlMappingNode)ComposeDocument()["services"];

    private static YamlMappingNode ComposeDocument()
    {
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex StageRegex();

    [GeneratedRegex(@"[\w./-]+\.csproj")]
    private static partial Regex ProjectRegex();
}
