using Rewards.Domain.Earning;

namespace Rewards.Domain.Tests;

public sealed class CampaignTests
{
    private static readonly Campaign HealthDay = new("525", "5·25 职工健康日", new DateTime(2026, 5, 25), new DateTime(2026, 5, 26), ["learning", "quiz"], 2m);
    private static readonly Campaign SafetyMonth = new("june", "安全生产月", new DateTime(2026, 5, 1), new DateTime(2026, 7, 1), ["learning"], 1.5m);

    [Fact]
    public void A_campaign_covers_its_actions_inside_its_local_window_only()
    {
        Assert.True(HealthDay.Covers("learning", new DateTime(2026, 5, 25, 0, 0, 0)));
        Assert.True(HealthDay.Covers("quiz", new DateTime(2026, 5, 25, 23, 59, 59)));
        Assert.False(HealthDay.Covers("learning", new DateTime(2026, 5, 26, 0, 0, 0)));
        Assert.False(HealthDay.Covers("share", new DateTime(2026, 5, 25, 12, 0, 0)));
    }

    [Fact]
    public void Overlapping_campaigns_do_not_stack_the_highest_multiplier_wins()
    {
        var applying = Campaigns.Applying([SafetyMonth, HealthDay], "learning", new DateTime(2026, 5, 25, 9, 0, 0));

        Assert.Equal("525", applying!.Id);
        Assert.Equal(10, Campaigns.Apply(new Points(5), applying).Value);
    }

    [Fact]
    public void On_equal_multipliers_the_earlier_campaign_wins()
    {
        var twin = HealthDay with { Id = "other", Starts = new DateTime(2026, 5, 24) };

        Assert.Equal("other", Campaigns.Applying([HealthDay, twin], "quiz", new DateTime(2026, 5, 25, 9, 0, 0))!.Id);
    }

    [Fact]
    public void A_fractional_multiplier_rounds_half_away_from_zero()
    {
        Assert.Equal(8, Campaigns.Apply(new Points(5), SafetyMonth).Value);
        Assert.Equal(3, Campaigns.Apply(new Points(2), SafetyMonth).Value);
    }

    [Fact]
    public void The_reason_names_the_campaign_and_the_cap()
    {
        var rules = ProgramRules.Default;
        var today = DayTally.Empty(new DateOnly(2026, 5, 25)).Add("learning", 15);

        var earned = Earnings.Decide("learning", new Points(5), today, rules, [HealthDay], new DateTime(2026, 5, 25, 9, 0, 0));

        Assert.Equal(5, earned.Value!.Paid.Value);
        Assert.Equal("学习《CPR》（5·25 职工健康日 ×2；已达今日学习上限 20 分，本次计 5 分）", earned.Value.Reason("学习《CPR》"));
    }

    [Theory]
    [InlineData(0, "multiplier")]
    [InlineData(11, "multiplier")]
    public void A_campaign_with_a_bad_multiplier_is_refused(decimal multiplier, string field)
    {
        Assert.Contains(field, Campaigns.Errors(HealthDay with { Multiplier = multiplier }).Keys);
    }

    [Fact]
    public void A_campaign_that_ends_before_it_starts_is_refused()
    {
        Assert.Contains("endsAt", Campaigns.Errors(HealthDay with { Ends = HealthDay.Starts }).Keys);
    }

    [Fact]
    public void Rules_with_negative_points_or_caps_are_refused()
    {
        var rules = ProgramRules.Default with
        {
            DailyCap = -1,
            Actions = new Dictionary<string, ActionRule> { ["share"] = new(-1, -2, -3), ["karaoke"] = new(1, 1) },
        };

        var errors = RulesCheck.Errors(rules);

        Assert.Equal(
            ["actions.karaoke", "actions.share.attemptsPerDay", "actions.share.dailyCap", "actions.share.points", "dailyCap"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
