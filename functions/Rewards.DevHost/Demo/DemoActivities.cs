using Rewards.Domain.Activities;
using Rewards.Functions.Activities;
using Rewards.Functions.Rules;

namespace Rewards.DevHost.Demo;

/// <summary>
/// The demo's offline activities: a 健步走 on the next 5·25 health day (double points: the health day covers
/// "activity"), and a 心灵驿站 session whose check-in is open from the day of seeding for a week, so the printed
/// check-in screen works at once.
/// </summary>
internal static class DemoActivities
{
    public const string WellbeingId = "a-wellbeing";
    public const string WalkId = "a-525-walk";
    public const string CheckInScreen = $"/console/activities/{WellbeingId}/checkin";

    public static async Task SeedAsync(IServiceProvider services, DateTime healthDay, CancellationToken ct)
    {
        var catalog = services.GetRequiredService<ActivityCatalog>();
        var snapshot = await services.GetRequiredService<RulesStore>().GetAsync(ct);
        var today = snapshot.LocalNow(services.GetRequiredService<TimeProvider>().GetUtcNow()).Date;
        await catalog.CreateAsync(
            new Activity(WalkId, "5·25 职工健康日健步走", "walk", "大兴区念坛公园东门", [], healthDay.AddHours(8), healthDay.AddHours(11), healthDay.AddHours(7.5), healthDay.AddHours(10), 10, 300),
            ct);
        await catalog.CreateAsync(
            new Activity(WellbeingId, "职工心灵驿站·减压团体辅导", "wellbeing", "黄村职工之家心灵驿站", ["daxing-pharma", "huangcun-build"], today.AddHours(14), today.AddDays(7).AddHours(16), today, today.AddDays(7).AddHours(18), 5, 30),
            ct);
    }
}
