using Rewards.Domain;
using Rewards.Domain.Learning;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Learning;

internal sealed record WorkerContent(string Id, string Title, string Kind, string? Url, string? Summary, int Points, int MinSeconds, bool Completed, string? Body = null);

internal sealed record WorkerContentList(IReadOnlyList<WorkerContent> Items);

internal sealed record ViewStarted(string ViewId, string ContentId, int MinSeconds, DateTimeOffset StartedAt, DateTimeOffset CompletableAt);

internal sealed record CompletionOutcome(long Awarded, long Balance, string TxId, string Reason);

/// <summary>Learning: timed views started on the server, completed once per content item within the caps.</summary>
internal sealed class LearningUseCase(AccountsTable accounts, ContentTable content, LedgerWriter writer, TimeProvider clock)
{
    public async Task<Decision<WorkerContentList>> ListAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { OnceStartingWith = Completion.OnceKey("") }, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var items = await content.AllAsync(ct);
        return new WorkerContentList([.. items.Where(i => i.Active).Select(i =>
            new WorkerContent(i.Id, i.Title, i.Kind, i.Url, i.Summary, i.Points, i.MinSeconds, rows.HasOnce(Completion.OnceKey(i.Id)), i.Body))]);
    }

    /// <summary>
    /// The view row and the day's count of lessons started go in one transaction under the day row's ETag, so the
    /// daily limit holds under parallel requests and a refused start writes nothing.
    /// </summary>
    public async Task<Decision<ViewStarted>> StartViewAsync(WorkerPrincipal worker, string contentId, CancellationToken ct)
    {
        if (await content.FindAsync(contentId, ct) is not { Active: true } item)
        {
            return NoContent(contentId);
        }

        var viewId = RowKeys.NewId(clock.GetUtcNow());
        return await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, null, "", new SnapshotQuery { Once = [Completion.OnceKey(contentId)] }),
            read => Completion.Start(read.Snapshot, new View(viewId, item.Id, item.Title, item.Points, item.MinSeconds, read.Now), read.Rules.Rules)
                .Then<Decided<ViewStarted>>(change => change.As(_ => Started((ViewRow)change.Puts[0], read.Rules))),
            ct);
    }

    public Task<Decision<CompletionOutcome>> CompleteAsync(WorkerPrincipal worker, string contentId, string viewId, CancellationToken ct)
    {
        var command = new CompleteView(contentId, viewId);
        return writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, $"view:{viewId}", $"complete:{contentId}", Completion.Query(command)),
            read => Completion.Decide(read.Snapshot, command, read.Rules.Rules, read.Rules.Campaigns, read.Now, read.Rules.LocalNow(read.Now))
                .Then<Decided<CompletionOutcome>>(change => change.As(posted => new CompletionOutcome(posted.Line!.Amount, posted.Account.Balance, posted.Line.TxId, posted.Line.Reason))),
            ct);
    }

    private static ViewStarted Started(ViewRow row, RulesSnapshot rules) =>
        new(row.View.ViewId, row.View.ContentId, row.View.MinSeconds, rules.Local(row.View.StartedAt), rules.Local(row.View.CompletableAt));

    private static Refusal NoContent(string contentId) => new(ProblemCodes.ContentNotFound, $"There is no content '{contentId}'.");
}
