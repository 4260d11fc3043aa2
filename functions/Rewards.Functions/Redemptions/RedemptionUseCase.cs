using System.Security.Cryptography;
using System.Text;
using Rewards.Domain;
using Rewards.Domain.Ledger;
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
internal sealed class RedemptionUseCase(AccountsTable accounts, CatalogTables catalog, LedgerWriter writer, Rules.RulesStore rules, TimeProvider clock)
{
    public async Task<Decision<RedemptionView>> RequestAsync(WorkerPrincipal worker, RedemptionRequest request, string idempotencyKey, CancellationToken ct)
    {
        if (await catalog.FindRecentAsync(request.RewardId!, ct) is not { } reward)
        {
            return new Refusal(ProblemCodes.RewardNotFound, $"There is no reward '{request.RewardId}'.");
        }

        var id = RowKeys.NewId(clock.GetUtcNow());
        var quantity = request.Quantity!.Value;
        var delivery = request.Delivery is null ? null : Json.Serialize(request.Delivery);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{reward.Id}\n{quantity}\n{delivery}")));
        var message = new RedemptionMessage(id, worker.WorkerId, reward.Id, reward.Title, reward.PartnerId, quantity, (long)reward.Cost * quantity, delivery);
        return await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, $"redeem:{idempotencyKey}", hash, new SnapshotQuery { Limits = [reward.Id] }),
            // Whether the prize is open is judged on each try's own clock and rules, never kept from an earlier one.
            read => Domain.Redemptions.RedemptionRules.Request(
                new RewardTerms(reward.Id, reward.Title, reward.Cost, reward.PerWorkerLimit, reward.OpenAt(read.Rules.LocalNow(read.Now))), quantity, read.Snapshot.Limit(reward.Id), id).Then<Decided<RedemptionView>>(hold =>
            {
                var row = new RedemptionRow(id, reward.Id, reward.Title, reward.PartnerId, quantity, hold.Hold.HeldChange, RedemptionStatus.Pending, null, delivery, read.Now);
                return new LedgerChange
                {
                    Posting = hold.Hold,
                    Puts = [row, hold.Limit],
                    Outbox = [new OutboxMessage($"redeem-{id}", StorageNames.RedemptionQueue, message)],
                }.As(_ => View(row, read.Rules));
            }),
            ct);
    }

    public async Task<Decision<RedemptionView>> GetAsync(WorkerPrincipal worker, string id, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { Redemptions = [id] }, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await rules.GetAsync(ct);
        return rows.Redemption(id) is { } row ? View(row, snapshot) : new Refusal(ProblemCodes.RedemptionNotFound, $"There is no redemption '{id}' of yours.");
    }

    public async Task<Decision<RedemptionList>> MineAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { AllRedemptions = true }, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await rules.GetAsync(ct);
        return new RedemptionList([.. rows.Redemptions.Select(r => View(r, snapshot)).OrderByDescending(r => r.Id, StringComparer.Ordinal)]);
    }

    /// <summary>A worker's redemptions for the admin console, newest first; null when there is no such worker.</summary>
    public async Task<RedemptionList?> OfWorkerAsync(string workerId, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(workerId, new SnapshotQuery { AllRedemptions = true }, ct);
        if (rows.Account is null)
        {
            return null;
        }

        var snapshot = await rules.GetAsync(ct);
        return new RedemptionList([.. rows.Redemptions.Select(r => View(r, snapshot)).OrderByDescending(r => r.Id, StringComparer.Ordinal)]);
    }

    private static RedemptionView View(RedemptionRow r, Rules.RulesSnapshot snapshot) =>
        new(r.Id, r.RewardId, r.Title, r.Quantity, r.Points, r.Status.Name(), r.Reason, snapshot.Local(r.CreatedAt), r.TrackingNo);
}
