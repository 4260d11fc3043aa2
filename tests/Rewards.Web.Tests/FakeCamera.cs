using System.Text;
using SkiaSharp;

namespace Rewards.Web.Tests;

/// <summary>
/// A video for Chromium's fake camera (--use-file-for-fake-video-capture): a Y4M file, written here frame by frame,
/// of a picture held up to the camera, as a phone would see a venue screen. Y4M is the raw format Chromium reads:
/// a text header, then per frame "FRAME\n" and the Y, U and V planes of 4:2:0 video.
/// </summary>
internal static class FakeCamera
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Writes <paramref name="frames"/> frames showing <paramref name="png"/> centred on a white wall, slightly smaller than the frame.</summary>
    public static string WriteY4m(byte[] png, int frames = 15)
    {
        using var picture = SKBitmap.Decode(png) ?? throw new InvalidOperationException("The picture is not an image.");
        using var frame = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(frame))
        {
            canvas.Clear(SKColors.White);
            var side = Height - 80f;
            var scale = Math.Min(side / picture.Width, side / picture.Height);
            var (w, h) = (picture.Width * scale, picture.Height * scale);
            using var image = SKImage.FromBitmap(picture);
            canvas.DrawImage(image, SKRect.Create((Width - w) / 2, (Height - h) / 2, w, h), new SKSamplingOptions(SKFilterMode.Nearest));
        }

        var (y, u, v) = Planes(frame);
        var path = Path.Combine(Path.GetTempPath(), $"rewards-camera-{Guid.NewGuid():N}.y4m");
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F15:1 Ip A1:1 C420jpeg\n"));
        for (var i = 0; i < frames; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(y);
            file.Write(u);
            file.Write(v);
        }

        return path;
    }

    /// <summary>BT.601 full-range luma per pixel and chroma per 2×2 block.</summary>
    private static (byte[] Y, byte[] U, byte[] V) Planes(SKBitmap frame)
    {
        var (y, u, v) = (new byte[Width * Height], new byte[Width * Height / 4], new byte[Width * Height / 4]);
        for (var row = 0; row < Height; row++)
        {
            for (var col = 0; col < Width; col++)
            {
                var c = frame.GetPixel(col, row);
                y[(row * Width) + col] = Clamp((0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue));
                if (row % 2 == 0 && col % 2 == 0)
                {
                    var at = (row / 2 * (Width / 2)) + (col / 2);
                    u[at] = Clamp(128 - (0.168736 * c.Red) - (0.331264 * c.Green) + (0.5 * c.Blue));
                    v[at] = Clamp(128 + (0.5 * c.Red) - (0.418688 * c.Green) - (0.081312 * c.Blue));
                }
            }
        }

        return (y, u, v);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
