using Azure;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Accounts;
using Rewards.Functions.Catalog;
using Rewards.Functions.Storage;
using Rewards.Domain.Ledger;
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
        var read = await accounts.ReadAsync(m.WorkerId, Query(m), ct);
        var redemption = read.Redemption(m.RedemptionId);
        if (redemption?.Status != RedemptionStatus.Pending)
        {
            if (redemption?.Status == RedemptionStatus.Cancelled)
            {
                await UndoOvertakenAsync(m, ct);
            }

            // Its message is here: the row has done its work (a cancel overtook the reservation, or a sweep sent it again).
            await DropOutboxRowAsync(m, read, ct);

            log.LogInformation("Redemption {RedemptionId} is {Status}: nothing to do", m.RedemptionId, redemption?.Status.Name() ?? "missing");
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
                await DropOutboxRowAsync(m, null, ct);
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
            await DropOutboxRowAsync(m, null, ct);
        }

        log.LogInformation("Redemption {RedemptionId} refused: out of stock", m.RedemptionId);
    }

    /// <summary>The rows the step reads: the redemption, its limit counter and its message's outbox row.</summary>
    private static SnapshotQuery Query(RedemptionMessage m) =>
        new() { Redemptions = [m.RedemptionId], Limits = [m.RewardId], Outbox = [OutboxKey(m.RedemptionId)] };

    private static string OutboxKey(string redemptionId) => $"redeem-{redemptionId}";

    /// <summary>Deletes the message's outbox row, if <paramref name="read"/> (or a fresh read) still finds it, whatever its version.</summary>
    private async Task DropOutboxRowAsync(RedemptionMessage m, WorkerSnapshot? read, CancellationToken ct)
    {
        read ??= await accounts.ReadAsync(m.WorkerId, new SnapshotQuery { Outbox = [OutboxKey(m.RedemptionId)] }, ct);
        if (read.Outbox(OutboxKey(m.RedemptionId)) is { } row)
        {
            try
            {
                await writer.CommitAsync(read, new LedgerChange { Deletes = [row with { Version = null }] }, ct);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Gone already: someone else was done with it first.
            }
        }
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
    /// retry reads afresh and decides again. One that moved on meanwhile is left as it is; true when it is (now) <paramref name="status"/>.
    /// </summary>
    private async Task<bool> SetStatusAsync(RedemptionMessage m, RedemptionStatus status, WorkerSnapshot first, CancellationToken ct)
    {
        try
        {
            return await TrySetStatusAsync(m, status, first, ct);
        }
        catch (RequestFailedException e) when (ConcurrencyRetry.IsConflict(e) || e.Status == 404)
        {
            return await ConcurrencyRetry.Pipeline.ExecuteAsync(
                async token => await TrySetStatusAsync(m, status, await accounts.ReadAsync(m.WorkerId, Query(m), token), token),
                ct);
        }
    }

    private async Task<bool> TrySetStatusAsync(RedemptionMessage m, RedemptionStatus status, WorkerSnapshot read, CancellationToken ct)
    {
        var change = Domain.Redemptions.RedemptionRules.Mark(read, m.RedemptionId, status, OutboxKey(m.RedemptionId));
        if (change.IsEmpty)
        {
            return read.Redemption(m.RedemptionId)?.Status == status;
        }

        await writer.CommitAsync(read, change, ct);
        return true;
    }

    /// <summary>Out of stock: the hold goes back to the balance, the limit count goes down, the redemption is refused; once.</summary>
    private Task<Domain.Decision<ReleaseOutcome>> RefuseAsync(RedemptionMessage m, CancellationToken ct) =>
        writer.WriteAsync(
            new LedgerCommand(m.WorkerId, null, $"release:{m.RedemptionId}", "out-of-stock", Query(m)),
            read => Domain.Redemptions.RedemptionRules.Refuse(read.Snapshot, m.RedemptionId, m.RewardId, OutboxKey(m.RedemptionId))
                .As(posted => new ReleaseOutcome(posted.Line?.TxId, posted.Account.Balance)),
            ct);
}

internal sealed record ReleaseOutcome(string? TxId, long Balance);
