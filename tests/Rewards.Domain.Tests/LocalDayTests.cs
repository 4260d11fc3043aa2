using Rewards.Domain.Earning;

namespace Rewards.Domain.Tests;

public sealed class LocalDayTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void Shanghai_2359_and_0001_are_different_days()
    {
        var before = new DateTimeOffset(2026, 5, 24, 23, 59, 0, TimeSpan.FromHours(8));
        var after = new DateTimeOffset(2026, 5, 25, 0, 1, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateOnly(2026, 5, 24), LocalDay.Of(before, Shanghai));
        Assert.Equal(new DateOnly(2026, 5, 25), LocalDay.Of(after, Shanghai));
    }

    [Fact]
    public void A_Shanghai_day_starts_at_1600_UTC_not_at_UTC_midnight()
    {
        var utcEvening = new DateTimeOffset(2026, 5, 24, 16, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 5, 25), LocalDay.Of(utcEvening, Shanghai));
    }

    [Fact]
    public void Another_time_zone_has_its_own_days()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var instant = new DateTimeOffset(2026, 5, 25, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 5, 24), LocalDay.Of(instant, newYork));
        Assert.Equal(new DateOnly(2026, 5, 25), LocalDay.Of(instant, Shanghai));
    }
}
