using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Domain.Sharing;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Learning;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Sharing;

internal sealed record ShareCreated(string Code, string Url, string ContentId);

internal sealed record ShareView(string Code, string ContentId, string Title, string Kind, string? Url, string? Summary, string SharedBy);

internal sealed record OpenResult(bool Credited, string? Reason);

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
        var counted = await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var snapshot = await rules.GetAsync(token);
            var today = snapshot.Today(clock.GetUtcNow());
            var dayKey = RowKeys.Day(LocalDay.Key(today));
            var rows = await accounts.ReadAsync(worker.WorkerId, [RowKeys.Account, dayKey], token);
            var tally = AccountRow.Day(rows.Row(dayKey), today);
            if ((rows.Refusal(worker) ?? RowLimits.Refuse(LedgerKinds.Share, "created a share link", tally, snapshot.Rules)) is { } refusal)
            {
                return refusal;
            }

            await accounts.CommitAsync([AccountRow.DayAttempts(worker.WorkerId, rows.Row(dayKey), tally.AddAttempt(LedgerKinds.Share), LedgerKinds.Share)], token);
            return (Refusal?)null;
        }, ct);
        if (counted is { } limited)
        {
            return limited;
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

        var sharer = await accounts.AccountAsync(share.SharerId, ct);
        // A worker who chose to be anonymous on the boards is anonymous here too.
        var name = sharer is null ? "" : sharer.GetBoolean("Anonymous") == true ? "匿名" : AccountRow.DisplayName(sharer);
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

        if ((await accounts.ReadAsync(opener.WorkerId, [RowKeys.Account], ct)).Refusal(opener) is { } refusal)
        {
            return refusal;
        }

        var title = (await content.FindAsync(share.ContentId, ct))?.Title ?? share.ContentId;
        var marker = $"share:{code}:{opener.WorkerId}";
        var pair = $"share-pair:{opener.WorkerId}:{ShareCredits.Week((await rules.GetAsync(ct)).Today(clock.GetUtcNow()))}";
        string? why = null;
        var result = await writer.WriteAsync(
            new LedgerCommand(share.SharerId, null, null, "", [RowKeys.Once(marker), RowKeys.Once(pair)]),
            read =>
            {
                var already = read.Rows.Has(RowKeys.Once(marker)) || read.Rows.Has(RowKeys.Once(pair));
                var credit = ShareCredits.Decide(share.SharerId, opener.WorkerId, already, title, code, read.Today, read.Rules.Rules, read.Rules.Campaigns, read.Rules.LocalNow(read.Now));
                why = credit.Why;
                return credit.Credited ? new LedgerChange(credit.Posting, [marker, pair], []) : LedgerChange.None;
            },
            (line, _, _) => new OpenResult(line is not null, why),
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
