using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Accounts;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Leaderboards;

/// <summary>
/// Keeps progress (badges, streaks) and the leaderboards current from ledger-events. The event is only a nudge: the
/// projector reads the worker's ledger lines it has not applied yet (so duplicates, late and out-of-order deliveries
/// all come out right) and applies them under two watermarks, each written atomically with what it guards: the board
/// watermark inside the boards' transaction, the progress sequence inside the progress row.
/// <para>
/// Events are coalesced (issue 13). Every event this instance is handling joins one queue of work; a single pump takes
/// all of it as a round (<see cref="ProjectionRound"/>): each worker's ledger read once, up to a window past its newest
/// event (so the events still queued behind it are applied too), then one board transaction per unit for all its
/// members and one progress write per worker. An event returns when its line is applied, so a message is only ever
/// deleted once its work is committed. Workers applied through a sequence are remembered, and an event at or below
/// it costs no storage call.
/// </para>
/// </summary>
internal sealed class Projector(AccountsTable accounts, LeaderboardsTable boards, RulesStore rules, BoardInterleavings interleavings, ILogger<Projector> log)
{
    /// <summary>The name under which <see cref="StorageCallCounter"/> counts the projector's calls.</summary>
    public const string Area = "projector";

    /// <summary>A round's size: more workers wait for the next round, so one round never takes long.</summary>
    private const int MostWorkersPerRound = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly AppliedThrough _applied = new();
    private readonly ProjectionRound _round = new(accounts, boards, rules, interleavings, log);
    private Task? _pump;
    private long _tickets;

    /// <summary>
    /// Returns once every line of the worker's ledger up to the event's is applied (or found not to exist), with the
    /// sequence through which the worker is known to be applied: past the event's when later lines exist.
    /// </summary>
    public Task<long> ApplyAsync(LedgerEvent e, CancellationToken ct)
    {
        if (_applied.Through(e.WorkerId) is { } known && e.Sequence <= known)
        {
            return Task.FromResult(known);
        }

        var waiter = new Waiter(e.Sequence);
        lock (_gate)
        {
            if (!_pending.TryGetValue(e.WorkerId, out var pending))
            {
                _pending[e.WorkerId] = pending = new Pending(++_tickets, _applied.Through(e.WorkerId));
            }

            pending.Waiters.Add(waiter);
            if (_pump is null)
            {
                // The pump serves every caller: it must carry none's context (a logging scope, a counting area).
                using (ExecutionContext.SuppressFlow())
                {
                    _pump = Task.Run(PumpAsync, CancellationToken.None);
                }
            }
        }

        return waiter.Done.Task.WaitAsync(ct);
    }

    private async Task PumpAsync()
    {
        using var area = StorageCallCounter.Area(Area);
        while (true)
        {
            List<Want> wants;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _pump = null;
                    return;
                }

                // The longest waiting first, so a worker deferred by a full transaction is never passed over for long.
                wants = [.. _pending.OrderBy(p => p.Value.Ticket).Take(MostWorkersPerRound).Select(p => new Want(p.Key, p.Value.Waiters.Max(w => w.Sequence), p.Value.Low))];
            }

            int conflicts;
            try
            {
                conflicts = Settle(wants, await _round.RunAsync(wants, CancellationToken.None));
            }
            catch (Exception e)
            {
                // A round answers for every worker itself, so this is a bug; it must not leave anyone waiting.
                log.LogError(e, "A projection round failed as a whole");
                conflicts = Settle(wants, [.. wants.Select(w => Step.Failed(w.WorkerId, e))]);
            }

            if (conflicts > 0)
            {
                // Another instance (or a preference change) wrote the same rows: spread out before deciding again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 10 + (25 * Math.Min(conflicts, 10)))));
            }
        }
    }

    /// <summary>Answers the waiters a round's steps settle; returns the highest conflict count among workers to try again.</summary>
    private int Settle(IReadOnlyList<Want> wants, IReadOnlyList<Step> steps)
    {
        var targets = wants.ToDictionary(w => w.WorkerId, w => w.Target, StringComparer.Ordinal);
        var conflicts = 0;
        lock (_gate)
        {
            foreach (var step in steps)
            {
                if (!_pending.TryGetValue(step.WorkerId, out var pending))
                {
                    continue;
                }

                switch (step.Kind)
                {
                    case StepKind.Advanced:
                        _applied.Record(step.WorkerId, step.Through);
                        (pending.Low, pending.Conflicts) = (step.Through, 0);

                        // Exhausted: no line past Through existed when the round read, after every event it answers for was committed.
                        pending.Complete(step.Exhausted ? Math.Max(step.Through, targets[step.WorkerId]) : step.Through, step.Through);
                        break;
                    case StepKind.ReadLower:
                        pending.Low = step.Through;
                        break;
                    case StepKind.Gone:
                        pending.Complete(targets[step.WorkerId], 0);
                        break;
                    case StepKind.Conflict when ++pending.Conflicts <= ConcurrencyRetry.ConflictRetries:
                        conflicts = Math.Max(conflicts, pending.Conflicts);
                        break;
                    case StepKind.Conflict or StepKind.Failed:
                        pending.Fail(step.Error!);
                        break;
                }

                if (pending.Waiters.Count == 0)
                {
                    _pending.Remove(step.WorkerId);
                }
            }
        }

        return conflicts;
    }

    private sealed record Waiter(long Sequence)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A worker's events waiting to be applied; touched only under the gate.</summary>
    private sealed class Pending(long ticket, long? low)
    {
        /// <summary>When the worker began to wait: rounds take the longest waiting first.</summary>
        public long Ticket { get; } = ticket;

        public List<Waiter> Waiters { get; } = [];

        /// <summary>Where the next read starts: the sequence known to be applied, if known.</summary>
        public long? Low { get; set; } = low;

        public int Conflicts { get; set; }

        /// <summary>Answers the waiters at or below <paramref name="upTo"/>: the worker is applied through <paramref name="applied"/>.</summary>
        public void Complete(long upTo, long applied)
        {
            foreach (var waiter in Waiters.Where(w => w.Sequence <= upTo))
            {
                waiter.Done.TrySetResult(applied);
            }

            Waiters.RemoveAll(w => w.Sequence <= upTo);
        }

        public void Fail(Exception error)
        {
            foreach (var waiter in Waiters)
            {
                waiter.Done.TrySetException(error);
            }

            Waiters.Clear();
        }
    }

    /// <summary>
    /// The sequence through which each worker is known to be applied (both watermarks). Watermarks only move forward,
    /// so what this says stays true; forgetting it (past the size kept) costs only a read.
    /// </summary>
    private sealed class AppliedThrough
    {
        private const int MostWorkers = 100_000;
        private readonly ConcurrentDictionary<string, long> _through = new(StringComparer.Ordinal);

        public long? Through(string workerId) => _through.TryGetValue(workerId, out var through) ? through : null;

        public void Record(string workerId, long through)
        {
            if (_through.Count >= MostWorkers)
            {
                _through.Clear();
            }

            _through.AddOrUpdate(workerId, through, (_, known) => Math.Max(known, through));
        }
    }
}
