using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Screening.Training;
using TokenGate.Gateway.Storage;
using CoreExample = TokenGate.Core.Screening.Training.LabelledExample;

namespace TokenGate.Gateway.Screening;

/// <summary>
/// Retrains the screening classifier in process: the shipped data (embedded in TokenGate.Core) plus every
/// reviewed example in the <see cref="ILabelledExampleStore"/>, through <see cref="ModelTrainer.Retrain"/> on a
/// thread-pool thread, one run at a time per instance. An accepted model (not worse on the held-out split)
/// is stored first, then made live here; other instances pick it up from the store. Every run is recorded.
/// </summary>
public sealed class ScreeningRetrainer
{
    /// <summary>The <see cref="RetrainingRun.Error"/> of a run whose instance stopped before it finished.</summary>
    public const string AbandonedError = "Abandoned";

    private readonly LiveScreeningModel _live;
    private readonly IScreeningModelStore _store;
    private readonly ILabelledExampleStore _examples;
    private readonly TimeProvider _time;
    private readonly ScreeningModelOptions _options;
    private readonly ILogger<ScreeningRetrainer> _logger;
    private readonly Lazy<IReadOnlyList<CoreExample>> _shipped;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RetrainingRun> _recent = new(StringComparer.Ordinal);
    private int _running;
    private Task _last = Task.CompletedTask;

    public ScreeningRetrainer(
        LiveScreeningModel live,
        IScreeningModelStore store,
        ILabelledExampleStore examples,
        TimeProvider time,
        IOptions<ScreeningModelOptions> options,
        ILogger<ScreeningRetrainer> logger)
        : this(live, store, examples, time, options, logger, ShippedTrainingData.LoadEmbedded)
    {
    }

    internal ScreeningRetrainer(
        LiveScreeningModel live,
        IScreeningModelStore store,
        ILabelledExampleStore examples,
        TimeProvider time,
        IOptions<ScreeningModelOptions> options,
        ILogger<ScreeningRetrainer> logger,
        Func<IReadOnlyList<CoreExample>> shipped)
    {
        ArgumentNullException.ThrowIfNull(options);
        _live = live;
        _store = store;
        _examples = examples;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _shipped = new Lazy<IReadOnlyList<CoreExample>>(shipped);
    }

    /// <summary>True while a run is in progress on this instance.</summary>
    public bool IsRunning => Volatile.Read(ref _running) != 0;

    /// <summary>Completes when the run in progress on this instance (if any) has finished and been recorded.</summary>
    public Task WhenIdleAsync() => Volatile.Read(ref _last);

    /// <summary>
    /// Starts a run in the background and returns its first record and the task that finishes with its last;
    /// false when a run is already in progress on this instance.
    /// </summary>
    public bool TryStart([NotNullWhen(true)] out RetrainingRun? run, [NotNullWhen(true)] out Task<RetrainingRun>? completion)
    {
        run = null;
        completion = null;
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return false;
        }

        var started = new RetrainingRun
        {
            Id = "rt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Status = RetrainingRunStatus.Running,
            StartedAt = _time.GetUtcNow(),
            BaseModelVersion = _live.Descriptor.Version,
        };
        run = started;
        // Known before the 202 goes out, so an immediate poll never gets a 404.
        Remember(started);
        // Training is CPU-bound and synchronous: keep it off the request thread and independent of the request's lifetime.
        completion = Task.Run(async () =>
        {
            try
            {
                return await RunAsync(started).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
        Volatile.Write(ref _last, completion);
        return true;
    }

    /// <summary>
    /// A run started on this instance (its latest record), else the stored record from any instance; null when unknown.
    /// A stored run still <c>running</c> after <see cref="ScreeningModelOptions.RunTimeout"/> lost its instance
    /// (stopped or recycled mid-run, so its last record was never written): it is reported failed, error
    /// <see cref="AbandonedError"/>. The stored record is left as it is.
    /// </summary>
    public async Task<RetrainingRun?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_recent.TryGetValue(id, out var local))
        {
            return local;
        }

        var stored = await _store.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        return stored is { Status: RetrainingRunStatus.Running } && _time.GetUtcNow() - stored.StartedAt > _options.RunTimeout
            ? stored with { Status = RetrainingRunStatus.Failed, Error = AbandonedError }
            : stored;
    }

    private void Remember(RetrainingRun run)
    {
        // Only this instance's recent runs are kept here; older ones are read from the store.
        if (_recent.Count >= 100 && !_recent.ContainsKey(run.Id))
        {
            foreach (var old in _recent.Values.OrderBy(r => r.StartedAt).Take(_recent.Count - 99))
            {
                _recent.TryRemove(old.Id, out _);
            }
        }

        _recent[run.Id] = run;
    }

    private async Task<RetrainingRun> RunAsync(RetrainingRun run)
    {
        ScreeningModelLog.RunStarted(_logger, run.Id, run.BaseModelVersion ?? string.Empty);
        try
        {
            await _store.SaveRunAsync(run, CancellationToken.None).ConfigureAwait(false);
            var rows = await _examples.ListAsync(CancellationToken.None).ConfigureAwait(false);
            var reviewed = rows
                .Where(r => !string.IsNullOrWhiteSpace(r.Text))
                .TakeLast(_options.MaxReviewedExamples)
                .Select(r => new CoreExample(r.Text, r.Label, "reviewed"))
                .ToList();
            var current = _live.Model;
            var report = ModelTrainer.Retrain(_shipped.Value, reviewed, current, new TrainingOptions { Seed = _options.Seed }, ModelTrainer.EmbeddedModel());
            var finishedAt = _time.GetUtcNow();
            var descriptor = ScreeningModelDescriptor.ForTrained(report.ModelBytes, finishedAt, run.Id, reviewed.Count, report.After);
            var status = report.Accepted ? RetrainingRunStatus.Accepted : RetrainingRunStatus.Refused;
            if (report.Accepted)
            {
                // Stored before it goes live, so what this instance screens with is what every instance will load.
                await _store.SaveModelAsync(descriptor, report.ModelBytes, CancellationToken.None).ConfigureAwait(false);
                await _live.TryActivateAsync(descriptor, report.ModelBytes, force: true, CancellationToken.None).ConfigureAwait(false);
            }

            run = run with
            {
                Status = status,
                FinishedAt = finishedAt,
                ReviewedCount = reviewed.Count,
                TrainCount = report.TrainCount,
                TestCount = report.TestCount,
                Before = report.Before,
                After = report.After,
                ModelVersion = descriptor.Version,
                ModelHash = descriptor.Hash,
            };
            ScreeningModelLog.RunFinished(_logger, run.Id, status, reviewed.Count, report.Before?.ToString() ?? "none", report.After.ToString(), descriptor.Version);
        }
        catch (Exception ex)
        {
            ScreeningModelLog.RunFailed(_logger, ex, run.Id);
            run = run with { Status = RetrainingRunStatus.Failed, FinishedAt = _time.GetUtcNow(), Error = ex.GetType().Name };
        }

        Remember(run);
        try
        {
            await _store.SaveRunAsync(run, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ScreeningModelLog.StoreUnavailable(_logger, ex, _live.Descriptor.Version);
        }

        return run;
    }
}
