using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Domain.Sharing;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Learning;

namespace Rewards.Functions.Sharing;

internal sealed record ShareCreated(string Code, string Url, string ContentId);

internal sealed record ShareView(string Code, string ContentId, string Title, string Kind, string? Url, string? Summary, string SharedBy);

internal sealed record OpenResult(bool Credited, string? Reason);

/// <summary>A share link counted against the day's limit: the links of today so far.</summary>
internal sealed record LinkCounted(int Today);

/// <summary>Sharing: a worker shares content; colleagues who open it while signed in earn the sharer points, once each.</summary>
internal sealed class SharingUseCase(SharesTable shares, ContentTable content, AccountsTable accounts, LedgerWriter writer, Rules.RulesStore rules, TimeProvider clock, ILogger<SharingUseCase> log)
{
    public async Task<Decision<ShareCreated>> CreateAsync(WorkerPrincipal worker, string contentId, string baseUrl, CancellationToken ct)
    {
        if (await content.FindAsync(contentId, ct) is not { Active: true })
        {
            return new Refusal(ProblemCodes.ContentNotFound, $"There is no content '{contentId}'.");
        }

        // Counted in the worker's day row under its ETag before the share row is written: past the daily limit
        // nothing is written at all. (A crash between the two costs the worker one link of the day, never a row.)
        var counted = await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, null, "", SnapshotQuery.Nothing),
            read => RowLimits.Refuse(LedgerKinds.Share, "created a share link", read.Today, read.Rules.Rules) is { } refusal
                ? refusal
                : new LedgerChange { CountsAttemptOf = LedgerKinds.Share }.As(_ => new LinkCounted(read.Today.AttemptsOf(LedgerKinds.Share) + 1)),
            ct);
        if (counted.IsRefused)
        {
            return counted.Refusal!;
        }

        var share = await shares.CreateAsync(worker.WorkerId, contentId, clock.GetUtcNow(), ct);
        return new ShareCreated(share.Code, $"{baseUrl.TrimEnd('/')}/s/{share.Code}", contentId);
    }

    public async Task<Decision<ShareView>> ViewAsync(string code, CancellationToken ct)
    {
        if (await shares.FindAsync(code, ct) is not { } share || await content.FindAsync(share.ContentId, ct) is not { } item)
        {
            return NoShare(code);
        }

        var sharer = (await accounts.ReadAsync(share.SharerId, SnapshotQuery.Nothing, ct)).Account;
        // A worker who chose to be anonymous on the boards is anonymous here too.
        var name = sharer is null ? "" : sharer.Anonymous ? "匿名" : sharer.DisplayName;
        return new ShareView(code, item.Id, item.Title, item.Kind, item.Url, item.Summary, name);
    }

    /// <summary>
    /// Records an open. Anonymous opens are only counted. A signed-in opener (whose token must still be valid)
    /// credits the sharer once, in the sharer's partition, under the marker once|share:{code}:{opener}.
    /// </summary>
    public async Task<Decision<OpenResult>> OpenAsync(WorkerPrincipal? opener, string code, CancellationToken ct)
    {
        if (await shares.FindAsync(code, ct) is not { } share)
        {
            return NoShare(code);
        }

        if (opener is null)
        {
            await shares.CountOpenAsync(code, anonymous: true, credited: false, ct);
            return new OpenResult(false, "anonymous");
        }

        if ((await accounts.ReadAsync(opener.WorkerId, SnapshotQuery.Nothing, ct)).Refusal(opener) is { } refusal)
        {
            return refusal;
        }

        var title = (await content.FindAsync(share.ContentId, ct))?.Title ?? share.ContentId;
        var marker = $"share:{code}:{opener.WorkerId}";
        var pair = $"share-pair:{opener.WorkerId}:{ShareCredits.Week((await rules.GetAsync(ct)).Today(clock.GetUtcNow()))}";
        var result = await writer.WriteAsync(
            new LedgerCommand(share.SharerId, null, null, "", new SnapshotQuery { Once = [marker, pair] }),
            read =>
            {
                var already = read.Snapshot.HasOnce(marker) || read.Snapshot.HasOnce(pair);
                var credit = ShareCredits.Decide(share.SharerId, opener.WorkerId, already, title, code, read.Today, read.Rules.Rules, read.Rules.Campaigns, read.Rules.LocalNow(read.Now));
                return (credit.Credited ? new LedgerChange { Posting = credit.Posting, Once = [marker, pair] } : LedgerChange.None)
                    .As(posted => new OpenResult(posted.Line is not null, credit.Why));
            },
            ct);
        if (!result.IsRefused)
        {
            // The count is for reports, and the credit may already be committed: a count that fails is logged,
            // never reported to the opener as a failed open.
            try
            {
                await shares.CountOpenAsync(code, anonymous: false, credited: result.Value!.Credited, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not count an open of share {Code} by {WorkerId}", code, opener.WorkerId);
            }
        }

        return result;
    }

    private static Refusal NoShare(string code) => new(ProblemCodes.ShareNotFound, $"There is no share '{code}'.");
}
