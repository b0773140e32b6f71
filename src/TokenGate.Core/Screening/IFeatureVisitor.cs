namespace TokenGate.Core.Screening;

/// <summary>Receives hashed feature occurrences from <see cref="PromptFeatures"/>; a struct so calls inline.</summary>
public interface IFeatureVisitor
{
    void Add(int bucket, float value);
}
