using Rewards.Domain.Earning;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Campaigns;
using Rewards.Functions.Activities;
using Rewards.Functions.Catalog;
using Rewards.Functions.Partners;
using Rewards.Functions.Learning;
using Rewards.Functions.Quizzes;
using Rewards.Functions.Rules;
using Rewards.Functions.Workers;
using Rewards.Functions.Units;

namespace Rewards.DevHost.Demo;

internal sealed record DemoInfo(bool Seeded, string WorkerName, string? WorkerLink, string? PartnerKey, string CheckInScreen);

/// <summary>
/// The demo program of a district "安康杯" campaign: units, workers with Chinese names, safety and health
/// content drawn from the campaign report, a quiz, the next 5·25 health day, a partner with three prizes, hazard reports in
/// different states with photos drawn at seed time, a 5·25 walk and a wellbeing-station session to check in to, and the
/// default rules in Asia/Shanghai. Seeded only into the DevHost's own Azurite (<see cref="DemoSeeder"/>), never into
/// storage named by AzureWebJobsStorage.
/// </summary>
internal static class DemoSeed
{
    private static readonly (string Unit, string Id, string Name)[] Workers =
    [
        ("daxing-pharma", "w-001", "张伟"), ("daxing-pharma", "w-002", "王芳"), ("daxing-pharma", "w-003", "李娜"), ("daxing-pharma", "w-004", "刘洋"),
        ("huangcun-build", "w-005", "陈静"), ("huangcun-build", "w-006", "杨磊"), ("huangcun-build", "w-007", "赵敏"), ("huangcun-build", "w-008", "黄强"),
        ("daxing-transport", "w-009", "周杰"), ("daxing-transport", "w-010", "吴霞"), ("daxing-transport", "w-011", "徐刚"), ("daxing-transport", "w-012", "孙丽"),
    ];

    private static readonly ContentItem[] Content =
    [
        new("c-001", "安全帽的正确佩戴", "video", "/media/helmet.mp4", "科普微视频：调好帽衬、系紧下颏带，三步戴好安全帽。", 5, 30, true),
        new("c-002", "电焊作业粉尘防护", "video", "/media/welding-dust.mp4", "科普微视频：电焊烟尘的危害与防尘口罩的选择。", 5, 45, true),
        new("c-003", "噪声岗位听力保护", "class", null, "健康微课堂：噪声作业如何正确佩戴耳塞，定期做听力检查。", 4, 40, true, "噪声超过 85 分贝的岗位必须佩戴护听器。\n\n耳塞的正确戴法：一手绕过头后将耳廓向上向外拉，另一手将搓细的耳塞塞入耳道，按住 20 秒待其膨胀。\n\n每年参加一次职业健康检查，听力有变化及早调岗。"),
        new("c-004", "苯系物中毒的预防", "article", null, "职业病防治法普法：苯、甲苯、二甲苯岗位的通风与个人防护。", 3, 20, true, "苯、甲苯、二甲苯可经呼吸道和皮肤进入人体，长期接触可损害造血系统。\n\n作业前先开启局部排风，确认通风良好；佩戴防有机蒸气的防毒面具和防渗透手套。\n\n出现头晕、乏力、鼻出血等症状，立即离开岗位并报告。"),
        new("c-005", "火灾逃生与灭火器使用", "video", "/media/fire-escape.mp4", "安全应急消防知识：低姿捂鼻撤离，“提、拔、握、压”用灭火器。", 5, 60, true),
        new("c-006", "心肺复苏（CPR）要点", "class", null, "健康微课堂：胸外按压每分钟100至120次，深度5至6厘米。", 5, 60, true, "确认现场安全后，拍打双肩、大声呼唤，判断有无反应和呼吸。\n\n无反应、无正常呼吸：立即呼叫 120，取来 AED。\n\n双手叠放于胸骨下半部，手臂伸直，按压深度 5 至 6 厘米，频率每分钟 100 至 120 次，每按压 30 次给 2 次人工呼吸。"),
        new("c-007", "工间操：颈肩放松三分钟", "class", null, "健康微课堂：久坐岗位的工间操，缓解颈肩劳损。", 2, 30, true, "第一节 颈部前屈后伸各 8 次，动作缓慢。\n\n第二节 双肩向后绕环 8 次，再向前绕环 8 次。\n\n第三节 双手交叉上举，伸展腰背，保持 10 秒，重复 3 次。"),
        new("c-008", "有限空间作业“先通风、再检测、后作业”", "article", null, "安全生产月宣教：有限空间作业的审批、检测与监护。", 4, 30, true, "有限空间作业必须先审批，后作业。\n\n先通风：作业前充分通风，不得用纯氧通风。再检测：检测氧含量和有毒有害气体，合格后方可进入。后作业：作业全程有专人监护，严禁盲目施救。"),
        new("c-009", "职业病防治法：职工的权利", "article", null, "普法宣传：职业健康检查、健康档案与知情权。", 3, 20, true, "劳动者享有职业健康检查、建立职业健康监护档案的权利。\n\n用人单位应如实告知岗位的职业病危害及其后果，并在劳动合同中写明。\n\n劳动者有权拒绝违章指挥和强令冒险作业。"),
        new("c-010", "心理减压：认识职业倦怠", "class", null, "职工心灵驿站：识别压力信号，学会求助与放松。", 3, 30, true, "长期疲惫、对工作失去兴趣、效率下降，可能是职业倦怠的信号。\n\n每天留出片刻放松：深呼吸、散步、与同事聊聊。\n\n需要帮助时，可以预约工会“职工心灵驿站”的心理咨询。"),
    ];

    private static readonly Quiz SafetyQuiz = new("q-001", "安全应急消防知识", 3, 300, 2,
    [
        new("q1", "使用干粉灭火器的正确顺序是？", ["提、拔、握、压", "拔、提、压、握", "握、压、提、拔"], 0),
        new("q2", "成人心肺复苏胸外按压的频率是每分钟多少次？", ["60至80次", "100至120次", "140至160次"], 1),
        new("q3", "有限空间作业的原则是？", ["先作业、再通风", "先通风、再检测、后作业", "边检测边作业"], 1),
        new("q4", "发生火灾逃生时应当？", ["乘坐电梯", "低姿捂鼻沿疏散通道撤离", "返回取贵重物品"], 1),
        new("q5", "噪声作业岗位应佩戴？", ["耳塞或耳罩", "防尘口罩", "护目镜"], 0),
        new("q6", "安全帽的下颏带应当？", ["系紧", "松开", "取下"], 0),
        new("q7", "发现安全隐患应当？", ["视而不见", "及时报告并拍照记录", "等别人处理"], 1),
        new("q8", "《职业病防治法》规定劳动者享有？", ["职业健康检查的权利", "拒绝一切加班的权利", "不参加培训的权利"], 0),
    ]);

    /// <summary>The next 5·25 worker health day: double points for learning and quizzes.</summary>
    private static Campaign HealthDay(IServiceProvider services)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var year = now.Month > 5 || (now.Month == 5 && now.Day > 25) ? now.Year + 1 : now.Year;
        return new Campaign("health-day", "5·25 职工健康日", new DateTime(year, 5, 25), new DateTime(year, 5, 26), ["learning", "quiz", "activity"], 2m);
    }

    private static readonly Unit[] Units = [new("daxing-pharma", "大兴制药"), new("huangcun-build", "黄村建工"), new("daxing-transport", "大兴公交")];

    /// <summary>Whether the demo is there: its marker row, written last, once everything else is.</summary>
    public static Task<bool> IsSeededAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<RulesStore>().ExistsAsync(ct);

    /// <summary>
    /// Writes the demo. Every part is an upsert of demo ids or an insert that leaves what is there alone; the rules are
    /// written only when absent, so rules an admin has set are never replaced.
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var content = services.GetRequiredService<ContentTable>();
        foreach (var item in Content)
        {
            await content.UpsertAsync(item, ct);
        }

        var units = services.GetRequiredService<UnitsTable>();
        foreach (var unit in Units)
        {
            await units.AddAsync(unit, ct);
        }

        var admin = services.GetRequiredService<WorkerAdmin>();
        foreach (var (unit, id, name) in Workers)
        {
            await admin.SaveAsync(new WorkerRequest { Id = id, DisplayName = name, UnitId = unit }, ct);
        }

        await services.GetRequiredService<QuizzesTable>().SaveAsync(SafetyQuiz, ct);
        // No webhook: the demo partner works from the portal, with the key kept in dev-secrets.json.
        await services.GetRequiredService<PartnersTable>().AddAsync(new Partner("p-001", "大兴区职工服务社", "010-6924-0000", null, 3), ct, PartnerKey(services));
        var catalog = services.GetRequiredService<CatalogTables>();
        await catalog.AddAsync(new Reward("r-001", "家庭急救包", "含止血带、三角巾、体温计", null, 30, "p-001", 1, null, null, true), 20, ct);
        await catalog.AddAsync(new Reward("r-002", "防蓝光护目镜", "久坐屏幕岗位护眼", null, 20, "p-001", 2, null, null, true), 50, ct);
        await catalog.AddAsync(new Reward("r-003", "健步走运动手环", "记录步数与心率", null, 80, "p-001", 1, null, null, true), 10, ct);
        await services.GetRequiredService<CampaignsTable>().UpsertAsync(HealthDay(services), ct);
        await DemoHazards.SeedAsync(services, ct);
        await DemoActivities.SeedAsync(services, HealthDay(services).Starts, ct);

        // Rules last: their presence is what marks the demo as seeded.
        await services.GetRequiredService<RulesStore>().AddIfAbsentAsync(ProgramRules.Default, ct);
    }

    /// <summary>What the start-up banner shows: a fresh link of the first demo worker, when the demo is there.</summary>
    public static async Task<DemoInfo> InfoAsync(IServiceProvider services, bool seeded, string baseUrl, CancellationToken ct)
    {
        var link = await services.GetRequiredService<WorkerAdmin>().IssueLinkAsync(Workers[0].Id, revokePrevious: false, baseUrl, ct);
        // The venue screen signs in with its own link (this activity's code only), as an admin hands it out in the console.
        var screen = await services.GetRequiredService<ScreenLinks>().IssueAsync(DemoActivities.WellbeingId, baseUrl, ct);
        return new DemoInfo(seeded, Workers[0].Name, link.Value?.Url, PartnerKey(services), screen.Value?.Url ?? $"{baseUrl.TrimEnd('/')}{DemoActivities.CheckInScreen}");
    }

    private static string? PartnerKey(IServiceProvider services) => services.GetRequiredService<IConfiguration>()[Hosting.DevSecrets.DemoPartnerKey];
}
