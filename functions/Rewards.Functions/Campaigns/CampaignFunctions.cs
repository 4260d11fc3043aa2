using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Earning;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Campaigns;

/// <summary>Campaigns for admins; every write drops this instance's cached rules, which carry the campaigns.</summary>
internal sealed class CampaignFunctions(AdminCrud admin, CampaignsTable campaigns, RulesStore rules)
{
    private static readonly AdminResource Campaigns = new("Campaign", ProblemCodes.CampaignNotFound);

    [Function("AdminListCampaigns")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => new CampaignList([.. (await campaigns.AllAsync(ct)).Select(CampaignView.Of)]));

    [Function("AdminGetCampaign")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Campaigns, id, async () => (await campaigns.AllAsync(ct)).Where(c => c.Id == id).Select(CampaignView.Of).FirstOrDefault());

    [Function("AdminCreateCampaign")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/campaigns")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<CampaignRequest, Campaign>(req, Campaigns, campaign => Invalidating(campaigns.AddAsync(campaign, ct)).Then(CampaignView.Of(campaign)), ct);

    [Function("AdminPutCampaign")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/campaigns/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.PutAsync<CampaignRequest, Campaign>(req, Campaigns, id, campaign => Invalidating(campaigns.UpsertAsync(campaign, ct)).Then(CampaignView.Of(campaign)), ct);

    [Function("AdminDeleteCampaign")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/campaigns/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DeleteAsync(req, Campaigns, id, () => Invalidating(campaigns.DeleteAsync(id, ct)));

    private async Task<T> Invalidating<T>(Task<T> write)
    {
        var written = await write;
        rules.Invalidate();
        return written;
    }

    private async Task Invalidating(Task write)
    {
        await write;
        rules.Invalidate();
    }
}
