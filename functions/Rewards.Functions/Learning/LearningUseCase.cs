using Azure.Data.Tables;
using Rewards.Domain;
using Rewards.Domain.Earning;
using Rewards.Domain.Learning;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Learning;

internal sealed record WorkerContent(string Id, string Title, string Kind, string? Url, string? Summary, int Points, int MinSeconds, bool Completed);

internal sealed record WorkerContentList(IReadOnlyList<WorkerContent> Items);

internal sealed record ViewStarted(string ViewId, string ContentId, int MinSeconds, DateTimeOffset StartedAt, DateTimeOffset CompletableAt);

internal sealed record CompletionOutcome(long Awarded, long Balance, string TxId, string Reason);

/// <summary>Learning: timed views started on the server, completed once per content item within the caps.</summary>
internal sealed class LearningUseCase(AccountsTable accounts, ContentTable content, LedgerWriter writer, RulesStore rules, TimeProvider clock)
{
    private const string CompletedFrom = "once|content:";
    private const string CompletedTo = "once|content;";

    public async Task<Decision<WorkerContentList>> ListAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var rows = await accounts.ReadWithRangeAsync(worker.WorkerId, CompletedFrom, CompletedTo, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var items = await content.AllAsync(ct);
        return new WorkerContentList([.. items.Where(i => i.Active).Select(i =>
            new WorkerContent(i.Id, i.Title, i.Kind, i.Url, i.Summary, i.Points, i.MinSeconds, rows.Has(CompletedMarker(i.Id))))]);
    }

    public async Task<Decision<ViewStarted>> StartViewAsync(WorkerPrincipal worker, string contentId, CancellationToken ct)
    {
        if (await content.FindAsync(contentId, ct) is not { Active: true } item)
        {
            return NoContent(contentId);
        }

        // The view row and the day's count of views started go in one transaction under the day row's ETag, so
        // the daily limit holds under parallel requests and a refused start writes nothing.
        return await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var now = clock.GetUtcNow();
            var snapshot = await rules.GetAsync(token);
            var today = snapshot.Today(now);
            var dayKey = RowKeys.Day(LocalDay.Key(today));
            var rows = await accounts.ReadAsync(worker.WorkerId, [RowKeys.Account, CompletedMarker(contentId), dayKey], token);
            var tally = AccountRow.Day(rows.Row(dayKey), today);
            if ((rows.Refusal(worker) ?? RowLimits.Refuse(LedgerKinds.Learning, "started a lesson", tally, snapshot.Rules)) is { } refusal)
            {
                return (Decision<ViewStarted>)refusal;
            }

            if (rows.Has(CompletedMarker(contentId)))
            {
                return new Refusal(RefusalCodes.AlreadyCompleted, $"'{item.Title}' has already earned its points.");
            }

            var view = new View(RowKeys.NewId(now), item.Id, item.Title, item.Points, item.MinSeconds, now);
            await accounts.CommitAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(worker.WorkerId, RowKeys.View(view.ViewId))
                {
                    ["ContentId"] = view.ContentId,
                    ["Title"] = view.Title,
                    ["Points"] = view.Points,
                    ["MinSeconds"] = view.MinSeconds,
                    ["StartedAt"] = view.StartedAt,
                }),
                AccountRow.DayAttempts(worker.WorkerId, rows.Row(dayKey), tally.AddAttempt(LedgerKinds.Learning), LedgerKinds.Learning),
            ], token);
            return new ViewStarted(view.ViewId, view.ContentId, view.MinSeconds, snapshot.Local(view.StartedAt), snapshot.Local(view.CompletableAt));
        }, ct);
    }

    public Task<Decision<CompletionOutcome>> CompleteAsync(WorkerPrincipal worker, string contentId, string viewId, CancellationToken ct)
    {
        var viewKey = RowKeys.View(viewId);
        var command = new LedgerCommand(worker.WorkerId, worker, $"view:{viewId}", $"complete:{contentId}", [viewKey, CompletedMarker(contentId)]);
        return writer.WriteAsync(
            command,
            read => read.Rows.Row(viewKey) is { } row && row.GetString("ContentId") == contentId
                ? Completion.Decide(ToView(row), read.Rows.Has(CompletedMarker(contentId)), read.Today, read.Rules.Rules, read.Now, read.Rules.Campaigns, read.Rules.LocalNow(read.Now))
                    .Then<LedgerChange>(posting => new LedgerChange(posting, [$"content:{contentId}"], [Completed(row, read.Now)]))
                : new Refusal(ProblemCodes.ViewNotFound, $"There is no view '{viewId}' of '{contentId}' for this worker."),
            (line, next, _) => new CompletionOutcome(line!.Amount, next.Balance, line.TxId, line.Reason),
            ct);
    }

    private static string CompletedMarker(string contentId) => RowKeys.Once($"content:{contentId}");

    private static Refusal NoContent(string contentId) => new(ProblemCodes.ContentNotFound, $"There is no content '{contentId}'.");

    private static View ToView(TableEntity row) => new(
        row.RowKey["view|".Length..],
        row.GetString("ContentId") ?? "",
        row.GetString("Title") ?? "",
        row.GetInt32("Points") ?? 0,
        row.GetInt32("MinSeconds") ?? 0,
        row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MaxValue);

    private static TableTransactionAction Completed(TableEntity view, DateTimeOffset now) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(view.PartitionKey, view.RowKey) { ["CompletedAt"] = now }, view.ETag);
}
