using Rewards.DevHost.Demo;

namespace Rewards.DevHost.Hosting;

/// <summary>What the DevHost prints once it serves. An admin key appears only when the DevHost made it: a configured one is never echoed.</summary>
internal static class Banner
{
    public static string Text(string baseUrl, DemoInfo? demo, string? generatedAdminKey)
    {
        var lines = new List<string> { "", $"Ankang Rewards is running at {baseUrl}" };
        lines.Add(demo switch
        {
            null => "  Storage from AzureWebJobsStorage: no demo data is written there.",
            { Seeded: true } => "  Seeded the demo program (安康杯 demo).",
            _ => "  Demo data was already there.",
        });
        if (demo?.WorkerLink is { } link)
        {
            lines.Add($"  Worker link ({demo.WorkerName}): {link}");
        }

        lines.Add($"  Admin console: {baseUrl}/console");
        if (demo is not null)
        {
            lines.Add($"  Check-in screen (心灵驿站, its own screen link): {demo.CheckInScreen}");
            lines.Add($"  Partner portal: {baseUrl}/partner  key: {demo.PartnerKey ?? "(shown when the partner was created)"}");
        }

        if (generatedAdminKey is not null)
        {
            lines.Add($"  Admin key:   {generatedAdminKey}");
            lines.Add($"  Try:         curl -H \"Authorization: Bearer {generatedAdminKey}\" {baseUrl}/api/admin/workers");
            lines.Add("These credentials are for the local demo only (.rewards/dev-secrets.json). Press Ctrl+C to stop.");
        }
        else
        {
            lines.Add("  Admin key:   the one configured in Rewards:AdminKeys (not shown).");
            lines.Add("Press Ctrl+C to stop.");
        }

        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }
}
