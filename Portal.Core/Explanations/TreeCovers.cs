namespace Portal.Core.Explanations;

/// <summary>
/// One tree's covers: how many training rows reach each split node and each leaf, indexed as ML.NET indexes them
/// (split n of <c>RegressionTreeBase</c>, leaf l for child ~l).
/// </summary>
public sealed record TreeCovers(int[] Nodes, int[] Leaves);
