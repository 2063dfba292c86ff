using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// Maps an ONNX model's inputs to a feature schema by name, the two layouts skl2onnx and onnxmltools produce:
/// (b) one [N, 1] input per column named like it (float for numeric and boolean columns, string for categorical
/// ones; the model may leave columns out), used when every input names a feature; else (a) a single float input
/// [N, F] taking the F numeric and boolean features in dataset order. Anything else is refused with what was expected.
/// </summary>
public static class OnnxInputPlan
{
    public static IReadOnlyList<OnnxInput> For(IReadOnlyDictionary<string, NodeMetadata> inputs, FeatureSchema schema)
    {
        if (inputs.Count == 0) throw new OnnxModelException("The ONNX model has no inputs");
        var slots = Slots(schema);
        if (inputs.Keys.All(slots.ContainsKey))
            return inputs.Select(i => Column(i.Key, i.Value, slots[i.Key])).ToList();
        if (inputs.Count == 1)
            return [Tensor(inputs.Single().Key, inputs.Single().Value, schema)];
        var unknown = inputs.Keys.Where(k => !slots.ContainsKey(k)).ToList();
        throw new OnnxModelException(
            $"The model's input{(unknown.Count == 1 ? "" : "s")} {Quote(unknown)} {(unknown.Count == 1 ? "is not a column" : "are not columns")} of the dataset: " +
            $"with one input per column each input is named like its column ({Shorten(schema.Features.Select(f => f.Name).ToList())}); " +
            "a single float input takes all the numeric features instead");
    }

    private static OnnxInput Tensor(string name, NodeMetadata meta, FeatureSchema schema)
    {
        var numeric = schema.Features.Where(f => f.Type != ColumnType.Categorical).Select(f => f.Name).ToList();
        var expected = $"a float tensor [N, {numeric.Count}] of the dataset's numeric and boolean features in dataset order ({Shorten(numeric)})";
        if (numeric.Count == 0)
            throw new OnnxModelException($"The model's single input '{name}' is not a column of the dataset, and the dataset has no numeric features for a single float input: name each input like its column");
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float || meta.Dimensions.Length != 2)
            throw new OnnxModelException($"The model's input '{name}' takes {Describe(meta)}, but {expected} is needed (or one input per column, named like it)");
        var width = meta.Dimensions[1];
        if (width != numeric.Count && width > 0)
            throw new OnnxModelException($"The model's input '{name}' takes {width} floats per row, but the dataset has {numeric.Count} numeric and boolean features: {expected} is needed");
        return new OnnxInput(name, OnnxInputKind.NumericTensor, 0, numeric.Count);
    }

    private static OnnxInput Column(string name, NodeMetadata meta, (FeatureSpec Spec, int Slot) feature)
    {
        var categorical = feature.Spec.Type == ColumnType.Categorical;
        var type = categorical ? TensorElementType.String : TensorElementType.Float;
        var wanted = categorical ? "string" : "float";
        var shapeFits = meta.Dimensions is [_, 1 or -1];
        if (!meta.IsTensor || meta.ElementDataType != type || !shapeFits)
            throw new OnnxModelException(
                $"The model's input '{name}' takes {Describe(meta)}, but '{name}' is a {feature.Spec.Type.ToString().ToLowerInvariant()} column of the dataset: a {wanted} tensor [N, 1] is needed");
        return new OnnxInput(name, categorical ? OnnxInputKind.CategoricalColumn : OnnxInputKind.NumericColumn, feature.Slot, 1);
    }

    /// <summary>Each feature's slot in <see cref="ModelInput"/>'s numeric or categorical vector (as <see cref="FeatureValueEncoder.Fill"/> lays them).</summary>
    private static Dictionary<string, (FeatureSpec Spec, int Slot)> Slots(FeatureSchema schema)
    {
        var slots = new Dictionary<string, (FeatureSpec, int)>(StringComparer.Ordinal);
        int numeric = 0, categorical = 0;
        foreach (var spec in schema.Features)
            slots[spec.Name] = (spec, spec.Type == ColumnType.Categorical ? categorical++ : numeric++);
        return slots;
    }

    internal static string Describe(NodeMetadata meta) => meta.IsTensor
        ? $"{Article(meta.ElementDataType.ToString())} {meta.ElementDataType.ToString().ToLowerInvariant()} tensor [{string.Join(", ", meta.Dimensions.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]"
        : $"a {meta.OnnxValueType switch { OnnxValueType.ONNX_TYPE_SEQUENCE => "sequence", OnnxValueType.ONNX_TYPE_MAP => "map", _ => meta.OnnxValueType.ToString() }}";

    private static string Article(string word) => "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Shorten(IReadOnlyList<string> names) =>
        names.Count <= 8 ? string.Join(", ", names) : string.Join(", ", names.Take(8)) + $", ... {names.Count - 8} more";
}
