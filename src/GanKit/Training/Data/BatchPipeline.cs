using System.Runtime.ExceptionServices;

namespace GanKit.Training.Data;

/// <summary>
/// Decodes minibatches ahead of the consumer on background threads. Batch numbers are claimed in order and the
/// consumer takes them in order, so the output never depends on how many workers there are or how fast each is;
/// at most <c>depth</c> batches wait decoded, which bounds memory. A failure while producing batch b is
/// rethrown when the consumer reaches batch b.
/// </summary>
internal sealed class BatchPipeline<T> : IDisposable
{
    private readonly Func<long, T> _produce;
    private readonly int _depth;
    private readonly object _gate = new();
    private readonly Dictionary<long, (T? Value, ExceptionDispatchInfo? Error)> _ready = new();
    private readonly Thread[] _threads;
    private long _nextToClaim;
    private long _nextToTake;
    private bool _stopped;

    /// <param name="produce">Makes batch b; called from worker threads (or the caller's when there are none).</param>
    /// <param name="workers">Background threads; 0 produces each batch on the consumer's thread when taken.</param>
    /// <param name="depth">Batches decoded ahead at most.</param>
    public BatchPipeline(Func<long, T> produce, int workers, int depth)
    {
        _produce = produce;
        _depth = Math.Max(1, depth);
        _threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"GanKit data worker {i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Batch <paramref name="index"/>; must be called with 0, 1, 2, ... in turn.</summary>
    public T Take(long index)
    {
        if (_threads.Length == 0)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            _nextToTake = index + 1;
            return _produce(index);
        }
        (T? Value, ExceptionDispatchInfo? Error) slot;
        lock (_gate)
        {
            while (!_ready.Remove(index, out slot))
            {
                ObjectDisposedException.ThrowIf(_stopped, this);
                Monitor.Wait(_gate);
            }
            _nextToTake = index + 1;
            Monitor.PulseAll(_gate);
        }
        slot.Error?.Throw();
        return slot.Value!;
    }

    private void Work()
    {
        while (true)
        {
            long index;
            lock (_gate)
            {
                while (!_stopped && _nextToClaim >= _nextToTake + _depth) Monitor.Wait(_gate);
                if (_stopped) return;
                index = _nextToClaim++;
            }
            (T? Value, ExceptionDispatchInfo? Error) slot;
            try { slot = (_produce(index), null); }
            catch (Exception e) { slot = (default, ExceptionDispatchInfo.Capture(e)); }
            lock (_gate)
            {
                if (_stopped) return;
                _ready[index] = slot;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Stops the workers and waits for them to finish the batch in hand.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            _ready.Clear();
            Monitor.PulseAll(_gate);
        }
        foreach (var thread in _threads) thread.Join();
    }
}
