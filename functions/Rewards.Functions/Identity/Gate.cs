using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Rewards.Domain;
using Rewards.Functions.Http;
using Rewards.Functions.Partners;

namespace Rewards.Functions.Identity;

/// <summary>
/// The door every HTTP function passes first: each declares the one role it admits. No credential or a bad
/// one is 401; a good credential of another role is 403.
/// </summary>
internal sealed class Gate(WorkerTokens tokens, ScreenTokens screens, AdminKeys adminKeys, PartnersTable partners)
{
    private enum Role { Worker, Admin, Partner, Screen }

    /// <summary>Who the caller is: a role, and the worker, partner or activity (of a venue screen) it speaks for.</summary>
    private sealed record Caller(Role Role, WorkerPrincipal? Worker = null, Partner? Partner = null, ScreenPrincipal? Screen = null);

    public async Task<(WorkerPrincipal? Worker, IActionResult? Problem)> WorkerAsync(HttpRequest req)
    {
        var (role, worker, _, problem) = await IdentifyAsync(req);
        return problem is not null ? (null, problem)
            : role == Role.Worker ? (worker, null)
            : (null, Forbidden("worker"));
    }

    /// <summary>For endpoints open to anyone that do more for a signed-in worker: no credential is anonymous, a bad one is still 401.</summary>
    public async Task<(WorkerPrincipal? Worker, IActionResult? Problem)> AnonymousOrWorkerAsync(HttpRequest req) =>
        req.Headers.Authorization.Count == 0 ? (null, null) : await WorkerAsync(req);

    /// <summary>For what a worker may read of their own and an admin of anyone's: the worker, or null for an admin; any other role is 403.</summary>
    public async Task<(WorkerPrincipal? Worker, IActionResult? Problem)> WorkerOrAdminAsync(HttpRequest req)
    {
        var (role, worker, _, problem) = await IdentifyAsync(req);
        return problem is not null ? (null, problem)
            : role is Role.Worker or Role.Admin ? (worker, null)
            : (null, Forbidden("worker or admin"));
    }

    /// <summary>Null when the caller holds an admin key; otherwise the problem to return.</summary>
    public async Task<IActionResult?> AdminAsync(HttpRequest req)
    {
        var (role, _, _, problem) = await IdentifyAsync(req);
        return problem ?? (role == Role.Admin ? null : Forbidden("admin"));
    }

    /// <summary>The partner whose current API key the caller holds.</summary>
    public async Task<(Partner? Partner, IActionResult? Problem)> PartnerAsync(HttpRequest req)
    {
        var (role, _, partner, problem) = await IdentifyAsync(req);
        return problem is not null ? (null, problem)
            : role == Role.Partner ? (partner, null)
            : (null, Forbidden("partner"));
    }

    /// <summary>
    /// At the edge, before any function reads a body: the admin and partner areas admit only their role, so an
    /// unauthenticated upload is refused without being read, let alone parsed. Null to let the request on.
    /// </summary>
    public async Task<IActionResult?> AreaAsync(HttpRequest req) =>
        req.Path.StartsWithSegments("/api/admin", StringComparison.Ordinal) ? await AdminAsync(req)
        : req.Path.StartsWithSegments("/api/partner", StringComparison.Ordinal) ? (await PartnerAsync(req)).Problem
        : null;

    /// <summary>The activity (and link version) whose venue screen the caller's screen link is for.</summary>
    public async Task<(ScreenPrincipal? Screen, IActionResult? Problem)> ScreenAsync(HttpRequest req)
    {
        var (caller, problem) = await CallerAsync(req);
        return problem is not null ? (null, problem)
            : caller!.Role == Role.Screen ? (caller.Screen, null)
            : (null, Forbidden("venue screen"));
    }

    /// <summary>Identifies the caller once per request: the edge and the function ask the same question.</summary>
    private async Task<(Role Role, WorkerPrincipal? Worker, Partner? Partner, IActionResult? Problem)> IdentifyAsync(HttpRequest req)
    {
        var (caller, problem) = await CallerAsync(req);
        return (caller?.Role ?? default, caller?.Worker, caller?.Partner, problem);
    }

    private async Task<(Caller? Caller, IActionResult? Problem)> CallerAsync(HttpRequest req)
    {
        if (req.HttpContext.Items.TryGetValue(typeof(Gate), out var known) && known is ValueTuple<Caller?, IActionResult?> identified)
        {
            return identified;
        }

        var result = await IdentifyOnceAsync(req);
        req.HttpContext.Items[typeof(Gate)] = result;
        return result;
    }

    private async Task<(Caller? Caller, IActionResult? Problem)> IdentifyOnceAsync(HttpRequest req)
    {
        var header = req.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= scheme.Length)
        {
            return (null, ApiResults.Problem(401, ProblemCodes.MissingCredentials, "Credentials required", "Send 'Authorization: Bearer …' with a worker token, an admin key or a partner key."));
        }

        var credential = header[scheme.Length..].Trim();
        if (credential.StartsWith(AdminKeys.Prefix, StringComparison.Ordinal))
        {
            return adminKeys.IsValid(credential) ? (new Caller(Role.Admin), null) : (null, Invalid("The admin key is not recognised."));
        }

        if (credential.StartsWith(PartnersTable.KeyPrefix, StringComparison.Ordinal))
        {
            var partner = await partners.AuthenticateAsync(credential, req.HttpContext.RequestAborted);
            return partner is not null ? (new Caller(Role.Partner, Partner: partner), null) : (null, Invalid("The partner key is not recognised; it may have been rotated."));
        }

        if (credential.StartsWith(ScreenTokens.Prefix, StringComparison.Ordinal))
        {
            var screen = await screens.ValidateAsync(credential);
            return screen.IsRefused ? (null, ApiResults.Problem(screen.Refusal!)) : (new Caller(Role.Screen, Screen: screen.Value), null);
        }

        var worker = await tokens.ValidateAsync(credential);
        return worker.IsRefused ? (null, ApiResults.Problem(worker.Refusal!)) : (new Caller(Role.Worker, Worker: worker.Value), null);
    }

    private static IActionResult Invalid(string detail) =>
        ApiResults.Problem(401, RefusalCodes.InvalidToken, "Invalid token", detail);

    private static IActionResult Forbidden(string role) =>
        ApiResults.Problem(403, ProblemCodes.Forbidden, "Forbidden", $"This endpoint is for the {role} role.");
}
