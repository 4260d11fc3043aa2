using QRCoder;
using Rewards.Domain;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Units;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Posters;

internal sealed record Poster(string WorkerId, string DisplayName, string Url, string QrSvg, bool Issued);

internal sealed record PosterPage(string UnitId, string UnitName, IReadOnlyList<Poster> Items, int Issued, string? NextCursor);

/// <summary>
/// A unit's QR posters, a page of workers at a time: each worker's personal link as an SVG QR code made here.
/// A worker without a link gets one (recorded in the directory); one with a link gets a link of the same
/// token version, which is as valid as the first. Printing never raises a version, so it never revokes.
/// </summary>
internal sealed class PosterSheets(WorkersTable directory, AccountsTable accounts, UnitsTable units, WorkerTokens tokens, TimeProvider clock)
{
    public const int PageSize = 48;

    public async Task<Decision<PosterPage>> PageAsync(string unitId, string? continuation, string baseUrl, CancellationToken ct)
    {
        if (await units.GetAsync(unitId, ct) is not { } unit)
        {
            return new Refusal(ProblemCodes.UnitNotFound, $"There is no unit '{unitId}'.");
        }

        var (workers, next) = await directory.ListAsync(unitId, PageSize, continuation, ct);
        var posters = new Poster[workers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, workers.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var worker = workers[i];
            var account = (await accounts.ReadAsync(worker.Id, Domain.Ledger.SnapshotQuery.Nothing, token)).Account;
            var (jwt, _) = tokens.Issue(worker.Id, account?.TokenVersion ?? 1);
            var issued = worker.LinkIssuedAt is null;
            if (issued)
            {
                await directory.MarkLinkedAsync(unitId, worker.Id, clock.GetUtcNow(), token);
            }

            var url = WorkerTokens.Link(baseUrl, jwt);
            posters[i] = new Poster(worker.Id, worker.DisplayName, url, Svg(url), issued);
        });
        return new PosterPage(unit.Id, unit.Name, posters, posters.Count(p => p.Issued), Storage.Cursor.Encode(next));
    }

    private static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
