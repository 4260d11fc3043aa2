using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Rewards.Domain.Earning;
using Rewards.Domain.Hazards;
using Rewards.Domain.Learning;
using Rewards.Domain.Ledger;
using Rewards.Domain.Progress;
using Rewards.Domain.Quizzes;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>
/// The one place where the rows of a worker's partition (the Accounts table) become typed values and back, by
/// hand: the account, the day's tally, the markers, views, attempts, redemptions, limit counters, hazard reports,
/// outbox rows and ledger lines. A typed row carries the ETag it was read with as its opaque version.
/// </summary>
internal static class AccountRow
{
    private const string AttemptsPrefix = "attempts_";
    private const string ViewFrom = "view|";
    private const string AttemptFrom = "attempt|";
    private const string RedemptionFrom = "redemption|";
    private const string LimitFrom = "limit|";
    private const string OnceFrom = "once|";
    public const string ReportFrom = "hazard|";
    public const string ReportTo = "hazard}";

    /// <summary>The row where the expiry timer keeps what expires soon.</summary>
    public const string OutlookKey = "expiry";

    public static string ReportKey(string id) => ReportFrom + id;

    /// <summary>The row keys a query names, and the ranges it reads whole.</summary>
    public static (IReadOnlyList<string> Keys, IReadOnlyList<(string From, string To)> Ranges) Keys(SnapshotQuery q)
    {
        List<string> keys =
        [
            RowKeys.Account,
            .. q.Day is { } day ? [RowKeys.Day(LocalDay.Key(day))] : Array.Empty<string>(),
            .. q.Idem is { } idem ? [RowKeys.Idem(idem)] : Array.Empty<string>(),
            .. q.Once.Select(RowKeys.Once), .. q.Views.Select(RowKeys.View), .. q.Attempts.Select(RowKeys.Attempt),
            .. q.Redemptions.Select(RowKeys.Redemption), .. q.Limits.Select(RowKeys.Limit), .. q.Reports.Select(ReportKey), .. q.Outbox.Select(RowKeys.Outbox),
            .. q.Progress ? [RowKeys.Progress, OutlookKey] : Array.Empty<string>(),
        ];
        List<(string, string)> ranges = [];
        if (q.OnceStartingWith is { } prefix)
        {
            ranges.Add((RowKeys.Once(prefix), RowKeys.Once(prefix) + "\uffff"));
        }

        if (q.AllRedemptions)
        {
            ranges.Add((RedemptionFrom, "redemption}"));
        }

        if (q.AllReports)
        {
            ranges.Add((ReportFrom, ReportTo));
        }

        return ([.. keys.Distinct()], ranges);
    }

    /// <summary>The typed snapshot of the rows one query returned.</summary>
    public static WorkerSnapshot Snapshot(string workerId, IReadOnlyCollection<TableEntity> rows, DateOnly? day)
    {
        var byKey = rows.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var dayRow = day is { } d ? byKey.GetValueOrDefault(RowKeys.Day(LocalDay.Key(d))) : null;
        var idem = rows.FirstOrDefault(r => r.RowKey.StartsWith("idem|", StringComparison.Ordinal));
        return new WorkerSnapshot(
            workerId,
            byKey.GetValueOrDefault(RowKeys.Account) is { } account ? Account(account) : null,
            day is { } today ? Day(dayRow, today) : DayTally.Empty(default),
            dayRow?.ETag.ToString(),
            rows.Where(r => r.RowKey.StartsWith(OnceFrom, StringComparison.Ordinal)).Select(r => r.RowKey[OnceFrom.Length..]).ToHashSet(StringComparer.Ordinal),
            idem is null ? null : new IdempotencyRecord(idem.GetString("RequestHash") ?? "", idem.GetString("Outcome") ?? ""),
            [.. rows.Select(Typed).OfType<PartitionRow>()]);
    }

    private static PartitionRow? Typed(TableEntity r)
    {
        PartitionRow? row = r.RowKey switch
        {
            var k when k.StartsWith(ViewFrom, StringComparison.Ordinal) => new ViewRow(
                new View(k[ViewFrom.Length..], r.GetString("ContentId") ?? "", r.GetString("Title") ?? "", r.GetInt32("Points") ?? 0, r.GetInt32("MinSeconds") ?? 0, r.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MaxValue),
                r.GetDateTimeOffset("CompletedAt")),
            var k when k.StartsWith(AttemptFrom, StringComparison.Ordinal) => new AttemptRow(
                new Attempt(k[AttemptFrom.Length..], r.GetString("QuizId") ?? "", Json.Deserialize<List<string>>(r.GetString("QuestionIds") ?? "[]") ?? [], r.GetDateTimeOffset("StartedAt") ?? default, r.GetDateTimeOffset("Deadline") ?? default),
                r.GetString("CompetitionId"), r.GetString("RoundId"),
                r.GetBoolean("Submitted") == true ? new AttemptResult(r.GetInt32("Correct") ?? 0, r.GetInt32("Total") ?? 0, r.GetBoolean("Late") ?? false, r.GetInt64("Awarded") ?? 0) : null),
            var k when k.StartsWith(RedemptionFrom, StringComparison.Ordinal) => Redemption(r),
            var k when k.StartsWith(LimitFrom, StringComparison.Ordinal) => new LimitCounter(k[LimitFrom.Length..], r.GetInt32("Count") ?? 0),
            var k when k.StartsWith(ReportFrom, StringComparison.Ordinal) => new ReportRow(Report(r), r.GetString("Photo") ?? "", r.GetString("AfterPhoto")),
            var k when k.StartsWith(RowKeys.OutboxFrom, StringComparison.Ordinal) => new OutboxRow(k[RowKeys.OutboxFrom.Length..]),
            RowKeys.Progress => new ProgressRow(Json.Deserialize<ProgressState>(r.GetString("Json") ?? "null") ?? ProgressState.Empty),
            OutlookKey => Outlook(r),
            _ => null,
        };
        return row is null ? null : row with { Version = r.ETag.ToString() };
    }

    public static WorkerAccount Account(TableEntity a) => new(
        a.PartitionKey, State(a), a.GetString("UnitId") ?? "", a.GetString("DisplayName") ?? "", a.GetInt32("TokenVersion") ?? 1, a.GetBoolean("Anonymous") ?? false,
        a.GetInt32(ExpirySchedule.Scheduled) ?? 0)
    { Version = a.ETag.ToString() };

    /// <summary>For the projector, which reads the account row with its ledger window.</summary>
    public static string UnitId(TableEntity account) => account.GetString("UnitId") ?? "";

    public static string DisplayName(TableEntity account) => account.GetString("DisplayName") ?? "";

    public static int TokenVersion(TableEntity account) => account.GetInt32("TokenVersion") ?? 1;

    public static AccountState State(TableEntity account) => new(
        account.GetInt64("Balance") ?? 0,
        account.GetInt64("Held") ?? 0,
        account.GetInt64("LifetimeEarned") ?? 0,
        account.GetInt64("Spent") ?? 0,
        account.GetInt64("Expired") ?? 0,
        account.GetInt64("Sequence") ?? 0);

    public static TableEntity New(string workerId, string displayName, string unitId) => new(workerId, RowKeys.Account)
    {
        ["DisplayName"] = displayName,
        ["UnitId"] = unitId,
        ["TokenVersion"] = 1,
        ["Balance"] = 0L,
        ["Held"] = 0L,
        ["LifetimeEarned"] = 0L,
        ["Spent"] = 0L,
        ["Expired"] = 0L,
        ["Sequence"] = 0L,
    };

    /// <summary>Only the money fields (and the expiry year scheduled, when it moved), for a merge under the ETag that was read.</summary>
    public static TableEntity Update(string workerId, AccountState next, int? expiryScheduled, string version)
    {
        var row = new TableEntity(workerId, RowKeys.Account)
        {
            ["Balance"] = next.Balance,
            ["Held"] = next.Held,
            ["LifetimeEarned"] = next.LifetimeEarned,
            ["Spent"] = next.Spent,
            ["Expired"] = next.Expired,
            ["Sequence"] = next.Sequence,
            ETag = new ETag(version),
        };
        if (expiryScheduled is { } year)
        {
            row[ExpirySchedule.Scheduled] = year;
        }

        return row;
    }

    public static TableEntity Update(TableEntity read, AccountState next) => Update(read.PartitionKey, next, null, read.ETag.ToString());

    public static DayTally Day(TableEntity? row, DateOnly day)
    {
        if (row is null)
        {
            return DayTally.Empty(day);
        }

        var counters = row.Where(p => p.Value is long or int && p.Key is not ("PartitionKey" or "RowKey"))
            .Select(p => (p.Key, Value: Convert.ToInt64(p.Value, CultureInfo.InvariantCulture)))
            .ToList();
        return new DayTally(
            day,
            counters.Where(c => !c.Key.StartsWith(AttemptsPrefix, StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value),
            counters.Where(c => c.Key.StartsWith(AttemptsPrefix, StringComparison.Ordinal)).ToDictionary(c => c.Key[AttemptsPrefix.Length..], c => (int)c.Value));
    }

    /// <summary>
    /// Today's row with the counters that changed (an action's points, an action's attempts), written under the
    /// row's ETag (or added when the day has none), so that awards and starts, which both change it, never overwrite each other.
    /// </summary>
    public static TableTransactionAction DayWrite(string workerId, DayTally tally, string? version, IEnumerable<string> pointsOf, IEnumerable<string> attemptsOf)
    {
        var row = new TableEntity(workerId, RowKeys.Day(LocalDay.Key(tally.Day)));
        foreach (var action in pointsOf)
        {
            row[action] = tally.For(action);
        }

        foreach (var action in attemptsOf)
        {
            row[AttemptsPrefix + action] = (long)tally.AttemptsOf(action);
        }

        return version is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateMerge, row, new ETag(version));
    }

    /// <summary>A typed row to put: added when it has no version, merged under its version when it has one.</summary>
    public static TableTransactionAction Put(string workerId, PartitionRow row)
    {
        var entity = Entity(workerId, row);
        return row.Version is null ? new(TableTransactionActionType.Add, entity) : new(TableTransactionActionType.UpdateMerge, entity, new ETag(row.Version));
    }

    public static TableTransactionAction Delete(string workerId, PartitionRow row) =>
        new(TableTransactionActionType.Delete, new TableEntity(workerId, Entity(workerId, row).RowKey), row.Version is null ? ETag.All : new ETag(row.Version));

    private static TableEntity Entity(string workerId, PartitionRow row) => row switch
    {
        ViewRow v => new(workerId, RowKeys.View(v.View.ViewId))
        {
            ["ContentId"] = v.View.ContentId, ["Title"] = v.View.Title, ["Points"] = v.View.Points, ["MinSeconds"] = v.View.MinSeconds,
            ["StartedAt"] = v.View.StartedAt, ["CompletedAt"] = v.CompletedAt,
        },
        AttemptRow a => new(workerId, RowKeys.Attempt(a.Attempt.AttemptId))
        {
            ["QuizId"] = a.Attempt.QuizId, ["QuestionIds"] = Json.Serialize(a.Attempt.QuestionIds), ["StartedAt"] = a.Attempt.StartedAt, ["Deadline"] = a.Attempt.Deadline,
            ["CompetitionId"] = a.CompetitionId, ["RoundId"] = a.RoundId, ["Submitted"] = a.Result is not null, ["Correct"] = a.Result?.Correct, ["Total"] = a.Result?.Total,
            ["Late"] = a.Result?.Late, ["Awarded"] = a.Result?.Awarded,
        },
        RedemptionRow r => new(workerId, RowKeys.Redemption(r.Id))
        {
            ["RewardId"] = r.RewardId, ["Title"] = r.Title, ["PartnerId"] = r.PartnerId, ["Quantity"] = r.Quantity, ["Points"] = r.Points, ["Status"] = r.Status.Name(),
            ["Reason"] = r.Reason, ["Delivery"] = r.Delivery, ["CreatedAt"] = r.CreatedAt, ["TrackingNo"] = r.TrackingNo,
        },
        LimitCounter l => new(workerId, RowKeys.Limit(l.RewardId)) { ["Count"] = l.Count },
        ReportRow h => ReportEntity(h),
        OutboxRow o => new(workerId, RowKeys.Outbox(o.Key)),
        OutlookRow o => new(workerId, OutlookKey) { ["Soon"] = o.Soon, ["SoonAt"] = o.SoonAt, ["Computed"] = o.Computed },
        _ => throw new ArgumentException($"No row mapping for {row.GetType().Name}.", nameof(row)),
    };

    private static OutlookRow Outlook(TableEntity r) => new(r.GetInt64("Soon") ?? 0, r.GetDateTimeOffset("SoonAt"), r.GetDateTimeOffset("Computed") ?? default);

    /// <summary>A typed row as an entity of its own, for a write outside any transaction (the expiry outlook).</summary>
    public static TableEntity Entity(PartitionRow row, string workerId) => Entity(workerId, row);

    public static RedemptionRow Redemption(TableEntity r) => new(
        r.RowKey[RedemptionFrom.Length..], r.GetString("RewardId") ?? "", r.GetString("Title") ?? "", r.GetString("PartnerId") ?? "", r.GetInt32("Quantity") ?? 0,
        r.GetInt64("Points") ?? 0, RedemptionStatuses.Parse(r.GetString("Status")) ?? RedemptionStatus.Pending, r.GetString("Reason"), r.GetString("Delivery"),
        r.GetDateTimeOffset("CreatedAt") ?? default, r.GetString("TrackingNo"))
    { Version = r.ETag.ToString() };

    public static HazardReport Report(TableEntity row) => new(
        row.RowKey[ReportFrom.Length..],
        row.PartitionKey,
        row.GetString("UnitId") ?? "",
        row.GetString("Category") ?? "",
        row.GetString("Place") ?? "",
        row.GetString("Description") ?? "",
        row.GetString("Status") ?? HazardStatus.Submitted,
        row.GetDateTimeOffset("SubmittedAt") ?? default,
        Json.Deserialize<List<HazardStep>>(row.GetString("History") ?? "[]") ?? [],
        row.GetInt32("Version") ?? 1,
        row.GetString("Severity"),
        row.GetString("Reason"),
        row.GetString("DuplicateOf"),
        row.GetString("RectificationNote"),
        row.GetBoolean("HasAfterPhoto") ?? false,
        row.GetInt64("Hash") is { } hash ? unchecked((ulong)hash) : null,
        Json.Deserialize<List<NearDuplicate>>(row.GetString("Duplicates") ?? "[]"));

    /// <summary>The report's fields; the photo names only when set, so a merge never clears one.</summary>
    private static TableEntity ReportEntity(ReportRow h)
    {
        var r = h.Report;
        var row = new TableEntity(r.WorkerId, ReportKey(r.Id))
        {
            ["UnitId"] = r.UnitId, ["Category"] = r.Category, ["Place"] = r.Place, ["Description"] = r.Description, ["Status"] = r.Status,
            ["SubmittedAt"] = r.SubmittedAt, ["History"] = Json.Serialize(r.History), ["Version"] = r.Version, ["Severity"] = r.Severity, ["Reason"] = r.Reason,
            ["DuplicateOf"] = r.DuplicateOf, ["RectificationNote"] = r.RectificationNote, ["HasAfterPhoto"] = r.HasAfterPhoto,
            ["Hash"] = r.Hash is { } hash ? unchecked((long)hash) : null, ["Duplicates"] = r.Duplicates is null ? null : Json.Serialize(r.Duplicates),
        };
        if (h.Photo.Length > 0)
        {
            row["Photo"] = h.Photo;
        }

        if (h.AfterPhoto is not null)
        {
            row["AfterPhoto"] = h.AfterPhoto;
        }

        return row;
    }

    /// <summary>A message's outbox row: written in a worker's transaction, published after it.</summary>
    public static TableTransactionAction OutboxAdd(string workerId, string key, string queue, string json) =>
        new(TableTransactionActionType.Add, new TableEntity(workerId, RowKeys.Outbox(key)) { ["Event"] = json, ["Queue"] = queue });

    public static TableEntity TxRow(string workerId, LedgerLine line) => new(workerId, RowKeys.Tx(line.Sequence, line.TxId))
    {
        ["TxId"] = line.TxId,
        ["Sequence"] = line.Sequence,
        ["Amount"] = line.Amount,
        ["Kind"] = line.Kind,
        ["Reason"] = line.Reason,
        ["SourceRef"] = line.SourceRef,
        ["BalanceAfter"] = line.BalanceAfter,
        ["At"] = line.At,
        ["HeldChange"] = line.HeldChange,
    };

    public static LedgerLine Line(TableEntity row) => new(
        row.GetString("TxId") ?? "",
        row.GetInt64("Sequence") ?? 0,
        row.GetInt64("Amount") ?? 0,
        row.GetString("Kind") ?? "",
        row.GetString("Reason") ?? "",
        row.GetString("SourceRef") ?? "",
        row.GetInt64("BalanceAfter") ?? 0,
        row.GetDateTimeOffset("At") ?? default,
        row.GetInt64("HeldChange") ?? 0);
}
