using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Rewards.Functions;

public static class RewardsServices
{
    public static IServiceCollection AddRewards(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
