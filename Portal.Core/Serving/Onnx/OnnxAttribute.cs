namespace Portal.Core.Serving.Onnx;

/// <summary>A node attribute's value: whichever of the scalar or list fields the file set (the others stay empty).</summary>
public sealed class OnnxAttribute
{
    public float F { get; set; }
    public long I { get; set; }
    public string S { get; set; } = "";
    public List<float> Floats { get; } = [];
    public List<long> Ints { get; } = [];
    public List<string> Strings { get; } = [];
}
