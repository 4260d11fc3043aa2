using Microsoft.AspNetCore.Mvc;
using Rewards.Domain;

namespace Rewards.Functions.Http;

/// <summary>Responses of the API: JSON bodies and RFC 9457 problems with a stable code.</summary>
internal static class ApiResults
{
    public static ContentResult Json(int status, object body) => new()
    {
        StatusCode = status,
        ContentType = "application/json; charset=utf-8",
        Content = Rewards.Functions.Json.Serialize(body),
    };

    public static ContentResult Ok(object body) => Json(200, body);

    public static ContentResult Created(object body) => Json(201, body);

    public static ProblemResult Problem(int status, string code, string title, string detail, object? errors = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"urn:ankang-rewards:problem:{code}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (errors is not null)
        {
            body["errors"] = errors;
        }

        // Extensions add members; they never replace RFC 9457's own (an integer status, a stable code).
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            body.TryAdd(key, value);
        }

        return new ProblemResult { StatusCode = status, ContentType = "application/problem+json; charset=utf-8", Content = Rewards.Functions.Json.Serialize(body) };
    }

    /// <summary>Maps a domain refusal to its HTTP problem: the one place where codes meet status codes.</summary>
    public static ProblemResult Problem(Refusal refusal) =>
        Problem(StatusOf(refusal.Code), refusal.Code, TitleOf(refusal.Code), refusal.Detail, extensions: refusal.Extensions);

    public static int StatusOf(string code) => code switch
    {
        RefusalCodes.InvalidToken => 401,
        _ when code == RefusalCodes.NotFound || code.EndsWith("-not-found", StringComparison.Ordinal) => 404,
        RefusalCodes.AlreadyCompleted or RefusalCodes.DailyCapReached or ProblemCodes.AlreadyExists
            or Domain.Quizzes.QuizCodes.AlreadySubmitted or Domain.Quizzes.QuizCodes.AttemptExpired or Domain.Quizzes.QuizCodes.AttemptsExhausted
            or Domain.Competitions.CompetitionCodes.NotQualified or Domain.Competitions.CompetitionCodes.RoundNotOpen
            or Domain.Competitions.CompetitionCodes.RoundStillOpen or Domain.Competitions.CompetitionCodes.RoundAlreadyClosed
            or Domain.Redemptions.RedemptionCodes.RewardUnavailable or Domain.Redemptions.Fulfilment.InvalidTransition
            or Domain.Hazards.HazardCodes.DailyLimitReached
            or Domain.Activities.ActivityCodes.CheckInClosed or Domain.Activities.ActivityCodes.ActivityFull or Domain.Activities.ActivityCodes.AlreadyCheckedIn
            or Domain.Activities.ActivityCodes.CapacityBelowCheckedIn or Domain.Activities.ActivityCodes.HasCheckIns => 409,
        Domain.Activities.ActivityCodes.NotInvited => 403,
        ProblemCodes.PayloadTooLarge => 413,
        ProblemCodes.UnsupportedMediaType => 415,
        RefusalCodes.TooEarly or RefusalCodes.InsufficientPoints or RefusalCodes.IdempotencyKeyReused or RefusalCodes.InvalidAmount
            or Domain.Redemptions.RedemptionCodes.PerWorkerLimit or Domain.Hazards.HazardCodes.InvalidImage or Domain.Activities.ActivityCodes.InvalidCode => 422,
        ProblemCodes.Contention or Activities.CheckInKey.Unavailable => 503,
        _ => 400,
    };

    private static string TitleOf(string code) => code switch
    {
        RefusalCodes.DailyCapReached => "Daily cap reached",
        RefusalCodes.TooEarly => "Too early",
        RefusalCodes.AlreadyCompleted => "Already completed",
        RefusalCodes.InsufficientPoints => "Insufficient points",
        RefusalCodes.IdempotencyKeyReused => "Idempotency key reused",
        RefusalCodes.InvalidToken => "Invalid token",
        _ => code.Replace('-', ' '),
    };
}

/// <summary>A problem response; a 503 or 429 also tells the client when to try again (Retry-After, in seconds).</summary>
internal sealed class ProblemResult : ContentResult
{
    public const int RetryAfterSeconds = 1;

    public override Task ExecuteResultAsync(ActionContext context)
    {
        if (StatusCode is 503 or 429 && !context.HttpContext.Response.Headers.ContainsKey("Retry-After"))
        {
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return base.ExecuteResultAsync(context);
    }
}

/// <summary>Problem codes that belong to the HTTP edge rather than to the rules.</summary>
internal static class ProblemCodes
{
    public const string MalformedJson = "malformed-json";
    public const string MalformedMultipart = "malformed-multipart";
    public const string ValidationFailed = "validation-failed";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string MissingCredentials = "missing-credentials";
    public const string Forbidden = "forbidden";
    public const string IdempotencyKeyRequired = "idempotency-key-required";
    public const string InvalidCursor = "invalid-cursor";
    public const string WorkerNotFound = "worker-not-found";
    public const string ContentNotFound = "content-not-found";
    public const string CampaignNotFound = "campaign-not-found";
    public const string QuizNotFound = "quiz-not-found";
    public const string AttemptNotFound = "attempt-not-found";
    public const string ShareNotFound = "share-not-found";
    public const string CompetitionNotFound = "competition-not-found";
    public const string PartnerNotFound = "partner-not-found";
    public const string RewardNotFound = "reward-not-found";
    public const string RedemptionNotFound = "redemption-not-found";
    public const string OrderNotFound = "order-not-found";
    public const string UnitNotFound = "unit-not-found";
    public const string ViewNotFound = Domain.RefusalCodes.ViewNotFound;
    public const string PhotoNotFound = "photo-not-found";
    public const string ReportNotFound = "report-not-found";
    public const string InvalidCsv = "invalid-csv";
    public const string WebhookNotSet = "webhook-not-set";
    public const string AlreadyExists = "already-exists";
    public const string Contention = "contention";
    public const string RateLimited = "rate-limited";
}

internal static class DecisionResults
{
    /// <summary>A decided value as JSON with the given status, or its refusal as a problem.</summary>
    public static IActionResult ToResult<T>(this Domain.Decision<T> decision, int status) =>
        decision.IsRefused ? ApiResults.Problem(decision.Refusal!) : ApiResults.Json(status, decision.Value!);
}
