namespace TokenGate.Core.Screening.Training;

/// <summary>A train/test split made by near-duplicate group with a fixed seed.</summary>
public sealed record DatasetSplit(IReadOnlyList<LabelledExample> Train, IReadOnlyList<LabelledExample> Test)
{
    /// <summary>Default seed for splitting and training; changing it changes the committed model.</summary>
    public const int DefaultSeed = 20261128;

    /// <summary>Groups near-duplicates, shuffles the groups with <paramref name="seed"/>, and puts about <paramref name="testFraction"/> of each label's groups in the test set.</summary>
    public static DatasetSplit ByNearDuplicateGroup(IReadOnlyList<LabelledExample> examples, double testFraction = 0.2, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var groups = NearDuplicateGrouper.Group(examples.Select(e => e.Text).ToArray());
        var byGroup = Enumerable.Range(0, examples.Count)
            .GroupBy(i => groups[i])
            .OrderBy(g => g.Key)
            .Select(g => g.ToArray())
            .ToList();
        var random = new Random(seed);
        var train = new List<LabelledExample>();
        var test = new List<LabelledExample>();
        // Stratify on the group's majority label so both classes are in the test set.
        foreach (var label in new[] { 0, 1 })
        {
            var labelGroups = byGroup.Where(g => MajorityLabel(examples, g) == label).ToList();
            Shuffle(labelGroups, random);
            var testTarget = (int)Math.Round(labelGroups.Sum(g => g.Length) * testFraction);
            var inTest = 0;
            foreach (var group in labelGroups)
            {
                var target = inTest < testTarget ? test : train;
                inTest += target == test ? group.Length : 0;
                target.AddRange(group.Select(i => examples[i]));
            }
        }

        return new DatasetSplit(train, test);
    }

    private static int MajorityLabel(IReadOnlyList<LabelledExample> examples, int[] group) =>
        group.Count(i => examples[i].Label == 1) * 2 >= group.Length ? 1 : 0;

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
