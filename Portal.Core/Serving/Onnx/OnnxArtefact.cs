namespace Portal.Core.Serving.Onnx;

/// <summary>
/// Tells the two artefact formats apart by content: a zip (an ML.NET model or an ensemble manifest's archive) starts
/// with the local-header signature "PK"; anything else is taken for an ONNX ModelProto and proven by loading it.
/// </summary>
public static class OnnxArtefact
{
    /// <summary>The artefact store's file extension of an ONNX version.</summary>
    public const string Extension = ".onnx";

    public static bool IsZip(ReadOnlySpan<byte> artefact) => artefact is [(byte)'P', (byte)'K', ..];

    public static bool IsOnnx(ReadOnlySpan<byte> artefact) => !IsZip(artefact);
}
