using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>The concurrency contract of <see cref="HnswVectorIndex"/>: searches run while one writer inserts, removes and compacts.</summary>
[TestFixture]
public sealed class HnswVectorIndexConcurrencyTests
{
    private const int Dimensions = 16;
    private const int Inserts = 4000;
    private const int Readers = 3;

    [Test]
    public void Searches_DuringInsertsRemovesAndCompaction_SeeOnlyCompleteRecords_WithExactScores_AndNoRemovedIds()
    {
        var index = new HnswVectorIndex(Dimensions, VectorMetric.Cosine, new HnswOptions { M = 8, EfConstruction = 40, EfSearch = 32 });
        var removed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        int searches = 0;
        long matches = 0;
        using var done = new CancellationTokenSource();

        void Read(int reader)
        {
            var random = new Random(reader);
            while (!done.IsCancellationRequested)
            {
                var removedBefore = removed.Keys.ToHashSet(StringComparer.Ordinal);
                float[] query = VectorTestData.Gaussian(random, Dimensions);
                IReadOnlyList<VectorMatch> result = (random.Next(3)) switch
                {
                    0 => index.Search(query, 10, id => id.EndsWith('7')),
                    1 => index.SearchBatch(query, 10)[0],
                    _ => index.Search(query, 10),
                };
                Interlocked.Increment(ref searches);
                Interlocked.Add(ref matches, result.Count);
                string? problem = Check(query, result, removedBefore);
                if (problem is not null)
                {
                    failures.Enqueue(problem);
                }
            }
        }

        Task[] readers = [.. Enumerable.Range(0, Readers).Select(r => Task.Factory.StartNew(() => Read(r), TaskCreationOptions.LongRunning))];
        try
        {
            for (int i = 0; i < Inserts; i++)
            {
                index.Upsert(Id(i), VectorOf(i));
                if (i % 10 == 9)
                {
                    string victim = Id(i - 5);
                    Assert.That(index.Remove(victim), Is.True);
                    removed[victim] = true;
                }

                if (i == Inserts / 2)
                {
                    index.Compact();
                }
            }
        }
        finally
        {
            done.Cancel();
            Task.WaitAll(readers);
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
        Assert.That(searches, Is.GreaterThan(Readers));
        Assert.That(matches, Is.GreaterThan(0));
        Assert.That(index.Count, Is.EqualTo(Inserts - removed.Count));
    }

    private static string Id(int i) => "w-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static float[] VectorOf(int i) => VectorTestData.Gaussian(new Random(1000 + i), Dimensions);

    /// <summary>Why a concurrent result breaks the contract, or null: every id fully inserted, each score recomputed exactly, sorted, no duplicates, none removed before the search began.</summary>
    private static string? Check(float[] query, IReadOnlyList<VectorMatch> result, HashSet<string> removedBefore)
    {
        float[] q = new float[Dimensions];
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), q);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < result.Count; r++)
        {
            VectorMatch match = result[r];
            if (!match.Id.StartsWith("w-", StringComparison.Ordinal) || !int.TryParse(match.Id.AsSpan(2), out int i) || i < 0 || i >= Inserts)
            {
                return $"unknown id {match.Id}";
            }

            if (!seen.Add(match.Id) || removedBefore.Contains(match.Id))
            {
                return $"duplicate or removed id {match.Id}";
            }

            float[] x = VectorOf(i);
            TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), x);
            float expected = FlatKernels.Score<FlatDot>(ref q[0], ref x[0], Dimensions); // the exact index's kernel, on every SIMD width
            if (match.Score != expected)
            {
                return $"{match.Id}: score {match.Score:R}, recomputed {expected:R}";
            }

            if (r > 0 && result[r - 1].Score < match.Score)
            {
                return "not sorted";
            }
        }

        return null;
    }
}
