namespace PhiGuard.Core.Analysis.Network;

/// <summary>
/// A Calico selector expression over a label map, in the subset PhiGuard models: <c>all()</c>, <c>has(k)</c>,
/// <c>!has(k)</c>, <c>k == 'v'</c>, <c>k != 'v'</c>, <c>k in {'a','b'}</c>, <c>k not in {…}</c>, joined by
/// <c>&amp;&amp;</c> and <c>||</c> with parentheses. Anything else fails to parse (the caller reports it).
/// </summary>
internal sealed class CalicoSelector
{
    private readonly Func<IReadOnlyDictionary<string, string>, bool> test;
    private readonly string text;

    private CalicoSelector(Func<IReadOnlyDictionary<string, string>, bool> test, string text)
    {
        this.test = test;
        this.text = text;
    }

    public static CalicoSelector All { get; } = new(_ => true, "all()");

    public bool IsAll => ReferenceEquals(this, All) || text.Trim() == "all()";

    public bool Matches(IReadOnlyDictionary<string, string> labels) => test(labels);

    /// <summary>Parses <paramref name="expression"/>; null with <paramref name="error"/> set when it is outside the subset.</summary>
    public static CalicoSelector? TryParse(string? expression, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return All;
        }

        var p = new Parser(expression);
        try
        {
            var f = p.Or();
            p.SkipSpace();
            if (!p.AtEnd)
            {
                throw new FormatException($"unexpected '{expression[p.Position..]}'");
            }

            return new CalicoSelector(f, expression);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    public override string ToString() => text;

    private sealed class Parser(string s)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= s.Length;

        public void SkipSpace()
        {
            while (Position < s.Length && char.IsWhiteSpace(s[Position]))
            {
                Position++;
            }
        }

        public Func<IReadOnlyDictionary<string, string>, bool> Or()
        {
            var left = And();
            while (Eat("||"))
            {
                var l = left;
                var r = And();
                left = labels => l(labels) || r(labels);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, string>, bool> And()
        {
            var left = Term();
            while (Eat("&&"))
            {
                var l = left;
                var r = Term();
                left = labels => l(labels) && r(labels);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, string>, bool> Term()
        {
            if (Eat("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            if (Eat("all()"))
            {
                return _ => true;
            }

            var negate = Eat("!");
            if (Eat("has("))
            {
                var key = Key();
                Expect(")");
                return negate ? labels => !labels.ContainsKey(key) : labels => labels.ContainsKey(key);
            }

            if (negate)
            {
                throw new FormatException("'!' is only modelled before has()");
            }

            var k = Key();
            if (Eat("=="))
            {
                var v = Str();
                return labels => labels.TryGetValue(k, out var x) && x == v;
            }

            if (Eat("!="))
            {
                var v = Str();
                return labels => !labels.TryGetValue(k, out var x) || x != v;
            }

            var not = Eat("not");
            if (Eat("in"))
            {
                var set = Set();
                return not
                    ? labels => !labels.TryGetValue(k, out var x) || !set.Contains(x)
                    : labels => labels.TryGetValue(k, out var x) && set.Contains(x);
            }

            throw new FormatException($"unsupported selector term at '{s[Position..]}'");
        }

        private HashSet<string> Set()
        {
            Expect("{");
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (Eat("}"))
            {
                return set;
            }

            do
            {
                set.Add(Str());
            }
            while (Eat(","));
            Expect("}");
            return set;
        }

        private string Key()
        {
            SkipSpace();
            var start = Position;
            while (Position < s.Length && (char.IsLetterOrDigit(s[Position]) || s[Position] is '.' or '-' or '_' or '/'))
            {
                Position++;
            }

            if (start == Position)
            {
                throw new FormatException($"expected a label key at '{s[start..]}'");
            }

            return s[start..Position];
        }

        private string Str()
        {
            SkipSpace();
            if (Position >= s.Length || s[Position] is not ('\'' or '"'))
            {
                throw new FormatException($"expected a quoted value at '{s[Position..]}'");
            }

            var quote = s[Position++];
            var end = s.IndexOf(quote, Position);
            if (end < 0)
            {
                throw new FormatException("unterminated string");
            }

            var value = s[Position..end];
            Position = end + 1;
            return value;
        }

        private bool Eat(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(s, Position, token, 0, token.Length) == 0)
            {
                Position += token.Length;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Eat(token))
            {
                throw new FormatException($"expected '{token}' at '{s[Position..]}'");
            }
        }
    }
}
