using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Screening;

/// <summary>
/// Section <c>TokenGate:ScreeningModel</c> (<c>TokenGate__ScreeningModel__RefreshInterval</c> in app settings):
/// how instances pick up retrained models and how retraining runs.
/// </summary>
public sealed class ScreeningModelOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:ScreeningModel";

    /// <summary>How often an instance checks the model store for a newer model. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Load the newest stored model at start and keep checking (default true); false keeps the embedded model.</summary>
    public bool UseStoredModels { get; set; } = true;

    /// <summary>Most reviewed examples one run trains with, newest kept (default 50,000): bounds a run's memory and time.</summary>
    [Range(1, 1_000_000)]
    public int MaxReviewedExamples { get; set; } = 50_000;

    /// <summary>
    /// How long a stored run may stay <c>running</c> before it is reported <c>failed</c> with error <c>Abandoned</c>
    /// (its instance stopped or was recycled before the run finished). Default 30 minutes; a run takes seconds to
    /// tens of seconds. Runs in progress on the instance answering are never reported abandoned.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Seed of the split and the training (default: the seed of the committed model).</summary>
    public int Seed { get; set; } = Core.Screening.Training.DatasetSplit.DefaultSeed;
}
