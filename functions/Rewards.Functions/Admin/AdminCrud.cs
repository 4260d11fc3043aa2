using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Rewards.Domain;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Admin;

/// <summary>
/// The one shape of the admin endpoints that manage things by id: the admin gate; for a write, the body read,
/// checked into the value it describes and its id matched with the URL's; then one call, whose answer is 200, 201 or
/// 204, or the resource's 404, or a 409 when a create finds its id taken. A function names its route and its call and
/// nothing else. The audit entry of a write is <see cref="Audit.AdminAudit"/>'s, around the function.
/// </summary>
internal sealed class AdminCrud(Gate gate)
{
    /// <summary>200 with what <paramref name="read"/> answers: a list, the rules.</summary>
    public async Task<IActionResult> ReadAsync<T>(HttpRequest req, Func<Task<T>> read)
        where T : notnull =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(await read());

    /// <summary>200 with what <paramref name="find"/> answers (one thing, a key rotated), or the resource's 404 when it answers null.</summary>
    public async Task<IActionResult> FindAsync<T>(HttpRequest req, AdminResource resource, string id, Func<Task<T?>> find)
        where T : class =>
        await gate.AdminAsync(req) ?? (await find() is { } found ? ApiResults.Ok(found) : resource.NotFound(id));

    public async Task<IActionResult> DeleteAsync(HttpRequest req, AdminResource resource, string id, Func<Task<bool>> delete) =>
        await gate.AdminAsync(req) ?? (await delete() ? new NoContentResult() : resource.NotFound(id));

    /// <summary>For a use case that decides whether a thing can go: 204, or its refusal.</summary>
    public async Task<IActionResult> DeleteAsync(HttpRequest req, Func<Task<Decision<bool>>> delete) =>
        await gate.AdminAsync(req) ?? ((await delete()).Refusal is { } refusal ? ApiResults.Problem(refusal) : new NoContentResult());

    /// <summary>For a use case that decides: its value with <paramref name="status"/>, or its refusal.</summary>
    public async Task<IActionResult> DecideAsync<T>(HttpRequest req, Func<Task<Decision<T>>> decide, int status = 200) =>
        await gate.AdminAsync(req) ?? (await decide()).ToResult(status);

    /// <summary>201 with what <paramref name="add"/> answers, or 409 when it answers null (the id is taken; nothing changed).</summary>
    public Task<IActionResult> CreateAsync<TBody, T>(HttpRequest req, AdminResource resource, Func<T, Task<object?>> add, CancellationToken ct, Check<T>? verify = null, int limit = RequestBody.DefaultLimit)
        where TBody : class, IAdminBody<T> =>
        WriteAsync<TBody, T>(req, null, verify, limit, async (body, value) => await add(value) is { } created ? ApiResults.Created(created) : resource.Taken(body.Id!), ct);

    /// <summary>200 with what <paramref name="save"/> answers, or the resource's 404 when it answers null (there is nothing at <paramref name="id"/>).</summary>
    public Task<IActionResult> PutAsync<TBody, T>(HttpRequest req, AdminResource resource, string id, Func<T, Task<object?>> save, CancellationToken ct, Check<T>? verify = null, int limit = RequestBody.DefaultLimit)
        where TBody : class, IAdminBody<T> =>
        WriteAsync<TBody, T>(req, id, verify, limit, async (_, value) => await save(value) is { } saved ? ApiResults.Ok(saved) : resource.NotFound(id), ct);

    /// <summary>A checked body for a use case that decides: its value with <paramref name="status"/>, or its refusal.</summary>
    public Task<IActionResult> DecideAsync<TBody, T, TOut>(HttpRequest req, string? id, Func<T, Task<Decision<TOut>>> decide, int status, CancellationToken ct)
        where TBody : class, IAdminBody<T> =>
        WriteAsync<TBody, T>(req, id, null, RequestBody.DefaultLimit, async (_, value) => (await decide(value)).ToResult(status), ct);

    /// <summary>A checked body and the request's Idempotency-Key, for a use case that decides once per key.</summary>
    public Task<IActionResult> DecideOnceAsync<TBody, T, TOut>(HttpRequest req, Func<T, string, Task<Decision<TOut>>> decide, CancellationToken ct)
        where TBody : class, IAdminBody<T> =>
        WriteAsync<TBody, T>(req, null, null, RequestBody.DefaultLimit, async (_, value) =>
        {
            var key = IdempotencyKey.Read(req);
            return key.Problem ?? (await decide(value, key.Value!)).ToResult(200);
        }, ct);

    private async Task<IActionResult> WriteAsync<TBody, T>(HttpRequest req, string? routeId, Check<T>? verify, int limit, Func<TBody, T, Task<IActionResult>> write, CancellationToken ct)
        where TBody : class, IAdminBody<T>
    {
        if (await gate.AdminAsync(req) is { } denied)
        {
            return denied;
        }

        var body = await RequestBody.ReadJsonAsync<TBody>(req, ct, limit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (value, found) = body.Value!.Check();
        var errors = found.ToDictionary();
        if (routeId is not null && body.Value.Id is { } named && named != routeId)
        {
            errors["id"] = ["must match the id in the URL"];
        }

        if (errors.Count == 0 && verify is not null)
        {
            errors = (await verify(value!, ct)).ToDictionary();
        }

        return errors.Count > 0 ? RequestBody.Invalid(errors) : await write(body.Value, value!);
    }
}

/// <summary>Field errors that only a read can find (a partner that does not exist, a webhook address that resolves inward); none when the value is good.</summary>
internal delegate Task<IReadOnlyDictionary<string, string[]>> Check<in T>(T value, CancellationToken ct);

/// <summary>A body an admin sends to create or replace one thing.</summary>
internal interface IAdminBody<T>
{
    /// <summary>The id the body names; on a replace it must be the URL's. A body that names none is the thing at the URL.</summary>
    string? Id => null;

    /// <summary>The value the body describes, and the field errors its annotations cannot see (none when it is good).</summary>
    Checked<T> Check();
}

/// <summary>A body checked into its value: the value, or the field errors that stop it.</summary>
internal readonly record struct Checked<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    public static Checked<T> Good(T value) => new(value, new Dictionary<string, string[]>());

    /// <summary>A value and the rules' errors of it, one message per field.</summary>
    public static Checked<T> Of(T value, IReadOnlyDictionary<string, string> errors) =>
        new(value, errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
}

/// <summary>What an admin manages by id, as its problems name it: "There is no quiz 'q-9'.", "Quiz 'q-9' already exists; PUT replaces it."</summary>
internal sealed record AdminResource(string Name, string NotFoundCode, string? WhenTaken = "PUT replaces it.")
{
    public IActionResult NotFound(string id) =>
        ApiResults.Problem(404, NotFoundCode, "Not found", $"There is no {Name.ToLowerInvariant()} '{id}'.");

    public IActionResult Taken(string id) =>
        ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", WhenTaken is null ? $"{Name} '{id}' already exists." : $"{Name} '{id}' already exists; {WhenTaken}");
}

internal static class AdminAnswers
{
    /// <summary>The view once the write is made; null (the resource's 404, or a create's 409) when it did not take.</summary>
    public static async Task<object?> Then(this Task<bool> write, object view) => await write ? view : null;

    /// <summary>The view of what a read found; null when it found nothing (the resource's 404).</summary>
    public static async Task<object?> Then<T>(this Task<T?> find, Func<T, object> view)
        where T : class =>
        await find is { } found ? view(found) : null;

    /// <summary>The view once the write is made.</summary>
    public static async Task<object?> Then(this Task write, object view)
    {
        await write;
        return view;
    }
}
