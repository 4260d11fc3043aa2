using Rewards.Domain.Earning;
using Rewards.Domain.Progress;
using Rewards.Domain;
using Rewards.Domain.Ledger;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;
using Rewards.Functions.Units;

namespace Rewards.Functions.Accounts;

internal sealed record CapProgress(long Earned, int Cap);

internal sealed record TodayProgress(string Day, long Earned, int Cap, IReadOnlyDictionary<string, CapProgress> Actions);

internal sealed record NextLevel(string Name, long At);

internal sealed record BadgeView(string Code, string Name);

internal sealed record StreakView(int Current, int Best, int Learning);

internal sealed record ExpiringView(long Points, DateTimeOffset? At);

internal sealed record MeResponse(string Id, string DisplayName, string UnitId, string UnitName, long Balance, long Held, long LifetimeEarned, string Level, NextLevel? NextLevel, IReadOnlyList<BadgeView> Badges, StreakView Streak, bool AnonymousOnBoards, ExpiringView ExpiringWithin30Days, TodayProgress Today);

/// <summary>
/// A ledger line. <see cref="Held"/> is what it moved into (+) or out of (−) the points held for open redemptions, so the
/// balance moves by <c>amount − held</c>: a redemption's hold is amount 0, held +20 (the balance drops 20).
/// </summary>
internal sealed record LedgerItem(string Id, DateTimeOffset At, long Amount, string Kind, string Reason, long BalanceAfter, long Held);

internal sealed record LedgerPageResponse(IReadOnlyList<LedgerItem> Items, string? NextCursor);

/// <summary>What a worker sees of their own account: one query for the account and today's tally.</summary>
internal sealed class MeQueries(AccountsTable accounts, RulesStore rules, UnitsTable units, TimeProvider clock)
{
    public async Task<Decision<MeResponse>> MeAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { Day = today, Progress = true }, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var account = rows.Account!;
        var progress = rows.Rows.OfType<ProgressRow>().FirstOrDefault()?.State ?? ProgressState.Empty;
        var yesterday = today.AddDays(-1);
        var current = progress.LastDay == today || progress.LastDay == yesterday ? progress.Streak : 0;
        var learning = progress.LastLearningDay == today || progress.LastLearningDay == yesterday ? progress.LearningStreak : 0;
        var state = account.State;
        var tally = rows.Today;
        var (level, next) = Levels.For(state.LifetimeEarned, snapshot.Rules.LevelLadder());
        var actions = snapshot.Rules.Actions.ToDictionary(a => a.Key, a => new CapProgress(tally.For(a.Key), a.Value.DailyCap));
        return new MeResponse(
            worker.WorkerId,
            account.DisplayName,
            account.UnitId,
            await units.NameAsync(account.UnitId, ct),
            state.Balance,
            state.Held,
            state.LifetimeEarned,
            level.Name,
            next is null ? null : new NextLevel(next.Name, next.At),
            [.. progress.Badges.Select(b => new BadgeView(b, Badges.Chinese(b)))],
            new StreakView(current, progress.BestStreak, learning),
            account.Anonymous,
            rows.Rows.OfType<OutlookRow>().FirstOrDefault() is { SoonAt: { } soonAt } expiry && soonAt > clock.GetUtcNow()
                ? new ExpiringView(Math.Min(expiry.Soon, state.Balance), snapshot.Local(soonAt))
                : new ExpiringView(0, null),
            new TodayProgress(LocalDay.Key(today), tally.Total, snapshot.Rules.DailyCap, actions));
    }

    public async Task<Decision<LedgerPageResponse>> LedgerAsync(WorkerPrincipal worker, int limit, string? continuation, CancellationToken ct)
    {
        if ((await accounts.ReadAsync(worker.WorkerId, Domain.Ledger.SnapshotQuery.Nothing, ct)).Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await rules.GetAsync(ct);
        var page = await accounts.LedgerAsync(worker.WorkerId, limit, continuation, ct);
        return new LedgerPageResponse(
            [.. page.Lines.Select(l => new LedgerItem(l.TxId, snapshot.Local(l.At), l.Amount, l.Kind, l.Reason, l.BalanceAfter, l.HeldChange))],
            Cursor.Encode(page.Continuation));
    }
}
