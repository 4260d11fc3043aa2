using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Quizzes;

/// <summary>
/// Quizzes (one row each) and their question banks (Questions, PartitionKey = quizId). The only place answers
/// live. The banks are cached for a few seconds, since every attempt and every grading reads them.
/// </summary>
internal sealed class QuizzesTable(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider clock)
{
    private const string Program = "program";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly TableClient _quizzes = service.GetTableClient(options.Value.Table(StorageNames.Quizzes));
    private readonly TableClient _questions = service.GetTableClient(options.Value.Table(StorageNames.Questions));
    private (IReadOnlyList<Quiz> Items, DateTimeOffset Until)? _cached;

    public async Task<IReadOnlyList<Quiz>> AllAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } c && now < c.Until)
        {
            return c.Items;
        }

        var questions = new Dictionary<string, List<Question>>();
        await foreach (var row in _questions.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            var bank = questions.TryGetValue(row.PartitionKey, out var list) ? list : questions[row.PartitionKey] = [];
            bank.Add(new Question(row.RowKey, row.GetString("Text") ?? "", Json.Deserialize<List<string>>(row.GetString("Options") ?? "[]") ?? [], row.GetInt32("Answer") ?? 0));
        }

        var quizzes = new List<Quiz>();
        await foreach (var row in _quizzes.QueryAsync<TableEntity>(Filters.Partition(Program), cancellationToken: ct))
        {
            quizzes.Add(new Quiz(
                row.RowKey,
                row.GetString("Title") ?? "",
                row.GetInt32("QuestionsPerAttempt") ?? 1,
                row.GetInt32("TimeLimitSeconds") ?? 300,
                row.GetInt32("PointsPerCorrect") ?? 0,
                questions.GetValueOrDefault(row.RowKey) ?? []));
        }

        _cached = (quizzes, now + CacheFor);
        return quizzes;
    }

    public async Task<Quiz?> FindAsync(string id, CancellationToken ct) => (await AllAsync(ct)).FirstOrDefault(q => q.Id == id);

    /// <summary>Adds a quiz and its bank; false when the id is taken. The questions are written first, the quiz row last.</summary>
    public async Task<bool> AddAsync(Quiz quiz, CancellationToken ct)
    {
        if ((await _quizzes.GetEntityIfExistsAsync<TableEntity>(Program, quiz.Id, ["RowKey"], ct)).HasValue)
        {
            return false;
        }

        await SaveAsync(quiz, ct);
        return true;
    }

    /// <summary>Replaces a quiz and its bank. Attempts already running keep the question ids they drew; removed questions are not graded.</summary>
    public async Task SaveAsync(Quiz quiz, CancellationToken ct)
    {
        var stale = new List<string>();
        await foreach (var row in _questions.QueryAsync<TableEntity>(Filters.Partition(quiz.Id), select: ["RowKey"], cancellationToken: ct))
        {
            if (quiz.Questions.All(q => q.Id != row.RowKey))
            {
                stale.Add(row.RowKey);
            }
        }

        var actions = quiz.Questions
            .Select(q => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(quiz.Id, q.Id) { ["Text"] = q.Text, ["Options"] = Json.Serialize(q.Options), ["Answer"] = q.Answer }))
            .Concat(stale.Select(id => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(quiz.Id, id), ETag.All)));
        foreach (var chunk in actions.Chunk(100))
        {
            await _questions.SubmitTransactionAsync(chunk, ct);
        }

        await _quizzes.UpsertEntityAsync(
            new TableEntity(Program, quiz.Id) { ["Title"] = quiz.Title, ["QuestionsPerAttempt"] = quiz.QuestionsPerAttempt, ["TimeLimitSeconds"] = quiz.TimeLimitSeconds, ["PointsPerCorrect"] = quiz.PointsPerCorrect },
            TableUpdateMode.Replace,
            ct);
        _cached = null;
    }

    /// <summary>The quiz's question bank read from storage now (never the cache); null when there is no such quiz.</summary>
    public async Task<IReadOnlyList<Question>?> BankAsync(string quizId, CancellationToken ct)
    {
        if (!(await _quizzes.GetEntityIfExistsAsync<TableEntity>(Program, quizId, ["RowKey"], ct)).HasValue)
        {
            return null;
        }

        var bank = new List<Question>();
        await foreach (var row in _questions.QueryAsync<TableEntity>(Filters.Partition(quizId), cancellationToken: ct))
        {
            bank.Add(new Question(row.RowKey, row.GetString("Text") ?? "", Json.Deserialize<List<string>>(row.GetString("Options") ?? "[]") ?? [], row.GetInt32("Answer") ?? 0));
        }

        return bank;
    }

    /// <summary>
    /// Adds questions with new ids in one entity group transaction (at most 100): all of them or none. An id taken
    /// meanwhile fails the whole transaction with 409, and the caller decides again from a fresh read.
    /// </summary>
    public async Task AppendAsync(string quizId, IReadOnlyList<Question> questions, CancellationToken ct)
    {
        await _questions.SubmitTransactionAsync(
            questions.Select(q => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(quizId, q.Id) { ["Text"] = q.Text, ["Options"] = Json.Serialize(q.Options), ["Answer"] = q.Answer })),
            ct);
        _cached = null;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var deleted = await _quizzes.DeleteIfExistsAsync(Program, id, ct);
        _cached = null;
        return deleted;
    }
}
