namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// Runs tiles 0 … n − 1 of a job on the calling thread plus up to d − 1 thread-pool workers, each taking the next tile
/// from a shared counter until none is left (dynamic scheduling, so uneven tiles balance). Returns when every tile is
/// done. Allocation-free after the first call: the work item is cached and reused.
/// </summary>
/// <remarks>
/// <para>The job is a function pointer and an opaque state pointer (typically to a struct on the caller's stack holding
/// pinned pointers). The caller works too; when it runs out of tiles it closes the run and waits only for workers that
/// are inside a tile. A worker the thread pool starts late — after the close — sees it and leaves without touching the
/// job, so a busy pool delays nothing and a caller on a pool thread cannot starve itself.</para>
/// <para>At most <c>degree</c> threads work on one run: a worker left queued by an earlier run (a busy pool) takes one of
/// the run's places or none. Which thread runs a tile does not change the tile's result, so results do not depend on the degree of
/// parallelism. An exception in a tile is rethrown on the calling thread after the others finish.</para>
/// </remarks>
internal static unsafe class ParallelTiles
{
    private static Worker? s_cached;

    /// <summary>Runs <paramref name="tile"/>(state, t) for every t in [0, count) on at most <paramref name="degree"/> threads.</summary>
    internal static void Run(int count, int degree, void* state, delegate*<void*, int, void> tile)
    {
        int helpers = Math.Min(degree, count) - 1;
        if (helpers <= 0)
        {
            for (int t = 0; t < count; t++)
            {
                tile(state, t);
            }

            return;
        }

        Worker worker = Interlocked.Exchange(ref s_cached, null) ?? new Worker();
        worker.Open(count, helpers, state, tile);
        Exception? failure;
        try
        {
            for (int h = 0; h < helpers; h++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(worker, preferLocal: false);
            }

            worker.Work();
        }
        finally
        {
            // Always closed and waited for, even if queuing failed: a queued worker must never reach this frame's job
            // after Run has returned.
            failure = worker.Close();
        }

        Interlocked.CompareExchange(ref s_cached, worker, null);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private sealed class Worker : IThreadPoolWorkItem
    {
        private readonly object _gate = new(); // Monitor.Wait/PulseAll need a monitor, not a System.Threading.Lock
        private void* _state;
        private delegate*<void*, int, void> _tile;
        private int _count;
        private int _next;
        private int _inside;  // workers between their check-in and check-out
        private int _closed;  // 1 once the caller has run out of tiles
        private int _allowance; // helpers this run may still take in: a worker left over from an earlier run uses a place
        private Exception? _failure;

        internal void Open(int count, int helpers, void* state, delegate*<void*, int, void> tile)
        {
            _state = state;
            _tile = tile;
            _count = count;
            _next = -1;
            _allowance = helpers;
            _failure = null;
            Volatile.Write(ref _closed, 0); // last: a worker that sees the run open sees the fields above
        }

        /// <summary>Takes tiles until none is left (or one failed).</summary>
        internal void Work()
        {
            try
            {
                int t;
                while ((t = Interlocked.Increment(ref _next)) < _count && Volatile.Read(ref _failure) is null)
                {
                    _tile(_state, t);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
        }

        /// <summary>Closes the run, waits for the workers inside a tile, and returns the first failure.</summary>
        internal Exception? Close()
        {
            Volatile.Write(ref _closed, 1);
            lock (_gate)
            {
                while (Volatile.Read(ref _inside) > 0)
                {
                    try
                    {
                        Monitor.Wait(_gate);
                    }
                    catch (ThreadInterruptedException)
                    {
                        // Keep waiting: a worker is still inside a tile that reads this run's job.
                    }
                }
            }

            _state = null;
            return _failure;
        }

        void IThreadPoolWorkItem.Execute()
        {
            Interlocked.Increment(ref _inside);
            if (Volatile.Read(ref _closed) == 0 && Interlocked.Decrement(ref _allowance) >= 0)
            {
                Work(); // at most `helpers` workers per run, so a run never has more than its degree of parallelism
            }

            if (Interlocked.Decrement(ref _inside) == 0 && Volatile.Read(ref _closed) == 1)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
