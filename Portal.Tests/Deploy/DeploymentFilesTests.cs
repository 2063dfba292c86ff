using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Portal.Tests.Deploy;

/// <summary>
/// The Dockerfile, deploy/compose and deploy/kubernetes cannot be run here (no Docker, no cluster): these tests keep them
/// valid YAML, naming real configuration keys, probing the real health endpoints, and consistent with each other.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:Portal|ConnectionStrings)__[A-Za-z0-9_]+")]
    private static partial Regex EnvironmentName();

    public static TheoryData<string> YamlFiles() => new(DeployFiles.YamlFiles().Select(f => Path.GetRelativePath(DeployFiles.Folder, f)));

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Load_EveryYamlFile_ParsesToAtLeastOneDocument(string file)
    {
        var documents = DeployFiles.Load(Path.Combine(DeployFiles.Folder, file));

        Assert.NotEmpty(documents);
    }

    [Fact]
    public void EnvironmentNames_InEveryDeploymentFile_AreConfigurationKeys()
    {
        var files = new[] { DeployFiles.Dockerfile, DeployFiles.Compose }.Concat(Directory.EnumerateFiles(DeployFiles.Kubernetes, "*.yaml"));
        var names = files.SelectMany(f => EnvironmentName().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Name: m.Value))).ToList();

        var unknown = names.Where(n => !ConfigurationKeys.IsKnown(ConfigurationKeys.FromEnvironmentName(n.Name))).Select(n => $"{n.File}: {n.Name}");

        Assert.Contains(names, n => n.Name == "Portal__Database__Provider");
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("Portal:Database:Provider", true)]
    [InlineData("portal:jwt:signingkey", true)]
    [InlineData("Portal:Monitoring:PiiFields:0", true)]
    [InlineData("Portal:RateLimits:SignIn:PermitLimit", true)]
    [InlineData("Portal:Database:Provder", false)]
    [InlineData("Portal:Serving", false)]
    public void IsKnown_Key_MatchesTheOptionsTypes(string key, bool known)
    {
        Assert.Equal(known, ConfigurationKeys.IsKnown(key));
    }

    [Fact]
    public void Kubernetes_Manifests_HoldEveryObjectAFleetNeeds()
    {
        var objects = DeployFiles.KubernetesObjects();

        Assert.Equal(
            new[] { "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "PodDisruptionBudget", "Secret", "Service" },
            objects.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kustomization_ListsEveryManifest()
    {
        var kustomization = DeployFiles.Load(Path.Combine(DeployFiles.Kubernetes, "kustomization.yaml")).Single();
        var listed = kustomization.Seq("resources").Select(r => ((YamlScalarNode)r).Value!).Order(StringComparer.Ordinal);

        var files = Directory.EnumerateFiles(DeployFiles.Kubernetes, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);

        Assert.Equal(files, listed);
    }

    [Fact]
    public void Deployment_Probes_PointAtReadyAndLiveOnTheContainerPort()
    {
        var container = Container(DeployFiles.KubernetesObjects()["Deployment"]);
        var port = (YamlMappingNode)container.Seq("ports").Single();

        var readiness = container.Map("readinessProbe").Map("httpGet");
        var liveness = container.Map("livenessProbe").Map("httpGet");

        Assert.Equal(("/health/ready", "/health/live"), (readiness.Scalar("path"), liveness.Scalar("path")));
        Assert.All(new[] { readiness.Scalar("port"), liveness.Scalar("port") }, p => Assert.Contains(p, new[] { port.Scalar("name"), port.Scalar("containerPort") }));
    }

    [Fact]
    public void Deployment_Container_RunsAsNonRootWithResources()
    {
        var deployment = DeployFiles.KubernetesObjects()["Deployment"];
        var pod = deployment.Map("spec").Map("template").Map("spec");
        var container = Container(deployment);

        Assert.Equal("true", pod.Map("securityContext").Scalar("runAsNonRoot"));
        Assert.NotEqual(0, int.Parse(pod.Map("securityContext").Scalar("runAsUser"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("false", container.Map("securityContext").Scalar("allowPrivilegeEscalation"));
        Assert.True(container.Map("resources").Map("requests").Has("cpu"));
        Assert.True(container.Map("resources").Map("limits").Has("memory"));
    }

    [Fact]
    public void Deployment_Environment_ComesFromTheConfigMapAndSecret()
    {
        var objects = DeployFiles.KubernetesObjects();
        var sources = Container(objects["Deployment"]).Seq("envFrom").Cast<YamlMappingNode>().ToList();

        Assert.Contains(sources, s => s.Has("configMapRef") && s.Map("configMapRef").Scalar("name") == Name(objects["ConfigMap"]));
        Assert.Contains(sources, s => s.Has("secretRef") && s.Map("secretRef").Scalar("name") == Name(objects["Secret"]));
        Assert.Equal("postgres", objects["ConfigMap"].Map("data").Scalar("Portal__Database__Provider"));
        Assert.True(objects["Secret"].Map("stringData").Has("Portal__Jwt__SigningKey"));
        Assert.True(objects["Secret"].Map("stringData").Has("ConnectionStrings__Portal"));
    }

    [Fact]
    public void Service_TargetsTheDeploymentsPodsAndPort()
    {
        var objects = DeployFiles.KubernetesObjects();
        var deployment = objects["Deployment"];
        var service = objects["Service"].Map("spec");
        var port = (YamlMappingNode)Container(deployment).Seq("ports").Single();
        var labels = deployment.Map("spec").Map("template").Map("metadata").Map("labels");

        Assert.Contains(service.Seq("ports").Cast<YamlMappingNode>().Select(p => p.Scalar("targetPort")), p => p == port.Scalar("name") || p == port.Scalar("containerPort"));
        Assert.All(service.Map("selector"), s => Assert.Equal(s.Value, labels[s.Key]));
    }

    [Fact]
    public void HpaPdbAndIngress_ReferToTheDeploymentAndService()
    {
        var objects = DeployFiles.KubernetesObjects();
        var labels = objects["Deployment"].Map("spec").Map("template").Map("metadata").Map("labels");
        var backend = ((YamlMappingNode)objects["Ingress"].Map("spec").Seq("rules").Single()).Map("http").Seq("paths").Cast<YamlMappingNode>().Single().Map("backend").Map("service");

        Assert.Equal(Name(objects["Deployment"]), objects["HorizontalPodAutoscaler"].Map("spec").Map("scaleTargetRef").Scalar("name"));
        Assert.All(objects["PodDisruptionBudget"].Map("spec").Map("selector").Map("matchLabels"), s => Assert.Equal(s.Value, labels[s.Key]));
        Assert.Equal(Name(objects["Service"]), backend.Scalar("name"));
        Assert.Equal("cookie", objects["Ingress"].Map("metadata").Map("annotations").Scalar("nginx.ingress.kubernetes.io/affinity"));
    }

    [Fact]
    public void Compose_RunsTwoReplicasOnPostgresAndS3BehindAStickyProxy()
    {
        var services = DeployFiles.Load(DeployFiles.Compose).Single().Map("services");
        var replicas = services.Children.Where(s => s.Value.Has("<<") || s.Value.Has("build")).Select(s => (YamlMappingNode)s.Value).ToList();
        var caddyfile = File.ReadAllText(Path.Combine(Path.GetDirectoryName(DeployFiles.Compose)!, "Caddyfile"));

        Assert.Equal(2, replicas.Count);
        Assert.All(replicas, r =>
        {
            var environment = r.Map("environment");
            Assert.Equal(("postgres", "s3"), (environment.Scalar("Portal__Database__Provider"), environment.Scalar("Portal__Artefacts__Store")));
            Assert.Contains("Portal__Jwt__SigningKey", string.Join(' ', r.Seq("entrypoint").Select(e => ((YamlScalarNode)e).Value)));
        });
        Assert.True(services.Has("postgres") && services.Has("minio") && services.Has("proxy"));
        Assert.Contains("lb_policy cookie", caddyfile, StringComparison.Ordinal);
        Assert.Contains("health_uri /health/ready", caddyfile, StringComparison.Ordinal);
        Assert.All(new[] { "portal-1:8080", "portal-2:8080" }, upstream => Assert.Contains(upstream, caddyfile, StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_RunsAsNonRootWithAHealthCheckOnLive()
    {
        var lines = File.ReadAllLines(DeployFiles.Dockerfile).Select(l => l.Trim()).ToList();
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Split(':')[0];
        var healthCheck = string.Join(' ', lines.SkipWhile(l => !l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal)).Take(2));
        var container = Container(DeployFiles.KubernetesObjects()["Deployment"]);
        var port = ((YamlMappingNode)container.Seq("ports").Single()).Scalar("containerPort");

        Assert.DoesNotContain(user, new[] { "root", "0" });
        Assert.Contains("/health/live", healthCheck, StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {port}", lines);
        Assert.Contains(lines, l => l.Contains($"ASPNETCORE_HTTP_PORTS={port}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
        Assert.Equal(user, pod(DeployFiles.KubernetesObjects()["Deployment"]).Map("securityContext").Scalar("runAsUser"));

        static YamlMappingNode pod(YamlMappingNode d) => d.Map("spec").Map("template").Map("spec");
    }

    private static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)deployment.Map("spec").Map("template").Map("spec").Seq("containers").Single();

    private static string Name(YamlMappingNode o) => o.Map("metadata").Scalar("name");
}
