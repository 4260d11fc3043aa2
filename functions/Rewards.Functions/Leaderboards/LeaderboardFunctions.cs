using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Leaderboards;

internal sealed class PreferencesRequest
{
    public bool? AnonymousOnBoards { get; set; }
}

internal sealed record PreferencesResponse(bool AnonymousOnBoards);

internal sealed class LeaderboardFunctions(Gate gate, LeaderboardQueries queries, AccountsTable accounts, Workers.WorkerAccounts workerAccounts, LeaderboardsTable boards)
{
    /// <summary>GET /api/leaderboards/{individual|units}?period=week|month|all|campaign&amp;campaignId=&amp;by=points|participation&amp;limit=</summary>
    [Function("GetLeaderboard")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leaderboards/{board}")] HttpRequest req, string board, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var page = Query.Page(req, 10, 100);
        if ((denied ?? page.Problem) is { } problem)
        {
            return problem;
        }

        // A revoked link reads no board either: the version is checked against the account, as everywhere else.
        if ((await accounts.ReadAsync(worker!.WorkerId, Domain.Ledger.SnapshotQuery.Nothing, ct)).Refusal(worker) is { } revoked)
        {
            return ApiResults.Problem(revoked);
        }

        return (await queries.TopAsync(board, req.Query["period"].FirstOrDefault() ?? "week", req.Query["campaignId"].FirstOrDefault(), req.Query["by"].FirstOrDefault() ?? "points", page.Value.Limit, ct)).ToResult(200);
    }

    /// <summary>A worker can choose to appear as "匿名" on boards.</summary>
    [Function("PutMyPreferences")]
    public async Task<IActionResult> Preferences([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/me/preferences")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var body = await RequestBody.ReadJsonAsync<PreferencesRequest>(req, ct);
        if ((denied ?? body.Problem) is { } problem)
        {
            return problem;
        }

        if ((await accounts.ReadAsync(worker!.WorkerId, Domain.Ledger.SnapshotQuery.Nothing, ct)).Refusal(worker) is { } refused)
        {
            return ApiResults.Problem(refused);
        }

        var anonymous = body.Value!.AnonymousOnBoards ?? false;
        await workerAccounts.SetAnonymousAsync(worker.WorkerId, anonymous, ct);
        await boards.SetAnonymousAsync(worker.WorkerId, anonymous, ct);
        return ApiResults.Ok(new PreferencesResponse(anonymous));
    }
}
