namespace TokenGate.Gateway.Abuse;

/// <summary>
/// When each user's state was last saved (in the user's event time), and which users could not be
/// restored and so must not overwrite what the store holds. Bounded: least recently touched users go first,
/// which costs at most one early save when they come back.
/// </summary>
internal sealed class BehaviourSaveLedger(TimeSpan interval, int capacity)
{
    private readonly Dictionary<(string Tenant, string User), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();

    public int Count => _entries.Count;

    /// <summary>The user's state is in the store as of <paramref name="asOf"/> (restored or saved).</summary>
    public void Saved((string Tenant, string User) user, DateTimeOffset asOf) => Touch(user, asOf, unrestored: false);

    /// <summary>The store could not be read for the user: never overwrite what it may hold.</summary>
    public void Unrestored((string Tenant, string User) user) => Touch(user, null, unrestored: true);

    /// <summary>Whether the user's state, seen up to <paramref name="lastSeen"/>, should be written now.</summary>
    public bool IsDue((string Tenant, string User) user, DateTimeOffset lastSeen, bool findingFired)
    {
        if (!_entries.TryGetValue(user, out var node))
        {
            return true;
        }

        var entry = node.Value;
        return !entry.Unrestored && (findingFired || entry.LastSaved is not { } saved || lastSeen - saved >= interval);
    }

    private void Touch((string Tenant, string User) user, DateTimeOffset? asOf, bool unrestored)
    {
        if (_entries.Remove(user, out var existing))
        {
            _order.Remove(existing);
        }

        _entries[user] = _order.AddFirst(new Entry(user, asOf, unrestored));
        while (_entries.Count > capacity)
        {
            _entries.Remove(_order.Last!.Value.User);
            _order.RemoveLast();
        }
    }

    private sealed record Entry((string Tenant, string User) User, DateTimeOffset? LastSaved, bool Unrestored);
}
