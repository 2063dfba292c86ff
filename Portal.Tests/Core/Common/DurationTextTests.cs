using Portal.Core.Common;

namespace Portal.Tests.Core.Common;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("90s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 7D ", 7 * 86400)]
    [InlineData("PT24H", 24 * 3600)]
    [InlineData("P7D", 7 * 86400)]
    [InlineData("p1dt12h", 36 * 3600)]
    [InlineData("7.00:00:00", 7 * 86400)]
    [InlineData("01:30:00", 5400)]
    public void TryParse_TheUsualForms_GiveTheDuration(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a week")]
    [InlineData("7x")]
    [InlineData("-5m")]
    [InlineData("P")]
    [InlineData("PXD")]
    [InlineData("1000000d")]
    public void TryParse_NotADuration_IsFalse(string? text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(7 * 86400, "7d")]
    [InlineData(36 * 3600, "36h")]
    [InlineData(90 * 60, "90m")]
    [InlineData(45, "45s")]
    public void Format_IsTheLargestWholeUnit(int seconds, string expected) => Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
