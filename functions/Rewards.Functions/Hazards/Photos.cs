using Rewards.Domain;
using Rewards.Domain.Hazards;
using Rewards.Functions.Http;
using SkiaSharp;

namespace Rewards.Functions.Hazards;

/// <summary>A photo as it is stored: re-encoded as JPEG, upright, without any metadata.</summary>
internal sealed record StoredPhoto(byte[] Jpeg, int Width, int Height);

/// <summary>
/// Photos are hostile input. The type comes from the magic bytes; the pixel count from the header, before a
/// pixel is decoded; the decode must succeed completely (a truncated file is refused, not padded with grey);
/// and what is kept is a fresh JPEG drawn from the pixels, so no EXIF (GPS position, device serial) survives.
/// The EXIF orientation is applied to the pixels first, since the re-encode drops the tag.
/// </summary>
internal static class Photos
{
    public const int MaxBodyBytes = 10 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    public const int FullSide = 1600;
    public const int ThumbSide = 320;
    private const int Quality = 85;

    /// <summary>JPEG, PNG or WebP by their signatures; null for anything else, whatever its name or declared type.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) =>
        b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? "jpeg"
        : b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "png"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : null;

    /// <summary>Checks an uploaded photo and re-encodes it, upright, at most <paramref name="maxSide"/> pixels on its long side.</summary>
    public static Decision<StoredPhoto> Prepare(byte[] bytes, int maxSide = FullSide)
    {
        if (Sniff(bytes) is null)
        {
            return new Refusal(ProblemCodes.UnsupportedMediaType, "The photo must be a JPEG, PNG or WebP image.");
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return Invalid("The photo could not be read as an image.");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1 || (long)width * height > MaxPixels)
        {
            return Invalid($"The photo claims {width} × {height} pixels; at most {MaxPixels / 1_000_000} megapixels are accepted.");
        }

        using var decoded = Decode(codec, maxSide);
        if (decoded is null)
        {
            return Invalid("The photo is truncated or corrupt.");
        }

        using var upright = Render(decoded, codec.EncodedOrigin, maxSide);
        return Encode(upright);
    }

    /// <summary>The thumbnail of a stored photo and the photo's 64-bit difference hash.</summary>
    public static (StoredPhoto Thumb, ulong Hash) Thumbnail(byte[] jpeg)
    {
        var thumb = Prepare(jpeg, ThumbSide);
        if (thumb.IsRefused)
        {
            throw new InvalidDataException($"A stored photo could not be processed: {thumb.Refusal!.Detail}");
        }

        using var bitmap = SKBitmap.Decode(thumb.Value!.Jpeg);
        using var grey = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(grey))
        {
            canvas.DrawBitmap(bitmap, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        }

        return (thumb.Value, PhotoHash.Difference(Packed(grey), grey.Width, grey.Height));
    }

    /// <summary>Decodes all of the pixels, at a reduced scale where the codec can (JPEG); null when the data is incomplete or invalid.</summary>
    private static SKBitmap? Decode(SKCodec codec, int maxSide)
    {
        var full = codec.Info;
        var scale = Math.Min(1f, (float)maxSide / Math.Max(full.Width, full.Height));
        var size = codec.GetScaledDimensions(scale);
        // The codec scales by fixed steps (JPEG: eighths) and may land below the target: then decode in full.
        var scaled = size.Width < full.Width && Math.Max(size.Width, size.Height) >= maxSide;
        foreach (var (w, h) in scaled ? [(size.Width, size.Height), (full.Width, full.Height)] : new[] { (full.Width, full.Height) })
        {
            var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul);
            var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result == SKCodecResult.Success)
            {
                return bitmap;
            }

            bitmap.Dispose();
            if (result != SKCodecResult.InvalidScale)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Draws the pixels upright (applying the EXIF origin), scaled to fit, on white (JPEG has no transparency).</summary>
    private static SKBitmap Render(SKBitmap source, SKEncodedOrigin origin, int maxSide)
    {
        var (w, h) = (source.Width, source.Height);
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uw, uh) = swap ? (h, w) : (w, h);
        var scale = Math.Min(1f, (float)maxSide / Math.Max(uw, uh));
        var target = new SKBitmap(new SKImageInfo(Math.Max(1, (int)Math.Round(uw * scale)), Math.Max(1, (int)Math.Round(uh * scale)), SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        canvas.Scale((float)target.Width / uw, (float)target.Height / uh);
        canvas.Concat(Orientation(origin, w, h));
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return target;
    }

    /// <summary>Maps the stored pixels (w × h) to upright ones, for each EXIF orientation.</summary>
    private static SKMatrix Orientation(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static StoredPhoto Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return new StoredPhoto(jpeg.ToArray(), bitmap.Width, bitmap.Height);
    }

    private static byte[] Packed(SKBitmap grey)
    {
        var packed = new byte[grey.Width * grey.Height];
        var pixels = grey.GetPixelSpan();
        for (var y = 0; y < grey.Height; y++)
        {
            pixels.Slice(y * grey.RowBytes, grey.Width).CopyTo(packed.AsSpan(y * grey.Width));
        }

        return packed;
    }

    private static Refusal Invalid(string detail) => new(HazardCodes.InvalidImage, detail);
}
