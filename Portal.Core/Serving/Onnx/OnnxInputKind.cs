namespace Portal.Core.Serving.Onnx;

/// <summary>How one ONNX input is filled from a bound row.</summary>
public enum OnnxInputKind
{
    /// <summary>Layout (a): one float tensor [N, F] of every numeric and boolean feature, in dataset order.</summary>
    NumericTensor,

    /// <summary>Layout (b): a float tensor [N, 1] holding one numeric or boolean feature.</summary>
    NumericColumn,

    /// <summary>Layout (b): a string tensor [N, 1] holding one categorical feature.</summary>
    CategoricalColumn,
}
