using System.Buffers.Binary;

namespace TokenGate.Core.Screening;

/// <summary>
/// The logistic-regression weights over <see cref="PromptFeatures"/>. Stored as a compact binary file
/// (models/prompt-classifier.bin: magic "TGPC", version, bucket bits, bias, scale, then one
/// little-endian int16 per bucket) and embedded in TokenGate.Core; loaded once.
/// </summary>
public sealed class PromptClassifierModel
{
    private const uint Magic = 0x43504754; // "TGPC"
    private const int FormatVersion = 1;
    private const string ResourceName = "TokenGate.Core.Screening.prompt-classifier.bin";
    private static readonly Lazy<PromptClassifierModel> EmbeddedModel = new(LoadEmbedded);

    private readonly float[] _weights;

    /// <summary>Wraps the given weights (length <see cref="PromptFeatures.BucketCount"/>).</summary>
    public PromptClassifierModel(float[] weights, float bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != PromptFeatures.BucketCount)
        {
            throw new ArgumentException($"Expected {PromptFeatures.BucketCount} weights.", nameof(weights));
        }

        _weights = weights;
        Bias = bias;
    }

    /// <summary>The model shipped inside TokenGate.Core (a near-silent model if none was embedded).</summary>
    public static PromptClassifierModel Embedded => EmbeddedModel.Value;

    public float Bias { get; }

    /// <summary>The weights; read-only by convention (training copies them).</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Log-odds that normalised text is an injection or jailbreak.</summary>
    public double Logit(ReadOnlySpan<char> normalizedText)
    {
        var dot = new DotProduct(_weights);
        PromptFeatures.Visit(normalizedText, ref dot);
        return dot.Sum + Bias;
    }

    /// <summary>Probability that normalised text is an injection or jailbreak.</summary>
    public double Probability(ReadOnlySpan<char> normalizedText) => Sigmoid(Logit(normalizedText));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Writes the model in its binary form (int16-quantised; deterministic for equal weights).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var maxAbs = 0f;
        foreach (var w in _weights)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(w));
        }

        var scale = maxAbs > 0 ? maxAbs / short.MaxValue : 1f;
        var header = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), PromptFeatures.BucketBits);
        BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(12), Bias);
        BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(16), scale);
        stream.Write(header);
        var body = new byte[_weights.Length * 2];
        for (var i = 0; i < _weights.Length; i++)
        {
            var q = (short)Math.Clamp(MathF.Round(_weights[i] / scale), short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(body.AsSpan(i * 2), q);
        }

        stream.Write(body);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static PromptClassifierModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[20];
        stream.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)) != FormatVersion
            || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != PromptFeatures.BucketBits)
        {
            throw new InvalidDataException("Not a prompt classifier model of this version.");
        }

        var bias = BinaryPrimitives.ReadSingleLittleEndian(header.AsSpan(12));
        var scale = BinaryPrimitives.ReadSingleLittleEndian(header.AsSpan(16));
        var body = new byte[PromptFeatures.BucketCount * 2];
        stream.ReadExactly(body);
        var weights = new float[PromptFeatures.BucketCount];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = BinaryPrimitives.ReadInt16LittleEndian(body.AsSpan(i * 2)) * scale;
        }

        return new PromptClassifierModel(weights, bias);
    }

    /// <summary>Size in bytes of a model file of this format.</summary>
    public static int FileLength => 20 + (PromptFeatures.BucketCount * 2);

    /// <summary>
    /// Reads model bytes from an untrusted place (a model store): false, with no model, when they are
    /// not exactly one model of this format with finite parameters.
    /// </summary>
    public static bool TryLoad(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PromptClassifierModel? model)
    {
        model = null;
        if (bytes.Length != FileLength)
        {
            return false;
        }

        var bias = BinaryPrimitives.ReadSingleLittleEndian(bytes[12..]);
        var scale = BinaryPrimitives.ReadSingleLittleEndian(bytes[16..]);
        if (!float.IsFinite(bias) || !float.IsFinite(scale) || scale <= 0)
        {
            return false;
        }

        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            model = Load(stream);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The bytes of the embedded model file, or null when none was embedded.</summary>
    public static byte[]? ReadEmbeddedBytes()
    {
        using var stream = typeof(PromptClassifierModel).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static PromptClassifierModel LoadEmbedded()
    {
        using var stream = typeof(PromptClassifierModel).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? new PromptClassifierModel(new float[PromptFeatures.BucketCount], -6f) : Load(stream);
    }

    private struct DotProduct(float[] weights) : IFeatureVisitor
    {
        public double Sum;

        public void Add(int bucket, float value) => Sum += weights[bucket] * value;
    }
}
