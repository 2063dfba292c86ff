namespace Portal.Tests.Core.Statistics;

internal static class Expect
{
    /// <summary>Equal to 1e-9, relative to the expected value (so tiny p-values are compared digit for digit).</summary>
    public static void Close(double expected, double actual, double tolerance = 1e-9)
    {
        if (expected == actual) return;
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(actual - expected) <= tolerance * scale,
            $"expected {expected:R}, got {actual:R} (relative difference {Math.Abs(actual - expected) / scale:E2})");
    }
}
