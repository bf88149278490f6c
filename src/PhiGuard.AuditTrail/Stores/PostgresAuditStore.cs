using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Merkle;

namespace PhiGuard.AuditTrail.Stores;

/// <summary>
/// The replicated-deployment store: several sink replicas append to one PostgreSQL log; each append takes a
/// transaction-scoped advisory lock, so indexes stay gapless and in one order whichever replica writes.
/// </summary>
internal sealed class PostgresAuditStore : IAuditStore
{
    // Any fixed number: every replica must use the same one to serialise its appends.
    private const long AppendLockKey = 0x5048_4947_5541_5244;

    private readonly NpgsqlDataSource _source;

    private PostgresAuditStore(NpgsqlDataSource source, string origin)
    {
        _source = source;
        Origin = origin;
    }

    public string Origin { get; }

    public static async Task<PostgresAuditStore> OpenAsync(string connectionString, string? origin, CancellationToken cancellationToken)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var c = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                // Two replicas starting at once must not race on CREATE TABLE.
                await ExecAsync(c, $"SELECT pg_advisory_xact_lock({AppendLockKey})", cancellationToken).ConfigureAwait(false);
                await ExecAsync(c, """
                    CREATE TABLE IF NOT EXISTS phiguard_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS phiguard_events(
                      idx BIGINT PRIMARY KEY, audit_id TEXT NOT NULL, stage TEXT NOT NULL, ts TIMESTAMPTZ NOT NULL,
                      username TEXT NOT NULL, verb TEXT NOT NULL, resource TEXT NOT NULL, subresource TEXT NOT NULL,
                      namespace TEXT NOT NULL, name TEXT NOT NULL, code INTEGER NOT NULL,
                      body BYTEA NOT NULL, leaf BYTEA NOT NULL, UNIQUE(audit_id, stage));
                    CREATE INDEX IF NOT EXISTS phiguard_events_ts ON phiguard_events(ts);
                    CREATE TABLE IF NOT EXISTS phiguard_checkpoints(size BIGINT PRIMARY KEY, note TEXT NOT NULL);
                    """, cancellationToken).ConfigureAwait(false);
                await using (var ins = new NpgsqlCommand("INSERT INTO phiguard_meta(key, value) VALUES('origin', @o) ON CONFLICT DO NOTHING", c))
                {
                    ins.Parameters.AddWithValue("o", origin ?? StoreFactory.DefaultOrigin);
                    await ins.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var get = new NpgsqlCommand("SELECT value FROM phiguard_meta WHERE key='origin'", c);
            var stored = (string)(await get.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return new PostgresAuditStore(source, stored);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<AppendResult> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var c = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, $"SELECT pg_advisory_xact_lock({AppendLockKey})", cancellationToken).ConfigureAwait(false);

        // Duplicates (a retried batch, or a pair repeated inside one batch) are dropped before indexes are handed out.
        var existing = new HashSet<(string, string)>();
        await using (var find = new NpgsqlCommand(
            "SELECT e.audit_id, e.stage FROM phiguard_events e JOIN unnest(@a, @s) AS b(audit_id, stage) USING (audit_id, stage)", c))
        {
            find.Parameters.AddWithValue("a", events.Select(e => e.AuditId).ToArray());
            find.Parameters.AddWithValue("s", events.Select(e => e.Stage).ToArray());
            await using var r = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing.Add((r.GetString(0), r.GetString(1)));
            }
        }

        long next;
        await using (var max = new NpgsqlCommand("SELECT COALESCE(MAX(idx) + 1, 0) FROM phiguard_events", c))
        {
            next = (long)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var appended = 0;
        await using (var copy = await c.BeginBinaryImportAsync(
            "COPY phiguard_events(idx, audit_id, stage, ts, username, verb, resource, subresource, namespace, name, code, body, leaf) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            foreach (var e in events)
            {
                if (!existing.Add((e.AuditId, e.Stage)))
                {
                    continue;
                }

                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(next, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.AuditId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Stage, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.User, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Verb, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Resource, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Subresource, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Namespace, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Name, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Code, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Canonical, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(Rfc6962.LeafHash(e.Canonical), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                next++;
                appended++;
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // synchronous_commit (on by default) makes the commit durable before it returns.
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AppendResult(appended, events.Count - appended, next);
    }

    public async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT COUNT(*) FROM phiguard_events");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async IAsyncEnumerable<StoredLeaf> ReadLeavesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT idx, audit_id, stage, body, leaf FROM phiguard_events ORDER BY idx");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredLeaf(r.GetInt64(0), r.GetString(1), r.GetString(2), (byte[])r[3], (byte[])r[4]);
        }
    }

    public async IAsyncEnumerable<StoredLeaf> ReadLeavesAsync(long from, long to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT idx, audit_id, stage, body, leaf FROM phiguard_events WHERE idx >= @f AND idx < @n ORDER BY idx");
        cmd.Parameters.AddWithValue("f", from);
        cmd.Parameters.AddWithValue("n", to);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredLeaf(r.GetInt64(0), r.GetString(1), r.GetString(2), (byte[])r[3], (byte[])r[4]);
        }
    }

    public async Task<DateTimeOffset?> NewestTimestampAsync(long from, long to, CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT MAX(ts) FROM phiguard_events WHERE idx >= @f AND idx < @n");
        cmd.Parameters.AddWithValue("f", from);
        cmd.Parameters.AddWithValue("n", to);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime t
            ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))
            : null;
    }

    public async Task<long> PrunedBeforeAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT value FROM phiguard_meta WHERE key='pruned_before'");
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string v
            ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
    }

    public async Task<long> PruneAsync(long before, CancellationToken cancellationToken)
    {
        await using var c = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The append lock: a prune never interleaves with a replica's append.
        await ExecAsync(c, $"SELECT pg_advisory_xact_lock({AppendLockKey})", cancellationToken).ConfigureAwait(false);
        long pruned;
        await using (var cmd = new NpgsqlCommand("""
            UPDATE phiguard_events SET body = '\x'::bytea, username = '', verb = '', resource = '', subresource = '', namespace = '', name = ''
            WHERE idx < @b AND length(body) > 0
            """, c))
        {
            cmd.Parameters.AddWithValue("b", before);
            pruned = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var meta = new NpgsqlCommand("""
            INSERT INTO phiguard_meta(key, value) VALUES('pruned_before', @b)
            ON CONFLICT(key) DO UPDATE SET value = GREATEST(phiguard_meta.value::bigint, excluded.value::bigint)::text
            """, c))
        {
            meta.Parameters.AddWithValue("b", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pruned;
    }

    public async Task<byte[]> ReadLeafHashesAsync(long from, long to, CancellationToken cancellationToken)
    {
        var flat = new byte[checked((int)(to - from) * Rfc6962.HashSize)];
        await using var cmd = _source.CreateCommand("SELECT idx, leaf FROM phiguard_events WHERE idx >= @f AND idx < @n ORDER BY idx");
        cmd.Parameters.AddWithValue("f", from);
        cmd.Parameters.AddWithValue("n", to);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var expected = from;
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var leaf = (byte[])r[1];
            if (r.GetInt64(0) != expected || leaf.Length != Rfc6962.HashSize)
            {
                throw new InvalidDataException($"the log has no valid event at index {expected}; run 'phiguard audit verify'");
            }

            leaf.CopyTo(flat.AsSpan(checked((int)(expected - from) * Rfc6962.HashSize)));
            expected++;
        }

        if (expected != to)
        {
            throw new InvalidDataException($"the log holds {expected} events, fewer than {to}; run 'phiguard audit verify'");
        }

        return flat;
    }

    public async Task<IReadOnlyList<(long Index, string Stage)>> FindAsync(string auditId, CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT idx, stage FROM phiguard_events WHERE audit_id = @a ORDER BY idx");
        cmd.Parameters.AddWithValue("a", auditId);
        var list = new List<(long, string)>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }

        return list;
    }

    public async Task AddCheckpointAsync(long size, string note, CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("INSERT INTO phiguard_checkpoints(size, note) VALUES(@s, @n) ON CONFLICT DO NOTHING");
        cmd.Parameters.AddWithValue("s", size);
        cmd.Parameters.AddWithValue("n", note);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(long Size, string Note)>> CheckpointsAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _source.CreateCommand("SELECT size, note FROM phiguard_checkpoints ORDER BY size");
        var list = new List<(long, string)>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }

        return list;
    }

    public async Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var cmd = _source.CreateCommand();
        // Pruned events (body removed, archived in an export) are not query results: their fields are gone too.
        var where = new List<string> { "length(body) > 0" };
        void Add(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(clause);
                cmd.Parameters.AddWithValue(name, value);
            }
        }

        Add("username = @u", "u", query.User);
        Add("verb = @v", "v", query.Verb);
        Add("resource = @r", "r", query.Resource);
        Add("namespace = @n", "n", query.Namespace);
        Add("ts >= @since", "since", query.Since?.UtcDateTime);
        Add("ts < @until", "until", query.Until?.UtcDateTime);
        cmd.CommandText = "SELECT idx, audit_id, stage, ts, username, verb, resource, subresource, namespace, name, code, body FROM phiguard_events"
            + " WHERE " + string.Join(" AND ", where)
            + " ORDER BY idx LIMIT @limit";
        cmd.Parameters.AddWithValue("limit", query.Limit);
        var list = new List<StoredEvent>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StoredEvent(r.GetInt64(0), new AuditEvent
            {
                AuditId = r.GetString(1),
                Stage = r.GetString(2),
                Timestamp = new DateTimeOffset(r.GetDateTime(3), TimeSpan.Zero),
                User = r.GetString(4),
                Verb = r.GetString(5),
                Resource = r.GetString(6),
                Subresource = r.GetString(7),
                Namespace = r.GetString(8),
                Name = r.GetString(9),
                Code = r.GetInt32(10),
                Canonical = (byte[])r[11],
            }));
        }

        return list;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static async Task ExecAsync(NpgsqlConnection c, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
