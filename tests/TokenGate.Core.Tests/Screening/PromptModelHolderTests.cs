using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Core.Tests.Screening;

public class PromptModelHolderTests
{
    private const string Text = "please summarise the quarterly report for the board";

    [Fact]
    public void Swap_ChangesWhatTheScreenerUses_AndReturnsTheOldModel()
    {
        var (a, b) = (Constant(-3f), Constant(3f));
        var holder = new PromptModelHolder(a);
        var screener = new PromptScreener(holder);
        var before = screener.Assess([Text]).ClassifierProbability;

        var replaced = holder.Swap(b);

        Assert.Same(a, replaced);
        Assert.Same(b, screener.Model);
        Assert.True(screener.Assess([Text]).ClassifierProbability > before);
    }

    [Fact]
    public async Task Screen_WhileModelsAreSwappedConcurrently_AlwaysReturnsTheResultOfOneModelOrTheOther()
    {
        // Weights and bias both differ, so a call that mixed one model's weights with the other's bias would show.
        var models = new[] { Uniform(0.01f, -4f), Uniform(-0.01f, 4f) };
        var holder = new PromptModelHolder(models[0]);
        var screener = new PromptScreener(holder);
        var policy = new ScreeningPolicy();
        var expected = models.Select(m => new PromptScreener(m).Screen([Text], policy)).ToArray();
        Assert.NotEqual(expected[0].InjectionScore, expected[1].InjectionScore);

        var seen = new int[2];
        var stray = 0;
        const int Readers = 4;
        const int CallsPerReader = 20_000;
        using var start = new Barrier(Readers + 1);
        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < CallsPerReader; i++)
            {
                var result = screener.Screen([Text], policy);
                var which = Array.FindIndex(expected, e => e.InjectionScore == result.InjectionScore && e.Verdict == result.Verdict);
                if (which < 0)
                {
                    Interlocked.Increment(ref stray);
                }
                else
                {
                    Interlocked.Increment(ref seen[which]);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        start.SignalAndWait();
        var swaps = 0;
        while (!readers.All(r => r.IsCompleted))
        {
            holder.Swap(models[++swaps % 2]);
        }

        await Task.WhenAll(readers);
        Assert.Equal(0, stray);
        Assert.Equal(Readers * CallsPerReader, seen[0] + seen[1]);
        Assert.True(swaps > 0);
    }

    private static PromptClassifierModel Constant(float bias) => Uniform(0f, bias);

    private static PromptClassifierModel Uniform(float weight, float bias)
    {
        var weights = new float[PromptFeatures.BucketCount];
        Array.Fill(weights, weight);
        return new PromptClassifierModel(weights, bias);
    }
}
