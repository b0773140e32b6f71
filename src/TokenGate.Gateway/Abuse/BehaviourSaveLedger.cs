namespace TokenGate.Gateway.Abuse;

/// <summary>
/// Per user, in the user's event time: when the state was last saved, up to when a restored state already
/// counted the user's events, and whether the store could not be read (then it must not be overwritten).
/// Bounded: least recently touched users go first, which costs at most one early save when they come back.
/// </summary>
internal sealed class BehaviourSaveLedger(TimeSpan interval, int capacity)
{
    private readonly Dictionary<(string Tenant, string User), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();

    public int Count => _entries.Count;

    /// <summary>The user's state was restored from the store; it already holds their events up to <paramref name="lastSeen"/>.</summary>
    public void Restored((string Tenant, string User) user, DateTimeOffset lastSeen) =>
        Set(new Entry(user, lastSeen, Unrestored: false, RestoredUpTo: lastSeen));

    /// <summary>The user is new to the store: nothing worth saving before one interval after <paramref name="firstSeen"/>.</summary>
    public void New((string Tenant, string User) user, DateTimeOffset firstSeen) =>
        Set(new Entry(user, firstSeen, Unrestored: false, RestoredUpTo: null));

    /// <summary>The store could not be read for the user: never overwrite what it may hold.</summary>
    public void Unrestored((string Tenant, string User) user) => Set(new Entry(user, null, Unrestored: true, RestoredUpTo: null));

    /// <summary>The user's state is saved as of <paramref name="lastSeen"/>.</summary>
    public void Saved((string Tenant, string User) user, DateTimeOffset lastSeen) =>
        Set(Get(user) is { } entry ? entry with { LastSaved = lastSeen } : new Entry(user, lastSeen, false, null));

    /// <summary>Saving failed: save again with the user's next event.</summary>
    public void SaveFailed((string Tenant, string User) user)
    {
        if (Get(user) is { } entry)
        {
            Set(entry with { LastSaved = null });
        }
    }

    /// <summary>Whether an event of the user at <paramref name="time"/> is already counted in the state restored here.</summary>
    public bool IsInRestoredState((string Tenant, string User) user, DateTimeOffset time) =>
        _entries.TryGetValue(user, out var node) && node.Value.RestoredUpTo is { } upTo && time <= upTo;

    /// <summary>Whether the user's state, seen up to <paramref name="lastSeen"/>, should be written now.</summary>
    public bool IsDue((string Tenant, string User) user, DateTimeOffset lastSeen, bool findingFired) =>
        Get(user) is not { } entry
        || (!entry.Unrestored && (findingFired || entry.LastSaved is not { } saved || lastSeen - saved >= interval));

    private Entry? Get((string Tenant, string User) user) => _entries.TryGetValue(user, out var node) ? node.Value : null;

    private void Set(Entry entry)
    {
        if (_entries.Remove(entry.User, out var existing))
        {
            _order.Remove(existing);
        }

        _entries[entry.User] = _order.AddFirst(entry);
        while (_entries.Count > capacity)
        {
            _entries.Remove(_order.Last!.Value.User);
            _order.RemoveLast();
        }
    }

    private sealed record Entry((string Tenant, string User) User, DateTimeOffset? LastSaved, bool Unrestored, DateTimeOffset? RestoredUpTo);
}
