using Rewards.Domain.Earning;

namespace Rewards.Domain.Tests;

public sealed class EarningsTests
{
    private static readonly DateOnly Day = new(2026, 11, 28);

    private static ProgramRules Rules(int overall, int learning) => ProgramRules.Default with
    {
        DailyCap = overall,
        Actions = new Dictionary<string, ActionRule> { ["learning"] = new(0, learning), ["quiz"] = new(2, 12) },
    };

    [Fact]
    public void Pays_in_full_below_both_caps()
    {
        var earned = Earnings.WithinCaps("learning", new Points(5), DayTally.Empty(Day), Rules(50, 20));

        Assert.Equal(5, earned.Value!.Paid.Value);
        Assert.False(earned.Value.Capped);
        Assert.Null(earned.Value.CapNote);
    }

    [Fact]
    public void Pays_up_to_the_action_cap_and_says_so()
    {
        var today = DayTally.Empty(Day).Add("learning", 18);

        var earned = Earnings.WithinCaps("learning", new Points(5), today, Rules(50, 20));

        Assert.Equal(2, earned.Value!.Paid.Value);
        Assert.True(earned.Value.Capped);
        Assert.Contains("学习上限 20", earned.Value.CapNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Pays_up_to_the_overall_cap_when_it_is_nearer()
    {
        var today = DayTally.Empty(Day).Add("quiz", 12).Add("learning", 5);

        var earned = Earnings.WithinCaps("learning", new Points(5), today, Rules(20, 20));

        Assert.Equal(3, earned.Value!.Paid.Value);
        Assert.Contains("总上限 20", earned.Value.CapNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_worker_already_at_the_action_cap()
    {
        var today = DayTally.Empty(Day).Add("learning", 20);

        var earned = Earnings.WithinCaps("learning", new Points(5), today, Rules(50, 20));

        Assert.Equal(RefusalCodes.DailyCapReached, earned.Refusal!.Code);
    }

    [Fact]
    public void Refuses_a_worker_already_at_the_overall_cap_even_with_action_room()
    {
        var today = DayTally.Empty(Day).Add("quiz", 10);

        var earned = Earnings.WithinCaps("learning", new Points(5), today, Rules(10, 20));

        Assert.Equal(RefusalCodes.DailyCapReached, earned.Refusal!.Code);
    }

    [Fact]
    public void A_zero_cap_means_no_cap()
    {
        var today = DayTally.Empty(Day).Add("learning", 1000);

        var earned = Earnings.WithinCaps("learning", new Points(5), today, Rules(0, 0));

        Assert.Equal(5, earned.Value!.Paid.Value);
    }
}
