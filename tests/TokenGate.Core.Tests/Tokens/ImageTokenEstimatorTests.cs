using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class ImageTokenEstimatorTests
{
    [Theory]
    // OpenAI's vision guide: 1024×1024 high → 768×768 → 4 tiles → 765; 2048×4096 high → 768×1536 → 6 tiles → 1105.
    [InlineData("high", 1024, 1024, 765)]
    [InlineData("high", 2048, 4096, 1105)]
    [InlineData("auto", 4096, 8192, 1105)]
    [InlineData("low", 4096, 8192, 85)]
    [InlineData(null, 512, 512, 255)]
    [InlineData("high", 100, 100, 255)]
    public void Estimate_KnownSizes_FollowsTheTileMethod(string? detail, int width, int height, int expected)
    {
        Assert.Equal(expected, ImageTokenEstimator.Estimate(detail, width, height));
    }

    [Fact]
    public void Estimate_UnknownSize_AssumesTheLargestTileCount()
    {
        Assert.Equal((8 * 170) + 85, ImageTokenEstimator.Estimate("high", null, null));
        Assert.Equal(85, ImageTokenEstimator.Estimate("low", null, null));
    }

    [Fact]
    public void Estimate_Gpt4oMini_UsesItsHigherRates()
    {
        Assert.Equal(2833, ImageTokenEstimator.Estimate("low", null, null, "gpt-4o-mini"));
        Assert.Equal(2833 + (4 * 5667), ImageTokenEstimator.Estimate("high", 1024, 1024, "gpt-4o-mini"));
    }

    [Fact]
    public void Sniffer_PngDataUrl_ReadsTheSize()
    {
        Assert.True(ImageSizeSniffer.TryGetSize(TestImages.PngDataUrl(1024, 2048), out var w, out var h));
        Assert.Equal((1024, 2048), (w, h));
    }

    [Fact]
    public void Sniffer_GifAndJpegDataUrls_ReadTheSize()
    {
        Assert.True(ImageSizeSniffer.TryGetSize(TestImages.GifDataUrl(300, 200), out var w, out var h));
        Assert.Equal((300, 200), (w, h));
        Assert.True(ImageSizeSniffer.TryGetSize(TestImages.JpegDataUrl(640, 480), out w, out h));
        Assert.Equal((640, 480), (w, h));
    }

    [Theory]
    [InlineData("https://example.com/cat.png")]
    [InlineData("data:image/png;base64,!!!!")]
    [InlineData("data:image/png,notbase64")]
    [InlineData("data:image/png;base64,")]
    public void Sniffer_UnreadableUrls_ReportUnknown(string url)
    {
        Assert.False(ImageSizeSniffer.TryGetSize(url, out _, out _));
    }
}
