using System.ComponentModel;
using System.Globalization;
using System.Reflection;
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
    private static readonly string Root = FindRepositoryRoot();
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
            Assert.Contains("*", environment["Telemetry__PrometheusHost"], StringComparison.Ordinal);
            Assert.Equal(nameof(StoreKind.Redis), environment["Store__Kind"]);
        }

        var exposed = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Single(l => l.StartsWith("EXPOSE", StringComparison.Ordinal));
        Assert.Equal($"EXPOSE {new Uri(GatewayOptions.DefaultUrls).Port} {TelemetryOptions.DefaultPrometheusPort}", exposed.Trim());
    }

    [Fact]
    public void EnvironmentVariables_BindToRealOptionProperties_WithConvertibleValues()
    {
        var sections = OptionSections();
        Assert.Contains("Telemetry", sections.Keys);
        var checkedCount = 0;
        foreach (var (key, node) in Services.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            foreach (var (variable, value) in Environment((YamlMappingNode)node))
            {
                if (variable.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || variable.StartsWith("DOTNET_", StringComparison.Ordinal))
                {
                    continue;
                }

                var parts = variable.Split("__");
                Assert.True(parts.Length == 2, $"{name}: {variable} is not Section__Property");
                Assert.True(sections.TryGetValue(parts[0], out var types), $"{name}: no options class binds section {parts[0]} ({variable})");
                var property = types.Select(t => t.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))
                    .FirstOrDefault(p => p is { CanWrite: true });
                Assert.True(property is not null, $"{name}: {variable} names no settable property of {string.Join(", ", types.Select(t => t.Name))}");
                AssertConverts(name, variable, value, property!.PropertyType);
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

    private static void AssertConverts(string service, string variable, string value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value.Length == 0)
        {
            Assert.True(!type.IsValueType || Nullable.GetUnderlyingType(type) is not null, $"{service}: {variable} is empty but {type.Name} needs a value");
            return;
        }

        var converted = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
        Assert.NotNull(converted);
        if (target.IsEnum)
        {
            Assert.True(Enum.IsDefined(target, converted!), $"{service}: {variable}={value} is no {target.Name}");
        }
    }

    /// <summary>Section name → the options classes bound to it (classes with a SectionName constant).</summary>
    private static Dictionary<string, List<Type>> OptionSections()
        => new[] { typeof(GatewayOptions).Assembly, typeof(StoreOptions).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .GroupBy(x => (string)x.Field!.GetRawConstantValue()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Type).ToList(), StringComparer.Ordinal);

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

    private static YamlMappingNode LoadServices()
    {
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MessagingChannelUsage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MessagingChannelUsage.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex StageRegex();

    [GeneratedRegex(@"[\w./-]+\.csproj")]
    private static partial Regex ProjectRegex();
}
