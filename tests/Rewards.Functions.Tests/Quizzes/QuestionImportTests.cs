using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Quizzes;

[Collection(StorageCollection.Name)]
public sealed class QuestionImportTests(AzuriteFixture azurite)
{
    private const string Header = "text,option1,option2,option3,option4,answer\n";

    private static async Task<TestApp> StartAsync(AzuriteFixture azurite)
    {
        var app = await TestApp.StartAsync(azurite);
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: QuizTests.Quiz);
        Assert.Equal(201, status);
        return app;
    }

    private static async Task<(int Status, JObject Body)> PostAsync(TestApp app, byte[] body, string contentType = "text/csv", string quiz = "q-001")
    {
        using var request = app.Request(HttpMethod.Post, $"/api/admin/quizzes/{quiz}/questions");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await app.SendAsync(request);
    }

    private static Task<(int Status, JObject Body)> PostAsync(TestApp app, string csv, string quiz = "q-001") =>
        PostAsync(app, Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", quiz);

    private static async Task<JArray> QuestionsAsync(TestApp app)
    {
        var (status, quiz) = await app.SendAsync(HttpMethod.Get, "/api/admin/quizzes/q-001");
        Assert.Equal(200, status);
        return (JArray)quiz["questions"]!;
    }

    private static async Task<List<JToken>> AuditAsync(TestApp app)
    {
        var (_, page) = await app.SendAsync(HttpMethod.Get, "/api/admin/audit?action=AdminImportQuestions&limit=50");
        return [.. page["items"]!];
    }

    [Fact]
    public async Task A_good_file_adds_its_questions_with_answers_by_number_or_letter_and_the_same_file_again_adds_nothing()
    {
        await using var app = await StartAsync(azurite);
        var csv = "\uFEFF" + Header
            + "发现有人触电，首先应？,切断电源,用手拉开,,,1\n"
            + "\"灭火器压力表指针在哪个区域为正常？\",红区,绿区,黄区,,B\n"
            + "\"高处作业的高度基准，\"\"坠落高度基准面\"\"以上多少米？\",1,2,3,5,c\n";

        var (status, result) = await PostAsync(app, csv);
        var again = await PostAsync(app, csv);

        Assert.Equal(200, status);
        Assert.Equal((3, 0, 7), (result.Value<int>("added"), result.Value<int>("skipped"), result.Value<int>("questions")));
        Assert.Equal((200, 0, 3, 7), (again.Status, again.Body.Value<int>("added"), again.Body.Value<int>("skipped"), again.Body.Value<int>("questions")));
        var questions = await QuestionsAsync(app);
        Assert.Equal(7, questions.Count);
        var added = questions.Where(q => q.Value<string>("text")!.Contains('？')).ToDictionary(q => q.Value<string>("text")!);
        Assert.Equal(0, added["发现有人触电，首先应？"].Value<int>("answer"));
        Assert.Equal(["切断电源", "用手拉开"], added["发现有人触电，首先应？"]["options"]!.Values<string>());
        Assert.Equal(1, added["灭火器压力表指针在哪个区域为正常？"].Value<int>("answer"));
        Assert.Equal(2, added["高处作业的高度基准，\"坠落高度基准面\"以上多少米？"].Value<int>("answer"));
        Assert.Equal(7, questions.Select(q => q.Value<string>("id")).Distinct().Count());
        Assert.Equal(2, (await AuditAsync(app)).Count); // the repeat changed nothing, yet it is an admin write that succeeded
    }

    [Fact]
    public async Task A_stray_quote_a_short_row_a_bad_answer_and_a_repeated_question_are_reported_by_line_and_nothing_is_imported()
    {
        await using var app = await StartAsync(azurite);
        var csv = Header
            + "安全帽要系紧下颏带吗？,要,不要,,,1\n"      // line 2: good
            + "灭火器\"口诀\"是？,提拔握压,拔提压握,,,1\n"  // line 3: a quote inside an unquoted field
            + "短行,只有一个选项\n"                       // line 4: too few fields
            + "CPR 按压频率？,60-80,100-120,,,3\n"        // line 5: the answer names an empty option
            + "\n"
            + "有限空间作业第一步？,先通风,先作业,,,E\n"    // line 7: not a number or letter of an option
            + "安全帽要系紧下颏带吗？,要,不要,,,2\n";     // line 8: the same question as line 2

        var (status, problem) = await PostAsync(app, csv);

        Assert.Equal(400, status);
        Assert.Equal("invalid-csv", problem.Value<string>("code"));
        Assert.Equal([3, 4, 5, 7, 8], problem["lines"]!.Select(l => l.Value<int>("line")));
        Assert.Contains("quot", problem["lines"]![0]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Contains("2 fields", problem["lines"]![1]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Contains("line 2", problem["lines"]![4]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Equal(4, (await QuestionsAsync(app)).Count);
        Assert.Empty(await AuditAsync(app));
    }

    [Theory]
    [InlineData("题目,A,B,C,D,答案\n安全帽？,要,不要,,,1\n")]
    [InlineData("安全帽？,要,不要,,,1\n")]
    [InlineData("")]
    [InlineData("text,option1,option2,option3,option4,answer\n")]
    public async Task A_file_without_the_header_or_without_questions_is_refused_at_line_1(string csv)
    {
        await using var app = await StartAsync(azurite);

        var (status, problem) = await PostAsync(app, csv);

        Assert.Equal((400, "invalid-csv"), (status, problem.Value<string>("code")));
        Assert.Equal(1, problem["lines"]!.Single().Value<int>("line"));
        Assert.Equal(4, (await QuestionsAsync(app)).Count);
    }

    [Fact]
    public async Task An_unclosed_quote_is_a_line_error_never_a_500()
    {
        await using var app = await StartAsync(azurite);

        var (status, problem) = await PostAsync(app, Header + "安全帽？,要,不要,,,1\n\"没有结束的引号,要,不要,,,1\n下一行,是,否,,,1\n");

        Assert.Equal((400, "invalid-csv"), (status, problem.Value<string>("code")));
        Assert.Equal(3, problem["lines"]!.First().Value<int>("line"));
        Assert.Equal(4, (await QuestionsAsync(app)).Count);
    }

    [Fact]
    public async Task Too_large_wrong_type_binary_content_and_an_unknown_quiz_are_refused_with_problems_and_leave_no_audit_record()
    {
        await using var app = await StartAsync(azurite);
        var line = "安全帽要系紧下颏带吗？,要,不要,,,1\n";
        var huge = Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Repeat(line, (512 * 1024 / Encoding.UTF8.GetByteCount(line)) + 1)));
        var xlsx = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00 };
        var latin1 = Encoding.Latin1.GetBytes(Header + "Qualité?,oui,non,,,1\n");

        var tooLarge = await PostAsync(app, huge);
        var json = await PostAsync(app, Encoding.UTF8.GetBytes("{\"text\":\"x\"}"), "application/json");
        var binary = await PostAsync(app, xlsx);
        var notUtf8 = await PostAsync(app, latin1);
        var unknown = await PostAsync(app, Header + line, quiz: "q-nowhere");
        var (anonymous, _) = await app.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/quizzes/q-001/questions") { Content = new ByteArrayContent(huge) });

        Assert.Equal((413, "payload-too-large"), (tooLarge.Status, tooLarge.Body.Value<string>("code")));
        Assert.Equal((415, "unsupported-media-type"), (json.Status, json.Body.Value<string>("code")));
        Assert.Equal((415, "unsupported-media-type"), (binary.Status, binary.Body.Value<string>("code")));
        Assert.Equal((415, "unsupported-media-type"), (notUtf8.Status, notUtf8.Body.Value<string>("code")));
        Assert.Equal((404, "quiz-not-found"), (unknown.Status, unknown.Body.Value<string>("code")));
        Assert.Equal(401, anonymous);
        Assert.Equal(4, (await QuestionsAsync(app)).Count);
        Assert.Empty(await AuditAsync(app));
    }

    [Fact]
    public async Task A_successful_import_leaves_one_audit_record_with_the_bank_size_before_and_only_the_size_of_the_file()
    {
        await using var app = await StartAsync(azurite);

        var (status, _) = await PostAsync(app, Header + "发现有人触电，首先应？,切断电源,用手拉开,,,1\n");

        Assert.Equal(200, status);
        var record = Assert.Single(await AuditAsync(app));
        Assert.Equal(("quizzes/q-001/questions", "questions: 4", "done"), (record.Value<string>("target"), record.Value<string>("before"), record.Value<string>("outcome")));
        Assert.DoesNotContain("触电", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_a_hundred_questions_in_one_file_are_refused_whole()
    {
        await using var app = await StartAsync(azurite);
        var csv = Header + string.Concat(Enumerable.Range(1, 101).Select(i => $"第{i}题？,是,否,,,1\n"));

        var (status, problem) = await PostAsync(app, csv);

        Assert.Equal((400, "invalid-csv"), (status, problem.Value<string>("code")));
        var line = problem["lines"]!.Single();
        Assert.Equal(102, line.Value<int>("line"));
        Assert.Contains("at most 100", line.Value<string>("message"), StringComparison.Ordinal);
        Assert.Equal(4, (await QuestionsAsync(app)).Count);
    }

    [Fact]
    public async Task A_file_of_nothing_but_bad_lines_gets_a_report_bounded_by_the_question_limit()
    {
        await using var app = await StartAsync(azurite);
        var csv = Header + string.Concat(Enumerable.Repeat("\"\n", 200_000));

        var (status, problem) = await PostAsync(app, csv);

        Assert.Equal((400, "invalid-csv"), (status, problem.Value<string>("code")));
        Assert.InRange(problem["lines"]!.Count(), 1, 101);
        Assert.Equal(4, (await QuestionsAsync(app)).Count);
    }
}
