using Azure.Data.Tables;
using Rewards.Domain;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Http;

namespace Rewards.Functions.Quizzes;

internal sealed record QuestionImportResult(string QuizId, int Added, int Skipped, int Questions);

/// <summary>
/// Adds a CSV file of questions to a quiz's bank, all or nothing: a file with one bad line changes nothing and the
/// refusal lists every bad line. A question whose text the bank already holds is skipped, so sending the same file
/// again (a retry, a double click) adds nothing.
/// </summary>
internal sealed class QuestionImport(QuizzesTable quizzes)
{
    public const string InvalidCsv = Http.ProblemCodes.InvalidCsv;
    private const int MaxBank = 500;
    private const int Tries = 3;

    public async Task<Decision<QuestionImportResult>> ImportAsync(string quizId, string csv, CancellationToken ct)
    {
        var file = QuestionCsv.Parse(csv);
        if (file.Errors.Count > 0)
        {
            return Invalid($"{file.Errors.Count} line(s) of the file are wrong; nothing was imported.", file.Errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            // Decided again from a fresh read on every try: another import may have taken the ids or the questions.
            if (await quizzes.BankAsync(quizId, ct) is not { } bank)
            {
                return new Refusal(ProblemCodes.QuizNotFound, $"There is no quiz '{quizId}'.");
            }

            var known = bank.Select(q => q.Text.Trim()).ToHashSet(StringComparer.Ordinal);
            var fresh = file.Questions.Where(q => !known.Contains(q.Text)).ToList();
            if (fresh.Count == 0)
            {
                return new QuestionImportResult(quizId, 0, file.Questions.Count, bank.Count);
            }

            if (bank.Count + fresh.Count > MaxBank)
            {
                return Invalid($"The quiz has {bank.Count} questions; {fresh.Count} more would pass the limit of {MaxBank}. Nothing was imported.", []);
            }

            var ids = NewIds(bank, fresh.Count);
            try
            {
                await quizzes.AppendAsync(quizId, [.. fresh.Select((q, i) => new Question(ids[i], q.Text, q.Options, q.Answer))], ct);
                return new QuestionImportResult(quizId, fresh.Count, file.Questions.Count - fresh.Count, bank.Count + fresh.Count);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                if (attempt == Tries)
                {
                    return new Refusal(ProblemCodes.Contention, "The quiz's bank changed while the file was being imported; send the file again.");
                }
            }
        }
    }

    /// <summary>q1, q2, … : the smallest numbers no question of the bank uses.</summary>
    private static string[] NewIds(IReadOnlyList<Question> bank, int count)
    {
        var taken = bank.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(1, MaxBank + count + taken.Count).Select(n => $"q{n}").Where(id => !taken.Contains(id)).Take(count)];
    }

    private static Refusal Invalid(string detail, IReadOnlyList<CsvLineError> lines) =>
        new(InvalidCsv, detail, new Dictionary<string, object?> { ["lines"] = lines });
}
