using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Audit;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Quizzes;

/// <summary>POST text/csv of questions to a quiz: the credential first, then the size, then the content, then the lines.</summary>
internal sealed class QuestionImportFunctions(Gate gate, QuestionImport import, ILogger<QuestionImportFunctions> log)
{
    public const int Limit = 512 * 1024;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Function("AdminImportQuestions")]
    public async Task<IActionResult> Import([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/quizzes/{id}/questions")] HttpRequest req, string id, CancellationToken ct)
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        if (req.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return NotCsv("Send the questions as text/csv: text,option1,option2,option3,option4,answer.");
        }

        var body = await RequestBody.ReadBytesAsync(req, Limit, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (Text(body.Value!) is not { } csv)
        {
            return NotCsv("The file is not UTF-8 text (a spreadsheet or another binary file?). Save it as CSV UTF-8.");
        }

        var result = await import.ImportAsync(id, csv, ct);
        if (!result.IsRefused)
        {
            AdminAudit.Before(req, $"questions: {result.Value!.Questions - result.Value.Added}");
            log.LogInformation("Imported {Added} questions into quiz {QuizId}, {Skipped} already there", result.Value.Added, id, result.Value.Skipped);
        }

        return result.ToResult(200);
    }

    /// <summary>The body as text when it is UTF-8 without control characters other than tab and line breaks; null otherwise.</summary>
    private static string? Text(byte[] bytes)
    {
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.Any(c => char.IsControl(c) && c is not '\t' and not '\r' and not '\n' && c < 0x80) ? null : text.TrimStart('\uFEFF');
    }

    private static IActionResult NotCsv(string detail) =>
        ApiResults.Problem(415, ProblemCodes.UnsupportedMediaType, "Unsupported media type", detail);
}
