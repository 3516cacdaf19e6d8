using System.Globalization;
using System.Text.RegularExpressions;
using MessagingChannelUsage.Gateway.Hosting;
using MessagingChannelUsage.Gateway.Telemetry;
using MessagingChannelUsage.Store;
using YamlDotNet.RepresentationModel;

namespace MessagingChannelUsage.Gateway.Tests.Operability;

/// <summary>
/// No cluster runs here, so deploy/k8s is checked by reading it: every file kustomize lists
/// exists and parses, every Section__Property variable binds to a real option, and the ports,
/// probe paths and label selectors agree across the ConfigMap, Deployment, Services, PDB and HPA.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string Folder = RepositoryFiles.PathOf("deploy", "k8s");
    private static readonly List<YamlMappingNode> Objects = LoadObjects();

    [Fact]
    public void Kustomization_ListsFilesThatExist_AndEveryObjectHasKindAndName()
    {
        var resources = Strings(Kustomization(Folder)["resources"]);

        Assert.All(resources, r => Assert.True(File.Exists(Path.Combine(Folder, r)), $"kustomization.yaml lists {r}, which is missing"));
        Assert.All(Objects, o => Assert.False(string.IsNullOrEmpty(Scalar(o, "kind")), "an object without kind"));
        Assert.All(Objects, o => Assert.False(string.IsNullOrEmpty(Scalar(Map(o, "metadata"), "name")), "an object without a name"));
        Assert.Contains(Objects, o => Scalar(o, "kind") == "Deployment");
    }

    [Fact]
    public void Deployment_RunsThreeReplicas_WithProbesResourcesAndAGraceLongerThanTheShutdownTimeout()
    {
        var deployment = Single("Deployment");
        var pod = Map(Map(Map(deployment, "spec"), "template"), "spec");
        var container = Gateway(pod);
        var resources = Map(container, "resources");
        var config = ConfigData();

        Assert.Equal("3", Scalar(Map(deployment, "spec"), "replicas"));
        Assert.Equal("/readyz", Scalar(Map(Map(container, "readinessProbe"), "httpGet"), "path"));
        Assert.Equal("/healthz", Scalar(Map(Map(container, "livenessProbe"), "httpGet"), "path"));
        Assert.All(new[] { "cpu", "memory" }, r => Assert.True(Map(resources, "requests").Children.ContainsKey(new YamlScalarNode(r)), $"requests.{r}"));
        Assert.True(Map(resources, "limits").Children.ContainsKey(new YamlScalarNode("memory")), "limits.memory");
        var grace = TimeSpan.FromSeconds(int.Parse(Scalar(pod, "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture));
        var shutdown = TimeSpan.Parse(config.GetValueOrDefault("Gateway__ShutdownTimeout") ?? "00:00:30", CultureInfo.InvariantCulture);
        Assert.True(grace > shutdown, $"terminationGracePeriodSeconds {grace} must outlast Gateway__ShutdownTimeout {shutdown}");
    }

    [Fact]
    public void Ports_AgreeBetweenSettingsContainerProbesAndServices()
    {
        var config = ConfigData();
        var container = Gateway(Map(Map(Map(Single("Deployment"), "spec"), "template"), "spec"));
        var ports = Sequence(container, "ports").ToDictionary(p => Scalar(p, "name"), p => int.Parse(Scalar(p, "containerPort"), CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var grpcPort = new Uri(config["Gateway__Urls"]).Port;
        var metricsPort = int.Parse(config["Telemetry__PrometheusPort"], CultureInfo.InvariantCulture);

        Assert.Equal(new Uri(GatewayOptions.DefaultUrls).Port, grpcPort);
        Assert.Equal(TelemetryOptions.DefaultPrometheusPort, metricsPort);
        Assert.Equal(grpcPort, ports["grpc"]);
        Assert.Equal(metricsPort, ports["metrics"]);
        Assert.Equal(System.Net.IPAddress.Any, MetricsEndpoint.ParseHost(config["Telemetry__PrometheusAddress"]));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            Assert.Equal("metrics", Scalar(Map(Map(container, probe), "httpGet"), "port"));
        }

        foreach (var service in Objects.Where(o => Scalar(o, "kind") == "Service"))
        {
            foreach (var port in Sequence(Map(service, "spec"), "ports"))
            {
                var target = Scalar(port, "targetPort");
                Assert.True(ports.ContainsKey(target), $"{Name(service)} targets port {target}, which the container does not name");
                Assert.Equal(ports[target], int.Parse(Scalar(port, "port"), CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void EveryEnvironmentVariable_BindsToARealOption_OrFeedsOneThatDoes()
    {
        var container = Gateway(Map(Map(Map(Single("Deployment"), "spec"), "template"), "spec"));
        var env = Sequence(container, "env").ToDictionary(e => Scalar(e, "name"), e => e.Children.ContainsKey(new YamlScalarNode("value")) ? Scalar(e, "value") : null, StringComparer.Ordinal);
        var variables = ConfigData().Select(p => (Where: "ConfigMap", p.Key, Value: (string?)p.Value))
            .Concat(env.Select(p => (Where: "Deployment env", p.Key, p.Value)))
            .ToList();
        var checkedCount = 0;

        foreach (var (where, variable, value) in variables)
        {
            if (OptionBinding.IsPlatformVariable(variable))
            {
                continue;
            }

            if (!variable.Contains("__", StringComparison.Ordinal))
            {
                // A helper (e.g. a password from a Secret) must be used by a real option's value.
                Assert.Contains(env.Values, v => v is not null && v.Contains($"$({variable})", StringComparison.Ordinal));
                continue;
            }

            OptionBinding.AssertBinds(where, variable, ExpandReferences(value ?? string.Empty));
            checkedCount++;
        }

        Assert.True(checkedCount >= 8, "the manifests set the gateway's options");
        Assert.Equal(nameof(StoreKind.Redis), ConfigData()["Store__Kind"]);
    }

    [Fact]
    public void TheRedisConnectionString_NamesTheServiceOfTheChartRelease()
    {
        var container = Gateway(Map(Map(Map(Single("Deployment"), "spec"), "template"), "spec"));
        var connection = Scalar(Sequence(container, "env").Single(e => Scalar(e, "name") == "Store__RedisConnectionString"), "value");
        var chart = (YamlMappingNode)((YamlSequenceNode)Kustomization(Path.Combine(Folder, "redis-cluster"))["helmCharts"]).Children.Single();
        var password = Sequence(container, "env").Single(e => Scalar(e, "name") == "REDIS_PASSWORD");

        Assert.Equal("redis-cluster", Scalar(chart, "name"));
        Assert.StartsWith($"{Scalar(chart, "releaseName")}:6379,", connection, StringComparison.Ordinal);
        Assert.Equal(Scalar(chart, "releaseName"), Scalar(Map(Map(password, "valueFrom"), "secretKeyRef"), "name"));
        Assert.True(File.Exists(Path.Combine(Folder, "redis-cluster", Scalar(chart, "valuesFile"))), "the chart's values file");
    }

    [Fact]
    public void ServicesPdbAndHpa_SelectTheDeploymentsPods()
    {
        var deployment = Single("Deployment");
        var podLabels = Map(Map(Map(Map(deployment, "spec"), "template"), "metadata"), "labels").Children
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!, StringComparer.Ordinal);
        void AssertSelects(string what, YamlMappingNode selector)
        {
            foreach (var (key, value) in selector.Children)
            {
                Assert.True(podLabels.TryGetValue(((YamlScalarNode)key).Value!, out var label) && label == ((YamlScalarNode)value).Value, $"{what} selects {key}={value}, which the pods do not carry");
            }
        }

        AssertSelects("the Deployment", Map(Map(Map(deployment, "spec"), "selector"), "matchLabels"));
        foreach (var service in Objects.Where(o => Scalar(o, "kind") == "Service"))
        {
            AssertSelects(Name(service), Map(Map(service, "spec"), "selector"));
        }

        var pdb = Single("PodDisruptionBudget");
        AssertSelects("the PodDisruptionBudget", Map(Map(Map(pdb, "spec"), "selector"), "matchLabels"));

        var hpa = Single("HorizontalPodAutoscaler");
        var target = Map(Map(hpa, "spec"), "scaleTargetRef");
        Assert.Equal(("Deployment", Name(deployment)), (Scalar(target, "kind"), Scalar(target, "name")));
        Assert.Equal("cpu", Scalar(Map(Sequence(Map(hpa, "spec"), "metrics").Single(), "resource"), "name"));
        Assert.True(int.Parse(Scalar(Map(hpa, "spec"), "minReplicas"), CultureInfo.InvariantCulture) >= 3, "the HPA keeps at least the 3 replicas");
    }

    /// <summary>$(REDIS_PASSWORD) → a stand-in, as the kubelet would expand it.</summary>
    private static string ExpandReferences(string value) => ReferenceRegex().Replace(value, "secret");

    private static Dictionary<string, string> ConfigData()
        => Map(Single("ConfigMap"), "data").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty, StringComparer.Ordinal);

    private static YamlMappingNode Gateway(YamlMappingNode podSpec) => Sequence(podSpec, "containers").Single(c => Scalar(c, "name") == "gateway");

    private static YamlMappingNode Single(string kind) => Objects.Single(o => Scalar(o, "kind") == kind);

    private static string Name(YamlMappingNode node) => Scalar(Map(node, "metadata"), "name");

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static List<YamlMappingNode> Sequence(YamlMappingNode node, string key) => ((YamlSequenceNode)node[key]).Children.Cast<YamlMappingNode>().ToList();

    private static string Scalar(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? string.Empty : string.Empty;

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static YamlMappingNode Kustomization(string folder) => (YamlMappingNode)Load(Path.Combine(folder, "kustomization.yaml")).Single();

    private static List<YamlMappingNode> LoadObjects()
        => Strings(Kustomization(Folder)["resources"]).SelectMany(r => Load(Path.Combine(Folder, r))).Cast<YamlMappingNode>().ToList();

    private static List<YamlNode> Load(string path)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return yaml.Documents.Select(d => d.RootNode).ToList();
    }

    [GeneratedRegex(@"\$\([A-Z_][A-Z0-9_]*\)")]
    private static partial Regex ReferenceRegex();
}
