using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Units;

namespace Rewards.Functions.Workers;

internal sealed class WorkerImportOptions
{
    public const string Section = "Rewards:WorkerImport";

    /// <summary>
    /// How long one request may spend saving rows before it stops and says where to resume. Well inside the
    /// 230 seconds an HTTP-triggered function has in Azure, so a large file is never cut off mid-batch.
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Rows saved between two looks at the clock; the unit member counts are brought up to date after each batch.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>Where an import stands after one request. Lines are numbered in the file as sent (the header is line 1).</summary>
internal sealed record ImportResult(int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, int Lines, int DoneThrough, bool Complete, int? ResumeFrom);

/// <summary>
/// Imports workers from CSV. Every line is imported or reported (line number and message); an import that runs
/// out of its time budget stops between batches, with every finished batch's member counts applied, and says
/// which line to resume from. Resending the file (or the rest of it) finishes the job: a row whose worker already
/// has that name and unit changes nothing.
/// </summary>
internal sealed class WorkerImport(WorkerAdmin workers, UnitsTable units, LeaderboardsTable boards, IOptions<WorkerImportOptions> options, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(string text, int from, int limit, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + options.Value.TimeBudget;
        var file = WorkerCsv.Parse(text);
        if (file.HeaderError is not null)
        {
            return new(0, 0, 0, [new ImportError(1, file.HeaderError)], file.LineCount, file.LineCount, true, null);
        }

        var known = (await units.AllAsync(ct)).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        known.UnionWith((await boards.UnitSizesAsync(ct)).Keys);
        var pending = file.Lines.Where(l => l.Line >= from).ToList();
        var errors = new List<ImportError>();
        var (created, updated, unchanged, done, taken) = (0, 0, 0, Math.Max(1, from - 1), 0);
        while (taken < pending.Count && taken < limit && (taken == 0 || clock.GetUtcNow() < deadline))
        {
            var batch = pending.Skip(taken).Take(Math.Min(options.Value.BatchSize, limit - taken)).ToList();
            var outcomes = await SaveBatchAsync(batch, known, errors, ct);
            created += outcomes.Count(o => o == SaveOutcome.Created);
            updated += outcomes.Count(o => o == SaveOutcome.Updated);
            unchanged += outcomes.Count(o => o == SaveOutcome.Unchanged);
            taken += batch.Count;
            done = batch[^1].Line;
        }

        var complete = taken == pending.Count;
        var doneThrough = complete ? Math.Max(done, file.LineCount) : done;
        return new(created, updated, unchanged, [.. errors.OrderBy(e => e.Line)], file.LineCount, doneThrough, complete, complete ? null : done + 1);
    }

    /// <summary>Saves a batch's good rows in parallel, then changes each unit's member count once (per batch, so a stop leaves them right).</summary>
    private async Task<List<SaveOutcome>> SaveBatchAsync(List<CsvLine> batch, HashSet<string> known, List<ImportError> errors, CancellationToken ct)
    {
        var good = new List<WorkerRequest>();
        foreach (var line in batch)
        {
            if (line.Request is null)
            {
                errors.Add(new ImportError(line.Line, line.Error!));
            }
            else if (!known.Contains(line.Request.UnitId!))
            {
                errors.Add(new ImportError(line.Line, $"Unknown unit '{line.Request.UnitId}': create it on the Units page first."));
            }
            else
            {
                good.Add(line.Request);
            }
        }

        var outcomes = new ConcurrentBag<SaveOutcome>();
        var members = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        ct.ThrowIfCancellationRequested();

        // A batch once begun is finished (no token inside): a cancelled request stops between batches, counts applied.
        await Parallel.ForEachAsync(good, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, _) =>
        {
            var (outcome, moves, _) = await workers.SaveRowAsync(request, CancellationToken.None);
            outcomes.Add(outcome);
            foreach (var (unit, delta) in moves)
            {
                members.AddOrUpdate(unit, delta, (_, n) => n + delta);
            }
        });

        // One change per unit instead of one per worker: every row would otherwise contend for the unit's count.
        foreach (var (unit, delta) in members.Where(m => m.Value != 0))
        {
            await boards.AddMembersAsync(unit, delta, CancellationToken.None);
        }

        return [.. outcomes];
    }
}
