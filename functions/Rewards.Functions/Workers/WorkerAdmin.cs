using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Rewards.Domain;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Leaderboards;

namespace Rewards.Functions.Workers;

/// <summary>Creating workers (one by one or from CSV) and issuing their personal links.</summary>
internal sealed class WorkerAdmin(AccountsTable accounts, WorkersTable directory, LeaderboardsTable boards, WorkerTokens tokens, TimeProvider clock)
{
    private static readonly string[] CsvColumns = ["ID", "DISPLAYNAME", "UNITID"];

    public async Task<(bool Created, WorkerSummary Worker)> SaveAsync(WorkerRequest request, CancellationToken ct)
    {
        var (created, moves, worker) = await SaveRowAsync(request, ct);
        foreach (var (unit, delta) in moves)
        {
            await boards.AddMembersAsync(unit, delta, ct);
        }

        return (created, worker);
    }

    /// <summary>Saves the account and the directory row; returns the unit member counts to change (applied once per unit by an import).</summary>
    private async Task<(bool Created, (string Unit, int Delta)[] Moves, WorkerSummary Worker)> SaveRowAsync(WorkerRequest request, CancellationToken ct)
    {
        var (created, previousUnit, account) = await accounts.UpsertAccountAsync(request.Id!, request.DisplayName!, request.UnitId!, ct);
        await directory.UpsertAsync(request.UnitId!, request.Id!, request.DisplayName!, ct);
        (string, int)[] moves = [];
        if (created)
        {
            moves = [(request.UnitId!, 1)];
        }
        else if (previousUnit is not null && previousUnit != request.UnitId)
        {
            await directory.DeleteAsync(previousUnit, request.Id!, ct);
            moves = [(previousUnit, -1), (request.UnitId!, 1)];
        }

        var state = AccountRow.State(account);
        return (created, moves, new WorkerSummary(request.Id!, request.DisplayName!, request.UnitId!, state.Balance, state.LifetimeEarned));
    }

    /// <summary>
    /// Imports "id,displayName,unitId" rows. Each bad line (missing or invalid fields, broken quoting) is reported
    /// by number and skipped; the good ones are saved. Hostile input never escapes as an exception.
    /// </summary>
    public async Task<Decision<ImportResult>> ImportCsvAsync(string csv, CancellationToken ct)
    {
        var broken = new Dictionary<int, string>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToUpperInvariant(),
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            BadDataFound = a => broken.TryAdd(a.Context.Parser!.RawRow, "broken quoting"),
        };
        using var reader = new CsvReader(new StringReader(csv), configuration);
        if (!await reader.ReadAsync() || !reader.ReadHeader() || CsvColumns.Except(reader.HeaderRecord!.Select(h => h.Trim().ToUpperInvariant())).Any())
        {
            return new Refusal(ProblemCodes.ValidationFailed, "The CSV needs a header line with id,displayName,unitId.");
        }

        var rows = new List<(int Line, WorkerRequest Request)>();
        var errors = new List<ImportError>();
        var lastLine = csv.TrimEnd('\r', '\n').Count(c => c == '\n') + 1; // an unclosed quote runs the parser's count past the end
        while (await reader.ReadAsync())
        {
            // A record can span lines (a quoted line break, an unclosed quote): it is reported by the line it starts on.
            var end = reader.Parser.RawRow;
            var line = Math.Min(lastLine, end - reader.Parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n'));
            var request = new WorkerRequest { Id = reader.GetField("ID"), DisplayName = reader.GetField("DISPLAYNAME"), UnitId = reader.GetField("UNITID") };
            var results = new List<ValidationResult>();
            if (broken.Remove(end, out var why))
            {
                errors.Add(new ImportError(line, why));
            }
            else if (Validator.TryValidateObject(request, new ValidationContext(request), results, true))
            {
                rows.Add((line, request));
            }
            else
            {
                errors.Add(new ImportError(line, string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)} {r.ErrorMessage}"))));
            }
        }

        // The last line for an id wins, as if the rows had been sent one after another.
        var latest = rows.GroupBy(r => r.Request.Id).Select(g => g.Last().Request).ToList();
        var created = 0;
        var members = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(latest, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (request, token) =>
        {
            var (isNew, moves, _) = await SaveRowAsync(request, token);
            if (isNew)
            {
                Interlocked.Increment(ref created);
            }

            foreach (var (unit, delta) in moves)
            {
                members.AddOrUpdate(unit, delta, (_, n) => n + delta);
            }
        });

        // One change per unit instead of one per worker: every row would otherwise contend for the unit's count.
        foreach (var (unit, delta) in members.Where(m => m.Value != 0))
        {
            await boards.AddMembersAsync(unit, delta, ct);
        }

        return new ImportResult(created, latest.Count - created, [.. errors.OrderBy(e => e.Line)]);
    }

    public async Task<Decision<LinkResponse>> IssueLinkAsync(string workerId, bool revokePrevious, string baseUrl, CancellationToken ct)
    {
        if (await accounts.AccountAsync(workerId, ct) is not { } account)
        {
            return new Refusal(ProblemCodes.WorkerNotFound, $"There is no worker '{workerId}'.");
        }

        var version = revokePrevious ? await accounts.RevokeLinksAsync(account, ct) : AccountRow.TokenVersion(account);
        var (token, expiresAt) = tokens.Issue(workerId, version);
        await directory.MarkLinkedAsync(AccountRow.UnitId(account), workerId, clock.GetUtcNow(), ct);
        return new LinkResponse(workerId, $"{baseUrl.TrimEnd('/')}/w/{token}", token, expiresAt, version);
    }

    public async Task<Decision<WorkerSummary>> GetAsync(string workerId, CancellationToken ct)
    {
        if (await accounts.AccountAsync(workerId, ct) is not { } account)
        {
            return new Refusal(ProblemCodes.WorkerNotFound, $"There is no worker '{workerId}'.");
        }

        var state = AccountRow.State(account);
        return new WorkerSummary(workerId, AccountRow.DisplayName(account), AccountRow.UnitId(account), state.Balance, state.LifetimeEarned);
    }
}
