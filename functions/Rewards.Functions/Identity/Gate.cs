using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Rewards.Domain;
using Rewards.Functions.Http;

namespace Rewards.Functions.Identity;

/// <summary>
/// The door every HTTP function passes first: each declares the one role it admits. No credential or a bad
/// one is 401; a good credential of another role is 403.
/// </summary>
internal sealed class Gate(WorkerTokens tokens, AdminKeys adminKeys)
{
    private enum Role { Worker, Admin }

    public async Task<(WorkerPrincipal? Worker, IActionResult? Problem)> WorkerAsync(HttpRequest req)
    {
        var (role, worker, problem) = await IdentifyAsync(req);
        return problem is not null ? (null, problem)
            : role == Role.Worker ? (worker, null)
            : (null, Forbidden("worker"));
    }

    /// <summary>For endpoints open to anyone that do more for a signed-in worker: no credential is anonymous, a bad one is still 401.</summary>
    public async Task<(WorkerPrincipal? Worker, IActionResult? Problem)> AnonymousOrWorkerAsync(HttpRequest req) =>
        req.Headers.Authorization.Count == 0 ? (null, null) : await WorkerAsync(req);

    /// <summary>Null when the caller holds an admin key; otherwise the problem to return.</summary>
    public async Task<IActionResult?> AdminAsync(HttpRequest req)
    {
        var (role, _, problem) = await IdentifyAsync(req);
        return problem ?? (role == Role.Admin ? null : Forbidden("admin"));
    }

    private async Task<(Role Role, WorkerPrincipal? Worker, IActionResult? Problem)> IdentifyAsync(HttpRequest req)
    {
        var header = req.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= scheme.Length)
        {
            return (default, null, ApiResults.Problem(401, ProblemCodes.MissingCredentials, "Credentials required", "Send 'Authorization: Bearer …' with a worker token or an admin key."));
        }

        var credential = header[scheme.Length..].Trim();
        if (credential.StartsWith(AdminKeys.Prefix, StringComparison.Ordinal))
        {
            return adminKeys.IsValid(credential) ? (Role.Admin, null, null) : (default, null, Invalid("The admin key is not recognised."));
        }

        var worker = await tokens.ValidateAsync(credential);
        return worker.IsRefused ? (default, null, ApiResults.Problem(worker.Refusal!)) : (Role.Worker, worker.Value, null);
    }

    private static IActionResult Invalid(string detail) =>
        ApiResults.Problem(401, RefusalCodes.InvalidToken, "Invalid token", detail);

    private static IActionResult Forbidden(string role) =>
        ApiResults.Problem(403, ProblemCodes.Forbidden, "Forbidden", $"This endpoint is for the {role} role.");
}
