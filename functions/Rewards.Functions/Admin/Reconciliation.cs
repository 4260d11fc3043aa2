using Rewards.Domain.Ledger;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Accounts;
using Rewards.Functions.Catalog;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Admin;

internal sealed record Mismatch(string WorkerId, long Balance, long Held, long LedgerSum, long Difference, long Sequence, long LedgerLines, long OpenRedemptions);

internal sealed record StockMismatch(string RewardId, long Remaining, long Reserved, long Delivered, long Initial, long Restocked);

/// <summary>A redemption whose status contradicts its order's: money held for an order that is over, or stock kept for a redemption that is.</summary>
internal sealed record RedemptionMismatch(string WorkerId, string RedemptionId, string RedemptionStatus, string? OrderStatus);

internal sealed record ReconciliationReport(int Checked, IReadOnlyList<Mismatch> Mismatches, IReadOnlyList<StockMismatch> StockMismatches, IReadOnlyList<string> DeliveredAndRefunded, IReadOnlyList<RedemptionMismatch> RedemptionMismatches)
{
    /// <summary>Messages waiting in each poison queue: work the host gave up on, which someone must look at.</summary>
    public IReadOnlyDictionary<string, int> PoisonQueues { get; init; } = new Dictionary<string, int>();

    /// <summary>Activities whose check-ins do not add up (Activities/ActivityReconciliation.cs).</summary>
    public IReadOnlyList<Activities.ActivityMismatch> ActivityMismatches { get; init; } = [];
}

/// <summary>
/// The invariants of DESIGN.md section 6, recomputed: for every worker balance + held = Σ ledger, held =
/// Σ held changes = the points of open redemptions, neither below zero; for every prize stock + reserved +
/// delivered = initial + restocked; no redemption both delivered and refunded; every redemption agrees with
/// its order (one cannot be over while the other is open, nor both over in different ways); and the size of
/// every poison queue. It scans the Accounts table
/// (the account, redemption and ledger rows, only the columns it needs), so it is an admin check, never a
/// request path.
/// </summary>
internal sealed class Reconciliation(AccountsTable accounts, CatalogTables catalog, Redemptions.OrdersTable orders, PoisonQueues poison, Activities.ActivityReconciliation activities)
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "Balance", "Held", "Sequence", "Amount", "HeldChange", "Kind", "SourceRef", "Status", "Points"];

    public async Task<ReconciliationReport> RunAsync(CancellationToken ct)
    {
        var filter = Filters.Or(Filters.Or(Filters.Row(RowKeys.Account), Filters.RowRange(RowKeys.TxFrom, RowKeys.TxTo)), Filters.RowRange("redemption|", "redemption}"));
        var mismatches = new List<Mismatch>();
        var doubles = new List<string>();
        var checkedCount = 0;
        string? worker = null;
        long balance = 0, held = 0, sequence = 0, sum = 0, lines = 0, heldSum = 0, open = 0;
        var released = new HashSet<string>();
        var redemptions = new List<(string WorkerId, string Id, string Status)>();
        var spent = new HashSet<string>();

        void Close()
        {
            if (worker is null)
            {
                return;
            }

            checkedCount++;
            if (balance + held != sum || held != heldSum || held != open || sequence != lines || balance < 0 || held < 0)
            {
                mismatches.Add(new Mismatch(worker, balance, held, sum, balance + held - sum, sequence, lines, open));
            }

            doubles.AddRange(released.Intersect(spent));
            released.Clear();
            spent.Clear();
        }

        await foreach (var row in accounts.ScanAsync(filter, Columns, ct))
        {
            if (row.RowKey == RowKeys.Account)
            {
                // Rows come in key order: the account row opens each worker's partition, before its other rows.
                Close();
                (worker, balance, held, sequence, sum, lines, heldSum, open) = (row.PartitionKey, row.GetInt64("Balance") ?? 0, row.GetInt64("Held") ?? 0, row.GetInt64("Sequence") ?? 0, 0, 0, 0, 0);
            }
            else if (row.PartitionKey != worker)
            {
                mismatches.Add(new Mismatch(row.PartitionKey, 0, 0, row.GetInt64("Amount") ?? 0, 0, 0, 1, 0));
            }
            else if (row.RowKey.StartsWith("redemption|", StringComparison.Ordinal))
            {
                open += RedemptionStatuses.IsOpen(row.GetString("Status")) ? row.GetInt64("Points") ?? 0 : 0;
                redemptions.Add((worker, row.RowKey["redemption|".Length..], row.GetString("Status") ?? ""));
            }
            else
            {
                sum += row.GetInt64("Amount") ?? 0;
                heldSum += row.GetInt64("HeldChange") ?? 0;
                lines++;
                var source = row.GetString("SourceRef") ?? "";
                _ = row.GetString("Kind") switch
                {
                    LedgerKinds.Release => released.Add(source),
                    LedgerKinds.Spend => spent.Add(source),
                    _ => false,
                };
            }
        }

        Close();
        var stock = (await catalog.StockAsync(ct))
            .Where(s => s.Value.Remaining + s.Value.Reserved + s.Value.Delivered != s.Value.Initial + s.Value.Restocked || s.Value.Remaining < 0 || s.Value.Reserved < 0)
            .Select(s => new StockMismatch(s.Key, s.Value.Remaining, s.Value.Reserved, s.Value.Delivered, s.Value.Initial, s.Value.Restocked))
            .ToList();
        var orderStatuses = await orders.StatusesAsync(ct);
        var disagreements = redemptions
            .Select(r => new RedemptionMismatch(r.WorkerId, r.Id, r.Status, orderStatuses.GetValueOrDefault(r.Id)))
            .Where(r => Disagree(r.RedemptionStatus, r.OrderStatus))
            .ToList();
        return new ReconciliationReport(checkedCount, mismatches, stock, doubles, disagreements) { PoisonQueues = await poison.CountsAsync(ct), ActivityMismatches = await activities.CheckAsync(ct) };
    }

    /// <summary>
    /// A pending redemption may have an open order (the reservation is between its two steps), and an open
    /// redemption may trail its open order by a step; anything else where one is over must match the other.
    /// </summary>
    private static bool Disagree(string redemption, string? order)
    {
        var redemptionOver = RedemptionStatuses.IsOver(redemption);
        return order switch
        {
            // Only a redemption cancelled or refused before its reservation has no order.
            null => !RedemptionStatuses.HasNoOrder(redemption),
            _ when Fulfilment.IsFinal(order) => order != redemption,
            _ => redemptionOver,
        };
    }
}
