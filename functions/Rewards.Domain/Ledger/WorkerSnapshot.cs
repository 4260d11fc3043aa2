using Rewards.Domain.Earning;
using Rewards.Domain.Hazards;
using Rewards.Domain.Learning;
using Rewards.Domain.Progress;
using Rewards.Domain.Quizzes;
using Rewards.Domain.Redemptions;

namespace Rewards.Domain.Ledger;

/// <summary>
/// A typed row of a worker's partition. <see cref="Version"/> is what storage said the row was when it was read
/// (its ETag), opaque here: null for a row not stored yet. A change that writes a row back writes it under that
/// version, so a row moved by someone else meanwhile fails the whole transaction and the decision is taken again.
/// </summary>
public abstract record PartitionRow
{
    public string? Version { get; init; }
}

/// <summary>The account row: the money, and the fields of the worker a decision may need.</summary>
public sealed record WorkerAccount(string WorkerId, AccountState State, string UnitId, string DisplayName, int TokenVersion, bool Anonymous, int ExpiryScheduled) : PartitionRow;

public sealed record ViewRow(View View, DateTimeOffset? CompletedAt = null) : PartitionRow;

/// <summary>How an attempt was graded, once it is.</summary>
public sealed record AttemptResult(int Correct, int Total, bool Late, long Awarded);

public sealed record AttemptRow(Attempt Attempt, string? CompetitionId = null, string? RoundId = null, AttemptResult? Result = null) : PartitionRow;

public sealed record RedemptionRow(
    string Id, string RewardId, string Title, string PartnerId, int Quantity, long Points, RedemptionStatus Status,
    string? Reason, string? Delivery, DateTimeOffset CreatedAt, string? TrackingNo = null) : PartitionRow;

/// <summary>How many of a prize the worker has redeemed and not had refunded (the per-worker limit counts these).</summary>
public sealed record LimitCounter(string RewardId, int Count) : PartitionRow
{
    /// <summary>The count after a redemption of <paramref name="quantity"/> is requested.</summary>
    public LimitCounter Take(int quantity) => this with { Count = Count + quantity };

    /// <summary>The count after a redemption of <paramref name="quantity"/> is refunded; never below zero.</summary>
    public LimitCounter Give(int quantity) => this with { Count = Math.Max(0, Count - quantity) };
}

/// <summary>A hazard report with the names of its photos in blob storage.</summary>
public sealed record ReportRow(HazardReport Report, string Photo, string? AfterPhoto = null) : PartitionRow;

/// <summary>The worker's progress (badges, streaks), kept by the ledger-events projector.</summary>
public sealed record ProgressRow(ProgressState State) : PartitionRow;

/// <summary>What expires within the notice and when, kept by the expiry timer for GET /api/me.</summary>
public sealed record OutlookRow(long Soon, DateTimeOffset? SoonAt, DateTimeOffset Computed) : PartitionRow;

/// <summary>An outbox row still waiting for its consumer (named by its key, as in <see cref="OutboxMessage.Key"/>).</summary>
public sealed record OutboxRow(string Key) : PartitionRow;

/// <summary>
/// Which rows of the partition a command needs beside the account, today's tally and its idempotency marker: all
/// of them come back in the one query.
/// </summary>
public sealed record SnapshotQuery
{
    public static SnapshotQuery Nothing { get; } = new();

    /// <summary>The local day whose tally the decision needs (the writer sets it).</summary>
    public DateOnly? Day { get; init; }

    /// <summary>The idempotency key whose marker the decision needs (the writer sets it).</summary>
    public string? Idem { get; init; }

    /// <summary>Every once-marker that starts with this (all completed content: <c>content:</c>).</summary>
    public string? OnceStartingWith { get; init; }

    public bool AllRedemptions { get; init; }

    public bool AllReports { get; init; }

    /// <summary>The progress and expiry outlook rows (what the worker's own page shows).</summary>
    public bool Progress { get; init; }

    public IReadOnlyList<string> Once { get; init; } = [];

    public IReadOnlyList<string> Views { get; init; } = [];

    public IReadOnlyList<string> Attempts { get; init; } = [];

    public IReadOnlyList<string> Redemptions { get; init; } = [];

    public IReadOnlyList<string> Limits { get; init; } = [];

    public IReadOnlyList<string> Reports { get; init; } = [];

    public IReadOnlyList<string> Outbox { get; init; } = [];
}

/// <summary>
/// A worker's partition as one decision sees it: typed rows read in one query. A decision is a pure function of
/// it (and of the command and the time); retrying means deciding again on a fresh snapshot.
/// </summary>
public sealed record WorkerSnapshot(
    string WorkerId, WorkerAccount? Account, DayTally Today, string? TodayVersion, IReadOnlySet<string> Once, IdempotencyRecord? Idem, IReadOnlyList<PartitionRow> Rows)
{
    public bool HasOnce(string key) => Once.Contains(key);

    public ViewRow? View(string viewId) => Rows.OfType<ViewRow>().FirstOrDefault(r => r.View.ViewId == viewId);

    public AttemptRow? Attempt(string attemptId) => Rows.OfType<AttemptRow>().FirstOrDefault(r => r.Attempt.AttemptId == attemptId);

    public RedemptionRow? Redemption(string id) => Rows.OfType<RedemptionRow>().FirstOrDefault(r => r.Id == id);

    public IEnumerable<RedemptionRow> Redemptions => Rows.OfType<RedemptionRow>();

    /// <summary>The worker's count for a prize; a counter not stored yet counts zero.</summary>
    public LimitCounter Limit(string rewardId) => Rows.OfType<LimitCounter>().FirstOrDefault(r => r.RewardId == rewardId) ?? new LimitCounter(rewardId, 0);

    public ReportRow? Report(string id) => Rows.OfType<ReportRow>().FirstOrDefault(r => r.Report.Id == id);

    public OutboxRow? Outbox(string key) => Rows.OfType<OutboxRow>().FirstOrDefault(r => r.Key == key);
}
