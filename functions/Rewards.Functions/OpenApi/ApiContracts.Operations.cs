using Rewards.Domain;
using Rewards.Domain.Hazards;
using Rewards.Functions.Activities;
using Rewards.Functions.Admin;
using Rewards.Functions.Audit;
using Rewards.Functions.Hazards;
using Rewards.Functions.Overview;
using Rewards.Functions.Posters;
using Rewards.Functions.Reports;

namespace Rewards.Functions.OpenApi;

/// <summary>The admin API of running the program: points by hand, checks, reports, the audit trail, hazard review, posters.</summary>
internal static partial class ApiContracts
{
    /// <summary>?from=&amp;to=&amp;unitId=&amp;format= of the reports, as <see cref="ReportFunctions"/> reads them.</summary>
    private static ApiQuery[] ReportQuery =>
    [
        Day("from", "The first local date (default: 29 days before today)."),
        Day("to", "The last local date, included (default: today)."),
        new("unitId", "Only this unit."),
        OneOf("format", "json (default) or csv (UTF-8 with a BOM).", "json", "csv"),
    ];

    private static IEnumerable<KeyValuePair<string, ApiContract>> Operations =>
    [
        new("AdminAdjust", new(typeof(AdjustmentRequest), 201, typeof(AdjustmentOutcome), Body.With(WorkerMissing, RefusalCodes.InsufficientPoints, RefusalCodes.InvalidAmount, RefusalCodes.IdempotencyKeyReused)) { Idempotent = true }),
        new("AdminReconciliation", new(null, 200, typeof(ReconciliationReport))),
        new("AdminOverview", new(null, 200, typeof(OverviewReport))),
        new("AdminAudit", new(null, 200, typeof(AuditPage), Invalid, BadCursor)
        {
            Query =
            [
                .. Paged(50, 200),
                new("from", "A date (yyyy-MM-dd, UTC) or an ISO 8601 instant; default 30 days ago."),
                new("to", "A date (its whole day) or an instant; default now. At most 400 days after from."),
                new("action", "Only this action, such as \"POST api/admin/adjustments\"."),
            ],
        }),
        new("AdminReport", new(null, 200, typeof(ReportJson), Invalid, "report-not-found") { Query = ReportQuery, Produces = ["application/json", "text/csv"] }),
        new("AdminActivityReport", new(null, 200, typeof(ActivityReport), Invalid) { Query = ReportQuery, Produces = ["application/json", "text/csv"] }),
        new("AdminListHazards", new(null, 200, typeof(HazardPage), Invalid, BadCursor)
        {
            Query = [.. Paged(), OneOf("status", "Only reports in this state.", [.. HazardStatus.All]), new("unitId", "Only this unit's reports.")],
        }),
        new("AdminReviewHazard", new(typeof(ReviewRequest), 200, typeof(HazardView), Body.With(HazardMissing, HazardCodes.InvalidTransition))),
        new("AdminRectifyHazard", new(typeof(RectificationForm), 200, typeof(HazardView), Form.With(HazardCodes.InvalidImage, HazardMissing, HazardCodes.InvalidTransition)) { Consumes = ["multipart/form-data"] }),
        new("AdminVerifyHazard", new(null, 200, typeof(HazardView), HazardMissing, HazardCodes.InvalidTransition)),
        new("AdminUnitHazards", new(null, 200, typeof(UnitBacklog))),
        new("AdminPrintPosters", new(null, 200, typeof(PosterPage), Invalid, BadCursor, "unit-not-found") { Query = Paged(Posters.PosterSheets.PageSize, Posters.PosterSheets.PageSize) }),
    ];
}
