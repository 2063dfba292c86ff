using Microsoft.ML;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Bench;

/// <summary>The demo model, trained as the portal trains it: credit_data.csv, label Status, positive class bad, default options.</summary>
public sealed class CreditRiskModel
{
    private CreditRiskModel(TrainedModel trained, ITransformer transformer, ModelInput[] rows)
    {
        Trained = trained;
        Transformer = transformer;
        Rows = rows;
    }

    public TrainedModel Trained { get; }
    public ITransformer Transformer { get; }
    public FeatureSchema Schema => Trained.Schema;

    /// <summary>Every row of the dataset, encoded as the request binder encodes features.</summary>
    public ModelInput[] Rows { get; }

    public int Trees => (int)Trained.Options["numberOfTrees"];

    public static CreditRiskModel Train()
    {
        using var stream = File.OpenRead(SamplePath("credit_data.csv"));
        var table = CsvTableReader.Read(stream);
        var trained = new ModelTrainer().Train(table, new TrainingRequest(1, "Status", "bad"));
        // Served models are loaded from their saved zip: benchmark that, not the in-memory fit.
        var transformer = ModelArtefact.Load(trained.Artefact);
        var columns = trained.Schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        var rows = table.Rows.Select(cells =>
        {
            var row = ModelInput.For(trained.Schema);
            FeatureValueEncoder.Fill(trained.Schema, i => cells[columns[i]], row);
            return row;
        }).ToArray();
        return new CreditRiskModel(trained, transformer, rows);
    }

    /// <summary>samples/ of the repository, found by walking up from the benchmark's binaries (BenchmarkDotNet runs them from a generated folder).</summary>
    private static string SamplePath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", file);
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException($"samples/{file} was not found above {AppContext.BaseDirectory}.");
    }
}
