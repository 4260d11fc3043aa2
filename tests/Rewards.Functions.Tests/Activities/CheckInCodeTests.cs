using Rewards.Domain.Activities;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

/// <summary>The rotating code: an HMAC of the activity and the 30-second step, accepted for its step and the next.</summary>
[Collection(StorageCollection.Name)]
public sealed class CheckInCodeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_code_holds_for_its_30_seconds_and_changes_at_each_step()
    {
        var clock = ActivityApi.ClockAtOpening();
        await using var app = await TestApp.StartAsync(azurite, clock);
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());

        var first = await ActivityApi.ScreenAsync(app, "a-walk");
        clock.Advance(TimeSpan.FromSeconds(29));
        var sameStep = await ActivityApi.ScreenAsync(app, "a-walk");
        var codes = new List<string> { first.Value<string>("code")! };
        for (var step = 1; step <= 4; step++)
        {
            clock.SetUtcNow(ActivityApi.Opening.AddSeconds(30 * step));
            var screen = await ActivityApi.ScreenAsync(app, "a-walk");
            Assert.Equal(ActivityApi.Opening.AddSeconds(30 * (step + 1)), DateTimeOffset.Parse(screen.Value<string>("validUntil")!, System.Globalization.CultureInfo.InvariantCulture));
            codes.Add(screen.Value<string>("code")!);
        }

        Assert.Matches("^[0-9]{6}$", codes[0]);
        Assert.Equal(codes[0], sameStep.Value<string>("code"));
        Assert.EndsWith("+08:00", first.Value<string>("validUntil"), StringComparison.Ordinal);
        Assert.Equal(ActivityApi.Opening.AddSeconds(30), DateTimeOffset.Parse(first.Value<string>("validUntil")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(codes.Zip(codes.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Contains("<svg", first.Value<string>("qr")!, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", first.Value<string>("qr")!.TrimEnd(), StringComparison.Ordinal);

        // The code is what the HMAC under the configured key says, so a screen cannot be faked without the key.
        var key = Convert.FromBase64String(TestApp.CheckInCodeKey);
        Assert.Equal(CheckInCodes.Code(key, "a-walk", ActivityApi.Opening.ToUnixTimeSeconds() / 30), codes[0]);
    }

    [Fact]
    public async Task A_code_one_step_old_is_accepted()
    {
        var clock = ActivityApi.ClockAtOpening();
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());
        var code = await ActivityApi.CodeAsync(app, "a-walk");

        clock.Advance(TimeSpan.FromSeconds(59));
        var (status, body) = await ActivityApi.CheckInAsync(app, worker, "a-walk", code);

        Assert.Equal(201, status);
        Assert.Equal(10, body.Value<long>("awarded"));
        Assert.Equal(10, body.Value<long>("balance"));
    }

    [Fact]
    public async Task A_code_two_steps_old_is_refused_and_changes_nothing()
    {
        var clock = ActivityApi.ClockAtOpening();
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());
        var code = await ActivityApi.CodeAsync(app, "a-walk");

        clock.Advance(TimeSpan.FromSeconds(60));
        var (status, problem) = await ActivityApi.CheckInAsync(app, worker, "a-walk", code);
        var screen = await ActivityApi.ScreenAsync(app, "a-walk");
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);

        Assert.Equal((422, "invalid-code"), (status, problem.Value<string>("code")));
        Assert.Equal(0, screen.Value<long>("checkedIn"));
        Assert.Equal(0, me.Value<long>("balance"));
    }

    [Fact]
    public async Task A_code_of_another_activity_is_refused()
    {
        var clock = ActivityApi.ClockAtOpening();
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk("a-walk"));
        await ActivityApi.CreateAsync(app, ActivityApi.Walk("a-other", title: "工间操", kind: "exercise"));
        var otherCode = await ActivityApi.CodeAsync(app, "a-other");

        var (status, problem) = await ActivityApi.CheckInAsync(app, worker, "a-walk", otherCode);
        var (typo, typoProblem) = await ActivityApi.CheckInAsync(app, worker, "a-walk", "12345");

        Assert.Equal((422, "invalid-code"), (status, problem.Value<string>("code")));
        Assert.Equal((422, "invalid-code"), (typo, typoProblem.Value<string>("code")));
    }

    [Fact]
    public async Task Without_a_check_in_key_there_is_no_code_and_no_check_in()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening(), o => o.Settings["Rewards:CheckInCodeKey"] = "");
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());

        var (screen, screenProblem) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-walk/checkin-code");
        var (checkIn, checkInProblem) = await ActivityApi.CheckInAsync(app, worker, "a-walk", "000000");

        Assert.Equal((503, "check-in-unavailable"), (screen, screenProblem.Value<string>("code")));
        Assert.Equal((503, "check-in-unavailable"), (checkIn, checkInProblem.Value<string>("code")));
    }
}
