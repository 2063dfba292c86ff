namespace Portal.Core.Serving.Onnx;

/// <summary>One model input and where its values come from in <see cref="ModelInput"/>: a slot of its numeric or categorical vector (or all of the numeric one).</summary>
public sealed record OnnxInput(string Name, OnnxInputKind Kind, int Slot, int Width);
