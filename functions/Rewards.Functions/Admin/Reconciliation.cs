using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Admin;

internal sealed record Mismatch(string WorkerId, long Balance, long Held, long LedgerSum, long Difference, long Sequence, long LedgerLines);

internal sealed record ReconciliationReport(int Checked, IReadOnlyList<Mismatch> Mismatches);

/// <summary>
/// Recomputes every worker's balance + held (and held alone) from the ledger lines and lists the accounts that disagree. It
/// scans the whole Accounts table (only the account and ledger rows, only the columns it needs), so it is an
/// admin check, not something a request path calls.
/// </summary>
internal sealed class Reconciliation(AccountsTable accounts)
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "Balance", "Held", "Sequence", "Amount", "HeldChange"];

    public async Task<ReconciliationReport> RunAsync(CancellationToken ct)
    {
        var filter = Filters.Or(Filters.Row(RowKeys.Account), Filters.RowRange(RowKeys.TxFrom, RowKeys.TxTo));
        var mismatches = new List<Mismatch>();
        var checkedCount = 0;
        string? worker = null;
        long balance = 0, held = 0, sequence = 0, sum = 0, lines = 0, heldSum = 0;

        void Close()
        {
            if (worker is null)
            {
                return;
            }

            checkedCount++;
            if (balance + held != sum || held != heldSum || sequence != lines || balance < 0 || held < 0)
            {
                mismatches.Add(new Mismatch(worker, balance, held, sum, balance + held - sum, sequence, lines));
            }
        }

        await foreach (var row in accounts.ScanAsync(filter, Columns, ct))
        {
            if (row.RowKey == RowKeys.Account)
            {
                // Rows come in key order: the account row opens each worker's partition, before its "tx|" rows.
                Close();
                (worker, balance, held, sequence, sum, lines, heldSum) = (row.PartitionKey, row.GetInt64("Balance") ?? 0, row.GetInt64("Held") ?? 0, row.GetInt64("Sequence") ?? 0, 0, 0, 0);
            }
            else if (row.PartitionKey == worker)
            {
                sum += row.GetInt64("Amount") ?? 0;
                heldSum += row.GetInt64("HeldChange") ?? 0;
                lines++;
            }
            else
            {
                mismatches.Add(new Mismatch(row.PartitionKey, 0, 0, row.GetInt64("Amount") ?? 0, 0, 0, 1));
            }
        }

        Close();
        return new ReconciliationReport(checkedCount, mismatches);
    }
}
