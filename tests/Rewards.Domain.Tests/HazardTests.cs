using Rewards.Domain.Earning;
using Rewards.Domain.Hazards;
using Rewards.Domain.Ledger;
using Rewards.Domain.Progress;

namespace Rewards.Domain.Tests;

public sealed class HazardTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly HazardRules Rules = HazardRules.Default;

    private static HazardReport Submitted(string id = "h1") =>
        HazardFlow.Submit(new HazardReport(id, "w-1", "u-1", "电气", "一车间", "配电箱门未关", HazardStatus.Submitted, Now, []), DayTally.Empty(Today), 5).Value!;

    private static HazardReport Apply(HazardReport report, Decision<HazardMove> move) => move.Value?.Next ?? throw new InvalidOperationException(move.Refusal!.Code);

    [Theory]
    [InlineData("general", 5)]
    [InlineData("major", 10)]
    [InlineData("critical", 30)]
    public void Acceptance_pays_the_points_of_its_severity(string severity, long points)
    {
        var move = HazardFlow.Review(Submitted(), new ReviewCommand("accept", severity, null, null), Rules, null, Now).Value!;

        Assert.Equal((HazardStatus.Accepted, points, "hazard:h1:accept"), (move.Next.Status, move.Posting!.Amount, move.Posting.SourceRef));
        Assert.Equal(points, move.Next.Points);
    }

    [Fact]
    public void A_campaign_covering_the_day_of_the_report_multiplies_the_acceptance()
    {
        var campaign = new Campaign("safety-month", "安全生产月", new DateTime(2026, 6, 1), new DateTime(2026, 7, 1), ["hazard"], 2m);

        var move = HazardFlow.Review(Submitted(), new ReviewCommand("accept", "major", null, null), Rules, campaign, Now).Value!;

        Assert.Equal(20, move.Posting!.Amount);
    }

    [Fact]
    public void A_repeated_move_changes_nothing_and_another_move_from_a_final_state_is_refused()
    {
        var rejected = Apply(Submitted(), HazardFlow.Review(Submitted(), new ReviewCommand("reject", null, "不是隐患", null), Rules, null, Now));

        var again = HazardFlow.Review(rejected, new ReviewCommand("reject", null, "不是隐患", null), Rules, null, Now).Value!;
        var accept = HazardFlow.Review(rejected, new ReviewCommand("accept", "general", null, null), Rules, null, Now);

        Assert.False(again.Changed);
        Assert.Equal(HazardCodes.InvalidTransition, accept.Refusal!.Code);
    }

    [Fact]
    public void Rectified_then_verified_pays_the_bonus_once_and_the_history_tells_each_step()
    {
        var accepted = Apply(Submitted(), HazardFlow.Review(Submitted(), new ReviewCommand("accept", "general", null, null), Rules, null, Now));
        var rectified = Apply(accepted, HazardFlow.Rectify(accepted, "已更换箱门锁", Now.AddDays(2)));
        var verify = HazardFlow.Verify(rectified, Rules, Now.AddDays(3)).Value!;
        var again = HazardFlow.Verify(verify.Next, Rules, Now.AddDays(4)).Value!;

        Assert.Equal(5, verify.Posting!.Amount);
        Assert.False(again.Changed);
        Assert.Equal(["submitted", "accepted", "rectified", "verified"], verify.Next.History.Select(s => s.Status));
        Assert.Equal(10, verify.Next.Points);
    }

    [Fact]
    public void Verification_before_rectification_is_refused()
    {
        var accepted = Apply(Submitted(), HazardFlow.Review(Submitted(), new ReviewCommand("accept", "general", null, null), Rules, null, Now));

        Assert.Equal(HazardCodes.InvalidTransition, HazardFlow.Verify(accepted, Rules, Now).Refusal!.Code);
    }

    [Fact]
    public void The_day_limit_counts_reports_sent_that_local_day()
    {
        var full = DayTally.Empty(Today).AddAttempt("hazard").AddAttempt("hazard");

        var refused = HazardFlow.Submit(Submitted(), full, 2);
        var unlimited = HazardFlow.Submit(Submitted(), full, 0);

        Assert.Equal(HazardCodes.DailyLimitReached, refused.Refusal!.Code);
        Assert.False(unlimited.IsRefused);
    }

    [Fact]
    public void A_failed_photo_shows_failed_only_while_the_report_is_unprocessed_and_unreviewed()
    {
        var processed = HazardFlow.Processed(Submitted(), 0xF0F0UL, []).Next;

        Assert.Equal(HazardStatus.Failed, HazardFlow.Failed(Submitted(), Now).Next.Status);
        Assert.False(HazardFlow.Failed(processed, Now).Changed);
        Assert.False(HazardFlow.Processed(processed, 1, []).Changed);
    }

    [Fact]
    public void The_difference_hash_survives_rescaling_and_tells_a_different_scene_apart()
    {
        static byte[] Scene(int w, int h, bool flipped) =>
            [.. Enumerable.Range(0, w * h).Select(i => (byte)(((i % w * 255 / w) ^ (flipped ? (i / w * 255 / h) : 0)) & 0xFF))];

        var big = PhotoHash.Difference(Scene(320, 240, false), 320, 240);
        var small = PhotoHash.Difference(Scene(160, 120, false), 160, 120);
        var other = PhotoHash.Difference(Scene(320, 240, true), 320, 240);

        Assert.True(PhotoHash.Distance(big, small) <= PhotoHash.NearDistance, $"rescaled: {PhotoHash.Distance(big, small)}");
        Assert.True(PhotoHash.Distance(big, other) > PhotoHash.NearDistance, $"different: {PhotoHash.Distance(big, other)}");
    }

    [Fact]
    public void Near_duplicates_are_close_photos_within_90_days_or_the_same_place_within_24_hours()
    {
        var report = new ReportFingerprint("new", "一车间 配电房", Now, 0UL);
        var others = new[]
        {
            new ReportFingerprint("photo", "仓库", Now.AddDays(-30), 0b1111UL),
            new ReportFingerprint("old-photo", "仓库", Now.AddDays(-91), 0UL),
            new ReportFingerprint("place", "一车间配电房", Now.AddHours(-20), ulong.MaxValue),
            new ReportFingerprint("old-place", "一车间配电房", Now.AddHours(-30), ulong.MaxValue),
            new ReportFingerprint("new", "一车间配电房", Now, 0UL),
        };

        var found = NearDuplicates.Find(report, others);

        Assert.Equal([new NearDuplicate("photo", "photo", 4), new NearDuplicate("place", "place")], found);
    }

    [Fact]
    public void The_first_accepted_report_earns_the_hunter_badge_and_the_tenth_the_sharp_eyes()
    {
        var state = ProgressState.Empty;
        for (var i = 1; i <= 10; i++)
        {
            state = ProgressRules.Apply(state, new LedgerLine($"t{i}", i, 5, LedgerKinds.Hazard, "r", $"hazard:h{i}:accept", 5 * i, Now), Today);
            Assert.Equal(i >= 10, state.Badges.Contains(Badges.SharpEyes));
        }

        var bonus = ProgressRules.Apply(state, new LedgerLine("t11", 11, 5, LedgerKinds.Hazard, "r", "hazard:h1:verify", 55, Now), Today);

        Assert.Contains(Badges.HazardHunter, state.Badges);
        Assert.Equal(10, bonus.HazardsAccepted);
        Assert.Equal(55, bonus.Lifetime);
    }
}
