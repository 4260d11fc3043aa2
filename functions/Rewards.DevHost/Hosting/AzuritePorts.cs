using System.Text.Json;

namespace Rewards.DevHost.Hosting;

/// <summary>The three ports of an Azurite (0 = any free port).</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static AzuritePorts? Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<AzuritePorts>(File.ReadAllText(path), JsonSerializerOptions.Web) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonSerializerOptions.Web));
    }
}

/// <summary>The DevHost's own Azurite: data under {state}/azurite, ports kept in {state}/azurite-ports.json across restarts.</summary>
public static class LocalAzurite
{
    /// <summary>
    /// Starts Azurite on the ports it had last time (new free ports if those are taken, remembered from then on),
    /// with its data in the state folder, and keeps it alive: if its process dies it is started again on the same
    /// ports with the same data.
    /// </summary>
    public static async Task<Azurite> StartAsync(string repositoryRoot, string state, ILogger log, CancellationToken ct = default)
    {
        var file = Path.Combine(state, "azurite-ports.json");
        var location = Path.Combine(state, "azurite");
        var saved = AzuritePorts.Load(file);
        Azurite azurite;
        try
        {
            azurite = await Azurite.StartAsync(repositoryRoot, location, saved, ct);
        }
        catch (InvalidOperationException e) when (saved is not null)
        {
            log.LogWarning(e, "Azurite could not listen on its usual ports {Ports}; taking free ones", saved);
            azurite = await Azurite.StartAsync(repositoryRoot, location, ports: null, ct);
        }

        azurite.Ports.Save(file);
        azurite.KeepAlive(log);
        return azurite;
    }
}
