using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;
using TokenGate.Testing;

namespace TokenGate.Core.Tests.Screening;

/// <summary>The guard behind "reproducible training": the documented command rebuilds the committed model exactly.</summary>
public class ReproducibleTrainingTests
{
    private static string DataDirectory => Path.Combine(RepositoryRoot.Path, "data");

    private static string ModelFile => Path.Combine(RepositoryRoot.Path, "models", "prompt-classifier.bin");

    [Fact]
    public void Retrain_FromShippedDataWithDefaultSeed_ReproducesTheCommittedModelByteForByte()
    {
        var shipped = ShippedTrainingData.Load(DataDirectory);

        var report = ModelTrainer.Retrain(shipped, [], current: null, new TrainingOptions());

        Assert.True(report.ModelBytes.SequenceEqual(File.ReadAllBytes(ModelFile)),
            "models/prompt-classifier.bin is not what `dotnet run --project src/TokenGate.Cli -- train` produces: retrain and commit the model.");
    }

    [Fact]
    public void EmbeddedModel_IsTheCommittedFile()
    {
        Assert.Equal(File.ReadAllBytes(ModelFile), PromptClassifierModel.ReadEmbeddedBytes());
    }

    [Fact]
    public void LoadEmbedded_GivesTheSameExamplesAsTheDataDirectory()
    {
        var fromFiles = ShippedTrainingData.Load(DataDirectory);

        var embedded = ShippedTrainingData.LoadEmbedded();

        Assert.Equal(fromFiles, embedded);
        Assert.Equal(2535, embedded.Count);
    }

    [Fact]
    public void EmbeddedNotices_CarryTheDataLicences()
    {
        Assert.Contains("Apache-2.0", ShippedTrainingData.ReadEmbeddedNotice("prompt-injection/README.md"), StringComparison.Ordinal);
        Assert.NotNull(ShippedTrainingData.ReadEmbeddedNotice("prompt-injection/awesome-chatgpt-prompts/LICENSE"));
        Assert.Contains("Apache License", ShippedTrainingData.ReadEmbeddedNotice("prompt-injection/deepset/LICENSE"), StringComparison.Ordinal);
        Assert.Contains("MIT License", ShippedTrainingData.ReadEmbeddedNotice("prompt-injection/jailbreak-llms/LICENSE"), StringComparison.Ordinal);
        Assert.NotNull(ShippedTrainingData.ReadEmbeddedNotice("benign/README.md"));
    }

    [Fact]
    public void TryLoad_RefusesTruncatedOrCorruptBytes()
    {
        var bytes = PromptClassifierModel.ReadEmbeddedBytes()!;
        Assert.True(PromptClassifierModel.TryLoad(bytes, out _));

        Assert.False(PromptClassifierModel.TryLoad(bytes.AsSpan(0, bytes.Length - 1), out _));
        var badMagic = (byte[])bytes.Clone();
        badMagic[0] ^= 0xFF;
        Assert.False(PromptClassifierModel.TryLoad(badMagic, out _));
        var nanBias = (byte[])bytes.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(nanBias, 12);
        Assert.False(PromptClassifierModel.TryLoad(nanBias, out _));
    }
}
