namespace TokenGate.Core.Screening;

/// <summary>
/// The inline screener: text is normalised (<see cref="TextNormalizer"/>), base64/hex payloads are
/// decoded and screened with it, the rules add evidence to the linear classifier's log-odds, and
/// <see cref="PiiDetector"/> applies the tenant's PII action. Thread-safe and allocation-light.
/// </summary>
public sealed class PromptScreener : IPromptScreener
{
    /// <summary>Reason reported when the classifier alone is above the flag threshold.</summary>
    public const string ClassifierReason = "classifier";
    /// <summary>Reason reported when zero-width characters, homoglyphs or spaced-out letters were folded.</summary>
    public const string ObfuscationReason = "obfuscation";
    /// <summary>Reason reported when a base64 or hex payload decoded to readable text.</summary>
    public const string EncodedPayloadReason = "encoded-payload";

    private const double ObfuscationBoost = 0.6;
    private const double EncodedBoost = 0.6;
    private readonly PromptModelHolder _models;

    /// <summary>Uses the model embedded in TokenGate.Core.</summary>
    public PromptScreener()
        : this(PromptClassifierModel.Embedded)
    {
    }

    /// <summary>Uses <paramref name="model"/> for its whole life.</summary>
    public PromptScreener(PromptClassifierModel model)
        : this(new PromptModelHolder(model ?? throw new ArgumentNullException(nameof(model))))
    {
    }

    /// <summary>Uses whatever model <paramref name="models"/> holds at the start of each call (swappable at run time).</summary>
    public PromptScreener(PromptModelHolder models)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
    }

    /// <summary>The model the next call will use.</summary>
    public PromptClassifierModel Model => _models.Current;

    /// <inheritdoc />
    public ScreeningResult Screen(IReadOnlyList<string> userTexts, ScreeningPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(userTexts);
        ArgumentNullException.ThrowIfNull(policy);
        if (userTexts.Count == 0)
        {
            return ScreeningResult.Clean;
        }

        var injection = Assess(userTexts, policy.FlagThreshold);
        var reasons = new List<string>(injection.Reasons);
        var verdict = injection.Score >= policy.BlockThreshold ? ScreeningVerdict.Block
            : injection.Score >= policy.FlagThreshold ? ScreeningVerdict.Flag
            : ScreeningVerdict.Allow;

        var piiKinds = new List<string>();
        foreach (var text in userTexts)
        {
            if (text is not null)
            {
                PiiDetector.Detect(text, piiKinds);
            }
        }

        IReadOnlyList<string>? redacted = null;
        if (piiKinds.Count > 0 && policy.Pii != PiiAction.Allow)
        {
            foreach (var kind in piiKinds)
            {
                reasons.Add("pii:" + kind);
            }

            switch (policy.Pii)
            {
                case PiiAction.Block:
                    verdict = ScreeningVerdict.Block;
                    break;
                case PiiAction.Flag when verdict == ScreeningVerdict.Allow:
                    verdict = ScreeningVerdict.Flag;
                    break;
                case PiiAction.Redact:
                    redacted = userTexts.Select(t => t is null ? t! : PiiDetector.Redact(t)).ToArray();
                    break;
                default:
                    break;
            }
        }

        if (verdict == ScreeningVerdict.Allow && reasons.Count == 0 && piiKinds.Count == 0)
        {
            return injection.Score == 0 ? ScreeningResult.Clean : new ScreeningResult(verdict, injection.Score, [], []);
        }

        return new ScreeningResult(verdict, injection.Score, reasons, piiKinds) { RedactedTexts = redacted };
    }

    /// <summary>Scores the texts for injection and jailbreak only (no PII, no verdict).</summary>
    public InjectionAssessment Assess(IReadOnlyList<string> userTexts, double classifierReasonThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(userTexts);
        var combined = Prepare(userTexts, out var obfuscated, out var decoded);
        if (combined.Length == 0)
        {
            return new InjectionAssessment(0, 0, []);
        }

        // One read of the live model per call: a swap mid-call cannot mix two models.
        var modelLogit = _models.Current.Logit(combined);
        var logit = modelLogit;
        var reasons = new List<string>(2);
        foreach (var rule in InjectionRules.All)
        {
            if (!reasons.Contains(rule.Name) && rule.IsMatch(combined))
            {
                reasons.Add(rule.Name);
                logit += rule.LogitBoost;
            }
        }

        if (obfuscated)
        {
            logit += ObfuscationBoost;
            reasons.Add(ObfuscationReason);
        }

        if (decoded)
        {
            logit += EncodedBoost;
            reasons.Add(EncodedPayloadReason);
        }

        var probability = PromptClassifierModel.Sigmoid(modelLogit);
        if (probability >= classifierReasonThreshold)
        {
            reasons.Insert(0, ClassifierReason);
        }

        return new InjectionAssessment(Math.Round(PromptClassifierModel.Sigmoid(logit), 4), probability, reasons);
    }

    /// <summary>
    /// The exact text the rules and the classifier see: each text normalised, decoded payloads
    /// appended, joined by newlines. Training uses it too, so features never drift from screening.
    /// </summary>
    public static string Prepare(IReadOnlyList<string> userTexts, out bool obfuscated, out bool decoded)
    {
        ArgumentNullException.ThrowIfNull(userTexts);
        obfuscated = false;
        var parts = new List<string>(userTexts.Count + 1);
        List<string>? segments = null;
        foreach (var text in userTexts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            parts.Add(TextNormalizer.Normalize(text, out var folded));
            obfuscated |= folded;
            var found = EncodedSegmentDecoder.Decode(text);
            if (found is not null)
            {
                (segments ??= []).AddRange(found);
            }
        }

        decoded = segments is not null;
        if (segments is not null)
        {
            foreach (var segment in segments)
            {
                parts.Add(TextNormalizer.Normalize(segment));
            }
        }

        return parts.Count switch
        {
            0 => string.Empty,
            1 => parts[0],
            _ => string.Join('\n', parts),
        };
    }
}
