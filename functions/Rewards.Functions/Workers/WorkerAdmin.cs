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
internal sealed class WorkerAdmin(AccountsTable accounts, WorkersTable directory, LeaderboardsTable boards, WorkerTokens tokens)
{
    private static readonly string[] CsvColumns = ["ID", "DISPLAYNAME", "UNITID"];

    public async Task<(bool Created, WorkerSummary Worker)> SaveAsync(WorkerRequest request, CancellationToken ct)
    {
        var (created, previousUnit, account) = await accounts.UpsertAccountAsync(request.Id!, request.DisplayName!, request.UnitId!, ct);
        await directory.UpsertAsync(request.UnitId!, request.Id!, request.DisplayName!, ct);
        if (created)
        {
            await boards.AddMembersAsync(request.UnitId!, 1, ct);
        }
        else if (previousUnit is not null && previousUnit != request.UnitId)
        {
            await directory.DeleteAsync(previousUnit, request.Id!, ct);
            await boards.AddMembersAsync(previousUnit, -1, ct);
            await boards.AddMembersAsync(request.UnitId!, 1, ct);
        }

        var state = AccountRow.State(account);
        return (created, new WorkerSummary(request.Id!, request.DisplayName!, request.UnitId!, state.Balance, state.LifetimeEarned));
    }

    /// <summary>Imports "id,displayName,unitId" rows. Each bad line is reported by number and skipped; the good ones are saved.</summary>
    public async Task<Decision<ImportResult>> ImportCsvAsync(string csv, CancellationToken ct)
    {
        using var reader = new CsvReader(new StringReader(csv), new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.Trim().ToUpperInvariant(), TrimOptions = TrimOptions.Trim });
        if (!await reader.ReadAsync() || !reader.ReadHeader() || CsvColumns.Except(reader.HeaderRecord!.Select(h => h.Trim().ToUpperInvariant())).Any())
        {
            return new Refusal(ProblemCodes.ValidationFailed, "The CSV needs a header line with id,displayName,unitId.");
        }

        var rows = new List<(int Line, WorkerRequest Request)>();
        var errors = new List<ImportError>();
        while (await reader.ReadAsync())
        {
            var line = reader.Parser.RawRow;
            var request = new WorkerRequest { Id = reader.GetField("ID"), DisplayName = reader.GetField("DISPLAYNAME"), UnitId = reader.GetField("UNITID") };
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(request, new ValidationContext(request), results, true))
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
        await Parallel.ForEachAsync(latest, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (request, token) =>
        {
            if ((await SaveAsync(request, token)).Created)
            {
                Interlocked.Increment(ref created);
            }
        });
        return new ImportResult(created, latest.Count - created, errors);
    }

    public async Task<Decision<LinkResponse>> IssueLinkAsync(string workerId, bool revokePrevious, string baseUrl, CancellationToken ct)
    {
        if (await accounts.AccountAsync(workerId, ct) is not { } account)
        {
            return new Refusal(ProblemCodes.WorkerNotFound, $"There is no worker '{workerId}'.");
        }

        var version = revokePrevious ? await accounts.RevokeLinksAsync(account, ct) : AccountRow.TokenVersion(account);
        var (token, expiresAt) = tokens.Issue(workerId, version);
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
