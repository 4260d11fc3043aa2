using Rewards.Domain;
using Rewards.Domain.Activities;
using Rewards.Domain.Competitions;
using Rewards.Domain.Hazards;
using Rewards.Domain.Quizzes;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Accounts;
using Rewards.Functions.Activities;
using Rewards.Functions.Catalog;
using Rewards.Functions.Hazards;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Learning;
using Rewards.Functions.Quizzes;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Sharing;

namespace Rewards.Functions.OpenApi;

/// <summary>The worker API: what a worker's link reaches (/api/me, content, quizzes, shares, prizes, hazards, activities, boards).</summary>
internal static partial class ApiContracts
{
    private const string ContentMissing = "content-not-found";
    private const string QuizMissing = "quiz-not-found";
    private const string HazardMissing = HazardCodes.HazardNotFound;

    /// <summary>What a multipart form can be refused for before its content is looked at.</summary>
    private static readonly string[] Form = [Invalid, "malformed-multipart", TooLarge, Media];

    private static IEnumerable<KeyValuePair<string, ApiContract>> Worker =>
    [
        new("GetMe", new(null, 200, typeof(MeResponse))),
        new("GetMyLedger", new(null, 200, typeof(LedgerPageResponse), Invalid, BadCursor) { Query = Paged() }),
        new("PutMyPreferences", new(typeof(PreferencesRequest), 200, typeof(PreferencesResponse), Body)),
        new("ListContent", new(null, 200, typeof(WorkerContentList))),
        new("StartView", new(null, 201, typeof(ViewStarted), ContentMissing)),
        new("CompleteView", new(null, 200, typeof(CompletionOutcome), ContentMissing, "view-not-found", RefusalCodes.TooEarly, RefusalCodes.AlreadyCompleted, RefusalCodes.DailyCapReached)),
        new("ListQuizzes", new(null, 200, typeof(WorkerQuizList))),
        new("StartAttempt", new(typeof(StartAttemptRequest), 201, typeof(AttemptStarted), OptionalBody.With(QuizMissing, QuizCodes.AttemptsExhausted, "competition-not-found", CompetitionCodes.RoundNotOpen, CompetitionCodes.NotQualified))),
        new("SubmitAnswers", new(typeof(AnswersRequest), 200, typeof(QuizResult), Body.With(QuizMissing, "attempt-not-found", QuizCodes.AlreadySubmitted, QuizCodes.AttemptExpired, QuizCodes.InvalidAnswers, RefusalCodes.DailyCapReached))),
        new("CreateShare", new(typeof(ShareRequest), 201, typeof(ShareCreated), Body.With(ContentMissing, HazardCodes.DailyLimitReached))),
        new("GetShare", new(null, 200, typeof(ShareView), "share-not-found")),
        new("OpenShare", new(null, 200, typeof(OpenResult), "share-not-found", RefusalCodes.InvalidToken) { Security = ["", "workerToken"] }),
        new("ListRewards", new(null, 200, typeof(WorkerRewardList))),
        new("RequestRedemption", new(typeof(RedemptionRequest), 202, typeof(RedemptionView), Body.With(RefusalCodes.InsufficientPoints, RedemptionCodes.PerWorkerLimit, RedemptionCodes.RewardUnavailable, "reward-not-found", RefusalCodes.IdempotencyKeyReused)) { Idempotent = true }),
        new("GetRedemption", new(null, 200, typeof(RedemptionView), "redemption-not-found")),
        new("GetMyRedemptions", new(null, 200, typeof(RedemptionList))),
        new("CancelRedemption", new(null, 200, typeof(OrderView), "redemption-not-found", Fulfilment.InvalidTransition)),
        new("SubmitHazard", new(typeof(HazardForm), 202, typeof(HazardCreated), Form.With(HazardCodes.InvalidImage, HazardCodes.DailyLimitReached, RefusalCodes.IdempotencyKeyReused))
        {
            Idempotent = true,
            Consumes = ["multipart/form-data"],
        }),
        new("GetMyHazards", new(null, 200, typeof(MyHazards))),
        new("GetHazard", new(null, 200, typeof(HazardView), HazardMissing)),
        new("GetHazardPhoto", new(null, 200, typeof(string), Invalid, HazardMissing, "photo-not-found")
        {
            Query = [OneOf("size", "The original (full, the default), its thumbnail, or the rectification's after-photo.", "full", "thumb", "after")],
            Produces = ["image/jpeg"],
            Security = ["workerToken", "adminKey"],
        }),
        new("ListActivities", new(null, 200, typeof(WorkerActivityList))),
        new("CheckIn", new(typeof(CheckInRequest), 201, typeof(CheckInResult), Body.With(ActivityCodes.ActivityNotFound, ActivityCodes.InvalidCode, ActivityCodes.CheckInClosed, ActivityCodes.NotInvited, ActivityCodes.ActivityFull, ActivityCodes.AlreadyCheckedIn, CheckInKey.Unavailable))),
        new("GetLeaderboard", new(null, 200, typeof(BoardResponse), Invalid, BadCursor)
        {
            Query =
            [
                OneOf("period", "The board's period (default week); campaign needs campaignId.", "week", "month", "all", "campaign"),
                new("campaignId", "The campaign of a period=campaign board."),
                OneOf("by", "Rank by points (default) or, for units, by participation.", "points", "participation"),
                new("limit", "How many places, 1 to 100.", Microsoft.OpenApi.JsonSchemaType.Integer) { Maximum = 100, Default = "10" },
            ],
        }),
    ];
}
