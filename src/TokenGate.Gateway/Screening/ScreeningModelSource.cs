namespace TokenGate.Gateway.Screening;

/// <summary>Where the live screening model came from.</summary>
public enum ScreeningModelSource
{
    /// <summary>The model embedded in TokenGate.Core at build time (models/prompt-classifier.bin).</summary>
    Embedded,

    /// <summary>A model retrained at run time and read from the <see cref="IScreeningModelStore"/>.</summary>
    Stored,
}
