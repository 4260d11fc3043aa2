using Rewards.Domain;
using Rewards.Domain.Activities;
using Rewards.Domain.Competitions;
using Rewards.Domain.Earning;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Accounts;
using Rewards.Functions.Activities;
using Rewards.Functions.Campaigns;
using Rewards.Functions.Catalog;
using Rewards.Functions.Competitions;
using Rewards.Functions.Learning;
using Rewards.Functions.Quizzes;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Rules;
using Rewards.Functions.Units;
using Rewards.Functions.Workers;

namespace Rewards.Functions.OpenApi;

/// <summary>The admin API of the program: workers, units, content, quizzes, campaigns, competitions, rules, prizes, activities.</summary>
internal static partial class ApiContracts
{
    private const string WorkerMissing = "worker-not-found";
    private const string ActivityMissing = ActivityCodes.ActivityNotFound;

    /// <summary>List, read, create (201, or 409 when the id is taken), replace or add (the body's id must match the route's), delete (204).</summary>
    private static IEnumerable<KeyValuePair<string, ApiContract>> Crud(string one, string many, Type request, Type view, Type list, string missing) =>
    [
        new($"AdminList{many}", new(null, 200, list)),
        new($"AdminGet{one}", new(null, 200, view, missing)),
        new($"AdminCreate{one}", new(request, 201, view, Body.With(Exists))),
        new($"AdminPut{one}", new(request, 200, view, Body)),
        new($"AdminDelete{one}", new(null, 204, null, missing)),
    ];

    private static IEnumerable<KeyValuePair<string, ApiContract>> Admin =>
    [
        new("AdminSaveWorkers", new(typeof(WorkerRequest), 201, typeof(WorkerSummary), Body.With(Media))
        {
            Consumes = ["application/json", "text/csv"],
            Also = [(200, typeof(WorkerSummary)), (200, typeof(ImportResult))],
            Query =
            [
                new("from", "CSV only: the first line to save (the header is line 1; default 2).", Microsoft.OpenApi.JsonSchemaType.Integer),
                new("limit", "CSV only: at most this many lines saved by this request.", Microsoft.OpenApi.JsonSchemaType.Integer),
            ],
        }),
        new("AdminListWorkers", new(null, 200, typeof(WorkerPage), Invalid, BadCursor)
        {
            Query = [.. Paged(50, 1000), new("unitId", "Only this unit's workers."), new("name", "Only workers whose display name starts with this.")],
        }),
        new("AdminGetWorker", new(null, 200, typeof(WorkerSummary), WorkerMissing)),
        new("AdminIssueLink", new(typeof(LinkRequest), 200, typeof(LinkResponse), OptionalBody.With(WorkerMissing))),
        new("AdminWorkerLedger", new(null, 200, typeof(LedgerPageResponse), Invalid, BadCursor, WorkerMissing) { Query = Paged() }),
        new("AdminWorkerRedemptions", new(null, 200, typeof(RedemptionList), WorkerMissing)),
        new("AdminListUnits", new(null, 200, typeof(UnitList))),
        new("AdminCreateUnit", new(typeof(UnitRequest), 201, typeof(Unit), Body.With(Exists))),
        new("AdminRenameUnit", new(typeof(UnitRename), 200, typeof(Unit), Body.With("unit-not-found"))),
        .. Crud("Content", "Content", typeof(ContentRequest), typeof(ContentItem), typeof(ContentList), ContentMissing),
        .. Crud("Quiz", "Quizzes", typeof(QuizRequest), typeof(Quiz), typeof(QuizSummaryList), QuizMissing),
        new("AdminImportQuestions", new(typeof(string), 200, typeof(QuestionImportResult), "invalid-csv", QuizMissing, TooLarge, Media, Busy) { Consumes = ["text/csv"] }),
        .. Crud("Campaign", "Campaigns", typeof(CampaignRequest), typeof(CampaignView), typeof(CampaignList), "campaign-not-found"),
        .. Crud("Competition", "Competitions", typeof(CompetitionRequest), typeof(CompetitionView), typeof(CompetitionList), "competition-not-found").Where(c => c.Key != "AdminPutCompetition"),
        new("AdminCloseRound", new(null, 200, typeof(CompetitionState), "competition-not-found", CompetitionCodes.RoundStillOpen, CompetitionCodes.RoundAlreadyClosed, Busy)),
        new("AdminGetRules", new(null, 200, typeof(ProgramRules))),
        new("AdminPutRules", new(typeof(RulesRequest), 200, typeof(ProgramRules), Body)),
        new("AdminListRewards", new(null, 200, typeof(RewardList))),
        new("AdminGetReward", new(null, 200, typeof(RewardView), "reward-not-found")),
        new("AdminCreateReward", new(typeof(RewardRequest), 201, typeof(RewardView), Body.With(Exists))),
        new("AdminPutReward", new(typeof(RewardRequest), 200, typeof(RewardView), Body.With("reward-not-found"))),
        new("AdminRestockReward", new(typeof(RestockRequest), 200, typeof(StockLevel), Body.With("reward-not-found", RefusalCodes.IdempotencyKeyReused)) { Idempotent = true }),
        new("AdminListActivities", new(null, 200, typeof(ActivityList))),
        new("AdminGetActivity", new(null, 200, typeof(ActivityView), ActivityMissing)),
        new("AdminCreateActivity", new(typeof(ActivityRequest), 201, typeof(ActivityView), Body.With(Exists))),
        new("AdminPutActivity", new(typeof(ActivityRequest), 200, typeof(ActivityView), Body.With(ActivityMissing, ActivityCodes.CapacityBelowCheckedIn))),
        new("AdminDeleteActivity", new(null, 204, null, ActivityMissing, ActivityCodes.HasCheckIns)),
        new("AdminCheckInCode", new(null, 200, typeof(CheckInCode), ActivityMissing, CheckInKey.Unavailable)),
        new("AdminIssueScreenLink", new(null, 200, typeof(ScreenLink), ActivityMissing)),
        new("ScreenCheckInCode", new(null, 200, typeof(CheckInCode), ActivityMissing, CheckInKey.Unavailable) { Security = ["screenLink"] }),
    ];
}
