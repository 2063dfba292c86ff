using Microsoft.ML.OnnxRuntime;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// One lease's ONNX Runtime tensors, made once and reused for every row it scores: numeric inputs are views pinned
/// over the lease's own <see cref="ModelInput.Numeric"/> (so binding a row fills them with no copy), string inputs are
/// runtime tensors set in place, and the probability output is written into <see cref="Probabilities"/>. They are bound
/// by name once (<see cref="Binding"/>), so a run marshals no names and allocates nothing managed (Run with name
/// arrays costs 220-340 bytes a call).
/// Not thread-safe: a lease is used by one request at a time. The tensors are released with the lease
/// (their finalizers, when the pool drops it).
/// </summary>
public sealed class OnnxBuffers
{
    internal OnnxBuffers(OrtValue[] inputs, OrtValue output, float[] probabilities, OrtIoBinding binding)
    {
        Inputs = inputs;
        Output = output;
        Probabilities = probabilities;
        Binding = binding;
    }

    internal OrtValue[] Inputs { get; }
    internal OrtValue Output { get; }
    internal OrtIoBinding Binding { get; }
    internal float[] Probabilities { get; }
    internal RunOptions RunOptions { get; } = new();
}
