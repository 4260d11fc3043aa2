using Microsoft.Extensions.DependencyInjection;

namespace Rewards.Functions.Hazards;

internal static class HazardServices
{
    public static IServiceCollection AddHazards(this IServiceCollection services) => services
        .AddSingleton<PhotoStore>()
        .AddSingleton<HazardsTable>()
        .AddSingleton<HazardSync>()
        .AddSingleton<HazardSubmission>()
        .AddSingleton<HazardReview>()
        .AddSingleton<HazardProcessing>()
        .AddSingleton<HazardQueries>();
}
