using System.Text.Json.Nodes;

namespace Rewards.DevHost.Hosting;

/// <summary>The parts of host.json the DevHost applies, with the Functions host's defaults where host.json is silent.</summary>
public sealed record HostJson(string RoutePrefix, int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, string MessageEncoding)
{
    public static HostJson Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? [];
        var http = root["extensions"]?["http"];
        var queues = root["extensions"]?["queues"];
        return new HostJson(
            RoutePrefix: http?["routePrefix"]?.GetValue<string>() ?? "api",
            BatchSize: Math.Clamp(queues?["batchSize"]?.GetValue<int>() ?? 16, 1, 32),
            MaxDequeueCount: queues?["maxDequeueCount"]?.GetValue<int>() ?? 5,
            VisibilityTimeout: TimeSpan.Parse(queues?["visibilityTimeout"]?.GetValue<string>() ?? "00:00:00", System.Globalization.CultureInfo.InvariantCulture),
            MaxPollingInterval: TimeSpan.Parse(queues?["maxPollingInterval"]?.GetValue<string>() ?? "00:00:02", System.Globalization.CultureInfo.InvariantCulture),
            MessageEncoding: queues?["messageEncoding"]?.GetValue<string>() ?? "base64");
    }
}
