using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Rewards.DevHost.Hosting;

public sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods);

public sealed record QueueFunction(string Name, MethodInfo Method, string QueueName);

public sealed record TimerFunction(string Name, MethodInfo Method, string Schedule, bool RunOnStartup);

/// <summary>The [Function] methods of the given assemblies and their triggers, found the way the worker SDK's metadata finds them.</summary>
public sealed record FunctionCatalog(IReadOnlyList<HttpFunction> Http, IReadOnlyList<QueueFunction> Queues, IReadOnlyList<TimerFunction> Timers)
{
    /// <summary>Leaves out functions disabled with the host's own app setting, AzureWebJobs.{Name}.Disabled = true.</summary>
    public FunctionCatalog Without(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        bool Enabled(string name) => !string.Equals(configuration[$"AzureWebJobs:{name}:Disabled"] ?? configuration[$"AzureWebJobs.{name}.Disabled"], "true", StringComparison.OrdinalIgnoreCase);
        return new FunctionCatalog([.. Http.Where(f => Enabled(f.Name))], [.. Queues.Where(f => Enabled(f.Name))], [.. Timers.Where(f => Enabled(f.Name))]);
    }

    public static FunctionCatalog Discover(IEnumerable<Assembly> assemblies)
    {
        List<HttpFunction> http = [];
        List<QueueFunction> queues = [];
        List<TimerFunction> timers = [];
        var methods = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));
        foreach (var method in methods)
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            foreach (var parameter in method.GetParameters())
            {
                if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } h)
                {
                    http.Add(new HttpFunction(function.Name, method, h.Route ?? function.Name, h.Methods?.Select(m => m.ToUpperInvariant()).ToList() ?? ["GET", "POST"]));
                }
                else if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } q)
                {
                    queues.Add(new QueueFunction(function.Name, method, q.QueueName));
                }
                else if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } t)
                {
                    timers.Add(new TimerFunction(function.Name, method, t.Schedule, t.RunOnStartup));
                }
            }
        }

        return new FunctionCatalog(http, queues, timers);
    }
}
