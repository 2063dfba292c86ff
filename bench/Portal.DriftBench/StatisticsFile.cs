using System.Text.Json;

namespace Portal.DriftBench;

/// <summary>One feature's statistics as both sides write them (snake_case JSON).</summary>
internal sealed record FeatureStatistics(
    string Name, double KsStatistic, double KsPvalue, double Wasserstein, double WassersteinNormed, double Psi, double Js);

/// <summary>python.json (reference.py) or dotnet.json (this program): versions, sizes, statistics, timings in seconds.</summary>
internal sealed record StatisticsFile(
    Dictionary<string, string> Versions, int RowsReference, int RowsCurrent, List<FeatureStatistics> Features, Dictionary<string, double> Timings)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static StatisticsFile Load(string path) =>
        JsonSerializer.Deserialize<StatisticsFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
