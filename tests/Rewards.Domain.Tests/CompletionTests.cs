using Rewards.Domain.Earning;
using Rewards.Domain.Learning;

namespace Rewards.Domain.Tests;

public sealed class CompletionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly View View = new("v1", "c-001", "安全帽的正确佩戴", Points: 5, MinSeconds: 30, Start);
    private static readonly DayTally Today = DayTally.Empty(new DateOnly(2026, 11, 28));

    [Fact]
    public void Completion_before_the_minimum_seconds_is_too_early()
    {
        var decision = Completion.Decide(View, false, Today, ProgramRules.Default, Start.AddSeconds(29));

        Assert.Equal(RefusalCodes.TooEarly, decision.Refusal!.Code);
        Assert.Equal(1, decision.Refusal.Extensions!["secondsRemaining"]);
    }

    [Fact]
    public void Completion_after_the_minimum_seconds_pays_the_content_points()
    {
        var decision = Completion.Decide(View, false, Today, ProgramRules.Default, Start.AddSeconds(30));

        Assert.Equal(5, decision.Value!.Amount);
        Assert.Equal("content:c-001", decision.Value.SourceRef);
        Assert.Contains("安全帽", decision.Value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Completed_content_is_refused_before_the_clock_is_even_looked_at()
    {
        var decision = Completion.Decide(View, true, Today, ProgramRules.Default, Start);

        Assert.Equal(RefusalCodes.AlreadyCompleted, decision.Refusal!.Code);
    }

    [Fact]
    public void A_capped_completion_names_the_cap_in_the_reason()
    {
        var decision = Completion.Decide(View, false, Today.Add("learning", 17), ProgramRules.Default, Start.AddMinutes(1));

        Assert.Equal(3, decision.Value!.Amount);
        Assert.Contains("上限", decision.Value.Reason, StringComparison.Ordinal);
    }
}
