using System.Buffers.Binary;

namespace TokenGate.Core.Tests.Tokens;

/// <summary>Minimal image headers as data URLs (enough for size sniffing, not real images).</summary>
internal static class TestImages
{
    public static string PngDataUrl(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return "data:image/png;base64," + Convert.ToBase64String(bytes);
    }

    public static string GifDataUrl(int width, int height)
    {
        var bytes = new byte[16];
        "GIF89a"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return "data:image/gif;base64," + Convert.ToBase64String(bytes);
    }

    public static string JpegDataUrl(int width, int height)
    {
        // SOI, an APP0 segment of 16 bytes, then SOF0 with precision, height, width.
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        bytes.AddRange(new byte[14]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        bytes.AddRange(new byte[12]);
        return "data:image/jpeg;base64," + Convert.ToBase64String(bytes.ToArray());
    }
}
