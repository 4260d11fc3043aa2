using Rewards.Domain;
using Rewards.Domain.Progress;
using Rewards.Functions.Http;
using Rewards.Functions.Rules;
using Rewards.Functions.Units;

namespace Rewards.Functions.Leaderboards;

internal sealed record BoardItem(int Rank, string Id, string DisplayName, long Points, string? UnitId, string? UnitName, int? Active, int? Members);

internal sealed record BoardResponse(string Board, string Period, string By, IReadOnlyList<BoardItem> Items);

/// <summary>Top-N reads: the period resolved from the program's local clock, then one query, whatever the number of workers.</summary>
internal sealed class LeaderboardQueries(LeaderboardsTable boards, RulesStore rules, UnitsTable units, TimeProvider clock)
{
    public const string Anonymous = "匿名";

    public async Task<Decision<BoardResponse>> TopAsync(string board, string period, string? campaignId, string by, int limit, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var local = snapshot.LocalNow(clock.GetUtcNow());
        var key = period switch
        {
            "week" => Periods.Week(local),
            "month" => Periods.Month(local),
            "all" => Periods.All,
            "campaign" when snapshot.Campaigns.Any(c => c.Id == campaignId) => Periods.Campaign(campaignId!),
            "campaign" => null,
            _ => null,
        };
        var prefix = (board, by) switch
        {
            ("individual", "points") => "i",
            ("units", "points") => "u",
            ("units", "participation") => "r",
            _ => null,
        };
        if (key is null || prefix is null)
        {
            return new Refusal(ProblemCodes.ValidationFailed, "Use board individual or units, period week, month, all or campaign (with campaignId), and by points (or participation, for units).");
        }

        var rows = await boards.TopAsync($"{prefix}|{key}|", limit, ct);
        var names = await units.NamesAsync(ct);
        var items = new List<BoardItem>();
        for (var i = 0; i < rows.Count; i++)
        {
            // Competition ranking: equal scores share a rank, and the next rank skips ("1, 2, 2, 4").
            var rank = i > 0 && rows[i].Points == rows[i - 1].Points ? items[i - 1].Rank : i + 1;
            var r = rows[i];
            var displayName = r.Anonymous ? Anonymous : board == "units" ? names.GetValueOrDefault(r.Id, r.DisplayName) : r.DisplayName;
            var unitId = r.Anonymous ? null : r.UnitId;
            items.Add(new BoardItem(rank, r.Anonymous ? "" : r.Id, displayName, r.Points, unitId, unitId is null ? null : names.GetValueOrDefault(unitId, unitId), r.Active, r.Members));
        }

        return new BoardResponse(board, key, by, items);
    }
}
