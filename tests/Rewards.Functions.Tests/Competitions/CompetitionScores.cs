using Rewards.Functions.Competitions;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Competitions;

/// <summary>For tests outside this assembly (the console's browser tests): waits until a round holds its members' scores.</summary>
public static class CompetitionScores
{
    public static Task RecordedAsync(TestApp app, string competitionId, string roundId, int count) =>
        TestApp.EventuallyAsync(
            async () => (await app.Service<CompetitionsTable>().BestsAsync(competitionId, roundId, CancellationToken.None)).Count == count,
            $"{count} scores in {competitionId}/{roundId}");
}
