using System.Text.Json.Nodes;

namespace Rewards.Infra.Tests;

/// <summary>
/// What the compiled ARM template must say, as a list of failures (empty when it is right), so that a test can
/// also prove each check fails on a template that breaks it.
/// </summary>
internal static class TemplateChecks
{
    public static readonly Dictionary<string, string> Roles = new()
    {
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
    };

    /// <summary>Every resource of the template and of its nested module deployments.</summary>
    public static List<JsonObject> Resources(JsonNode template)
    {
        var found = new List<JsonObject>();
        void Walk(JsonNode? t)
        {
            var resources = t?["resources"];
            var list = resources is JsonArray array ? array.OfType<JsonObject>() : resources is JsonObject map ? map.Select(p => p.Value).OfType<JsonObject>() : [];
            foreach (var r in list)
            {
                found.Add(r);
                Walk(r["properties"]?["template"]);
            }
        }

        Walk(template);
        return found;
    }

    public static List<string> Failures(JsonNode template, IEnumerable<string> appTables, IEnumerable<string> appQueues)
    {
        var failures = new List<string>();
        var resources = Resources(template);
        JsonObject? One(string type) => resources.FirstOrDefault(r => (string?)r["type"] == type);
        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                failures.Add(what);
            }
        }

        var plan = One("Microsoft.Web/serverfarms");
        Expect((string?)plan?["sku"]?["name"] == "FC1" && (string?)plan?["sku"]?["tier"] == "FlexConsumption" && (bool?)plan?["properties"]?["reserved"] == true, "a Flex Consumption (FC1) plan");

        var site = One("Microsoft.Web/sites");
        var props = site?["properties"];
        Expect((string?)site?["kind"] == "functionapp,linux", "a Linux function app");
        Expect((bool?)props?["httpsOnly"] == true, "HTTPS only");
        Expect((string?)props?["siteConfig"]?["minTlsVersion"] == "1.2", "minimum TLS 1.2");
        Expect((string?)props?["siteConfig"]?["ftpsState"] == "Disabled", "FTP disabled");
        Expect(resources.Count(r => (string?)r["type"] == "Microsoft.Web/sites/basicPublishingCredentialsPolicies" && (bool?)r["properties"]?["allow"] == false) == 2, "FTP and SCM basic auth off");
        Expect((string?)props?["functionAppConfig"]?["runtime"]?["name"] == "dotnet-isolated" && (string?)props?["functionAppConfig"]?["runtime"]?["version"] == "10.0", "runtime dotnet-isolated 10.0");
        Expect(props?["functionAppConfig"]?["scaleAndConcurrency"]?["instanceMemoryMB"] is not null && props?["functionAppConfig"]?["scaleAndConcurrency"]?["maximumInstanceCount"] is not null, "instance memory and maximum instances set");
        Expect((string?)site?["identity"]?["type"] == "UserAssigned", "the app runs as the user-assigned identity");
        Expect(props?["functionAppConfig"]?["deployment"]?["storage"]?["authentication"]?["type"]?.ToString() == "UserAssignedIdentity", "deployment storage reached with the identity");

        var settings = (props?["siteConfig"]?["appSettings"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(s => (string)s["name"]!, s => s["value"]?.ToString() ?? "");
        Expect(settings.GetValueOrDefault("AzureWebJobsStorage__credential") == "managedidentity", "AzureWebJobsStorage__credential=managedidentity");
        foreach (var key in new[] { "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri" })
        {
            Expect(settings.ContainsKey(key), key);
        }

        Expect(!settings.ContainsKey("AzureWebJobsStorage"), "no storage connection string");
        Expect(settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")?.Contains("Authorization=AAD", StringComparison.Ordinal) == true, "Application Insights with Entra ID auth");
        foreach (var secret in new[] { "Rewards__AdminKeys__0", "Rewards__LinkSigningKeys__k1", "Rewards__PartnerWebhookSecret" })
        {
            Expect(settings.GetValueOrDefault(secret)?.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal) == true, $"{secret} is a Key Vault reference");
        }

        Expect(One("Microsoft.ManagedIdentity/userAssignedIdentities") is not null, "a user-assigned identity");

        var storage = One("Microsoft.Storage/storageAccounts")?["properties"];
        Expect((bool?)storage?["allowSharedKeyAccess"] == false, "allowSharedKeyAccess: false");
        Expect((bool?)storage?["allowBlobPublicAccess"] == false, "allowBlobPublicAccess: false");
        var tables = resources.Where(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/tableServices/tables").ToList();
        var declaredTables = Declared(template, "tables");
        Expect(appTables.All(declaredTables.Contains) && tables.Count > 0, $"every table the app uses ({string.Join(", ", appTables.Except(declaredTables))} missing)");
        var declaredQueues = Declared(template, "queues");
        Expect(appQueues.All(declaredQueues.Contains), $"every queue the app uses ({string.Join(", ", appQueues.Except(declaredQueues))} missing)");
        Expect(resources.Any(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/blobServices/containers" && r["name"]?.ToString().Contains("photosContainer", StringComparison.Ordinal) == true), "a blob container for hazard photos");

        Expect((bool?)One("Microsoft.OperationalInsights/workspaces")?["properties"]?["features"]?["disableLocalAuth"] == true, "Log Analytics without local auth");
        Expect((bool?)One("Microsoft.Insights/components")?["properties"]?["DisableLocalAuth"] == true, "Application Insights without local auth");
        Expect((bool?)One("Microsoft.KeyVault/vaults")?["properties"]?["enableRbacAuthorization"] == true, "Key Vault in RBAC mode");
        Expect(resources.Count(r => (string?)r["type"] == "Microsoft.KeyVault/vaults/secrets") >= 2, "Key Vault holds the link-signing key and the partner webhook secret");

        // Role ids may sit in a module's variables: look in every template that assigns roles.
        var assignments = string.Join('\n', Templates(template)
            .Where(t => Resources(t).Any(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments"))
            .Select(t => t.ToJsonString()));
        foreach (var (role, id) in Roles)
        {
            Expect(assignments.Contains(id, StringComparison.Ordinal), $"role {role}");
        }

        var outputs = template["outputs"]?.AsObject();
        Expect(outputs?.ContainsKey("appUrl") == true && outputs.ContainsKey("appName"), "outputs appUrl and appName");
        return failures;
    }

    /// <summary>The template and every nested module template.</summary>
    private static IEnumerable<JsonNode> Templates(JsonNode template) =>
        [template, .. Resources(template).Select(r => r["properties"]?["template"]).OfType<JsonNode>()];

    /// <summary>The values of a top-level variable (the table and queue lists).</summary>
    private static List<string> Declared(JsonNode template, string variable) =>
        (template["variables"]?[variable] as JsonArray ?? []).Select(v => v!.ToString()).ToList();
}
