using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Competitions;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Competitions;

/// <summary>What has been decided of a competition: each closed round's standings and the teams that went on, and the final placings.</summary>
internal sealed record CompetitionState(Dictionary<string, IReadOnlyList<TeamResult>> Standings, Dictionary<string, IReadOnlyList<string>> Advanced, IReadOnlyList<FinalPlacing> Placings)
{
    public static CompetitionState Empty => new([], [], []);

    public bool IsClosed(string roundId) => Standings.ContainsKey(roundId);
}

internal sealed record FinalPlacing(string UnitId, string Placing, int Points);

internal sealed record StoredCompetition(Competition Definition, CompetitionState State, ETag ETag);

/// <summary>A score message: a member's graded attempt in a competition round.</summary>
internal sealed record RoundScore(string CompetitionId, string RoundId, string UnitId, string WorkerId, int Correct, int Total, string AttemptId);

/// <summary>
/// Competitions (definition and decided state, one row each, changed under ETag) and CompetitionScores
/// (PartitionKey = "{competitionId}|{roundId}", RowKey = "{unitId}|{workerId}": each member's best attempt).
/// </summary>
internal sealed class CompetitionsTable(TableServiceClient service, IOptions<StorageOptions> options)
{
    private const string Program = "program";

    private readonly TableClient _competitions = service.GetTableClient(options.Value.Table(StorageNames.Competitions));
    private readonly TableClient _scores = service.GetTableClient(options.Value.Table(StorageNames.CompetitionScores));

    public async Task<IReadOnlyList<StoredCompetition>> AllAsync(CancellationToken ct)
    {
        var list = new List<StoredCompetition>();
        await foreach (var row in _competitions.QueryAsync<TableEntity>(Filters.Partition(Program), cancellationToken: ct))
        {
            list.Add(ToStored(row));
        }

        return list;
    }

    public async Task<StoredCompetition?> FindAsync(string id, CancellationToken ct)
    {
        var row = await _competitions.GetEntityIfExistsAsync<TableEntity>(Program, id, cancellationToken: ct);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    public Task<bool> AddAsync(Competition competition, CancellationToken ct) =>
        _competitions.AddIfAbsentAsync(new TableEntity(Program, competition.Id) { ["Definition"] = Json.Serialize(competition), ["State"] = Json.Serialize(CompetitionState.Empty) }, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => _competitions.DeleteIfExistsAsync(Program, id, ct);

    /// <summary>Saves the decided state under the ETag it was read with: two closers never both decide a round.</summary>
    public Task SaveStateAsync(StoredCompetition stored, CompetitionState state, CancellationToken ct) =>
        _competitions.UpdateEntityAsync(new TableEntity(Program, stored.Definition.Id) { ["State"] = Json.Serialize(state) }, stored.ETag, TableUpdateMode.Merge, ct);

    /// <summary>Keeps a member's best attempt of a round; a repeat or a worse attempt changes nothing.</summary>
    public Task RecordBestAsync(RoundScore score, CancellationToken ct) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var partition = $"{score.CompetitionId}|{score.RoundId}";
            var key = $"{score.UnitId}|{score.WorkerId}";
            var row = await _scores.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: token);
            var entity = new TableEntity(partition, key) { ["UnitId"] = score.UnitId, ["WorkerId"] = score.WorkerId, ["Correct"] = score.Correct, ["Total"] = score.Total, ["AttemptId"] = score.AttemptId };
            if (!row.HasValue)
            {
                await _scores.AddEntityAsync(entity, token);
            }
            else if (Fraction(score.Correct, score.Total) > Fraction(row.Value!.GetInt32("Correct") ?? 0, row.Value.GetInt32("Total") ?? 0))
            {
                await _scores.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, token);
            }
        }, ct).AsTask();

    public async Task<IReadOnlyList<MemberBest>> BestsAsync(string competitionId, string roundId, CancellationToken ct)
    {
        var list = new List<MemberBest>();
        await foreach (var row in _scores.QueryAsync<TableEntity>(Filters.Partition($"{competitionId}|{roundId}"), cancellationToken: ct))
        {
            list.Add(new MemberBest(row.GetString("UnitId") ?? "", row.GetString("WorkerId") ?? "", row.GetInt32("Correct") ?? 0, row.GetInt32("Total") ?? 0));
        }

        return list;
    }

    private static double Fraction(int correct, int total) => total == 0 ? 0 : (double)correct / total;

    private static StoredCompetition ToStored(TableEntity row) => new(
        Json.Deserialize<Competition>(row.GetString("Definition") ?? "{}")!,
        Json.Deserialize<CompetitionState>(row.GetString("State") ?? "{}") ?? CompetitionState.Empty,
        row.ETag);
}
