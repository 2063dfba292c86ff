using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Portal.Core.Training;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// Serves an ONNX binary classifier through ONNX Runtime: one <see cref="InferenceSession"/> per loaded version
/// (one intra-op thread, so a request's latency does not depend on what else runs), shared by every lease
/// (Run is thread-safe), each lease scoring through its own reused <see cref="OnnxBuffers"/>.
/// The probability is the positive class's column of a float [N, K] probability output: found by the classifier's
/// class labels when the graph names them (string labels by the dataset's positive class, integer labels 0/1 by 1),
/// else column 1 (scikit-learn's order: the model was trained on y = label == positive class).
/// </summary>
public sealed class OnnxScorer
{
    private static readonly string[] ProbabilityNames = ["probabilities", "output_probability", "probability"];

    private readonly InferenceSession _session;
    private readonly IReadOnlyList<OnnxInput> _inputs;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _columns;
    private readonly int _positive;

    private OnnxScorer(InferenceSession session, IReadOnlyList<OnnxInput> inputs, string output, int columns, int positive, string description)
    {
        _session = session;
        _inputs = inputs;
        _inputNames = inputs.Select(i => i.Name).ToArray();
        _outputNames = [output];
        _columns = columns;
        _positive = positive;
        Description = description;
    }

    /// <summary>What serves and how the inputs and probability were mapped, for the version's scorer note.</summary>
    public string Description { get; }

    /// <summary>The graph's nodes, for compiling (read once at load).</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; private init; } = [];

    /// <summary>The column of the probability output that is the positive class's.</summary>
    public int PositiveIndex => _positive;

    /// <summary>The inputs as mapped to the schema.</summary>
    public IReadOnlyList<OnnxInput> Inputs => _inputs;

    /// <summary>
    /// Proves <paramref name="model"/> is an ONNX model ONNX Runtime loads, before anything is read against a dataset (as
    /// a zip's archive is checked first), so a file that is neither format is refused as such.
    /// </summary>
    public static void CheckLoads(byte[] model) => Open(model).Dispose();

    private static InferenceSession Open(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        try
        {
            return new InferenceSession(model, options);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException)
        {
            throw new OnnxModelException($"The file is not a loadable ML.NET model zip (it does not start with PK) nor a loadable ONNX model ({ex.Message.Trim()})", ex);
        }
    }

    /// <summary>Loads and maps the model; throws <see cref="OnnxModelException"/> naming what does not fit.</summary>
    public static OnnxScorer Load(byte[] model, FeatureSchema schema, string positiveClass)
    {
        var session = Open(model);

        try
        {
            var inputs = OnnxInputPlan.For(session.InputMetadata, schema);
            var (output, columns) = ProbabilityOutput(session.OutputMetadata);
            IReadOnlyList<OnnxNode> nodes;
            try
            {
                nodes = OnnxGraphReader.Nodes(model);
            }
            catch (FormatException)
            {
                nodes = [];
            }

            var (positive, how) = PositiveColumn(nodes, output, columns, positiveClass);
            var layout = inputs is [{ Kind: OnnxInputKind.NumericTensor } single]
                ? $"one float input '{single.Name}' [N, {single.Width}]"
                : $"{inputs.Count} inputs by column name";
            return new OnnxScorer(session, inputs, output, columns, positive,
                $"ONNX Runtime {OrtEnv.Instance().GetVersionString()}: {layout}; probability = column {positive} of '{output}' ({how})")
            {
                Nodes = nodes,
            };
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Tensors for one lease, over <paramref name="row"/>'s own arrays (which must live as long as they do).</summary>
    public OnnxBuffers CreateBuffers(ModelInput row)
    {
        var inputs = new OrtValue[_inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = _inputs[i];
            inputs[i] = input.Kind switch
            {
                OnnxInputKind.NumericTensor => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, row.Numeric.AsMemory(0, input.Width), [1, input.Width]),
                OnnxInputKind.NumericColumn => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, row.Numeric.AsMemory(input.Slot, 1), [1, 1]),
                _ => OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1]),
            };
        }

        var probabilities = new float[_columns];
        var output = OrtValue.CreateTensorValueFromMemory(probabilities, [1, _columns]);
        var binding = _session.CreateIoBinding();
        for (var i = 0; i < inputs.Length; i++) binding.BindInput(_inputNames[i], inputs[i]);
        binding.BindOutput(_outputNames[0], output);
        return new OnnxBuffers(inputs, output, probabilities, binding);
    }

    /// <summary>The positive class's probability of the row the buffers were made over (thread-safe across leases).</summary>
    public float Score(ModelInput row, OnnxBuffers buffers)
    {
        for (var i = 0; i < _inputs.Count; i++)
            if (_inputs[i].Kind == OnnxInputKind.CategoricalColumn)
                buffers.Inputs[i].StringTensorSetElementAt(row.Categorical[_inputs[i].Slot].AsSpan(), 0);
        _session.RunWithBinding(buffers.RunOptions, buffers.Binding);
        return buffers.Probabilities[_positive];
    }

    /// <summary>The float [N, K] output holding class probabilities: by a conventional name, else the only one.</summary>
    private static (string Name, int Columns) ProbabilityOutput(IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var candidates = outputs.Where(o => o.Value.IsTensor && o.Value.ElementDataType == TensorElementType.Float
                                            && o.Value.Dimensions is [_, 2 or 1]).ToList();
        var named = candidates.Where(c => ProbabilityNames.Contains(c.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        var chosen = named.Count == 1 ? named : candidates;
        if (chosen.Count == 1) return (chosen[0].Key, (int)chosen[0].Value.Dimensions[1]);
        var found = string.Join(", ", outputs.Select(o => $"'{o.Key}' ({OnnxInputPlan.Describe(o.Value)})"));
        if (chosen.Count == 0 && outputs.Values.Any(o => o.OnnxValueType == OnnxValueType.ONNX_TYPE_SEQUENCE))
            throw new OnnxModelException($"The model's probabilities are a ZipMap sequence of maps ({found}): export it with the ZipMap off (skl2onnx options {{'zipmap': False}}) so they are a float tensor [N, 2]");
        throw new OnnxModelException(chosen.Count == 0
            ? $"The model has no probability output: a float tensor [N, 2] of class probabilities is needed, but its outputs are {found}"
            : $"The model has several float [N, 2] outputs ({found}): name the probability output 'probabilities'");
    }

    /// <summary>The probability column of the positive class, and how it was found.</summary>
    private static (int Column, string How) PositiveColumn(IReadOnlyList<OnnxNode> nodes, string output, int columns, string positiveClass)
    {
        if (columns == 1) return (0, "the model's single probability column");
        var classifier = nodes.FirstOrDefault(n => n.Outputs.Contains(output) && n.OpType.EndsWith("Classifier", StringComparison.Ordinal));
        var strings = classifier?.Attribute("classlabels_strings")?.Strings;
        var ints = (classifier?.Attribute("classlabels_int64s") ?? classifier?.Attribute("classlabels_ints"))?.Ints;
        if (strings is { Count: 2 })
        {
            var index = strings.IndexOf(positiveClass);
            if (index < 0)
                throw new OnnxModelException($"The model's classes are '{strings[0]}' and '{strings[1]}', but the dataset's positive class '{positiveClass}' is neither: pass positiveClass, or train on the dataset's label values");
            return (index, $"class label '{positiveClass}'");
        }

        if (ints is { Count: 2 } && ints.Contains(1))
            return (ints.IndexOf(1), string.Create(CultureInfo.InvariantCulture, $"class label 1 of {ints[0]}, {ints[1]}"));
        return (1, "class labels not in the graph: column 1");
    }
}
