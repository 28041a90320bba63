namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// Runs tiles 0 … n − 1 of a job on the calling thread plus up to d − 1 thread-pool workers, each worker taking the next
/// tile from a shared counter until none is left (dynamic scheduling, so uneven tiles balance). Returns when every tile
/// is done. Allocation-free after the first call: the work item is cached and reused.
/// </summary>
/// <remarks>
/// The job is a function pointer and an opaque state pointer (typically to a struct on the caller's stack holding pinned
/// pointers): both stay valid because <see cref="Run"/> waits for every worker it queued, including one that finds no
/// tile left. Which thread runs a tile does not change its result, so results do not depend on the degree of parallelism.
/// An exception in a tile is rethrown on the calling thread after the others finish.
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
        worker.Start(count, helpers, state, tile);
        for (int h = 0; h < helpers; h++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(worker, preferLocal: false);
        }

        worker.Work();
        worker.WaitForHelpers();
        Exception? failure = worker.Failure;
        worker.Clear();
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
        private int _pendingHelpers;

        private Exception? _failure;

        internal Exception? Failure => Volatile.Read(ref _failure);

        internal void Start(int count, int helpers, void* state, delegate*<void*, int, void> tile)
        {
            _state = state;
            _tile = tile;
            _count = count;
            _next = -1;
            _pendingHelpers = helpers;
            _failure = null;
        }

        internal void Clear()
        {
            _state = null;
            _tile = null;
        }

        /// <summary>Takes tiles until none is left (or one failed).</summary>
        internal void Work()
        {
            try
            {
                int t;
                while ((t = Interlocked.Increment(ref _next)) < _count && Failure is null)
                {
                    _tile(_state, t);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
        }

        internal void WaitForHelpers()
        {
            lock (_gate)
            {
                while (_pendingHelpers > 0)
                {
                    Monitor.Wait(_gate);
                }
            }
        }

        void IThreadPoolWorkItem.Execute()
        {
            Work();
            lock (_gate)
            {
                if (--_pendingHelpers == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
