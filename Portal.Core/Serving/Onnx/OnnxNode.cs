namespace Portal.Core.Serving.Onnx;

/// <summary>One node of an ONNX graph as <see cref="OnnxGraphReader"/> reads it: its operator, tensors and attributes.</summary>
public sealed record OnnxNode(string OpType, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    public OnnxAttribute? Attribute(string name) => Attributes.TryGetValue(name, out var found) ? found : null;
}
