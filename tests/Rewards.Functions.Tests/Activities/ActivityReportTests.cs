using System.Text;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

/// <summary>The participation report (人次 and 人) against a scripted workload of check-ins and refusals.</summary>
[Collection(StorageCollection.Name)]
public sealed class ActivityReportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_report_counts_participations_and_distinct_workers_per_activity_unit_and_kind()
    {
        var clock = ActivityApi.ClockAtOpening();
        await using var app = await TestApp.StartAsync(azurite, clock);
        var a = await ActivityApi.WorkersAsync(app, 3, "unit-a", "a");
        var b = await ActivityApi.WorkersAsync(app, 2, "unit-b", "b");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk("walk", unitIds: ["unit-a", "unit-b"]));
        await ActivityApi.CreateAsync(app, ActivityApi.Walk("station", title: "心灵驿站", kind: "wellbeing", unitIds: ["unit-a"], capacity: 2));
        await ActivityApi.CreateAsync(app, new
        {
            id = "lecture", title = "=HYPERLINK(\"http://evil\")讲座", kind = "lecture", place = "礼堂", unitIds = Array.Empty<string>(),
            startsAt = "2026-05-26T09:00:00", endsAt = "2026-05-26T10:00:00", checkInOpensAt = "2026-05-26T08:30:00", checkInClosesAt = "2026-05-26T10:00:00", points = 3,
        });

        // The script: (activity, worker) in order; refusals (not invited, full, repeats, a bad code) must not count.
        var walk = await ActivityApi.CodeAsync(app, "walk");
        var station = await ActivityApi.CodeAsync(app, "station");
        var script = new (string Activity, string Worker, string Token, string Code)[]
        {
            ("walk", "a-0000", a[0], walk), ("walk", "a-0001", a[1], walk), ("walk", "b-0000", b[0], walk), ("walk", "a-0000", a[0], walk),
            ("station", "a-0000", a[0], station), ("station", "b-0001", b[1], station), ("station", "a-0002", a[2], station),
            ("station", "a-0001", a[1], station), ("walk", "b-0001", b[1], "999999"),
        };
        var counted = new List<(string Activity, string Worker)>();
        foreach (var (activity, worker, token, code) in script)
        {
            var (status, body) = await ActivityApi.CheckInAsync(app, token, activity, code);
            if (status == 201 && !counted.Contains((activity, worker)))
            {
                counted.Add((activity, worker));
            }
        }

        clock.SetUtcNow(new DateTimeOffset(2026, 5, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(201, (await ActivityApi.CheckInAsync(app, a[1], "lecture", await ActivityApi.CodeAsync(app, "lecture"))).Status);

        var (_, day) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities?from=2026-05-25&to=2026-05-25");
        var (_, unitA) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities?from=2026-05-25&to=2026-05-26&unitId=unit-a");
        using var csvResponse = await app.Http.SendAsync(app.Request(HttpMethod.Get, "/api/admin/reports/activities?from=2026-05-25&to=2026-05-26&format=csv"));
        var csv = await csvResponse.Content.ReadAsByteArrayAsync();

        // The day of the 25th: what the script's successful check-ins say.
        Assert.Equal([("walk", "a-0000"), ("walk", "a-0001"), ("walk", "b-0000"), ("station", "a-0000"), ("station", "a-0002")], counted);
        Assert.Equal((5L, 4L), Pair(day["total"]!));
        Assert.Equal([("station", 2L), ("walk", 3L)], day["byActivity"]!.Select(r => (r.Value<string>("id")!, r.Value<long>("participations"))));
        Assert.Equal([("unit-a", 4L, 3L), ("unit-b", 1L, 1L)], day["byUnit"]!.Select(r => (r.Value<string>("unitId")!, r.Value<long>("participations"), r.Value<long>("workers"))));
        Assert.Equal([("walk", 3L, 3L), ("wellbeing", 2L, 2L)], day["byKind"]!.Select(r => (r.Value<string>("kind")!, r.Value<long>("participations"), r.Value<long>("workers"))));

        // Two days, unit-a only: a-0001 went to the walk and the lecture, one 人 and two 人次.
        Assert.Equal((5L, 3L), Pair(unitA["total"]!));
        Assert.Equal([("unit-a", 5L, 3L)], unitA["byUnit"]!.Select(r => (r.Value<string>("unitId")!, r.Value<long>("participations"), r.Value<long>("workers"))));

        Assert.Equal("text/csv; charset=utf-8", csvResponse.Content.Headers.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("scope,id,name,kind,participations,workers", lines[0]);
        Assert.Contains("activity,lecture,\"'=HYPERLINK(\"\"http://evil\"\")讲座\",lecture,1,1", lines);
        Assert.Contains("kind,wellbeing,心灵驿站,wellbeing,2,2", lines);
        Assert.Equal("total,,,,6,4", lines[^1]);
    }

    [Fact]
    public async Task Bad_report_parameters_are_refused()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (format, formatProblem) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities?format=xlsx");
        var (order, orderProblem) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities?from=2026-06-01&to=2026-05-01");
        var (date, dateProblem) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities?from=25/05/2026");

        Assert.Equal((400, "validation-failed"), (format, formatProblem.Value<string>("code")));
        Assert.NotNull(formatProblem["errors"]!["format"]);
        Assert.NotNull(orderProblem["errors"]!["from"]);
        Assert.Equal(400, order);
        Assert.NotNull(dateProblem["errors"]!["from"]);
        Assert.Equal(400, date);
    }

    private static (long, long) Pair(JToken total) => (total.Value<long>("participations"), total.Value<long>("workers"));
}
