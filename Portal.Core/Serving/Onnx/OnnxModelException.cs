namespace Portal.Core.Serving.Onnx;

/// <summary>
/// An ONNX model that Portal cannot serve against a feature schema: not an ONNX model, no probability output, or
/// inputs that do not match the dataset. The message names what is wrong (which input, expected against found).
/// </summary>
public sealed class OnnxModelException(string message, Exception? inner = null) : Exception(message, inner);
