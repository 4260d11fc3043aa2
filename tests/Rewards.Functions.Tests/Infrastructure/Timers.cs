using Rewards.DevHost.Hosting;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>Switches off functions with the host's own setting, so a test that moves the clock runs them only when it calls them.</summary>
public static class Timers
{
    /// <summary>Disables every timer trigger the app has, and the named other functions.</summary>
    public static DevHostOptions WithoutTimers(this DevHostOptions options, params string[] alsoDisabled)
    {
        foreach (var name in FunctionCatalog.Discover(options.FunctionAssemblies).Timers.Select(t => t.Name).Concat(alsoDisabled))
        {
            options.Settings[$"AzureWebJobs:{name}:Disabled"] = "true";
        }

        return options;
    }
}
