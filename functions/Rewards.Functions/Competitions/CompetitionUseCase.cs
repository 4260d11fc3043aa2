using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rewards.Domain;
using Rewards.Domain.Competitions;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Competitions;

internal sealed record PrizeOutcome(string TxId, long Amount);

/// <summary>One finalist's prize, queued when the final closes and paid by the competition-payouts trigger.</summary>
internal sealed record PayoutMessage(string CompetitionId, string Title, string WorkerId, string Placing, int Points);

/// <summary>
/// Closing rounds: team standings from the members' best attempts, the top teams go on, and the final's
/// placings pay points to the members who took part, once each (idempotent per competition and worker). The
/// payouts are queued before the round is saved as closed, so a crash or a busy account never loses one: the
/// queue retries a payout until it is committed, and closing again queues them again, harmlessly.
/// </summary>
internal sealed class CompetitionUseCase(
    CompetitionsTable competitions, LeaderboardsTable boards, LedgerWriter writer, RulesStore rules, QueueServiceClient queues, IOptions<StorageOptions> options, TimeProvider clock, ILogger<CompetitionUseCase> log)
{
    /// <summary>Which round of a competition an attempt of this quiz enters now, or why it may not.</summary>
    public async Task<Decision<Round>> EnterAsync(string competitionId, string quizId, string unitId, CancellationToken ct)
    {
        if (await competitions.FindAsync(competitionId, ct) is not { } stored)
        {
            return new Refusal(ProblemCodes.CompetitionNotFound, $"There is no competition '{competitionId}'.");
        }

        var local = (await rules.GetAsync(ct)).LocalNow(clock.GetUtcNow());
        if (Domain.Competitions.CompetitionRules.OpenRound(stored.Definition, local) is not { } round || round.QuizId != quizId)
        {
            return new Refusal(CompetitionCodes.RoundNotOpen, $"No round of '{stored.Definition.Title}' with this quiz is open now.");
        }

        var index = stored.Definition.Rounds.ToList().IndexOf(round);
        var advanced = index > 0 ? stored.State.Advanced.GetValueOrDefault(stored.Definition.Rounds[index - 1].Id) : null;
        return Domain.Competitions.CompetitionRules.RefuseEntry(stored.Definition, round, unitId, advanced) is { } refusal ? refusal : round;
    }

    /// <summary>Closes every round whose window has passed, oldest first (the timer's work).</summary>
    public async Task<int> CloseDueAsync(CancellationToken ct)
    {
        var local = (await rules.GetAsync(ct)).LocalNow(clock.GetUtcNow());
        var closed = 0;
        foreach (var stored in await competitions.AllAsync(ct))
        {
            foreach (var round in stored.Definition.Rounds.Where(r => r.Closes <= local && !stored.State.IsClosed(r.Id)))
            {
                if (!(await CloseAsync(stored.Definition.Id, round.Id, ct)).IsRefused)
                {
                    closed++;
                }
            }
        }

        return closed;
    }

    public async Task<Decision<CompetitionState>> CloseAsync(string competitionId, string roundId, CancellationToken ct)
    {
        if (await competitions.FindAsync(competitionId, ct) is not { } stored || stored.Definition.Rounds.FirstOrDefault(r => r.Id == roundId) is not { } round)
        {
            return new Refusal(ProblemCodes.CompetitionNotFound, $"There is no round '{roundId}' of competition '{competitionId}'.");
        }

        var local = (await rules.GetAsync(ct)).LocalNow(clock.GetUtcNow());
        if (local < round.Closes)
        {
            return new Refusal(CompetitionCodes.RoundStillOpen, $"'{round.Title}' closes at {round.Closes:yyyy-MM-dd HH:mm} local time.");
        }

        if (stored.State.IsClosed(roundId))
        {
            return new Refusal(CompetitionCodes.RoundAlreadyClosed, $"'{round.Title}' is already closed.");
        }

        var bests = await competitions.BestsAsync(competitionId, roundId, ct);
        var standings = Domain.Competitions.CompetitionRules.Standings(bests, await boards.UnitSizesAsync(ct));
        var state = stored.State with
        {
            Standings = new(stored.State.Standings) { [roundId] = standings },
            Advanced = new(stored.State.Advanced) { [roundId] = Domain.Competitions.CompetitionRules.Advancing(round, standings) },
        };
        if (round == stored.Definition.Rounds[^1])
        {
            var placings = Domain.Competitions.CompetitionRules.Place(stored.Definition.Placings, standings);
            await QueuePayoutsAsync(stored.Definition, placings, bests, ct);
            state = state with { Placings = [.. placings.Select(p => new FinalPlacing(p.UnitId, p.Placing, p.Points))] };
        }

        // Queued before the state is saved: a crash in between closes the round again, and paying is idempotent.
        await competitions.SaveStateAsync(stored, state, ct);
        log.LogInformation("Closed round {RoundId} of {CompetitionId}: {Teams} teams", roundId, competitionId, standings.Count);
        return state;
    }

    private async Task QueuePayoutsAsync(Competition competition, IEnumerable<(string UnitId, string Placing, int Points)> placings, IReadOnlyList<MemberBest> bests, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(options.Value.Queue(StorageNames.CompetitionPayoutQueue));
        var payouts = placings.Where(p => p.Points > 0)
            .SelectMany(p => bests.Where(b => b.UnitId == p.UnitId).Select(b => b.WorkerId).Distinct().Select(w => new PayoutMessage(competition.Id, competition.Title, w, p.Placing, p.Points)));
        await Parallel.ForEachAsync(payouts, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (payout, token) =>
            await queue.SendMessageAsync(Json.Serialize(payout), token));
    }

    /// <summary>Pays one finalist once (idempotency key competition:{id}); a busy account throws, so the queue tries again.</summary>
    public async Task PayAsync(PayoutMessage payout, CancellationToken ct)
    {
        var name = payout.Placing switch { "champion" => "冠军", "runner-up" => "亚军", _ => "季军" };
        var prize = new Posting(payout.Points, LedgerKinds.Competition, $"{payout.Title}{name}队奖励", $"competition:{payout.CompetitionId}:{payout.Placing}");
        var paid = await writer.WriteAsync(
            new LedgerCommand(payout.WorkerId, null, $"competition:{payout.CompetitionId}", payout.Placing, SnapshotQuery.Nothing),
            _ => ((LedgerChange)prize).As(posted => new PrizeOutcome(posted.Line!.TxId, posted.Line.Amount)),
            ct);
        if (paid.Refusal?.Code == ProblemCodes.Contention)
        {
            throw new InvalidOperationException($"The account of {payout.WorkerId} stayed busy; the payout of {payout.CompetitionId} is retried.");
        }

        if (paid.IsRefused)
        {
            log.LogWarning("Payout of {CompetitionId} to {WorkerId} refused: {Code}", payout.CompetitionId, payout.WorkerId, paid.Refusal!.Code);
            return;
        }

        log.LogInformation("Paid {Points} to {WorkerId} for {Placing} in {CompetitionId}", payout.Points, payout.WorkerId, payout.Placing, payout.CompetitionId);
    }
}
