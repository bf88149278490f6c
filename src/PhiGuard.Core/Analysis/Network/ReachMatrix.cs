namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// Which endpoint may reach which (on at least one port), for every ordered pair of a set of endpoints; each column
/// (the sources of one destination) comes from the model's <see cref="ReachIndex"/>, so thousands of workloads and
/// policies take seconds, not hours.
/// </summary>
public sealed class ReachMatrix
{
    // columns[to]: bit `from` set when Endpoints[from] may reach Endpoints[to].
    private readonly ulong[][] columns;

    private ReachMatrix(IReadOnlyList<PodEndpoint> endpoints, ulong[][] columns)
    {
        Endpoints = endpoints;
        this.columns = columns;
    }

    /// <summary>The row and column order.</summary>
    public IReadOnlyList<PodEndpoint> Endpoints { get; }

    /// <summary>Pairs (source, destination) that may talk, including an endpoint to its own pods.</summary>
    public int AllowedCount => columns.Sum(r => r.Sum(w => System.Numerics.BitOperations.PopCount(w)));

    /// <summary>Whether <c>Endpoints[from]</c> may reach <c>Endpoints[to]</c> on some port.</summary>
    public bool Allowed(int from, int to) => (columns[to][from >> 6] & (1UL << (from & 63))) != 0;

    /// <summary>Computes the matrix over <paramref name="endpoints"/> (default: every endpoint of the model).</summary>
    public static ReachMatrix Compute(NetworkModel model, IReadOnlyList<PodEndpoint>? endpoints = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var eps = endpoints ?? model.Endpoints;
        var n = eps.Count;
        var words = (n + 63) >> 6;
        var index = model.Index;

        // Where each model endpoint sits in this matrix (-1: not in it), so converting a column costs its members.
        var at = new int[model.Endpoints.Count];
        Array.Fill(at, -1);
        for (var i = 0; i < n; i++)
        {
            if (index.PositionOf(eps[i]) < 0)
            {
                throw new ArgumentException($"{eps[i].QualifiedId} is not an endpoint of this model", nameof(endpoints));
            }

            at[eps[i].Index] = i;
        }

        var columns = new ulong[n][];
        Parallel.For(0, n, d =>
        {
            var column = new ulong[words];
            foreach (var source in index.SourcesOf(eps[d]).Members)
            {
                if (at[source.Index] is var s and >= 0)
                {
                    column[s >> 6] |= 1UL << (s & 63);
                }
            }

            columns[d] = column;
        });
        return new ReachMatrix(eps, columns);
    }
}
