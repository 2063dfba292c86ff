using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;

namespace Portal.Bench;

/// <summary>
/// One credit-risk row scored by ML.NET's PredictionEngine (the engine pool's path) and by the compiled scorer, and
/// a 10,000-row batch through the compiled scorer (reported per row; the ns/row/tree column divides by the trees).
/// Rows rotate through the dataset so branch prediction sees real data, not one memorised path.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerTreeConfig))]
public class ScoringBenchmarks
{
    public const int BatchRows = 10_000;

    private CreditRiskModel _model = null!;
    private PredictionEngine<ModelInput, ModelOutput> _engine = null!;
    private ModelOutput _output = null!;
    private CompiledScorer _scorer = null!;
    private ModelInput[] _batch = null!;
    private float[] _probabilities = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _model = CreditRiskModel.Train();
        PerTreeColumn.Trees = _model.Trees;
        _engine = ModelArtefact.CreateEngine(_model.Transformer, _model.Schema);
        _output = new ModelOutput();
        if (!CompiledScorer.TryCompile(_model.Transformer, _model.Schema, out var scorer, out var why))
            throw new InvalidOperationException($"The credit-risk model did not compile: {why}");
        _scorer = scorer;
        _batch = Enumerable.Range(0, BatchRows).Select(i => _model.Rows[i % _model.Rows.Length]).ToArray();
        _probabilities = new float[BatchRows];
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, Description = "Engine: one row")]
    public float EngineRow()
    {
        _engine.Predict(NextRow(), ref _output);
        return _output.Probability;
    }

    [Benchmark(Description = "Compiled: one row")]
    public float CompiledRow() => _scorer.Score(NextRow());

    [Benchmark(OperationsPerInvoke = BatchRows, Description = "Compiled: batch, per row")]
    public void CompiledBatch() => _scorer.ScoreBatch(_batch, _probabilities);

    private ModelInput NextRow()
    {
        var rows = _model.Rows;
        var row = rows[_next];
        _next = _next + 1 == rows.Length ? 0 : _next + 1;
        return row;
    }
}
