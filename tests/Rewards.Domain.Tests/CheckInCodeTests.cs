using Rewards.Domain.Activities;
using Rewards.Domain.Earning;

namespace Rewards.Domain.Tests;

public sealed class CheckInCodeTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset StepStart = new(2026, 5, 25, 7, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_code_is_six_digits_and_the_same_throughout_its_step()
    {
        var step = CheckInCodes.StepOf(StepStart);

        Assert.Equal(step, CheckInCodes.StepOf(StepStart.AddSeconds(29.999)));
        Assert.Equal(step + 1, CheckInCodes.StepOf(StepStart.AddSeconds(30)));
        Assert.Matches("^[0-9]{6}$", CheckInCodes.Code(Key, "a-walk", step));
        Assert.Equal(StepStart.AddSeconds(30), CheckInCodes.StepEnds(StepStart.AddSeconds(12)));
    }

    [Fact]
    public void The_current_and_the_previous_step_are_accepted_and_nothing_older()
    {
        var code = CheckInCodes.Code(Key, "a-walk", CheckInCodes.StepOf(StepStart));

        Assert.True(CheckInCodes.Accepts(Key, "a-walk", code, StepStart));
        Assert.True(CheckInCodes.Accepts(Key, "a-walk", code, StepStart.AddSeconds(59)));
        Assert.False(CheckInCodes.Accepts(Key, "a-walk", code, StepStart.AddSeconds(60)));
        Assert.False(CheckInCodes.Accepts(Key, "a-walk", code, StepStart.AddSeconds(-1)));
    }

    [Fact]
    public void A_code_belongs_to_its_activity_and_its_key()
    {
        var step = CheckInCodes.StepOf(StepStart);
        var otherKey = Key.Select(b => (byte)(b ^ 0xff)).ToArray();

        Assert.False(CheckInCodes.Accepts(Key, "a-other", CheckInCodes.Code(Key, "a-walk", step), StepStart));
        Assert.False(CheckInCodes.Accepts(Key, "a-walk", CheckInCodes.Code(otherKey, "a-walk", step), StepStart));
        Assert.False(CheckInCodes.Accepts(Key, "a-walk", "12345", StepStart));
        Assert.False(CheckInCodes.Accepts(Key, "a-walk", "１２３４５６", StepStart));
        Assert.False(CheckInCodes.Accepts(Key, "a-walk", null, StepStart));
    }

    [Fact]
    public void Codes_spread_over_the_six_digits()
    {
        var codes = Enumerable.Range(0, 2000).Select(s => CheckInCodes.Code(Key, "a-walk", s)).ToList();

        Assert.True(codes.Distinct().Count() > 1990, "two thousand steps give nearly as many codes");
        Assert.Contains(codes, c => c[0] == '0');
    }

    [Fact]
    public void The_campaign_covering_activity_multiplies_and_zero_points_post_nothing()
    {
        var walk = new Activity("a", "健步走", "walk", "公园", [], StepStart.DateTime, StepStart.DateTime.AddHours(2), StepStart.DateTime, StepStart.DateTime.AddHours(1), 5, null);
        var day = new Campaign("525", "5·25 职工健康日", StepStart.Date, StepStart.Date.AddDays(1), ["activity"], 1.5m);

        var doubled = CheckIns.Award(walk, [day], StepStart.DateTime);
        var free = CheckIns.Award(walk with { Points = 0 }, [day], StepStart.DateTime);

        Assert.Equal(8, doubled.Points);
        Assert.Equal(("activity", 8L, "activity:a"), (doubled.Posting!.Kind, doubled.Posting.Amount, doubled.Posting.SourceRef));
        Assert.Equal("参加健步走《健步走》签到（5·25 职工健康日 ×1.5）", doubled.Reason);
        Assert.Null(free.Posting);
    }

    [Fact]
    public void Admission_checks_the_unit_then_the_window_then_the_code()
    {
        var walk = new Activity("a", "健步走", "walk", "公园", ["unit-a"], StepStart.DateTime, StepStart.DateTime.AddHours(2), StepStart.DateTime, StepStart.DateTime.AddHours(1), 5, null);

        Assert.Equal(ActivityCodes.NotInvited, CheckIns.Admit(walk, "unit-b", false, StepStart.DateTime.AddHours(5))!.Code);
        Assert.Equal(ActivityCodes.CheckInClosed, CheckIns.Admit(walk, "unit-a", false, StepStart.DateTime.AddHours(1))!.Code);
        Assert.Equal(ActivityCodes.InvalidCode, CheckIns.Admit(walk, "unit-a", false, StepStart.DateTime)!.Code);
        Assert.Null(CheckIns.Admit(walk, "unit-a", true, StepStart.DateTime.AddMinutes(59)));
    }
}
