using Microsoft.Extensions.DependencyInjection;

namespace Rewards.Functions.Activities;

internal static class ActivityServices
{
    public static IServiceCollection AddActivities(this IServiceCollection services) => services
        .AddSingleton<ActivitiesTable>()
        .AddSingleton<CheckInsTable>()
        .AddSingleton<CheckInKey>()
        .AddSingleton<ActivityCatalog>()
        .AddSingleton<CheckInUseCase>()
        .AddSingleton<ActivityReports>()
        .AddSingleton<ActivityReconciliation>()
        .AddSingleton<ScreenLinks>();
}
