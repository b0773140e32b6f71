using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Core.Tests.Screening;

/// <summary>
/// "Used only if not worse" must not drift: each retrain is compared with the live model within a small tolerance,
/// so it is compared with the shipped model too, and a series of slightly worse models cannot walk quality down.
/// </summary>
public class RetrainFloorTests
{
    [Fact]
    public void Retrain_BetterThanABrokenLiveModelButWorseThanTheShippedOne_IsRefused()
    {
        var shipped = ShippedTrainingData.LoadEmbedded();
        var embedded = ModelTrainer.EmbeddedModel()!;
        // The live model has drifted to uselessness (it flags everything); the new one is trained on poisoned reviews.
        var drifted = new PromptClassifierModel(embedded.Weights.ToArray(), embedded.Bias + 40);
        var poisoned = shipped.Where(e => e.Label == 0).Take(300).Select(e => e with { Label = 1, Source = "review" }).ToList();

        var withoutFloor = ModelTrainer.Retrain(shipped, poisoned, drifted, new TrainingOptions());
        var withFloor = ModelTrainer.Retrain(shipped, poisoned, drifted, new TrainingOptions(), embedded);

        Assert.True(withoutFloor.Accepted, "against the broken live model alone, the poisoned model looks like progress");
        Assert.False(withFloor.Accepted);
        Assert.NotNull(withFloor.Shipped);
        Assert.False(withFloor.After.IsNotWorseThan(withFloor.Shipped));
    }

    [Fact]
    public void Retrain_WhenTheLiveModelIsTheShippedOne_ComparesOnce()
    {
        var shipped = ShippedTrainingData.LoadEmbedded();
        var embedded = ModelTrainer.EmbeddedModel()!;

        var report = ModelTrainer.Retrain(shipped, [], embedded, new TrainingOptions(), embedded);

        Assert.Null(report.Shipped);
        Assert.True(report.Accepted);
    }
}
