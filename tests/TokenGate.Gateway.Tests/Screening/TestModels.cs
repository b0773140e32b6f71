using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Tests.Screening;

/// <summary>Small, distinguishable models: every weight equal, so a model is told apart by its scores.</summary>
internal static class TestModels
{
    public static PromptClassifierModel Uniform(float weight, float bias = 0f)
    {
        var weights = new float[PromptFeatures.BucketCount];
        Array.Fill(weights, weight);
        return new PromptClassifierModel(weights, bias);
    }

    public static byte[] Bytes(float weight, float bias = 0f)
    {
        using var stream = new MemoryStream();
        Uniform(weight, bias).Save(stream);
        return stream.ToArray();
    }
}
