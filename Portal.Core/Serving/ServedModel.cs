using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Datasets;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Core.Serving.Onnx;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// One loaded model version and a pool of leases over it: the leases share its <see cref="CompiledScorer"/> when the
/// model compiles and agrees with ML.NET on the probe rows (<see cref="ScorerVerification"/>), else each holds a
/// PredictionEngine. Immutable once built, so a swap is a single reference exchange; a request that still holds the
/// old one finishes on it and the garbage collector reclaims it when nothing does.
/// </summary>
public sealed partial class ServedModel
{
    private readonly ObjectPool<EngineLease> _pool;

    private ServedModel(ModelVersionInfo info, ObjectPool<EngineLease> pool, DateTimeOffset loadedAt, CompiledScorer? scorer, string scorerNote, OnnxScorer? onnx = null)
    {
        Onnx = onnx;
        Info = info;
        _pool = pool;
        LoadedAt = loadedAt;
        Plan = new RowBindingPlan(info.Schema);
        Ranges = new InputRangeCheck(Plan);
        Scorer = scorer;
        ScorerNote = scorerNote;
    }

    /// <summary>How a request's features bind to this version's row.</summary>
    public RowBindingPlan Plan { get; }

    /// <summary>The version's training ranges, checked against each bound row.</summary>
    public InputRangeCheck Ranges { get; }

    /// <summary>The thread-safe compiled scorer this version serves through, or null on the engine path.</summary>
    public CompiledScorer? Scorer { get; }

    /// <summary>The ONNX Runtime session of an ONNX version (null for others); it serves unless <see cref="Scorer"/> compiled its trees.</summary>
    public OnnxScorer? Onnx { get; }

    /// <summary><see cref="ScorerKinds.Compiled"/>, <see cref="ScorerKinds.Engine"/>, <see cref="ScorerKinds.Onnx"/> or <see cref="ScorerKinds.Ensemble"/>.</summary>
    public string ScorerKind => Components is not null ? ScorerKinds.Ensemble
        : Scorer is not null ? ScorerKinds.Compiled
        : Onnx is not null ? ScorerKinds.Onnx
        : ScorerKinds.Engine;

    /// <summary>What was compiled, or why the model serves through ML.NET engines instead.</summary>
    public string ScorerNote { get; }

    public ModelVersionInfo Info { get; }
    public DateTimeOffset LoadedAt { get; }
    public string Model => Info.Model;
    public int Version => Info.Version;
    public FeatureSchema Schema => Info.Schema;

    public EngineLease Rent() => _pool.Get();

    public void Return(EngineLease lease) => _pool.Return(lease);

    public string LabelFor(double probability) => probability >= BinaryMetrics.Threshold ? Info.PositiveClass : Info.NegativeClass;

    /// <summary>
    /// Loads an artefact's bytes (already SHA-checked) and proves it works before anyone can be served by it:
    /// it must be an ML.NET model, take the registered schema's inputs, and score a row to a probability.
    /// </summary>
    /// <remarks>
    /// <paramref name="background"/> is what the version's explanations need (null: <paramref name="backgroundNote"/> says why
    /// there is none); explanations are given only where the compiled scorer serves, since they explain its numbers.
    /// </remarks>
    public static ServedModel Load(ModelVersionInfo info, byte[] artefact, DateTimeOffset now, ExplanationBackground? background = null, string? backgroundNote = null)
    {
        if (OnnxArtefact.IsOnnx(artefact)) return LoadOnnx(info, artefact, now);
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            transformer = ModelArtefact.Load(new MemoryStream(artefact, writable: false), out inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the artefact is not a loadable ML.NET model ({ex.Message}).", ex);
        }

        CheckInputs(info, inputSchema);
        using var engine = CreateEngine(info, transformer);
        SmokeTest(info, engine);
        var scorer = Compile(transformer, info.Schema, engine, out var note);
        Func<EngineLease> lease = scorer is null
            ? () => new EngineLease(ModelArtefact.CreateEngine(transformer, info.Schema), info.Schema)
            : () => new EngineLease(scorer, info.Schema);
        var pool = new DefaultObjectPool<EngineLease>(new LeasePolicy(lease), maximumRetained: Environment.ProcessorCount * 4);
        var (explainer, explainerNote) = Explain(transformer, info.Schema, scorer, note, background, backgroundNote);
        return new ServedModel(info, pool, now, scorer, note) { Explainer = explainer, ExplainerNote = explainerNote };
    }

    /// <summary>
    /// The compiled scorer, if the model compiles and agrees with <paramref name="engine"/> on every probe row;
    /// otherwise null, and <paramref name="note"/> says why (the engine pool then serves, as before).
    /// </summary>
    private static CompiledScorer? Compile(ITransformer transformer, FeatureSchema schema, PredictionEngine<ModelInput, ModelOutput> engine, out string note)
    {
        var output = new ModelOutput();
        try
        {
            if (!CompiledScorer.TryCompile(transformer, schema, out var scorer, out var why))
            {
                note = $"not compiled: {why}";
                return null;
            }

            if (!ScorerVerification.Agrees(scorer, schema, row => { engine.Predict(row, ref output); return output.Probability; }, out why))
            {
                note = $"compiled but not used: {why}";
                return null;
            }

            note = scorer.Description;
            return scorer;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The engine already scored the smoke row: a failure here is the compiler's or a probe row's, never fatal.
            note = $"not compiled: {ex.GetType().Name}: {ex.Message}";
            return null;
        }
    }

    private static PredictionEngine<ModelInput, ModelOutput> CreateEngine(ModelVersionInfo info, ITransformer transformer)
    {
        try
        {
            return ModelArtefact.CreateEngine(transformer, info.Schema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the model cannot score the registered schema's rows ({ex.Message}).", ex);
        }
    }

    private static void CheckInputs(ModelVersionInfo info, DataViewSchema inputSchema)
    {
        Check(ModelRowSchema.NumericColumn, Math.Max(1, info.Schema.NumericCount));
        Check(ModelRowSchema.CategoricalColumn, Math.Max(1, info.Schema.CategoricalCount));

        void Check(string column, int size)
        {
            var found = inputSchema.GetColumnOrNull(column);
            if (found is not { Type: VectorDataViewType vector } || vector.Size != size)
                throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the artefact's input column '{column}' does not match the registered feature schema (expected a vector of {size}).");
        }
    }

    /// <summary>Scores a row of missing values through ML.NET: a model that cannot must not be swapped in.</summary>
    private static void SmokeTest(ModelVersionInfo info, PredictionEngine<ModelInput, ModelOutput> engine)
    {
        var row = ModelInput.For(info.Schema);
        Array.Fill(row.Numeric, float.NaN);
        float p;
        try
        {
            p = engine.Predict(row).Probability;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the model failed its test prediction ({ex.Message}).", ex);
        }

        if (!(p >= 0 && p <= 1))
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the test prediction gave {p}, not a probability.");
    }

    /// <summary>
    /// An ONNX version: its session is made once here and shared by every lease, each with its own reused tensors;
    /// it must map to the registered schema and score a typical row to a probability before it can serve.
    /// </summary>
    private static ServedModel LoadOnnx(ModelVersionInfo info, byte[] artefact, DateTimeOffset now)
    {
        OnnxScorer onnx;
        try
        {
            onnx = OnnxScorer.Load(artefact, info.Schema, info.PositiveClass);
        }
        catch (OnnxModelException ex)
        {
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: {ex.Message}.", ex);
        }

        var pool = new DefaultObjectPool<EngineLease>(new LeasePolicy(() => new EngineLease(onnx, info.Schema)), maximumRetained: Environment.ProcessorCount * 4);
        var lease = pool.Get();
        float p;
        try
        {
            OnnxSmokeRow.Fill(info.Schema, lease.Input);
            p = lease.Score();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the ONNX model failed its test prediction ({ex.Message}).", ex);
        }

        if (!(p >= 0 && p <= 1))
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the test prediction gave {p}, not a probability.");
        var compiled = CompileOnnx(onnx, info.Schema, lease, out var note);
        pool.Return(lease);
        if (compiled is null) return new ServedModel(info, pool, now, null, note, onnx);
        var compiledPool = new DefaultObjectPool<EngineLease>(new LeasePolicy(() => new EngineLease(compiled, info.Schema)), maximumRetained: Environment.ProcessorCount * 4);
        return new ServedModel(info, compiledPool, now, compiled, note, onnx);
    }

    /// <summary>
    /// An ONNX tree ensemble compiled into the flat scorer when <see cref="OnnxTreeCompiler"/> can and it agrees with
    /// ONNX Runtime (scoring through <paramref name="lease"/>) on every probe row; otherwise null, the note saying why.
    /// </summary>
    private static CompiledScorer? CompileOnnx(OnnxScorer onnx, FeatureSchema schema, EngineLease lease, out string note)
    {
        try
        {
            if (!OnnxTreeCompiler.TryCompile(onnx, schema, out var scorer, out var why))
            {
                note = $"{onnx.Description}; not compiled: {why}";
                return null;
            }

            float Runtime(ModelInput row)
            {
                row.Numeric.AsSpan().CopyTo(lease.Input.Numeric);
                row.Categorical.AsSpan().CopyTo(lease.Input.Categorical);
                return lease.Score();
            }

            if (!ScorerVerification.Agrees(scorer, schema, Runtime, out why, reference: "ONNX Runtime"))
            {
                note = $"{onnx.Description}; compiled but not used: {why}";
                return null;
            }

            note = $"{scorer.Description}, verified against {onnx.Description}";
            return scorer;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            note = $"{onnx.Description}; not compiled: {ex.GetType().Name}: {ex.Message}";
            return null;
        }
    }

    private sealed class LeasePolicy(Func<EngineLease> create) : IPooledObjectPolicy<EngineLease>
    {
        public EngineLease Create() => create();

        public bool Return(EngineLease obj) => true;
    }
}
