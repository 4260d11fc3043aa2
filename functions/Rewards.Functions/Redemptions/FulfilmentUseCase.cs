using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
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
/// Step 4 of the saga: the order's status changes under its ETag (so of racing transitions, such as a
/// cancel and an accept, exactly one wins), then its consequences follow, each idempotent: stock back on the
/// shelf or counted as delivered (a marker per redemption), and the worker's hold released or spent (an
/// idempotency key per redemption). A repeated action re-runs the consequences, so a crash half-way heals. A move
/// writes the partner's event in its own transaction (order.accepted, …), which is published after the commit.
/// </summary>
internal sealed class FulfilmentUseCase(OrdersTable orders, OrderEvents events, CatalogTables catalog, AccountsTable accounts, Partners.PartnersTable partners, LedgerWriter writer, Interleavings interleavings, TimeProvider clock, ILogger<FulfilmentUseCase> log)
{
    public async Task<Decision<OrderView>> ActAsync(string partnerId, string redemptionId, string action, string? trackingNo, string? reason, CancellationToken ct)
    {
        var moved = await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            if (await orders.FindAsync(partnerId, redemptionId, token) is not { } order)
            {
                return (Decision<(TableEntity Order, TableEntity? Outbox, string? FollowUp)>)new Refusal(ProblemCodes.OrderNotFound, $"There is no order '{redemptionId}' of yours.");
            }

            var transition = Fulfilment.Apply(order.GetString("Status") ?? "", action);
            if (transition.IsRefused)
            {
                return transition.Refusal!;
            }

            if (!transition.Value.Repeat)
            {
                var changes = new Dictionary<string, object?> { ["Status"] = transition.Value.Next };
                if (trackingNo is not null)
                {
                    changes["TrackingNo"] = trackingNo;
                }

                if (reason is not null)
                {
                    changes["Reason"] = reason;
                }

                var (after, outbox, followUp) = await orders.MoveAsync(order, changes, clock.GetUtcNow(), token);
                return (after, outbox, followUp);
            }

            return (order, (TableEntity?)null, (string?)null);
        }, ct);
        if (moved.IsRefused)
        {
            return moved.Refusal!;
        }

        // The move is committed: from here on nothing is reported as a failure. Consequences that do not go through
        // stay owed in the follow-up row, which the sweep runs again (a repeated action runs them again too).
        var (changed, outboxRow, followUpRow) = moved.Value;
        if (outboxRow is not null)
        {
            await events.TryPublishAsync(outboxRow);
        }

        await TryFollowAsync(changed, followUpRow);
        log.LogInformation("Order {RedemptionId} of {PartnerId}: {Action} → {Status}", redemptionId, partnerId, action, changed.GetString("Status"));
        return View(changed);
    }

    /// <summary>Runs the consequences of a committed move and then deletes its follow-up row; a failure is logged and left to the sweep.</summary>
    private async Task TryFollowAsync(TableEntity order, string? followUpRow)
    {
        try
        {
            await FollowAsync(order, CancellationToken.None);
            if (followUpRow is not null)
            {
                await orders.DeleteFollowUpAsync(order.PartitionKey, followUpRow, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Consequences of order {RedemptionId} ({Status}) left for the follow-up sweep", order.RowKey, order.GetString("Status"));
        }
    }

    /// <summary>
    /// Runs again the consequences of every move whose follow-up row is older than <paramref name="writtenBefore"/>
    /// (its step crashed or met contention that outlasted its retries), from the order as it is now, and deletes the
    /// row once they went through. One partition query per partner; rows that fail again stay for the next run.
    /// </summary>
    public async Task<int> FollowUpDueAsync(DateTimeOffset writtenBefore, CancellationToken ct)
    {
        var done = 0;
        foreach (var partner in await partners.AllAsync(ct))
        {
            foreach (var (rowKey, redemptionId) in await orders.FollowUpsAsync(partner.Id, writtenBefore, ct))
            {
                try
                {
                    if (await orders.FindAsync(partner.Id, redemptionId, ct) is { } order)
                    {
                        await FollowAsync(order, ct);
                    }

                    await orders.DeleteFollowUpAsync(partner.Id, rowKey, ct);
                    done++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Follow-up {RowKey} of {PartnerId} failed again; it stays for the next run", rowKey, partner.Id);
                }
            }
        }

        return done;
    }

    /// <summary>How old a follow-up row must be before the sweep runs it: the step that wrote it has long finished.</summary>
    public static readonly TimeSpan FollowUpGrace = TimeSpan.FromMinutes(2);

    /// <summary>Expires and refunds every order its partner has not accepted within the partner's acceptance deadline.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        foreach (var partner in await partners.AllAsync(ct))
        {
            foreach (var order in await orders.ListAsync(partner.Id, Fulfilment.Reserved, ct))
            {
                if ((order.GetDateTimeOffset("CreatedAt") ?? now) + TimeSpan.FromDays(partner.AcceptanceDays) <= now
                    && !(await ActAsync(partner.Id, order.RowKey, "expire", null, $"not accepted within {partner.AcceptanceDays} days", ct)).IsRefused)
                {
                    expired++;
                }
            }
        }

        return expired;
    }

    /// <summary>A worker cancels before the partner accepts: a pending redemption directly, a reserved one through its order.</summary>
    public async Task<Decision<OrderView>> CancelAsync(WorkerPrincipal worker, string redemptionId, CancellationToken ct)
    {
        var mine = new SnapshotQuery { Redemptions = [redemptionId] };
        var rows = await accounts.ReadAsync(worker.WorkerId, mine, ct);
        if ((rows.Refusal(worker) ?? (rows.Redemption(redemptionId) is null ? new Refusal(ProblemCodes.RedemptionNotFound, $"There is no redemption '{redemptionId}' of yours.") : null)) is { } refusal)
        {
            return refusal;
        }

        var redemption = rows.Redemption(redemptionId)!;
        if (redemption.Status == RedemptionStatus.Pending)
        {
            await interleavings.BeforeCancelSettles(redemptionId);
            var settled = await SettleAsync(worker.WorkerId, redemptionId, redemption.RewardId, Fulfilment.Cancelled, onlyIfPending: true, ct);
            if (settled.IsRefused)
            {
                // Nothing was committed (contention that outlasted the retries): the worker may try again.
                return settled.Refusal!;
            }

            if (settled.Value)
            {
                return View(redemption, Fulfilment.Cancelled, worker.WorkerId);
            }
        }

        // Reserved meanwhile (or before): the order decides, under its ETag, whether a cancel is still possible.
        var cancelled = await ActAsync(redemption.PartnerId, redemptionId, "cancel", null, "cancelled by the worker", ct);
        if (cancelled.Refusal?.Code == ProblemCodes.OrderNotFound
            && (await accounts.ReadAsync(worker.WorkerId, mine, ct)).Redemption(redemptionId)?.Status is { } now && now != RedemptionStatus.Pending)
        {
            return new Refusal(Fulfilment.InvalidTransition, $"A redemption that is {now.Name()} cannot be cancelled.", new Dictionary<string, object?> { ["currentStatus"] = now.Name() });
        }

        return cancelled;
    }

    /// <summary>
    /// The consequences of an order's status: stock and points for final ones, a mirrored status for the others.
    /// Idempotent. Throws when the worker's side could not be settled, so a caller that must not lose it (the queue,
    /// the follow-up sweep) tries again.
    /// </summary>
    public async Task FollowAsync(TableEntity order, CancellationToken ct)
    {
        var status = order.GetString("Status") ?? "";
        var workerId = order.GetString("WorkerId") ?? "";
        var rewardId = order.GetString("RewardId") ?? "";
        var quantity = order.GetInt32("Quantity") ?? 0;
        if (Fulfilment.Refunds(status))
        {
            await catalog.ReleaseAsync(rewardId, order.RowKey, quantity, ct);
        }
        else if (status == Fulfilment.Delivered)
        {
            await catalog.DeliverAsync(rewardId, order.RowKey, quantity, ct);
        }

        var read = await accounts.ReadAsync(workerId, new SnapshotQuery { Redemptions = [order.RowKey] }, ct);
        if (read.Redemption(order.RowKey) is null)
        {
            return;
        }

        if (Fulfilment.IsFinal(status))
        {
            var settled = await SettleAsync(workerId, order.RowKey, rewardId, status, onlyIfPending: false, ct);
            if (settled.IsRefused)
            {
                throw new InvalidOperationException($"Settling redemption {order.RowKey} as {status} was refused ({settled.Refusal!.Code}); it is tried again.");
            }
        }
        else if (RedemptionStatuses.Parse(status) is { } mirrored)
        {
            await writer.CommitAsync(read, RedemptionRules.Mirror(read, order.RowKey, mirrored, order.GetString("TrackingNo")), ct);
        }
    }

    /// <summary>
    /// Ends a redemption in the worker's partition, once (idempotency key settle:{id}): a refund releases the
    /// hold and gives back the per-worker count, a delivery spends the held points. Whether it settled is read
    /// from the outcome that was committed (or replayed), never from a flag set by one of the attempts: a
    /// decision that finds the redemption moved on commits nothing and answers false. A refusal (contention that
    /// outlasted the writer's retries) committed nothing and is handed to the caller, which must not drop it.
    /// </summary>
    private async Task<Decision<bool>> SettleAsync(string workerId, string redemptionId, string rewardId, string status, bool onlyIfPending, CancellationToken ct)
    {
        var final = RedemptionStatuses.Parse(status) ?? throw new ArgumentException($"'{status}' is not a redemption status.", nameof(status));
        var result = await writer.WriteAsync(
            new LedgerCommand(workerId, null, $"settle:{redemptionId}", status, new SnapshotQuery { Redemptions = [redemptionId], Limits = [rewardId] }),
            read => RedemptionRules.Settle(read.Snapshot, redemptionId, rewardId, final, onlyIfPending).As(posted => new ReleaseOutcome(posted.Line?.TxId, posted.Account.Balance)),
            ct);
        return result.IsRefused ? result.Refusal! : (Decision<bool>)(result.Value!.TxId is not null);
    }

    private static OrderView View(TableEntity o) => OrderViews.From(o);

    private static OrderView View(RedemptionRow redemption, string status, string workerId) => new(
        redemption.Id, redemption.RewardId, redemption.Title, redemption.Quantity, status, null, null, redemption.Delivery, workerId);

    public static OrderView ToView(TableEntity order) => OrderViews.From(order);
}
