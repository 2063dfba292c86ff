using Portal.Core.Retraining;

namespace Portal.Tests.Core.Retraining;

public sealed class RetrainScheduleTests
{
    private static readonly DateTimeOffset Evening = new(2026, 12, 4, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DueOccurrence_BeforeAndAfterThree_NoneThenTheOccurrence()
    {
        Assert.Null(RetrainSchedule.DueOccurrence("0 3 * * *", Evening, Evening.AddHours(4).AddMinutes(59)));
        Assert.Equal(Evening.AddHours(5), RetrainSchedule.DueOccurrence("0 3 * * *", Evening, Evening.AddHours(5)));
        Assert.Null(RetrainSchedule.DueOccurrence("0 3 * * *", Evening.AddHours(5), Evening.AddHours(12)));
    }

    [Fact]
    public void DueOccurrence_SeveralMissed_OnlyTheLatestFires()
    {
        // Down for three nights: one retrain at the next pass, not three.
        Assert.Equal(Evening.AddDays(2).AddHours(5), RetrainSchedule.DueOccurrence("0 3 * * *", Evening, Evening.AddDays(2).AddHours(6)));
    }

    [Theory]
    [InlineData("0 3 * * *", true)]
    [InlineData("*/15 * * * 1-5", true)]
    [InlineData("0 3 * *", false)]
    [InlineData("0 0 3 * * *", false)]
    [InlineData("61 3 * * *", false)]
    [InlineData("", false)]
    public void Problem_FiveFieldCronOnly(string cron, bool valid) => Assert.Equal(valid, RetrainSchedule.Problem(cron) is null);
}
