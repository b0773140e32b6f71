namespace TokenGate.Core.Admission;

/// <summary>The last <see cref="Capacity"/> rejections of one user, oldest overwritten first. Caller holds the lock.</summary>
internal sealed class RejectionLog
{
    public const int Capacity = 20;
    private readonly RejectionRecord[] _items = new RejectionRecord[Capacity];
    private int _next;
    private int _count;

    public void Add(RejectionRecord record)
    {
        _items[_next] = record;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>Oldest first.</summary>
    public RejectionRecord[] ToArray()
    {
        var result = new RejectionRecord[_count];
        var start = (_next - _count + Capacity) % Capacity;
        for (var i = 0; i < _count; i++)
        {
            result[i] = _items[(start + i) % Capacity];
        }

        return result;
    }
}
