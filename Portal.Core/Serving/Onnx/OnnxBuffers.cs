using Microsoft.ML.OnnxRuntime;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// One lease's ONNX Runtime tensors, made once and reused for every row it scores: numeric inputs are views pinned
/// over the lease's own <see cref="ModelInput.Numeric"/> (so binding a row fills them with no copy), string inputs are
/// runtime tensors set in place, and the probability output is written into <see cref="Probabilities"/>.
/// Not thread-safe: a lease is used by one request at a time. The tensors are released with the lease
/// (their finalizers, when the pool drops it).
/// </summary>
public sealed class OnnxBuffers
{
    internal OnnxBuffers(OrtValue[] inputs, OrtValue output, float[] probabilities)
    {
        Inputs = inputs;
        Output = [output];
        Probabilities = probabilities;
    }

    internal OrtValue[] Inputs { get; }
    internal OrtValue[] Output { get; }
    internal float[] Probabilities { get; }
    internal RunOptions RunOptions { get; } = new();
}
