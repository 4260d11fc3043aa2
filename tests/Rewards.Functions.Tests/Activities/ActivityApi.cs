using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

/// <summary>Activities and check-ins through the HTTP API, for the tests.</summary>
public static class ActivityApi
{
    /// <summary>07:30 on the 5·25 health day in Shanghai: the check-in of <see cref="Walk"/> opens, and a 30-second step begins.</summary>
    public static readonly DateTimeOffset Opening = new(2026, 5, 25, 7, 30, 0, TimeSpan.FromHours(8));

    public static FakeTimeProvider ClockAtOpening() => new(Opening);

    public static object Walk(string id = "a-walk", int points = 10, int? capacity = null, string[]? unitIds = null, string title = "5·25 健步走", string kind = "walk") => new
    {
        id,
        title,
        kind,
        place = "念坛公园东门",
        unitIds = unitIds ?? [],
        startsAt = "2026-05-25T08:00:00",
        endsAt = "2026-05-25T11:00:00",
        checkInOpensAt = "2026-05-25T07:30:00",
        checkInClosesAt = "2026-05-25T10:00:00",
        points,
        capacity,
    };

    public static async Task CreateAsync(TestApp app, object activity)
    {
        var (status, body) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities", json: activity);
        Assert.True(status == 201, $"creating the activity answered {status}: {body}");
    }

    public static async Task<JObject> ScreenAsync(TestApp app, string id)
    {
        var (status, body) = await RawAsync(app, HttpMethod.Get, $"/api/admin/activities/{id}/checkin-code");
        Assert.True(status == 200, $"the check-in code answered {status}: {body}");
        return body;
    }

    /// <summary>Like <see cref="TestApp.SendAsync(HttpMethod, string, string?, object?, string?)"/>, but times stay the text the API sent.</summary>
    public static async Task<(int Status, JObject Body)> RawAsync(TestApp app, HttpMethod method, string path, object? json = null)
    {
        using var response = await app.Http.SendAsync(app.Request(method, path, json: json));
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(await response.Content.ReadAsStringAsync())) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        return ((int)response.StatusCode, JObject.Load(reader));
    }

    public static async Task<string> CodeAsync(TestApp app, string id) => (await ScreenAsync(app, id)).Value<string>("code")!;

    public static Task<(int Status, JObject Body)> CheckInAsync(TestApp app, string token, string id, string code) =>
        app.SendAsync(HttpMethod.Post, $"/api/activities/{id}/checkins", token, new { code });

    /// <summary>Workers w-0000… of one unit, imported as CSV in one call, each with a fresh link; their tokens.</summary>
    public static async Task<string[]> WorkersAsync(TestApp app, int count, string unit = "unit-a", string prefix = "w")
    {
        // The import takes only units the Units table knows (or that already have members); 409 when it is there already.
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = unit, name = unit });
        var csv = "id,displayName,unitId\n" + string.Join('\n', Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D4},职工{i},{unit}"));
        using var import = app.Request(HttpMethod.Post, "/api/admin/workers");
        import.Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var (imported, report) = await app.SendAsync(import);
        Assert.True(imported == 200 && report.Value<int>("created") == count, $"import answered {imported}: {report}");
        var tokens = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (status, link) = await app.SendAsync(HttpMethod.Post, $"/api/admin/workers/{prefix}-{i:D4}/link");
            Assert.Equal(200, status);
            tokens[i] = link.Value<string>("token")!;
        });
        return tokens;
    }
}
