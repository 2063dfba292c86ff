using YamlDotNet.RepresentationModel;

namespace Portal.Tests.Deploy;

/// <summary>Reads the deployment files under deploy/ and the Dockerfile: their text and their YAML documents.</summary>
public static class DeployFiles
{
    public static string Folder { get; } = Path.Combine(TestPaths.RepoRoot, "deploy");
    public static string Dockerfile { get; } = Path.Combine(TestPaths.RepoRoot, "Dockerfile");
    public static string Compose { get; } = Path.Combine(Folder, "compose", "compose.yaml");
    public static string Kubernetes { get; } = Path.Combine(Folder, "kubernetes");

    public static IEnumerable<string> YamlFiles() =>
        Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));

    /// <summary>The documents of one YAML file (throws, with line and column, when it does not parse).</summary>
    public static IReadOnlyList<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file)) stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    /// <summary>The Kubernetes objects of deploy/kubernetes by kind (one of each kind there).</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> KubernetesObjects() =>
        Directory.EnumerateFiles(Kubernetes, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(Load).ToDictionary(d => d.Scalar("kind"));

    public static YamlMappingNode Map(this YamlNode node, string key) => (YamlMappingNode)node.Child(key);

    public static YamlSequenceNode Seq(this YamlNode node, string key) => (YamlSequenceNode)node.Child(key);

    public static string Scalar(this YamlNode node, string key) => ((YamlScalarNode)node.Child(key)).Value!;

    public static bool Has(this YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>A child of a mapping, following compose's merge key (<c>&lt;&lt;: *anchor</c>) when the key is not its own.</summary>
    public static YamlNode Child(this YamlNode node, string key)
    {
        var mapping = (YamlMappingNode)node;
        if (mapping.Children.TryGetValue(new YamlScalarNode(key), out var value)) return value;
        if (mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merged)) return merged.Child(key);
        throw new KeyNotFoundException($"'{key}' is missing at line {node.Start.Line}.");
    }
}
