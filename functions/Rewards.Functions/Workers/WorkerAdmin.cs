using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Leaderboards;

namespace Rewards.Functions.Workers;

internal enum SaveOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>Creating workers (one by one or from CSV) and issuing their personal links.</summary>
internal sealed class WorkerAdmin(AccountsTable accounts, WorkerAccounts workerAccounts, WorkersTable directory, LeaderboardsTable boards, WorkerTokens tokens, TimeProvider clock, ILogger<WorkerAdmin> log)
{
    public async Task<(bool Created, WorkerSummary Worker)> SaveAsync(WorkerRequest request, CancellationToken ct)
    {
        var (outcome, moves, worker) = await SaveRowAsync(request, ct);
        foreach (var (unit, delta) in moves)
        {
            await boards.AddMembersAsync(unit, delta, ct);
        }

        return (outcome == SaveOutcome.Created, worker);
    }

    /// <summary>
    /// Saves the account and the directory row; returns the unit member counts to change (an import applies them once
    /// per unit and batch). A worker who already has this name and unit is left alone: nothing is written. The
    /// directory row is written before the account, so an account that is up to date has its directory row.
    /// </summary>
    internal async Task<(SaveOutcome Outcome, (string Unit, int Delta)[] Moves, WorkerSummary Worker)> SaveRowAsync(WorkerRequest request, CancellationToken ct)
    {
        var read = (await accounts.ReadAsync(request.Id!, SnapshotQuery.Nothing, ct)).Account;
        if (read is not null && read.DisplayName == request.DisplayName && read.UnitId == request.UnitId)
        {
            return (SaveOutcome.Unchanged, [], Summary(request, read));
        }

        await directory.UpsertAsync(request.UnitId!, request.Id!, request.DisplayName!, ct);
        var (created, previousUnit, account) = await workerAccounts.UpsertAsync(request.Id!, request.DisplayName!, request.UnitId!, read, ct);
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

        return (created ? SaveOutcome.Created : SaveOutcome.Updated, moves, Summary(request, account));
    }

    private static WorkerSummary Summary(WorkerRequest request, WorkerAccount account) =>
        new(request.Id!, request.DisplayName!, request.UnitId!, account.State.Balance, account.State.LifetimeEarned);

    public async Task<Decision<LinkResponse>> IssueLinkAsync(string workerId, bool revokePrevious, string baseUrl, CancellationToken ct)
    {
        if ((await accounts.ReadAsync(workerId, SnapshotQuery.Nothing, ct)).Account is not { } account)
        {
            return NoWorker(workerId);
        }

        var version = account.TokenVersion;
        if (revokePrevious)
        {
            if (await workerAccounts.RevokeLinksAsync(workerId, ct) is not { } raised)
            {
                return NoWorker(workerId);
            }

            version = raised;
        }

        var (token, expiresAt) = tokens.Issue(workerId, version);
        try
        {
            await directory.MarkLinkedAsync(account.UnitId, workerId, clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The revocation (if any) is committed and the link is signed: the admin must get it. The directory's
            // "linked at" only feeds the workers list, and the next link issued sets it.
            log.LogWarning(e, "Link of {WorkerId} issued, its date not recorded in the directory", workerId);
        }
        return new LinkResponse(workerId, WorkerTokens.Link(baseUrl, token), token, expiresAt, version);
    }

    public async Task<Decision<WorkerSummary>> GetAsync(string workerId, CancellationToken ct)
    {
        if ((await accounts.ReadAsync(workerId, SnapshotQuery.Nothing, ct)).Account is not { } account)
        {
            return NoWorker(workerId);
        }

        return new WorkerSummary(workerId, account.DisplayName, account.UnitId, account.State.Balance, account.State.LifetimeEarned);
    }

    private static Refusal NoWorker(string workerId) => new(ProblemCodes.WorkerNotFound, $"There is no worker '{workerId}'.");
}
