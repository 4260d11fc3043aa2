using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Hazards;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>
/// A worker's report: the photo checked and re-encoded, stored under a new random name, then one transaction
/// in the worker's partition adds the report, counts it against today's limit under the day row's ETag,
/// keeps the Idempotency-Key's marker and puts the processing message in the outbox. Whatever does not end
/// in that commit (a refusal, a repeated key, a failure before it) deletes the photo again.
/// </summary>
internal sealed class HazardSubmission(LedgerWriter writer, AccountsTable accounts, PhotoStore photos, Outbox outbox, RulesStore rules, TimeProvider clock, ILogger<HazardSubmission> log)
{
    public async Task<Decision<HazardCreated>> SubmitAsync(WorkerPrincipal worker, HazardForm form, string idempotencyKey, CancellationToken ct)
    {
        var terms = (await rules.GetAsync(ct)).Rules.HazardTerms();
        if (Errors(form, terms) is { Count: > 0 } errors)
        {
            return new Refusal(ProblemCodes.ValidationFailed, "One or more fields are missing or invalid.", new Dictionary<string, object?> { ["errors"] = errors });
        }

        var photo = Photos.Prepare(form.Photo);
        if (photo.IsRefused)
        {
            return photo.Refusal!;
        }

        var id = RowKeys.NewId(clock.GetUtcNow());
        var name = PhotoStore.NewName();
        var hash = Convert.ToHexString(SHA256.HashData([.. SHA256.HashData(form.Photo), .. System.Text.Encoding.UTF8.GetBytes($"\n{form.Category}\n{form.Place}\n{form.Description}")]));
        var message = Json.Serialize(new HazardMessage(id, worker.WorkerId));
        await photos.PutAsync(name, photo.Value!.Jpeg, ct);

        Decision<HazardCreated> result;
        try
        {
            result = await writer.WriteAsync(
                new LedgerCommand(worker.WorkerId, worker, IdemKey(idempotencyKey), hash, SnapshotQuery.Nothing),
                read =>
                {
                    var draft = new HazardReport(id, worker.WorkerId, read.Account.UnitId, form.Category, form.Place, form.Description, HazardStatus.Submitted, read.Now, []);
                    return HazardFlow.Submit(draft, read.Today, read.Rules.Rules.RuleFor(LedgerKinds.Hazard).AttemptsPerDay).Then<Decided<HazardCreated>>(report => new LedgerChange
                    {
                        Puts = [new ReportRow(report, name)],
                        CountsAttemptOf = LedgerKinds.Hazard,
                        Outbox = [new OutboxMessage(OutboxKey(id), StorageNames.HazardPhotoQueue, new HazardMessage(id, worker.WorkerId))],
                    }.As(_ => new HazardCreated(id, HazardStatus.Submitted)));
                },
                ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The commit may have happened before the failure: a committed report is never reported as a failure.
            if (await CommittedAsync(worker.WorkerId, idempotencyKey, id))
            {
                log.LogWarning(e, "Report {ReportId} of {WorkerId} was committed before a failure", id, worker.WorkerId);
                await outbox.TryPublishAsync(worker.WorkerId, OutboxKey(id), StorageNames.HazardPhotoQueue, message);
                return new HazardCreated(id, HazardStatus.Submitted);
            }

            await photos.DeleteAsync(name, CancellationToken.None);
            throw;
        }

        if (result.IsRefused || result.Value!.Id != id)
        {
            await photos.DeleteAsync(name, CancellationToken.None);
            return result;
        }

        log.LogInformation("Hazard report {ReportId} submitted by {WorkerId}", id, worker.WorkerId);
        return result;
    }

    public static string OutboxKey(string id, int version = 1) => $"hazard-{id}-v{version}";

    private static string IdemKey(string idempotencyKey) => $"hazard:{idempotencyKey}";

    private async Task<bool> CommittedAsync(string workerId, string idempotencyKey, string id)
    {
        var marker = (await accounts.ReadAsync(workerId, new SnapshotQuery { Idem = IdemKey(idempotencyKey) }, CancellationToken.None)).Idem;
        return marker?.Outcome is { } outcome && Json.Deserialize<HazardCreated>(outcome)?.Id == id;
    }

    private static Dictionary<string, string[]> Errors(HazardForm form, HazardRules terms)
    {
        var errors = new Dictionary<string, string[]>();
        if (!terms.Categories.Contains(form.Category))
        {
            errors["category"] = [$"must be one of {string.Join("、", terms.Categories)}"];
        }

        if (string.IsNullOrWhiteSpace(form.Place) || form.Place.Length > 100)
        {
            errors["place"] = ["is required, up to 100 characters"];
        }

        if (form.Description.Length > 500)
        {
            errors["description"] = ["may be up to 500 characters"];
        }

        return errors;
    }
}
