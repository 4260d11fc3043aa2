using Rewards.Domain.Hazards;
using Rewards.Functions.Hazards;
using Rewards.Functions.Identity;
using SkiaSharp;

namespace Rewards.DevHost.Demo;

/// <summary>
/// The demo's 安全隐患随手拍 reports, in different states: verified after rectification, accepted and still open,
/// awaiting review (one of them a near duplicate of another), and rejected. The photos are drawn here with
/// SkiaSharp at seed time, not kept as files, and go through the same checks as a worker's upload.
/// </summary>
internal static class DemoHazards
{
    private sealed record Seed(string WorkerId, string Category, string Place, string Description, int Scene, ReviewCommand? Review, bool Rectified, bool Verified);

    private static readonly Seed[] Reports =
    [
        new("w-001", "电气", "一车间配电房", "配电箱门未关闭，箱内线缆裸露。", 0, new(ReviewCommand.Accept, Severity.Major, null, null), true, true),
        new("w-002", "消防", "二车间东侧消防通道", "消防通道堆放纸箱，阻挡疏散。", 1, new(ReviewCommand.Accept, Severity.General, null, null), false, false),
        new("w-005", "高处作业", "3号楼脚手架", "脚手架外侧护栏缺失，作业人员未系安全带。", 2, null, false, false),
        new("w-006", "高处作业", "3号楼北侧", "脚手架护栏缺失。", 2, null, false, false),
        new("w-009", "其他", "停车场", "地面有积水。", 3, new(ReviewCommand.Reject, null, "不属于安全隐患，已转物业处理", null), false, false),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var submission = services.GetRequiredService<HazardSubmission>();
        var processing = services.GetRequiredService<HazardProcessing>();
        var review = services.GetRequiredService<HazardReview>();
        foreach (var (seed, i) in Reports.Select((r, i) => (r, i)))
        {
            // The second report of the scaffold is the same scene photographed again, smaller: flagged as a near duplicate.
            var photo = Draw(seed.Scene, i == 3 ? 900 : 1400, i == 3 ? 675 : 1050);
            var created = await submission.SubmitAsync(new WorkerPrincipal(seed.WorkerId, 1), new HazardForm(photo, seed.Category, seed.Place, seed.Description), $"demo-{i}", ct);
            var id = created.Value!.Id;
            await processing.ProcessAsync(new HazardMessage(id, seed.WorkerId), ct);
            if (seed.Review is { } decision)
            {
                await review.ReviewAsync(id, decision, ct);
            }

            if (seed.Rectified)
            {
                await review.RectifyAsync(id, Draw(4, 1400, 1050), "已加装箱门锁并整理线缆。", ct);
            }

            if (seed.Verified)
            {
                await review.VerifyAsync(id, ct);
            }
        }
    }

    private static byte[] Draw(int scene, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Scale(width / 400f, height / 300f);
            using var paint = new SKPaint { IsAntialias = true };
            var (background, shape) = scene switch
            {
                0 => (new SKColor(120, 125, 130), new SKColor(230, 230, 220)),
                1 => (new SKColor(200, 60, 40), new SKColor(160, 120, 70)),
                2 => (new SKColor(150, 190, 230), new SKColor(110, 110, 110)),
                3 => (new SKColor(60, 60, 70), new SKColor(90, 140, 200)),
                _ => (new SKColor(120, 125, 130), new SKColor(40, 160, 80)),
            };
            canvas.Clear(background);
            paint.Color = shape;
            for (var k = 0; k < 4; k++)
            {
                canvas.DrawRect(30 + (scene * 17 % 60) + (k * 90), 60 + (k * scene * 11 % 80), 60, 180 - (k * 20), paint);
            }

            paint.Color = new SKColor(250, 200, 0);
            canvas.DrawCircle(60 + (scene * 70), 50, 28, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 88).ToArray();
    }
}
