namespace TokenGate.Core.Tokens;

/// <summary>
/// Prompt tokens for an image input by OpenAI's published tile method: low detail is a flat base
/// cost; high/auto scales the image to fit 2048×2048, then its short side to 768, and charges per
/// 512-pixel tile plus the base.
/// </summary>
public static class ImageTokenEstimator
{
    /// <summary>Base tokens per image (gpt-4o family).</summary>
    public const int BaseTokens = 85;

    /// <summary>Tokens per 512×512 tile (gpt-4o family).</summary>
    public const int TileTokens = 170;

    /// <summary>Tiles assumed when the size is unknown: the most the tile method can produce (768×2048 → 2×4).</summary>
    public const int UnknownSizeTiles = 8;

    // gpt-4o-mini bills images at a much higher token rate (published: 2833 base, 5667 per tile).
    private const int MiniBaseTokens = 2833;
    private const int MiniTileTokens = 5667;

    /// <summary>Estimated tokens for one image.</summary>
    /// <param name="detail">"low", "high", "auto" or null (= auto).</param>
    /// <param name="width">Pixel width when known.</param>
    /// <param name="height">Pixel height when known.</param>
    /// <param name="model">The model, for per-model rates (gpt-4o-mini).</param>
    public static int Estimate(string? detail, int? width, int? height, string? model = null)
    {
        var mini = model is not null && model.Contains("gpt-4o-mini", StringComparison.OrdinalIgnoreCase);
        var baseTokens = mini ? MiniBaseTokens : BaseTokens;
        var tileTokens = mini ? MiniTileTokens : TileTokens;
        if (string.Equals(detail, "low", StringComparison.OrdinalIgnoreCase))
        {
            return baseTokens;
        }

        var tiles = width is > 0 && height is > 0 ? Tiles(width.Value, height.Value) : UnknownSizeTiles;
        return (tiles * tileTokens) + baseTokens;
    }

    /// <summary>512-pixel tiles after OpenAI's two scaling steps.</summary>
    public static int Tiles(int width, int height)
    {
        double w = width, h = height;
        if (w > 2048 || h > 2048)
        {
            var scale = 2048 / Math.Max(w, h);
            w *= scale;
            h *= scale;
        }

        var shortest = Math.Min(w, h);
        if (shortest > 768)
        {
            var scale = 768 / shortest;
            w *= scale;
            h *= scale;
        }

        return (int)(Math.Ceiling(Math.Floor(w) / 512) * Math.Ceiling(Math.Floor(h) / 512));
    }
}
