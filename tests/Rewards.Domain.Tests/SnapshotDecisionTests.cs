using Rewards.Domain.Earning;
using Rewards.Domain.Learning;
using Rewards.Domain.Ledger;
using Rewards.Domain.Redemptions;

namespace Rewards.Domain.Tests;

/// <summary>The decisions on a typed snapshot of a worker's partition: what they change, as domain values.</summary>
public sealed class SnapshotDecisionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Day = new(2026, 11, 28);
    private static readonly View View = new("v1", "c-001", "安全帽的正确佩戴", Points: 5, MinSeconds: 30, Start);

    private static WorkerSnapshot Snapshot(IEnumerable<PartitionRow> rows, params string[] once) => new(
        "w-1",
        new WorkerAccount("w-1", AccountState.Empty with { Balance = 100 }, "u1", "张伟", 1, false, 0) { Version = "a1" },
        DayTally.Empty(Day),
        null,
        once.ToHashSet(),
        null,
        [.. rows]);

    private static RedemptionRow Redemption(RedemptionStatus status) =>
        new("r1", "prize", "保温杯", "p-1", 2, 40, status, null, null, Start) { Version = "e1" };

    [Fact]
    public void A_completion_pays_marks_the_content_once_and_closes_the_view_under_its_version()
    {
        var snapshot = Snapshot([new ViewRow(View) { Version = "v-etag" }]);

        var change = Completion.Decide(snapshot, new CompleteView("c-001", "v1"), ProgramRules.Default, [], Start.AddSeconds(30), Start.AddSeconds(30).DateTime).Value!;

        Assert.Equal(5, change.Posting!.Amount);
        Assert.Equal(["content:c-001"], change.Once);
        var closed = Assert.IsType<ViewRow>(Assert.Single(change.Puts));
        Assert.Equal(Start.AddSeconds(30), closed.CompletedAt);
        Assert.Equal("v-etag", closed.Version);
    }

    [Fact]
    public void A_completion_of_a_view_of_other_content_is_not_found()
    {
        var snapshot = Snapshot([new ViewRow(View)]);

        var decision = Completion.Decide(snapshot, new CompleteView("c-002", "v1"), ProgramRules.Default, [], Start.AddMinutes(1), Start.AddMinutes(1).DateTime);

        Assert.Equal(RefusalCodes.ViewNotFound, decision.Refusal!.Code);
    }

    [Fact]
    public void A_completion_of_content_that_already_earned_is_refused()
    {
        var snapshot = Snapshot([new ViewRow(View)], "content:c-001");

        var decision = Completion.Decide(snapshot, new CompleteView("c-001", "v1"), ProgramRules.Default, [], Start.AddMinutes(1), Start.AddMinutes(1).DateTime);

        Assert.Equal(RefusalCodes.AlreadyCompleted, decision.Refusal!.Code);
    }

    [Fact]
    public void Starting_a_view_adds_the_row_and_counts_one_lesson_today()
    {
        var change = Completion.Start(Snapshot([]), View, ProgramRules.Default).Value!;

        Assert.Null(Assert.IsType<ViewRow>(Assert.Single(change.Puts)).Version);
        Assert.Equal(LedgerKinds.Learning, change.CountsAttemptOf);
        Assert.Null(change.Posting);
    }

    [Fact]
    public void The_limit_counter_goes_up_by_the_quantity_and_back_down_never_below_zero()
    {
        var counter = new LimitCounter("prize", 1);

        Assert.Equal(3, counter.Take(2).Count);
        Assert.Equal(0, counter.Give(2).Count);
        Assert.Equal(1, counter.Take(2).Give(2).Count);
    }

    [Fact]
    public void A_request_past_the_per_worker_limit_is_refused_and_one_within_takes_from_it()
    {
        var terms = new RewardTerms("prize", "保温杯", 20, PerWorkerLimit: 3, OpenNow: true);

        var refused = RedemptionRules.Request(terms, 2, new LimitCounter("prize", 2), "r1");
        var granted = RedemptionRules.Request(terms, 1, new LimitCounter("prize", 2) { Version = "l1" }, "r1").Value;

        Assert.Equal(RedemptionCodes.PerWorkerLimit, refused.Refusal!.Code);
        Assert.Equal(20, granted.Hold.HeldChange);
        Assert.Equal(new LimitCounter("prize", 3) { Version = "l1" }, granted.Limit);
    }

    [Fact]
    public void A_refund_releases_the_hold_gives_the_count_back_and_ends_the_redemption()
    {
        var snapshot = Snapshot([Redemption(RedemptionStatus.Reserved), new LimitCounter("prize", 2) { Version = "l1" }]);

        var change = RedemptionRules.Settle(snapshot, "r1", "prize", RedemptionStatus.Rejected, onlyIfPending: false);

        Assert.Equal(-40, change.Posting!.HeldChange);
        Assert.Equal(RedemptionStatus.Rejected, change.Puts.OfType<RedemptionRow>().Single().Status);
        Assert.Equal(0, change.Puts.OfType<LimitCounter>().Single().Count);
    }

    [Fact]
    public void A_delivery_spends_the_held_points_and_keeps_the_count()
    {
        var snapshot = Snapshot([Redemption(RedemptionStatus.Shipped), new LimitCounter("prize", 2)]);

        var change = RedemptionRules.Settle(snapshot, "r1", "prize", RedemptionStatus.Delivered, onlyIfPending: false);

        Assert.Equal((-40, -40), (change.Posting!.Amount, change.Posting.HeldChange));
        Assert.Empty(change.Puts.OfType<LimitCounter>());
    }

    [Theory]
    [InlineData(RedemptionStatus.Delivered, false)]
    [InlineData(RedemptionStatus.Cancelled, false)]
    [InlineData(RedemptionStatus.Refused, false)]
    [InlineData(RedemptionStatus.Reserved, true)]
    public void A_settle_of_a_final_or_refused_redemption_or_of_one_no_longer_pending_changes_nothing(RedemptionStatus status, bool onlyIfPending)
    {
        var change = RedemptionRules.Settle(Snapshot([Redemption(status)]), "r1", "prize", RedemptionStatus.Cancelled, onlyIfPending);

        Assert.True(change.IsEmpty);
    }

    [Fact]
    public void Out_of_stock_refuses_a_pending_redemption_and_deletes_its_message_row()
    {
        var snapshot = Snapshot([Redemption(RedemptionStatus.Pending), new OutboxRow("redeem-r1") { Version = "o1" }]);

        var change = RedemptionRules.Refuse(snapshot, "r1", "prize", "redeem-r1");

        Assert.Equal(RedemptionStatus.Refused, change.Puts.OfType<RedemptionRow>().Single().Status);
        Assert.Equal(RedemptionCodes.OutOfStock, change.Puts.OfType<RedemptionRow>().Single().Reason);
        Assert.Equal(new OutboxRow("redeem-r1") { Version = "o1" }, Assert.Single(change.Deletes));
        Assert.True(RedemptionRules.Refuse(Snapshot([Redemption(RedemptionStatus.Cancelled)]), "r1", "prize", "redeem-r1").IsEmpty);
    }

    [Fact]
    public void A_redemption_mirrors_an_accepted_or_shipped_order_but_not_once_final()
    {
        Assert.Equal(RedemptionStatus.Shipped, RedemptionRules.Mirror(Snapshot([Redemption(RedemptionStatus.Accepted)]), "r1", RedemptionStatus.Shipped, "SF1").Puts.OfType<RedemptionRow>().Single().Status);
        Assert.True(RedemptionRules.Mirror(Snapshot([Redemption(RedemptionStatus.Delivered)]), "r1", RedemptionStatus.Shipped, "SF1").IsEmpty);
    }

    [Fact]
    public void Every_status_has_one_name_and_reads_back_from_it()
    {
        foreach (var status in Enum.GetValues<RedemptionStatus>())
        {
            Assert.Equal(status, RedemptionStatuses.Parse(status.Name()));
        }

        Assert.Equal("pending", RedemptionStatus.Pending.Name());
        Assert.Equal(Fulfilment.Reserved, RedemptionStatus.Reserved.Name());
        Assert.Null(RedemptionStatuses.Parse("lost"));
    }

    [Fact]
    public void Points_earned_in_a_year_expire_as_the_second_new_year_after_begins_and_are_announced_thirty_days_before()
    {
        Assert.Equal(new DateTime(2028, 1, 1), ExpiryDates.ExpiresAt(new DateTime(2026, 12, 31, 23, 59, 0)));
        var lots = new[] { new Lot(10, new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.FromHours(8))) };
        Assert.Equal(new DateTimeOffset(2027, 12, 2, 0, 0, 0, TimeSpan.FromHours(8)), ExpiryDates.NextLook(lots, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.FromHours(8))));
        Assert.Equal(lots[0].ExpiresAt, ExpiryDates.NextLook(lots, new DateTimeOffset(2027, 12, 15, 0, 0, 0, TimeSpan.FromHours(8))));
    }
}
