using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Accounts;
using Rewards.Functions.Catalog;
using Rewards.Functions.Storage;
using Rewards.Domain.Redemptions;

namespace Rewards.Functions.Redemptions;

/// <summary>
/// Step 3 of the saga: reserve stock under its ETag, then either insert the partner's order and mark the
/// redemption reserved, or release the hold and mark it refused (out of stock), with a ledger line that says
/// why. Every step is idempotent, so a message delivered twice, or retried after a crash, ends the same way.
/// </summary>
internal sealed class ReservationUseCase(AccountsTable accounts, CatalogTables catalog, OrdersTable orders, OrderEvents events, FulfilmentUseCase fulfilment, LedgerWriter writer, TimeProvider clock, ILogger<ReservationUseCase> log)
{
    public async Task ReserveAsync(RedemptionMessage m, CancellationToken ct)
    {
        var key = RowKeys.Redemption(m.RedemptionId);
        var outboxKey = Outbox.RedemptionRow(m.RedemptionId);
        var read = await accounts.ReadAsync(m.WorkerId, [key, outboxKey], ct);
        var redemption = read.Row(key);
        if (redemption?.GetString("Status") != RedemptionStatus.Pending)
        {
            if (redemption?.GetString("Status") == Domain.Redemptions.Fulfilment.Cancelled)
            {
                await UndoOvertakenAsync(m, ct);
            }

            if (read.Has(outboxKey))
            {
                // Its message is here: the row has done its work (a cancel overtook the reservation, or a sweep sent it again).
                await accounts.DeleteIfExistsAsync(m.WorkerId, outboxKey, ct);
            }

            log.LogInformation("Redemption {RedemptionId} is {Status}: nothing to do", m.RedemptionId, redemption?.GetString("Status") ?? "missing");
            return;
        }

        if (await catalog.ReserveAsync(m.RewardId, m.RedemptionId, m.Quantity, ct))
        {
            // The order and its order.reserved event are one transaction; a crash before the publish leaves the event to the sweep.
            if (await orders.AddAsync(m, clock.GetUtcNow(), ct) is { } reservedEvent)
            {
                await events.TryPublishAsync(reservedEvent);
            }

            if (!await SetStatusAsync(m, RedemptionStatus.Reserved, read, ct))
            {
                // The worker cancelled while the stock was being reserved: cancel the order too, which puts the stock back.
                await fulfilment.ActAsync(m.PartnerId, m.RedemptionId, "cancel", null, "cancelled by the worker", ct);
                await accounts.DeleteIfExistsAsync(m.WorkerId, outboxKey, ct);
            }

            log.LogInformation("Reserved {Quantity} of {RewardId} for {RedemptionId}", m.Quantity, m.RewardId, m.RedemptionId);
            return;
        }

        var released = await RefuseAsync(m, ct);
        if (released.IsRefused)
        {
            // Contention that outlasted the writer's retries: the hold is not released yet, so the message must not be
            // done. Thrown, it is tried again by the queue (and shows in its poison queue if it never goes through).
            throw new InvalidOperationException($"Releasing the hold of redemption {m.RedemptionId} was refused ({released.Refusal!.Code}); the message will be tried again.");
        }

        if (released.Value is { TxId: null })
        {
            // Nothing to release: a cancel got there first (and released the hold); the message's row is done all the same.
            await accounts.DeleteIfExistsAsync(m.WorkerId, outboxKey, ct);
        }

        log.LogInformation("Redemption {RedemptionId} refused: out of stock", m.RedemptionId);
    }

    /// <summary>
    /// The worker cancelled while an earlier delivery of this message had taken stock and then failed part-way:
    /// finish undoing what it did, idempotently. No order: give back the stock it took, if any. An open order:
    /// cancel it. A closed one: run its consequences again.
    /// </summary>
    private async Task UndoOvertakenAsync(RedemptionMessage m, CancellationToken ct)
    {
        if (await orders.FindAsync(m.PartnerId, m.RedemptionId, ct) is not { } order)
        {
            await catalog.ReleaseAsync(m.RewardId, m.RedemptionId, m.Quantity, ct);
        }
        else if (Domain.Redemptions.Fulfilment.IsFinal(order.GetString("Status") ?? ""))
        {
            await fulfilment.FollowAsync(order, ct);
        }
        else
        {
            await fulfilment.ActAsync(m.PartnerId, m.RedemptionId, "cancel", null, "cancelled by the worker", ct);
        }
    }

    /// <summary>
    /// Marks a pending redemption, and deletes the outbox row of its message in the same transaction. The first
    /// try uses the read the step began with; if the redemption or the row changed since (a cancel, a sweep), each
    /// retry reads afresh and decides again. One that moved on meanwhile is left as it is.
    /// </summary>
    private async Task<bool> SetStatusAsync(RedemptionMessage m, string status, PartitionRead first, CancellationToken ct)
    {
        try
        {
            return await TrySetStatusAsync(m, status, first, ct);
        }
        catch (RequestFailedException e) when (ConcurrencyRetry.IsConflict(e) || e.Status == 404)
        {
            return await ConcurrencyRetry.Pipeline.ExecuteAsync(
                async token => await TrySetStatusAsync(m, status, await accounts.ReadAsync(m.WorkerId, [RowKeys.Redemption(m.RedemptionId), Outbox.RedemptionRow(m.RedemptionId)], token), token),
                ct);
        }
    }

    private async Task<bool> TrySetStatusAsync(RedemptionMessage m, string status, PartitionRead read, CancellationToken ct)
    {
        var row = read.Row(RowKeys.Redemption(m.RedemptionId));
        if (row?.GetString("Status") != RedemptionStatus.Pending)
        {
            return row?.GetString("Status") == status;
        }

        await accounts.CommitAsync(
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity(m.WorkerId, row.RowKey) { ["Status"] = status }, row.ETag),
            .. OutboxDone(read, m),
        ], ct);
        return true;
    }

    /// <summary>The delete of the redemption message's outbox row, when it is still there, for the transaction that settles the redemption.</summary>
    private static IEnumerable<TableTransactionAction> OutboxDone(PartitionRead read, RedemptionMessage m) =>
        read.Row(Outbox.RedemptionRow(m.RedemptionId)) is { } row ? [new(TableTransactionActionType.Delete, row, row.ETag)] : [];

    /// <summary>Out of stock: the hold goes back to the balance, the limit count goes down, the redemption is refused; once.</summary>
    private async Task<Domain.Decision<ReleaseOutcome>> RefuseAsync(RedemptionMessage m, CancellationToken ct)
    {
        var key = RowKeys.Redemption(m.RedemptionId);
        var limitKey = RowKeys.Limit(m.RewardId);
        return await writer.WriteAsync(
            new LedgerCommand(m.WorkerId, null, $"release:{m.RedemptionId}", "out-of-stock", [key, limitKey, Outbox.RedemptionRow(m.RedemptionId)]),
            read =>
            {
                if (read.Rows.Row(key) is not { } row || row.GetString("Status") != RedemptionStatus.Pending)
                {
                    return LedgerChange.None;
                }

                var limit = read.Rows.Row(limitKey);
                return new LedgerChange(
                    Domain.Redemptions.RedemptionRules.Release(m.RedemptionId, m.Title, m.Points, "库存不足"),
                    [],
                    [
                        new(TableTransactionActionType.UpdateMerge, new TableEntity(m.WorkerId, key) { ["Status"] = RedemptionStatus.Refused, ["Reason"] = Domain.Redemptions.RedemptionCodes.OutOfStock }, row.ETag),
                        RedemptionUseCase.LimitRow(m.WorkerId, limit, m.RewardId, Math.Max(0, (limit?.GetInt32("Count") ?? 0) - m.Quantity)),
                        .. OutboxDone(read.Rows, m),
                    ]);
            },
            (line, next, _) => new ReleaseOutcome(line?.TxId, next.Balance),
            ct);
    }
}

internal sealed record ReleaseOutcome(string? TxId, long Balance);
