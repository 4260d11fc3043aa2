namespace Rewards.Functions.Tests.Fuzz;

/// <summary>A valid body for each route that takes one (the README's shapes), which the fuzz then mutates.</summary>
internal static class ValidBodies
{
    private const string Content = """{"id":"c-1","title":"安全帽的正确佩戴","kind":"video","url":"/media/helmet.mp4","summary":"三步戴好","points":5,"minSeconds":0,"active":true}""";
    private const string Campaign = """{"id":"health-day","name":"5·25 职工健康日","startsAt":"2026-05-25T00:00:00","endsAt":"2026-05-26T00:00:00","actions":["learning","quiz"],"multiplier":2}""";
    private const string Quiz = """{"id":"q-1","title":"消防知识","questionsPerAttempt":1,"timeLimitSeconds":300,"pointsPerCorrect":2,"questions":[{"id":"q1","text":"灭火器？","options":["提拔握压","乱按"],"answer":0}]}""";
    private const string Partner = """{"id":"p-1","name":"大兴区职工服务社","contact":"010-6924-0000","webhookUrl":"https://partner.example.cn/hook","acceptanceDays":3}""";
    private const string Reward = """{"id":"r-2","title":"防蓝光护目镜","description":"护眼","cost":1,"stock":5,"stockShards":1,"partnerId":"p-fuzz","perWorkerLimit":2}""";

    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["POST api/admin/workers"] = """{"id":"w-1","displayName":"张伟","unitId":"u-1"}""",
        ["POST api/admin/workers/{id}/link"] = """{"revokePrevious":false}""",
        ["POST api/admin/content"] = Content,
        ["PUT api/admin/content/{id}"] = Content,
        ["POST api/admin/adjustments"] = """{"workerId":"w-1","amount":3,"reason":"现场表彰"}""",
        ["POST api/admin/campaigns"] = Campaign,
        ["PUT api/admin/campaigns/{id}"] = Campaign,
        ["POST api/admin/quizzes"] = Quiz,
        ["PUT api/admin/quizzes/{id}"] = Quiz,
        ["POST api/admin/competitions"] = """{"id":"comp-1","title":"知识竞赛","rounds":[{"id":"r1","title":"初赛","quizId":"q-1","opensAt":"2026-05-25T00:00:00","closesAt":"2026-05-26T00:00:00","advance":2}],"placings":{"champions":1,"runnersUp":1,"thirds":1,"championPoints":5,"runnerUpPoints":3,"thirdPoints":1}}""",
        ["POST api/admin/partners"] = Partner,
        ["PUT api/admin/partners/{id}"] = Partner,
        ["POST api/admin/rewards"] = Reward,
        ["PUT api/admin/rewards/{id}"] = Reward,
        ["POST api/admin/rewards/{id}/restock"] = """{"quantity":5}""",
        ["PUT api/admin/rules"] = """{"timeZone":"Asia/Shanghai","dailyCap":50,"actions":{"learning":{"dailyCap":20},"hazard":{"attemptsPerDay":5}}}""",
        ["POST api/admin/hazards/{id}/review"] = """{"decision":"accept","severity":"general"}""",
        ["POST api/quizzes/{id}/attempts"] = """{"competitionId":"comp-1"}""",
        ["POST api/quizzes/{id}/attempts/{attemptId}/answers"] = """{"answers":{"q1":0}}""",
        ["POST api/shares"] = """{"contentId":"c-1"}""",
        ["POST api/redemptions"] = """{"rewardId":"r-1","quantity":1,"delivery":{"name":"张伟","phone":"13800000000","address":"北京市大兴区"}}""",
        ["POST api/partner/orders/{id}/{action}"] = """{"trackingNo":"SF123","reason":"缺货"}""",
        ["PUT api/me/preferences"] = """{"anonymousOnBoards":true}""",
    };

    public static string? For(string method, string route) => Bodies.GetValueOrDefault($"{method} {route}");
}
