using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Workers;

/// <summary>
/// The fields of a worker's account row that are not money: name and unit (set by admins), the token version
/// (raised to revoke links) and the board preference. None of them moves points, so none goes through the ledger writer.
/// </summary>
internal sealed class WorkerAccounts(TableServiceClient service, IOptions<StorageOptions> options, AccountsTable accounts)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.Table(StorageNames.Accounts));

    /// <summary>Creates the account or sets its name and unit; <paramref name="read"/> is the account as the caller just read it (null: none).</summary>
    public async Task<(bool Created, string? PreviousUnit, WorkerAccount Account)> UpsertAsync(string workerId, string displayName, string unitId, WorkerAccount? read, CancellationToken ct)
    {
        if (read is null)
        {
            var fresh = AccountRow.New(workerId, displayName, unitId);
            try
            {
                await _table.AddEntityAsync(fresh, ct);
                return (true, null, AccountRow.Account(fresh));
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                read = (await accounts.ReadAsync(workerId, SnapshotQuery.Nothing, ct)).Account!;
            }
        }

        await _table.UpdateEntityAsync(new TableEntity(workerId, RowKeys.Account) { ["DisplayName"] = displayName, ["UnitId"] = unitId }, ETag.All, TableUpdateMode.Merge, ct);
        return (false, read.UnitId, read with { DisplayName = displayName, UnitId = unitId });
    }

    /// <summary>
    /// Raises the token version, which revokes every link issued before; returns the new version, or null when the
    /// worker is gone. Written under the ETag it read, and every award writes the account too: a stale ETag means
    /// read again and raise again, so a concurrent award delays a revocation but never fails it.
    /// </summary>
    public async Task<int?> RevokeLinksAsync(string workerId, CancellationToken ct) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            if ((await accounts.ReadAsync(workerId, SnapshotQuery.Nothing, token)).Account is not { } account)
            {
                return (int?)null;
            }

            var next = account.TokenVersion + 1;
            await _table.UpdateEntityAsync(new TableEntity(workerId, RowKeys.Account) { ["TokenVersion"] = next }, new ETag(account.Version!), TableUpdateMode.Merge, token);
            return next;
        }, ct);

    /// <summary>Whether the worker appears by name on leaderboards. Not a money field, so no ETag is needed.</summary>
    public Task SetAnonymousAsync(string workerId, bool anonymous, CancellationToken ct) =>
        _table.UpdateEntityAsync(new TableEntity(workerId, RowKeys.Account) { ["Anonymous"] = anonymous }, ETag.All, TableUpdateMode.Merge, ct);
}
