using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// One loaded model version: the transformer and a pool of engines over it. Immutable once built, so a
/// swap is a single reference exchange; a request that still holds the old one finishes on it and the
/// garbage collector reclaims it when nothing does.
/// </summary>
public sealed class ServedModel
{
    private readonly ObjectPool<EngineLease> _pool;

    private ServedModel(ModelVersionInfo info, ObjectPool<EngineLease> pool, DateTimeOffset loadedAt)
    {
        Info = info;
        _pool = pool;
        LoadedAt = loadedAt;
        Plan = new RowBindingPlan(info.Schema);
    }

    /// <summary>How a request's features bind to this version's row.</summary>
    public RowBindingPlan Plan { get; }

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
    public static ServedModel Load(ModelVersionInfo info, byte[] artefact, DateTimeOffset now)
    {
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
        var pool = new DefaultObjectPool<EngineLease>(
            new LeasePolicy(() => new EngineLease(ModelArtefact.CreateEngine(transformer, info.Schema), info.Schema)),
            maximumRetained: Environment.ProcessorCount * 4);
        var served = new ServedModel(info, pool, now);
        served.SmokeTest();
        return served;
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

    /// <summary>Scores a row of missing values: a model that cannot must not be swapped in.</summary>
    private void SmokeTest()
    {
        var lease = Rent();
        try
        {
            Array.Fill(lease.Input.Numeric, float.NaN);
            Array.Fill(lease.Input.Categorical, FeatureSchema.MissingCategory);
            float p;
            try
            {
                p = lease.Score();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new ArtefactIntegrityException($"{Model} v{Version}: the model failed its test prediction ({ex.Message}).", ex);
            }

            if (!(p >= 0 && p <= 1))
                throw new ArtefactIntegrityException($"{Model} v{Version}: the test prediction gave {p}, not a probability.");
        }
        finally
        {
            Return(lease);
        }
    }

    private sealed class LeasePolicy(Func<EngineLease> create) : IPooledObjectPolicy<EngineLease>
    {
        public EngineLease Create() => create();

        public bool Return(EngineLease obj) => true;
    }
}
