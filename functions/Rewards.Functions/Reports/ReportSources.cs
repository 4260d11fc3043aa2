using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Earning;
using Rewards.Domain.Hazards;
using Rewards.Domain.Progress;
using Rewards.Functions.Hazards;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;
using Rewards.Functions.Units;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Reports;

internal sealed record ReportQuery(DateTimeOffset From, DateTimeOffset To, string? UnitId);

/// <summary>
/// The reports, each a stream of storage pages. Ledger lines and redemptions are read across partitions with
/// a RowKey range and a time filter evaluated by storage; with a unit, only that unit's workers' partitions.
/// </summary>
internal sealed class ReportSources(TableServiceClient service, IOptions<StorageOptions> options, WorkersTable directory, UnitsTable units, LeaderboardsTable boards, HazardsTable hazards, RulesStore rules)
{
    public const int PageSize = 1000;
    public static readonly string[] Names = ["workers", "participation", "ledger", "redemptions", "hazards"];

    private readonly TableClient _accounts = service.GetTableClient(options.Value.Table(StorageNames.Accounts));

    public Report? For(string name, ReportQuery q) => name switch
    {
        "workers" => new Report(name, ["id", "displayName", "unitId", "unitName", "balance", "lifetimeEarned", "level", "lastActiveAt"], Workers(q)),
        "participation" => new Report(name, ["month", "unitId", "unitName", "members", "active", "rate"], Participation(q)),
        "ledger" => new Report(name, ["at", "workerId", "txId", "kind", "amount", "heldChange", "balanceAfter", "reason", "sourceRef"], Partitioned(q, RowKeys.TxFrom, RowKeys.TxTo, "At", LedgerRow)),
        "redemptions" => new Report(name, ["createdAt", "id", "workerId", "rewardId", "title", "quantity", "points", "status", "reason"], Partitioned(q, "redemption|", "redemption}", "CreatedAt", RedemptionRow)),
        "hazards" => new Report(name, ["submittedAt", "id", "workerId", "displayName", "unitId", "unitName", "category", "place", "description", "status", "severity", "points", "reason", "duplicateOf", "rectificationNote", "verifiedAt", "nearDuplicates"], Hazards(q)),
        _ => null,
    };

    private async IAsyncEnumerable<IReadOnlyList<object?[]>> Workers(ReportQuery q, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var snapshot = await rules.GetAsync(ct);
        var names = await units.NamesAsync(ct);
        string? continuation = null;
        do
        {
            var (items, next) = await directory.ListAsync(q.UnitId, PageSize, continuation, ct);
            yield return [.. items.Select(w => new object?[]
            {
                w.Id, w.DisplayName, w.UnitId, names.GetValueOrDefault(w.UnitId, w.UnitId), w.Balance, w.LifetimeEarned,
                Levels.For(w.LifetimeEarned, snapshot.Rules.LevelLadder()).Current.Name, w.LastActiveAt is { } at ? snapshot.Local(at) : null,
            })];
            continuation = next;
        }
        while (continuation is not null);
    }

    private async IAsyncEnumerable<IReadOnlyList<object?[]>> Participation(ReportQuery q, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var snapshot = await rules.GetAsync(ct);
        var names = await units.NamesAsync(ct);
        var month = new DateTime(snapshot.Local(q.From).Year, snapshot.Local(q.From).Month, 1);
        var last = snapshot.Local(q.To).DateTime;
        for (; month <= last; month = month.AddMonths(1))
        {
            var key = Periods.Month(month);
            var rows = await boards.TopAsync($"r|{key}|", PageSize, ct);
            yield return [.. rows.Where(r => q.UnitId is null || r.Id == q.UnitId).Select(r => new object?[]
            {
                key["month:".Length..], r.Id, names.GetValueOrDefault(r.Id, r.Id), r.Members ?? 0, r.Active ?? 0,
                r.Members is > 0 ? Math.Round((double)(r.Active ?? 0) / r.Members.Value, 4) : 0d,
            })];
        }
    }

    /// <summary>Hazard reports submitted in the period, from the review index (a unit is one partition of it), page by page.</summary>
    private async IAsyncEnumerable<IReadOnlyList<object?[]>> Hazards(ReportQuery q, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var snapshot = await rules.GetAsync(ct);
        var names = await units.NamesAsync(ct);
        await foreach (var page in hazards.SubmittedAsync(q.UnitId, q.From, q.To, PageSize, ct))
        {
            yield return [.. page.Select(i => HazardRow(i, snapshot, names))];
        }
    }

    private async IAsyncEnumerable<IReadOnlyList<object?[]>> Partitioned(ReportQuery q, string from, string to, string timeProperty, Func<TableEntity, RulesSnapshot, object?[]> row, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var snapshot = await rules.GetAsync(ct);
        // The property name is part of the format, not a hole: a hole is always quoted as a value.
        var range = Filters.And(Filters.RowRange(from, to), TableClient.CreateQueryFilter(FormattableStringFactory.Create($"{timeProperty} ge {{0}} and {timeProperty} lt {{1}}", q.From.ToUniversalTime(), q.To.ToUniversalTime())));
        if (q.UnitId is null)
        {
            await foreach (var page in Pages(range, ct))
            {
                yield return [.. page.Select(e => row(e, snapshot))];
            }

            yield break;
        }

        string? continuation = null;
        do
        {
            var (workers, next) = await directory.ListAsync(q.UnitId, PageSize, continuation, ct);
            foreach (var worker in workers)
            {
                await foreach (var page in Pages(Filters.And(Filters.Partition(worker.Id), range), ct))
                {
                    yield return [.. page.Select(e => row(e, snapshot))];
                }
            }

            continuation = next;
        }
        while (continuation is not null);
    }

    private async IAsyncEnumerable<IReadOnlyList<TableEntity>> Pages(string filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in _accounts.QueryAsync<TableEntity>(filter, PageSize, cancellationToken: ct).AsPages(pageSizeHint: PageSize))
        {
            yield return page.Values;
        }
    }

    private static object?[] HazardRow(IndexedHazard i, RulesSnapshot s, IReadOnlyDictionary<string, string> names)
    {
        var r = i.Report;
        var verified = r.History.LastOrDefault(step => step.Status == HazardStatus.Verified);
        return
        [
            s.Local(r.SubmittedAt), r.Id, r.WorkerId, i.DisplayName, r.UnitId, names.GetValueOrDefault(r.UnitId, r.UnitId), r.Category, r.Place, r.Description,
            r.Status, r.Severity, r.Points, r.Reason, r.DuplicateOf, r.RectificationNote, verified is null ? null : s.Local(verified.At), r.Duplicates?.Count ?? 0,
        ];
    }

    private static object?[] LedgerRow(TableEntity e, RulesSnapshot s) =>
        [e.GetDateTimeOffset("At") is { } at ? s.Local(at) : null, e.PartitionKey, e.GetString("TxId"), e.GetString("Kind"), e.GetInt64("Amount") ?? 0, e.GetInt64("HeldChange") ?? 0, e.GetInt64("BalanceAfter") ?? 0, e.GetString("Reason"), e.GetString("SourceRef")];

    private static object?[] RedemptionRow(TableEntity e, RulesSnapshot s) =>
        [e.GetDateTimeOffset("CreatedAt") is { } at ? s.Local(at) : null, e.RowKey["redemption|".Length..], e.PartitionKey, e.GetString("RewardId"), e.GetString("Title"), e.GetInt32("Quantity") ?? 0, e.GetInt64("Points") ?? 0, e.GetString("Status"), e.GetString("Reason")];
}
