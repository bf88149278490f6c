namespace PhiGuard.Sources.Manifests;

/// <summary>
/// A parsed field path: <c>spec.containers[0].securityContext</c>, <c>metadata.labels["phiguard.io/phi"]</c>.
/// Keys that contain dots may also be written bare; the locator then tries the longest run that exists.
/// </summary>
internal sealed class FieldPath
{
    private FieldPath(IReadOnlyList<Segment> segments) => Segments = segments;

    public IReadOnlyList<Segment> Segments { get; }

    public static FieldPath Parse(string path)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                i++;
                continue;
            }

            if (c == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    break;
                }

                var inner = path.AsSpan(i + 1, close - i - 1).Trim();
                if (inner.Length >= 2 && inner[0] is '"' or '\'' && inner[^1] == inner[0])
                {
                    segments.Add(new Segment(inner[1..^1].ToString(), -1, true));
                }
                else if (int.TryParse(inner, out var index) && index >= 0)
                {
                    segments.Add(new Segment(null, index, false));
                }
                else
                {
                    segments.Add(new Segment(inner.ToString(), -1, true));
                }

                i = close + 1;
                continue;
            }

            var end = i;
            while (end < path.Length && path[end] != '.' && path[end] != '[')
            {
                end++;
            }

            segments.Add(new Segment(path[i..end], -1, false));
            i = end;
        }

        return new FieldPath(segments);
    }

    /// <summary>
    /// Keys that may name the property at <paramref name="start"/>, longest first: a bare key followed by more bare
    /// keys may really be one key with dots in it (<c>metadata.annotations.phiguard.io/phi</c>).
    /// </summary>
    public IEnumerable<(string Key, int Consumed)> KeyCandidates(int start)
    {
        var first = Segments[start];
        if (first.Key is null)
        {
            yield break;
        }

        if (first.Quoted)
        {
            yield return (first.Key, 1);
            yield break;
        }

        var run = 1;
        while (start + run < Segments.Count && Segments[start + run] is { Key: not null, Quoted: false })
        {
            run++;
        }

        for (var n = run; n >= 1; n--)
        {
            yield return (string.Join('.', Segments.Skip(start).Take(n).Select(s => s.Key)), n);
        }
    }

    /// <summary>One step: a property name (<see cref="Key"/>) or a list index.</summary>
    internal readonly record struct Segment(string? Key, int Index, bool Quoted);
}
