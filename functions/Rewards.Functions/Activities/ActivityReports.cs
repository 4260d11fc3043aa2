using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Rewards.Domain.Activities;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Activities;

/// <summary>Participations (人次) and distinct workers (人) in one group of check-ins.</summary>
internal sealed record Participation(long Participations, long Workers);

internal sealed record ActivityRow(string Id, string Title, string Kind, string KindName, string StartsAt, long Participations, long Workers);

internal sealed record UnitRow(string UnitId, long Participations, long Workers);

internal sealed record KindRow(string Kind, string KindName, long Participations, long Workers);

/// <summary>What the union reports: check-ins of a period per activity, per unit and per kind, and in total.</summary>
internal sealed record ActivityReport(string From, string To, string? UnitId, Participation Total, IReadOnlyList<ActivityRow> ByActivity, IReadOnlyList<UnitRow> ByUnit, IReadOnlyList<KindRow> ByKind);

/// <summary>
/// Counts check-ins for the participation report. It reads the check-ins of the activities whose check-in window
/// meets the period (one partition each) and counts those made within it, in the program's local days. A worker
/// checks in to an activity at most once, so per activity 人次 = 人; per unit and kind a worker at several
/// activities is one 人 and several 人次.
/// </summary>
internal sealed class ActivityReports(ActivitiesTable activities, CheckInsTable checkIns)
{
    public static IReadOnlyList<string> CsvColumns { get; } = ["scope", "id", "name", "kind", "participations", "workers"];

    public async Task<ActivityReport> CountAsync(DateOnly from, DateOnly to, string? unitId, RulesSnapshot snapshot, CancellationToken ct)
    {
        var (start, end) = (from.ToDateTime(TimeOnly.MinValue), to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var byActivity = new List<ActivityRow>();
        var units = new Dictionary<string, (long Times, HashSet<string> Workers)>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, (long Times, HashSet<string> Workers)>(StringComparer.Ordinal);
        var everyone = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var activity in (await activities.AllAsync(ct)).Where(a => a.CheckInOpens < end && a.CheckInCloses > start))
        {
            long here = 0;
            await foreach (var seat in checkIns.SeatsAsync(activity.Id, ct))
            {
                var local = snapshot.LocalNow(seat.At);
                if (local < start || local >= end || (unitId is not null && seat.UnitId != unitId))
                {
                    continue;
                }

                here++;
                Count(units, seat.UnitId, seat.WorkerId);
                Count(kinds, activity.Kind, seat.WorkerId);
                everyone.Add(seat.WorkerId);
            }

            total += here;
            byActivity.Add(new ActivityRow(activity.Id, activity.Title, activity.Kind, ActivityKinds.Chinese(activity.Kind), ActivityView.Local(activity.Starts), here, here));
        }

        return new ActivityReport(
            Day(from),
            Day(to),
            unitId,
            new Participation(total, everyone.Count),
            byActivity,
            [.. units.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new UnitRow(u.Key, u.Value.Times, u.Value.Workers.Count))],
            [.. ActivityKinds.All.Where(kinds.ContainsKey).Select(k => new KindRow(k, ActivityKinds.Chinese(k), kinds[k].Times, kinds[k].Workers.Count))]);
    }

    /// <summary>
    /// The report as one CSV table (CsvHelper): a row per activity, unit and kind, then the total. UTF-8 with a BOM, for
    /// Excel in a Chinese locale; a cell that a spreadsheet would run as a formula (an admin's title "=…") is escaped.
    /// </summary>
    public static byte[] Csv(ActivityReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var column in CsvColumns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            IEnumerable<object[]> rows =
            [
                .. report.ByActivity.Select(a => new object[] { "activity", a.Id, a.Title, a.Kind, a.Participations, a.Workers }),
                .. report.ByUnit.Select(u => new object[] { "unit", u.UnitId, u.UnitId, "", u.Participations, u.Workers }),
                .. report.ByKind.Select(k => new object[] { "kind", k.Kind, k.KindName, k.Kind, k.Participations, k.Workers }),
                ["total", "", "", "", report.Total.Participations, report.Total.Workers],
            ];
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(Convert.ToString(cell, CultureInfo.InvariantCulture));
                }

                csv.NextRecord();
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Count(Dictionary<string, (long Times, HashSet<string> Workers)> groups, string key, string workerId)
    {
        if (!groups.TryGetValue(key, out var group))
        {
            group = (0, new HashSet<string>(StringComparer.Ordinal));
        }

        group.Workers.Add(workerId);
        groups[key] = (group.Times + 1, group.Workers);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
