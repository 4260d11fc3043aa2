using System.Text.Json.Nodes;

namespace Rewards.Infra.Tests;

/// <summary>
/// What the evaluated deployment (bicep snapshot) must contain, as a list of failures (empty when it is right), so
/// that a test can also prove each check fails on a template that breaks it.
/// </summary>
internal static class TemplateChecks
{
    public static readonly Dictionary<string, string> Roles = new()
    {
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Blob Data Contributor"] = "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Key Vault Secrets Officer"] = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
    };

    /// <summary>The blob containers the app and the Functions host use.</summary>
    public static readonly string[] Containers = ["app-package", "hazard-photos", "azure-webjobs-hosts", "azure-webjobs-secrets"];

    public static List<JsonObject> Resources(JsonNode snapshot) => [.. (snapshot["predictedResources"] as JsonArray ?? []).OfType<JsonObject>()];

    public static List<JsonObject> OfType(JsonNode snapshot, string type) => [.. Resources(snapshot).Where(r => (string?)r["type"] == type)];

    public static Dictionary<string, string> AppSettings(JsonNode snapshot) =>
        (OfType(snapshot, "Microsoft.Web/sites").Single()["properties"]?["siteConfig"]?["appSettings"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .ToDictionary(s => (string)s["name"]!, s => s["value"]?.ToString() ?? "");

    /// <summary>Role assignments as (role definition id, the scope's resource id, principal), the scope read from the assignment's id.</summary>
    public static List<(string Role, string Scope, string Principal)> RoleAssignments(JsonNode snapshot) =>
        [.. OfType(snapshot, "Microsoft.Authorization/roleAssignments").Select(r => (
            ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1],
            ScopeOf((string)r["id"]!),
            (string)r["properties"]!["principalId"]!))];

    /// <summary>The secret a setting's Key Vault reference names, or null when the setting is no reference.</summary>
    public static string? ReferencedSecret(string value) =>
        value.Contains("@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)", StringComparison.Ordinal) ? value.Split('\'')[^2] : null;

    // An extension resource's id is either resolved ("{scope}/providers/Microsoft.Authorization/…") or, when its name
    // needs a value known only at deployment, "[extensionResourceId('{scope}', …)]".
    private static string ScopeOf(string id) => id.StartsWith("[extensionResourceId('", StringComparison.Ordinal)
        ? id.Split('\'')[1]
        : id[..id.IndexOf("/providers/Microsoft.Authorization/", StringComparison.Ordinal)];

    public static List<string> Failures(JsonNode snapshot, string hostingPlan, IEnumerable<string> appTables, IEnumerable<string> appQueues)
    {
        var failures = new List<string>();
        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                failures.Add(what);
            }
        }

        var plan = OfType(snapshot, "Microsoft.Web/serverfarms").SingleOrDefault();
        var site = OfType(snapshot, "Microsoft.Web/sites").SingleOrDefault();
        var props = site?["properties"];
        var settings = site is null ? [] : AppSettings(snapshot);
        var identityId = (string?)OfType(snapshot, "Microsoft.ManagedIdentity/userAssignedIdentities").SingleOrDefault()?["id"];
        if (hostingPlan == "flex")
        {
            Expect((string?)plan?["sku"]?["name"] == "FC1" && (string?)plan?["sku"]?["tier"] == "FlexConsumption" && (bool?)plan?["properties"]?["reserved"] == true, "a Flex Consumption (FC1) plan");
            Expect((string?)props?["functionAppConfig"]?["runtime"]?["name"] == "dotnet-isolated" && (string?)props?["functionAppConfig"]?["runtime"]?["version"] == "10.0", "runtime dotnet-isolated 10.0");
            Expect(props?["functionAppConfig"]?["scaleAndConcurrency"]?["instanceMemoryMB"] is not null && props?["functionAppConfig"]?["scaleAndConcurrency"]?["maximumInstanceCount"] is not null, "instance memory and maximum instances set");
            Expect((string?)props?["functionAppConfig"]?["deployment"]?["storage"]?["authentication"]?["type"] == "UserAssignedIdentity", "deployment storage reached with the identity");
            Expect(!settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME") && !settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION") && !settings.ContainsKey("WEBSITE_RUN_FROM_PACKAGE"), "no settings Flex Consumption refuses");
        }
        else
        {
            Expect((string?)plan?["sku"]?["name"] == "EP1" && (string?)plan?["sku"]?["tier"] == "ElasticPremium" && (string?)plan?["kind"] == "elastic" && (bool?)plan?["properties"]?["reserved"] == true, "an Elastic Premium (EP1) Linux plan");
            Expect((int?)plan?["properties"]?["maximumElasticWorkerCount"] > 0, "a maximum instance count");
            Expect((string?)props?["siteConfig"]?["linuxFxVersion"] == "DOTNET-ISOLATED|10.0", "runtime DOTNET-ISOLATED|10.0");
            Expect(props?["functionAppConfig"] is null, "no Flex Consumption configuration");
            Expect(settings.GetValueOrDefault("FUNCTIONS_EXTENSION_VERSION") == "~4" && settings.GetValueOrDefault("FUNCTIONS_WORKER_RUNTIME") == "dotnet-isolated", "the Functions runtime settings");
            Expect(settings.GetValueOrDefault("WEBSITE_RUN_FROM_PACKAGE") is { } package && package.Contains("primaryEndpoints.blob", StringComparison.Ordinal) && package.Contains("/app.zip'", StringComparison.Ordinal) && package.Contains("'app-package'", StringComparison.Ordinal), "runs from the package blob");
            Expect(identityId is not null && settings.GetValueOrDefault("WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID") == identityId, "fetches the package with the identity");
        }

        Expect((string?)site?["kind"] == "functionapp,linux", "a Linux function app");
        Expect((bool?)props?["httpsOnly"] == true, "HTTPS only");
        Expect((string?)props?["siteConfig"]?["minTlsVersion"] == "1.2", "minimum TLS 1.2");
        Expect((string?)props?["siteConfig"]?["ftpsState"] == "Disabled", "FTP disabled");
        Expect(OfType(snapshot, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").Count(r => (bool?)r["properties"]?["allow"] == false) == 2, "FTP and SCM basic auth off");
        Expect((string?)site?["identity"]?["type"] == "UserAssigned", "the app runs as the user-assigned identity");
        Expect(identityId is not null && (string?)props?["keyVaultReferenceIdentity"] == identityId, "Key Vault references resolved with the identity");

        Expect(settings.GetValueOrDefault("AzureWebJobsStorage__credential") == "managedidentity", "AzureWebJobsStorage__credential=managedidentity");
        foreach (var key in new[] { "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri" })
        {
            Expect(settings.ContainsKey(key), key);
        }

        Expect(!settings.ContainsKey("AzureWebJobsStorage") && !settings.ContainsKey("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING") && !settings.ContainsKey("WEBSITE_CONTENTSHARE"), "no storage connection string (no Azure Files share)");
        Expect(settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")?.Contains("Authorization=AAD", StringComparison.Ordinal) == true, "Application Insights with Entra ID auth");
        foreach (var (setting, value) in settings.Where(s => s.Key is "Rewards__AdminKeys__0" or "Rewards__WebhookEncryptionKey" or "Rewards__CheckInCodeKey" || s.Key.StartsWith("Rewards__LinkSigningKeys__", StringComparison.Ordinal)))
        {
            Expect(ReferencedSecret(value) is not null, $"{setting} is a Key Vault reference");
        }

        Expect(settings.ContainsKey("Rewards__AdminKeys__0") && settings.ContainsKey("Rewards__WebhookEncryptionKey") && settings.ContainsKey("Rewards__CheckInCodeKey") && settings.Keys.Any(k => k.StartsWith("Rewards__LinkSigningKeys__", StringComparison.Ordinal)), "the admin key, link-signing keys, webhook encryption key and check-in code key are configured");
        Expect(!snapshot.ToJsonString().Contains("azurewebsites.net", StringComparison.OrdinalIgnoreCase), "no azurewebsites.net host name anywhere (Azure China has its own)");
        Expect(OfType(snapshot, "Microsoft.KeyVault/vaults/secrets").Count == 0, "the template writes no secret (a redeploy rotates nothing)");

        var storage = OfType(snapshot, "Microsoft.Storage/storageAccounts").SingleOrDefault()?["properties"];
        Expect((bool?)storage?["allowSharedKeyAccess"] == false, "allowSharedKeyAccess: false");
        Expect((bool?)storage?["allowBlobPublicAccess"] == false, "allowBlobPublicAccess: false");
        var blobService = OfType(snapshot, "Microsoft.Storage/storageAccounts/blobServices").SingleOrDefault()?["properties"];
        Expect((bool?)blobService?["deleteRetentionPolicy"]?["enabled"] == true && (int?)blobService?["deleteRetentionPolicy"]?["days"] == 7, "blob soft delete for 7 days");
        var names = Resources(snapshot).Select(r => ((string?)r["name"] ?? "").Split('/')[^1]).ToHashSet();
        Expect(appTables.All(names.Contains), $"every table the app uses ({string.Join(", ", appTables.Where(t => !names.Contains(t)))} missing)");
        Expect(appQueues.All(names.Contains), $"every queue the app uses ({string.Join(", ", appQueues.Where(q => !names.Contains(q)))} missing)");
        var containers = OfType(snapshot, "Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ((string)c["name"]!).Split('/')[^1]).ToList();
        Expect(Containers.All(containers.Contains), "the blob containers the app and the host use, created up front");

        Expect((bool?)OfType(snapshot, "Microsoft.OperationalInsights/workspaces").SingleOrDefault()?["properties"]?["features"]?["disableLocalAuth"] == true, "Log Analytics without local auth");
        Expect((bool?)OfType(snapshot, "Microsoft.Insights/components").SingleOrDefault()?["properties"]?["DisableLocalAuth"] == true, "Application Insights without local auth");
        var vault = OfType(snapshot, "Microsoft.KeyVault/vaults").SingleOrDefault();
        Expect((bool?)vault?["properties"]?["enableRbacAuthorization"] == true, "Key Vault in RBAC mode");
        Expect((bool?)vault?["properties"]?["enablePurgeProtection"] == true && (bool?)vault?["properties"]?["enableSoftDelete"] == true, "Key Vault soft delete with purge protection");

        var workspace = (string?)OfType(snapshot, "Microsoft.OperationalInsights/workspaces").SingleOrDefault()?["id"];
        bool Diagnostics(string? scope, string category) => scope is not null && OfType(snapshot, "Microsoft.Insights/diagnosticSettings").Any(d =>
            ((string)d["id"]!).StartsWith(scope + "/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.Ordinal)
            && (string?)d["properties"]?["workspaceId"] == workspace
            && (d["properties"]?["logs"] as JsonArray ?? []).Any(l => (string?)l?["category"] == category && (bool?)l?["enabled"] == true));
        Expect(Diagnostics((string?)vault?["id"], "AuditEvent"), "Key Vault AuditEvent to Log Analytics");
        Expect(Diagnostics((string?)site?["id"], "FunctionAppLogs"), "the function app's logs to Log Analytics");

        var assignments = RoleAssignments(snapshot);
        var account = (string?)OfType(snapshot, "Microsoft.Storage/storageAccounts").SingleOrDefault()?["id"] ?? "?";
        Expect(assignments.Any(a => a.Role == Roles["Storage Table Data Contributor"] && a.Scope == account), "role Storage Table Data Contributor");
        Expect(assignments.Any(a => a.Role == Roles["Storage Queue Data Contributor"] && a.Scope == account), "role Storage Queue Data Contributor");
        var blobOwner = assignments.Where(a => a.Role == Roles["Storage Blob Data Owner"]).Select(a => a.Scope).ToList();
        Expect(blobOwner.Count == Containers.Length && Containers.All(c => blobOwner.Contains($"{account}/blobServices/default/containers/{c}")), "Storage Blob Data Owner on each container the app uses, not on the account");
        Expect(assignments.Any(a => a.Role == Roles["Key Vault Secrets User"] && a.Scope == (string?)vault?["id"]), "role Key Vault Secrets User");
        Expect(assignments.Any(a => a.Role == Roles["Monitoring Metrics Publisher"]), "role Monitoring Metrics Publisher");

        var outputs = snapshot["outputs"]?.AsObject();
        Expect(outputs?.ContainsKey("appUrl") == true && outputs.ContainsKey("appName") && outputs.ContainsKey("keyVaultName") && outputs.ContainsKey("secretNames"), "outputs appUrl, appName, keyVaultName and secretNames");
        return failures;
    }
}
