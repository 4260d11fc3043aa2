using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Rewards.Functions.Http;

namespace Rewards.Functions.Identity;

/// <summary>Reads one secret from Key Vault by its URI (https://{vault}/secrets/{name}[/{version}]).</summary>
internal delegate Task<string> SecretFetcher(Uri secretUri, CancellationToken ct);

/// <summary>
/// Settings under "Rewards" that still hold the literal text of a Key Vault reference: the platform could not
/// resolve it at start (typically the identity's role had not propagated yet), and no restart will follow on its
/// own. Until the app has fetched each such secret itself, every request answers 503 secrets-unavailable; then
/// <see cref="IdentityOptions"/> is rebuilt with the fetched values, without a restart.
/// </summary>
internal sealed class SecretReferences : IOptionsChangeTokenSource<IdentityOptions>, IPostConfigureOptions<IdentityOptions>, IDisposable
{
    public const string Code = "secrets-unavailable";
    private const string Marker = "@Microsoft.KeyVault(";

    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _changed = new();
    private int _complete;

    public SecretReferences(IConfiguration configuration)
    {
        Pending = configuration.GetSection(IdentityOptions.Section).AsEnumerable()
            .Where(s => s.Value?.TrimStart().StartsWith(Marker, StringComparison.OrdinalIgnoreCase) == true)
            .ToDictionary(s => s.Key, s => s.Value!.Trim(), StringComparer.Ordinal);
        if (Pending.Count == 0)
        {
            _ready.SetResult();
        }
    }

    /// <summary>Configuration path (Rewards:LinkSigningKeys:k1) → the reference text it holds.</summary>
    public IReadOnlyDictionary<string, string> Pending { get; }

    public bool IsReady => _ready.Task.IsCompleted;

    string IOptionsChangeTokenSource<IdentityOptions>.Name => Options.DefaultName;

    /// <summary>The setting as the portal and the template name it (Rewards__LinkSigningKeys__k1).</summary>
    public static string AppSettingName(string path) => path.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The secret's URI from "@Microsoft.KeyVault(SecretUri=…)", or null for a form the app cannot fetch itself.</summary>
    public static Uri? SecretUri(string reference)
    {
        const string key = "SecretUri=";
        var at = reference.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        var end = reference.LastIndexOf(')');
        return at < 0 || end < at ? null : Uri.TryCreate(reference[(at + key.Length)..end].Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri : null;
    }

    public void Resolved(string path, string value)
    {
        _values[Pending[path]] = value;
        if (Pending.Values.All(_values.ContainsKey) && Interlocked.Exchange(ref _complete, 1) == 0)
        {
            // First the options monitor drops what it built from reference texts, then requests are let through:
            // nothing can capture a reference text as a secret. A fresh token for the monitor's re-registration.
            using var changed = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
            changed.Cancel();
            _ready.SetResult();
        }
    }

    public void Dispose() => _changed.Dispose();

    public Task WhenReadyAsync(CancellationToken ct) => _ready.Task.WaitAsync(ct);

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    /// <summary>Replaces each reference text in the bound options by the secret fetched for it.</summary>
    public void PostConfigure(string? name, IdentityOptions options)
    {
        if (_values.IsEmpty)
        {
            return;
        }

        for (var i = 0; i < options.AdminKeys.Count; i++)
        {
            options.AdminKeys[i] = _values.GetValueOrDefault(options.AdminKeys[i].Trim(), options.AdminKeys[i]);
        }

        foreach (var (kid, value) in options.LinkSigningKeys.ToList())
        {
            options.LinkSigningKeys[kid] = _values.GetValueOrDefault(value.Trim(), value);
        }

        options.WebhookEncryptionKey = options.WebhookEncryptionKey is { } secret ? _values.GetValueOrDefault(secret.Trim(), secret) : null;
        options.CheckInCodeKey = options.CheckInCodeKey is { } checkIn ? _values.GetValueOrDefault(checkIn.Trim(), checkIn) : null;
        options.PublicBaseUrl = options.PublicBaseUrl is { } url ? _values.GetValueOrDefault(url.Trim(), url) : null;
    }

    /// <summary>The answer to every request while a secret is missing: 503 problem+json, retry in 30 seconds.</summary>
    public static async Task WriteUnavailableAsync(HttpContext http)
    {
        var problem = ApiResults.Problem(503, Code, "Secrets unavailable", "The service is waiting for its secrets from Key Vault. Try again shortly.");
        http.Response.StatusCode = 503;
        http.Response.ContentType = problem.ContentType;
        http.Response.Headers.RetryAfter = "30";
        await http.Response.WriteAsync(problem.Content!, http.RequestAborted);
    }
}

/// <summary>IdentityOptions as they are now: rebuilt once the secrets behind unresolved references have been fetched.</summary>
internal sealed class CurrentIdentityOptions(IOptionsMonitor<IdentityOptions> monitor) : IOptions<IdentityOptions>
{
    public IdentityOptions Value => monitor.CurrentValue;
}

/// <summary>
/// The Functions host's side of the gate (Program.cs): an HTTP invocation answers 503 while a secret is missing;
/// a queue or timer invocation waits for the secrets rather than fail (and go to the poison queue).
/// </summary>
internal sealed class SecretsGate(SecretReferences references) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (!references.IsReady)
        {
            if (context.GetHttpContext() is { } http)
            {
                await SecretReferences.WriteUnavailableAsync(http);
                return;
            }

            await references.WhenReadyAsync(context.CancellationToken);
        }

        await next(context);
    }

    /// <summary>The same gate as ASP.NET Core middleware, for the DevHost.</summary>
    public static Task HandleAsync(HttpContext http, RequestDelegate next) =>
        http.RequestServices.GetRequiredService<SecretReferences>().IsReady ? next(http) : SecretReferences.WriteUnavailableAsync(http);
}

/// <summary>Fetches secrets from Key Vault with the identity the app uses for storage (AzureWebJobsStorage:clientId).</summary>
internal static class KeyVaultSecrets
{
    public static SecretFetcher Fetcher(IConfiguration configuration)
    {
        var credential = configuration["AzureWebJobsStorage:clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        var clients = new ConcurrentDictionary<string, SecretClient>(StringComparer.OrdinalIgnoreCase);
        return async (uri, ct) =>
        {
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            if (segments.Length is < 2 or > 3 || segments[0] != "secrets")
            {
                throw new FormatException($"Not a Key Vault secret URI: {uri.GetLeftPart(UriPartial.Path)}");
            }

            var client = clients.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), vault => new SecretClient(new Uri(vault), credential));
            var secret = await client.GetSecretAsync(segments[1], segments.Length == 3 ? segments[2] : null, ct);
            return secret.Value.Value;
        };
    }
}

/// <summary>
/// Logs each unresolved Key Vault reference once, then fetches the secrets with the app's identity until all of
/// them are there (5 s, then doubling up to a minute between attempts), whereupon the app serves.
/// </summary>
internal sealed class SecretReferenceResolver(SecretReferences references, SecretFetcher fetch, TimeProvider clock, ILogger<SecretReferenceResolver> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (references.IsReady)
        {
            return;
        }

        foreach (var (path, reference) in references.Pending)
        {
            log.LogError(
                "Setting {Setting} holds an unresolved Key Vault reference {Reference}: every request answers 503 {Code} until the app can read the secret with its identity (Key Vault Secrets User on the vault, the secret present; role assignments take minutes to propagate)",
                SecretReferences.AppSettingName(path),
                reference,
                SecretReferences.Code);
        }

        var delay = TimeSpan.FromSeconds(5);
        var missing = references.Pending.Keys.ToList();
        while (missing.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            foreach (var path in missing.ToList())
            {
                if (SecretReferences.SecretUri(references.Pending[path]) is not { } uri)
                {
                    continue;
                }

                try
                {
                    references.Resolved(path, await fetch(uri, stoppingToken));
                    missing.Remove(path);
                    log.LogInformation("Setting {Setting} resolved from Key Vault", SecretReferences.AppSettingName(path));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogDebug(e, "Setting {Setting} not resolved yet", SecretReferences.AppSettingName(path));
                }
            }

            if (missing.Count > 0)
            {
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }

        if (references.IsReady)
        {
            log.LogInformation("Every Key Vault reference resolved: serving requests");
        }
    }
}
