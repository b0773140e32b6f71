using System.Buffers;
using System.Buffers.Binary;

namespace TokenGate.Core.Tokens;

/// <summary>Reads the pixel size from the header of a base64 data URL (PNG, GIF, JPEG); nothing else.</summary>
internal static class ImageSizeSniffer
{
    // JPEG's size marker can sit after EXIF data; 48 KB of decoded header covers common files.
    private const int MaxDecodedBytes = 48 * 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool TryGetSize(string? url, out int width, out int height)
    {
        width = height = 0;
        if (url is null || !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || !url.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var b64 = url.AsSpan(comma + 1);
        var take = Math.Min(b64.Length, MaxDecodedBytes / 3 * 4) & ~3;
        var buffer = ArrayPool<byte>.Shared.Rent(take / 4 * 3);
        try
        {
            if (!Convert.TryFromBase64Chars(b64[..take], buffer, out var written))
            {
                return false;
            }

            var data = buffer.AsSpan(0, written);
            return TryPng(data, out width, out height) || TryGif(data, out width, out height) || TryJpeg(data, out width, out height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryPng(ReadOnlySpan<byte> d, out int width, out int height)
    {
        width = height = 0;
        if (d.Length < 24 || !d.StartsWith(PngSignature))
        {
            return false;
        }

        width = BinaryPrimitives.ReadInt32BigEndian(d[16..]);
        height = BinaryPrimitives.ReadInt32BigEndian(d[20..]);
        return width > 0 && height > 0;
    }

    private static bool TryGif(ReadOnlySpan<byte> d, out int width, out int height)
    {
        width = height = 0;
        if (d.Length < 10 || !d.StartsWith("GIF8"u8))
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]);
        height = BinaryPrimitives.ReadUInt16LittleEndian(d[8..]);
        return width > 0 && height > 0;
    }

    private static bool TryJpeg(ReadOnlySpan<byte> d, out int width, out int height)
    {
        width = height = 0;
        if (d.Length < 4 || d[0] != 0xFF || d[1] != 0xD8)
        {
            return false;
        }

        var i = 2;
        while (i + 9 < d.Length)
        {
            if (d[i] != 0xFF)
            {
                return false;
            }

            var marker = d[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]);
                return width > 0 && height > 0;
            }

            if (length < 2)
            {
                return false;
            }

            i += 2 + length;
        }

        return false;
    }
}
