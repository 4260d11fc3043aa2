using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using SkiaSharp;

namespace Rewards.Functions.Tests.Hazards;

/// <summary>Photos drawn with SkiaSharp at test time (no binary files in git), and hostile variants of them.</summary>
public static class TestPhotos
{
    /// <summary>A scene: 0 is a yellow warning triangle over a grey floor, 1 a blue machine with red guard rails, 2 a dark stairwell with a bright exit sign.</summary>
    public static byte[] Jpeg(int width, int height, int scene = 0, int quality = 90)
    {
        using var bitmap = Draw(width, height, scene);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, quality).ToArray();
    }

    /// <summary>The same photo decoded and encoded again at another size and quality, as a second phone would send it.</summary>
    public static byte[] Reencoded(byte[] jpeg, int width, int height, int quality)
    {
        using var source = SKBitmap.Decode(jpeg);
        using var resized = source.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(resized);
        return image.Encode(SKEncodedImageFormat.Jpeg, quality).ToArray();
    }

    public static SKBitmap Draw(int width, int height, int scene)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Scale(width / 400f, height / 300f);
        using var paint = new SKPaint { IsAntialias = true };
        switch (scene)
        {
            case 0:
                paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 300), [new SKColor(90, 90, 90), new SKColor(200, 200, 200)], SKShaderTileMode.Clamp);
                canvas.DrawRect(0, 0, 400, 300, paint);
                paint.Shader = null;
                paint.Color = new SKColor(250, 200, 0);
                using (var builder = new SKPathBuilder())
                {
                    builder.MoveTo(200, 40);
                    builder.LineTo(320, 250);
                    builder.LineTo(80, 250);
                    builder.Close();
                    using var path = builder.Detach();
                    canvas.DrawPath(path, paint);
                }

                paint.Color = SKColors.Black;
                canvas.DrawRect(192, 110, 16, 80, paint);
                canvas.DrawCircle(200, 220, 10, paint);
                break;
            case 1:
                canvas.Clear(new SKColor(230, 240, 255));
                paint.Color = new SKColor(30, 60, 160);
                canvas.DrawRect(40, 120, 220, 150, paint);
                paint.Color = new SKColor(200, 20, 20);
                for (var x = 280; x < 400; x += 30)
                {
                    canvas.DrawRect(x, 20, 12, 260, paint);
                }

                break;
            default:
                canvas.Clear(new SKColor(20, 20, 25));
                paint.Color = new SKColor(40, 220, 90);
                canvas.DrawRect(30, 30, 120, 50, paint);
                paint.Color = new SKColor(120, 120, 120);
                for (var y = 100; y < 300; y += 40)
                {
                    canvas.DrawRect(150 + (y / 2), y, 250, 20, paint);
                }

                break;
        }

        return bitmap;
    }

    /// <summary>
    /// Splices an APP1 Exif segment after the JFIF header of a SkiaSharp JPEG: an orientation, the phone's make
    /// and serial, and a GPS position (Beijing Daxing), as phones write them.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation, string make = "TestPhone SN-8848-1234")
    {
        var tiff = new MemoryStream();
        var w = new BinaryWriter(tiff);
        var makeBytes = Encoding.ASCII.GetBytes(make + "\0");
        var makeAt = 8 + 2 + (3 * 12) + 4;
        var gpsAt = makeAt + makeBytes.Length + (makeBytes.Length % 2);
        var latAt = gpsAt + 2 + (4 * 12) + 4;
        var lonAt = latAt + 24;
        w.Write("II"u8);
        w.Write((ushort)42);
        w.Write(8u);
        w.Write((ushort)3);
        Entry(w, 0x010F, 2, (uint)makeBytes.Length, (uint)makeAt);
        Entry(w, 0x0112, 3, 1, orientation);
        Entry(w, 0x8825, 4, 1, (uint)gpsAt);
        w.Write(0u);
        w.Write(makeBytes);
        if (makeBytes.Length % 2 == 1)
        {
            w.Write((byte)0);
        }

        w.Write((ushort)4);
        Entry(w, 0x0001, 2, 2, 'N');
        Entry(w, 0x0002, 5, 3, (uint)latAt);
        Entry(w, 0x0003, 2, 2, 'E');
        Entry(w, 0x0004, 5, 3, (uint)lonAt);
        w.Write(0u);
        foreach (var (degrees, minutes, seconds) in new[] { (39u, 43u, 5000u), (116u, 20u, 1234u) })
        {
            w.Write(degrees); w.Write(1u); w.Write(minutes); w.Write(1u); w.Write(seconds); w.Write(100u);
        }

        var payload = (byte[])[.. "Exif\0\0"u8, .. tiff.ToArray()];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        var at = jpeg[3] == 0xE0 ? 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4)) : 2;
        return [.. jpeg[..at], .. segment, .. jpeg[at..]];
    }

    /// <summary>A valid PNG header (with a correct CRC) that claims 60,000 × 60,000 pixels, and almost nothing after it.</summary>
    public static byte[] PngBomb()
    {
        var ihdr = new byte[17];
        "IHDR"u8.CopyTo(ihdr);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(8), 60_000);
        ihdr[12] = 8;
        ihdr[13] = 2;
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(ihdr));
        byte[] length = [0, 0, 0, 13];
        byte[] idat = [0, 0, 0, 0, .. "IDAT"u8, 0x35, 0xAF, 0x06, 0x1E];
        return [0x89, .. "PNG\r\n\u001a\n"u8, .. length, .. ihdr, .. crc, .. idat];
    }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static bool HasExif(byte[] jpeg) => jpeg.AsSpan().IndexOf("Exif\0\0"u8) >= 0 || jpeg.AsSpan().IndexOf("TestPhone"u8) >= 0;

    public static (int Width, int Height) Size(byte[] image)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(image));
        return (codec.Info.Width, codec.Info.Height);
    }

    private static void Entry(BinaryWriter w, ushort tag, ushort type, uint count, uint value)
    {
        w.Write(tag);
        w.Write(type);
        w.Write(count);
        w.Write(value);
    }
}
