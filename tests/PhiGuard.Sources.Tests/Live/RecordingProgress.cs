using PhiGuard.Sources.Live;

namespace PhiGuard.Sources.Tests.Live;

/// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<ClusterLoadProgress>
{
    private readonly List<ClusterLoadProgress> reports = [];

    public IReadOnlyList<ClusterLoadProgress> Reports
    {
        get
        {
            lock (reports)
            {
                return reports.ToArray();
            }
        }
    }

    public void Report(ClusterLoadProgress value)
    {
        lock (reports)
        {
            reports.Add(value);
        }
    }
}
