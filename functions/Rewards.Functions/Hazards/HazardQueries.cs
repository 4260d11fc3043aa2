using Rewards.Domain;
using Rewards.Domain.Hazards;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>A photo to stream; <see cref="StandIn"/> when it is the full copy standing in for a thumbnail not made yet (so not to be cached).</summary>
internal sealed record PhotoBlob(Stream Content, bool StandIn);

/// <summary>
/// Reads of reports: a worker's own (one query of their partition; another worker's report is simply not in
/// it, so 404), the review list and a unit's backlog from the index, and the photos for the reporter or an admin.
/// </summary>
internal sealed class HazardQueries(AccountsTable accounts, HazardsTable index, PhotoStore photos, RulesStore rules, TimeProvider clock)
{
    public async Task<Decision<MyHazards>> MineAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { Day = today, AllReports = true }, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var reports = rows.Rows.OfType<ReportRow>().Select(r => r.Report).OrderByDescending(r => r.Id, StringComparer.Ordinal);
        return new MyHazards(
            [.. reports.Select(r => HazardView.Of(r, snapshot))],
            snapshot.Rules.HazardTerms().Categories,
            rows.Today.AttemptsOf(LedgerKinds.Hazard),
            snapshot.Rules.RuleFor(LedgerKinds.Hazard).AttemptsPerDay);
    }

    public async Task<Decision<HazardView>> GetAsync(WorkerPrincipal worker, string id, CancellationToken ct)
    {
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { Reports = [id] }, ct);
        return rows.Refusal(worker) is { } refusal ? refusal
            : rows.Report(id) is { } row ? HazardView.Of(row.Report, await rules.GetAsync(ct))
            : NotFound(id);
    }

    /// <summary>The photo for its reporter (<paramref name="worker"/>) or for an admin (null): thumb (the full copy until the thumbnail is made), full, or the after-photo.</summary>
    public async Task<Decision<PhotoBlob>> PhotoAsync(WorkerPrincipal? worker, string id, string size, CancellationToken ct)
    {
        var workerId = worker?.WorkerId ?? (await index.FindAsync(id, ct))?.WorkerId;
        if (workerId is null)
        {
            return NotFound(id);
        }

        var rows = await accounts.ReadAsync(workerId, new SnapshotQuery { Reports = [id] }, ct);
        if (worker is not null && rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        if (rows.Report(id) is not { } row)
        {
            return NotFound(id);
        }

        var report = row.Report;
        var photo = row.Photo;
        var name = size switch
        {
            "thumb" when report.Processed => PhotoStore.ThumbOf(photo),
            "after" => row.AfterPhoto,
            _ => photo,
        };
        return name is not null && await photos.OpenAsync(name, ct) is { } stream
            ? new PhotoBlob(stream, size == "thumb" && !report.Processed)
            : new Refusal(ProblemCodes.PhotoNotFound, $"Report '{id}' has no {size} photo.");
    }

    public async Task<Decision<HazardPage>> ListAsync(string? status, string? unitId, int limit, string? continuation, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var (items, next) = await index.ListAsync(status, unitId, limit, continuation, ct);
        return new HazardPage(
            [.. items.Select(i => new HazardListItem(
                i.Report.Id, i.Report.WorkerId, i.DisplayName, i.Report.UnitId, i.Report.Category, i.Report.Place, i.Report.Description, i.Report.Status,
                i.Report.Severity, i.Report.Points, snapshot.Local(i.Report.SubmittedAt), HazardView.Links(i.Report.Id, false).Thumb, i.Report.Duplicates ?? []))],
            Cursor.Encode(next));
    }

    public async Task<Decision<UnitBacklog>> BacklogAsync(string unitId, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var now = clock.GetUtcNow();
        var open = (await index.OpenAsync(unitId, ct)).Select(i => i.Report).OrderBy(r => r.SubmittedAt).Select(r => new OpenHazard(
            r.Id, r.Status, r.Severity, r.Category, r.Place, snapshot.Local(r.SubmittedAt),
            r.History.LastOrDefault(s => s.Status == HazardStatus.Accepted) is { } accepted ? snapshot.Local(accepted.At) : null,
            Math.Round((now - r.SubmittedAt).TotalDays, 1))).ToList();
        return new UnitBacklog(unitId, open.Count, open);
    }

    private static Refusal NotFound(string id) => new(HazardCodes.HazardNotFound, $"There is no hazard report '{id}' of yours.");
}
