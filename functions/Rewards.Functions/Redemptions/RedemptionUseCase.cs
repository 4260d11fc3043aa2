using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Rewards.Domain;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Accounts;
using Rewards.Functions.Catalog;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

/// <summary>
/// Step 1 of the saga (DESIGN.md section 6): one transaction in the worker's partition moves the points to
/// held, writes the redemption (pending), counts it against the per-worker limit, keeps the idempotency
/// marker, and puts the message for the redemptions queue in the outbox.
/// </summary>
internal sealed class RedemptionUseCase(AccountsTable accounts, CatalogTables catalog, LedgerWriter writer, Outbox outbox, Rules.RulesStore rules, TimeProvider clock)
{
    public async Task<Decision<RedemptionView>> RequestAsync(WorkerPrincipal worker, RedemptionRequest request, string idempotencyKey, CancellationToken ct)
    {
        if (await catalog.FindRecentAsync(request.RewardId!, ct) is not { } reward)
        {
            return new Refusal(ProblemCodes.RewardNotFound, $"There is no reward '{request.RewardId}'.");
        }

        var now = clock.GetUtcNow();
        var terms = new RewardTerms(reward.Id, reward.Title, reward.Cost, reward.PerWorkerLimit, reward.OpenAt((await rules.GetAsync(ct)).LocalNow(now)));
        var id = RowKeys.NewId(now);
        var quantity = request.Quantity!.Value;
        var delivery = request.Delivery is null ? null : Json.Serialize(request.Delivery);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{reward.Id}\n{quantity}\n{delivery}")));
        var limitKey = RowKeys.Limit(reward.Id);
        RedemptionMessage? message = null;
        var result = await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, $"redeem:{idempotencyKey}", hash, [limitKey]),
            read =>
            {
                var limit = read.Rows.Row(limitKey);
                var already = limit?.GetInt32("Count") ?? 0;
                var hold = Domain.Redemptions.RedemptionRules.Request(terms, quantity, already, id);
                if (hold.IsRefused)
                {
                    return hold.Refusal!;
                }

                message = new RedemptionMessage(id, worker.WorkerId, reward.Id, reward.Title, reward.PartnerId, quantity, hold.Value!.HeldChange, delivery);
                return new LedgerChange(hold.Value, [],
                [
                    new(TableTransactionActionType.Add, new TableEntity(worker.WorkerId, RowKeys.Redemption(id))
                    {
                        ["RewardId"] = reward.Id, ["Title"] = reward.Title, ["PartnerId"] = reward.PartnerId, ["Quantity"] = quantity,
                        ["Points"] = hold.Value.HeldChange, ["Status"] = RedemptionStatus.Pending, ["Delivery"] = delivery, ["CreatedAt"] = read.Now,
                    }),
                    LimitRow(worker.WorkerId, limit, reward.Id, already + quantity),
                    Outbox.Row(worker.WorkerId, $"redeem-{id}", StorageNames.RedemptionQueue, Json.Serialize(message)),
                ]);
            },
            (_, _, snapshot) => new RedemptionView(id, reward.Id, reward.Title, quantity, (long)reward.Cost * quantity, RedemptionStatus.Pending, null, snapshot.Local(now)),
            ct);
        if (!result.IsRefused && message is not null && result.Value!.Id == message.RedemptionId)
        {
            await outbox.TryPublishAsync(worker.WorkerId, $"redeem-{message.RedemptionId}", StorageNames.RedemptionQueue, Json.Serialize(message));
        }

        return result;
    }

    public async Task<Decision<RedemptionView>> GetAsync(WorkerPrincipal worker, string id, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(worker.WorkerId, [RowKeys.Account, RowKeys.Redemption(id)], ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await rules.GetAsync(ct);
        return rows.Row(RowKeys.Redemption(id)) is { } row ? View(row, snapshot) : new Refusal(ProblemCodes.RedemptionNotFound, $"There is no redemption '{id}' of yours.");
    }

    public async Task<Decision<RedemptionList>> MineAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var rows = await accounts.ReadWithRangeAsync(worker.WorkerId, "redemption|", "redemption}", ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await rules.GetAsync(ct);
        return new RedemptionList([.. rows.Rows.Values.Where(r => r.RowKey.StartsWith("redemption|", StringComparison.Ordinal)).Select(r => View(r, snapshot)).OrderByDescending(r => r.Id, StringComparer.Ordinal)]);
    }

    /// <summary>A worker's redemptions for the admin console, newest first; null when there is no such worker.</summary>
    public async Task<RedemptionList?> OfWorkerAsync(string workerId, CancellationToken ct)
    {
        var rows = await accounts.ReadWithRangeAsync(workerId, "redemption|", "redemption}", ct);
        if (rows.Account is null)
        {
            return null;
        }

        var snapshot = await rules.GetAsync(ct);
        return new RedemptionList([.. rows.Rows.Values.Where(r => r.RowKey.StartsWith("redemption|", StringComparison.Ordinal)).Select(r => View(r, snapshot)).OrderByDescending(r => r.Id, StringComparer.Ordinal)]);
    }

    /// <summary>The per-worker count, written under the ETag it was read with (or added).</summary>
    public static TableTransactionAction LimitRow(string workerId, TableEntity? read, string rewardId, int count)
    {
        var row = new TableEntity(workerId, RowKeys.Limit(rewardId)) { ["Count"] = count };
        return read is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateMerge, row, read.ETag);
    }

    private static RedemptionView View(TableEntity r, Rules.RulesSnapshot snapshot) => new(
        r.RowKey["redemption|".Length..],
        r.GetString("RewardId") ?? "",
        r.GetString("Title") ?? "",
        r.GetInt32("Quantity") ?? 0,
        r.GetInt64("Points") ?? 0,
        r.GetString("Status") ?? "",
        r.GetString("Reason"),
        snapshot.Local(r.GetDateTimeOffset("CreatedAt") ?? default),
        r.GetString("TrackingNo"));
}
