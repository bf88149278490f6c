using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using PhiGuard.AuditTrail.Events;
using PhiGuard.AuditTrail.Merkle;

namespace PhiGuard.AuditTrail.Stores;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed batch survives a
/// crash or power loss; writers (threads or processes) serialise on <c>BEGIN IMMEDIATE</c>.
/// </summary>
internal sealed class SqliteAuditStore : IAuditStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly SqliteEventInsert _insert;

    private SqliteAuditStore(string connectionString, SqliteConnection writer, string origin)
    {
        _connectionString = connectionString;
        _writer = writer;
        _insert = new SqliteEventInsert(writer);
        Origin = origin;
    }

    public string Origin { get; }

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public static async Task<SqliteAuditStore> OpenAsync(string path, string? origin, bool create, CancellationToken cancellationToken)
    {
        if (!create && !File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no audit log here (run 'phiguard audit serve' or 'audit ingest' first)");
        }

        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var writer = new SqliteConnection(cs);
        await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // page_size applies only to a new file (it must precede the switch to WAL). 16 KB pages cut the WAL's
            // write calls and the index pages a 400-event commit rewrites: about a third less CPU per appended event.
            await ExecAsync(writer, """
                PRAGMA page_size=16384;
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                PRAGMA busy_timeout=30000;
                PRAGMA cache_size=-65536;
                CREATE TABLE IF NOT EXISTS phiguard_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS phiguard_events(
                  idx INTEGER PRIMARY KEY, audit_id TEXT NOT NULL, stage TEXT NOT NULL, ts INTEGER NOT NULL,
                  username TEXT NOT NULL, verb TEXT NOT NULL, resource TEXT NOT NULL, subresource TEXT NOT NULL,
                  namespace TEXT NOT NULL, name TEXT NOT NULL, code INTEGER NOT NULL,
                  body BLOB NOT NULL, leaf BLOB NOT NULL, UNIQUE(audit_id, stage));
                CREATE INDEX IF NOT EXISTS phiguard_events_ts ON phiguard_events(ts);
                CREATE TABLE IF NOT EXISTS phiguard_checkpoints(size INTEGER PRIMARY KEY, note TEXT NOT NULL);
                """, cancellationToken).ConfigureAwait(false);
            var stored = await ScalarAsync(writer, "SELECT value FROM phiguard_meta WHERE key='origin'", cancellationToken).ConfigureAwait(false) as string;
            if (stored is null)
            {
                stored = origin ?? StoreFactory.DefaultOrigin;
                using var cmd = writer.CreateCommand();
                cmd.CommandText = "INSERT INTO phiguard_meta(key, value) VALUES('origin', $o)";
                cmd.Parameters.AddWithValue("$o", stored);
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new SqliteAuditStore(cs, writer, stored);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<AppendResult> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);

        // Leaf hashes are computed before the write lock: concurrent batches hash on their own threads.
        var leaves = new byte[events.Count * Rfc6962.HashSize];
        for (var i = 0; i < events.Count; i++)
        {
            Rfc6962.LeafHash(events[i].Canonical, leaves.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize));
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // BEGIN IMMEDIATE: another process appending to the same file waits here, not halfway through the batch.
            using var tx = _writer.BeginTransaction(deferred: false);
            var next = (long)(await ScalarAsync(_writer, "SELECT COALESCE(MAX(idx) + 1, 0) FROM phiguard_events", cancellationToken, tx).ConfigureAwait(false))!;
            var appended = 0;
            for (var i = 0; i < events.Count; i++)
            {
                if (_insert.Insert(next, events[i], leaves.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize)))
                {
                    next++;
                    appended++;
                }
            }

            // With synchronous=FULL the WAL is fsync'd before COMMIT returns: the caller acknowledges only after this.
            tx.Commit();
            return new AppendResult(appended, events.Count - appended, next);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await ScalarAsync(c, "SELECT COUNT(*) FROM phiguard_events", cancellationToken).ConfigureAwait(false))!;
    }

    public async IAsyncEnumerable<StoredLeaf> ReadLeavesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT idx, audit_id, stage, body, leaf FROM phiguard_events ORDER BY idx";
        using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        // Synchronous reads: SQLite has no async I/O, and a Task per row of a million-event verify is pure overhead.
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredLeaf(r.GetInt64(0), r.GetString(1), r.GetString(2), (byte[])r[3], (byte[])r[4]);
        }
    }

    public async IAsyncEnumerable<StoredLeaf> ReadLeavesAsync(long from, long to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT idx, audit_id, stage, body, leaf FROM phiguard_events WHERE idx >= $f AND idx < $n ORDER BY idx";
        cmd.Parameters.AddWithValue("$f", from);
        cmd.Parameters.AddWithValue("$n", to);
        using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        // Synchronous reads: SQLite has no async I/O, and a Task per row of a million-event verify is pure overhead.
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredLeaf(r.GetInt64(0), r.GetString(1), r.GetString(2), (byte[])r[3], (byte[])r[4]);
        }
    }

    public async Task<DateTimeOffset?> NewestTimestampAsync(long from, long to, CancellationToken cancellationToken)
    {
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT MAX(ts) FROM phiguard_events WHERE idx >= $f AND idx < $n";
        cmd.Parameters.AddWithValue("$f", from);
        cmd.Parameters.AddWithValue("$n", to);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }

    public async Task<long> PrunedBeforeAsync(CancellationToken cancellationToken)
    {
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(c, "SELECT value FROM phiguard_meta WHERE key='pruned_before'", cancellationToken).ConfigureAwait(false) is string v
            ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
    }

    public async Task<long> PruneAsync(long before, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            using var cmd = _writer.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                UPDATE phiguard_events SET body = x'', username = '', verb = '', resource = '', subresource = '', namespace = '', name = ''
                WHERE idx < $b AND length(body) > 0
                """;
            cmd.Parameters.AddWithValue("$b", before);
            var pruned = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            using var meta = _writer.CreateCommand();
            meta.Transaction = tx;
            meta.CommandText = """
                INSERT INTO phiguard_meta(key, value) VALUES('pruned_before', $b)
                ON CONFLICT(key) DO UPDATE SET value = CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)
                """;
            meta.Parameters.AddWithValue("$b", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            tx.Commit();
            return pruned;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<byte[]> ReadLeafHashesAsync(long from, long to, CancellationToken cancellationToken)
    {
        var flat = new byte[checked((int)(to - from) * Rfc6962.HashSize)];
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT idx, leaf FROM phiguard_events WHERE idx >= $f AND idx < $n ORDER BY idx";
        cmd.Parameters.AddWithValue("$f", from);
        cmd.Parameters.AddWithValue("$n", to);
        using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var expected = from;
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (r.GetInt64(0) != expected)
            {
                throw new InvalidDataException($"the log has no event at index {expected}; run 'phiguard audit verify'");
            }

            ((byte[])r[1]).AsSpan(0, Rfc6962.HashSize).CopyTo(flat.AsSpan(checked((int)(expected - from) * Rfc6962.HashSize)));
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
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT idx, stage FROM phiguard_events WHERE audit_id = $a ORDER BY idx";
        cmd.Parameters.AddWithValue("$a", auditId);
        var list = new List<(long, string)>();
        using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }

        return list;
    }

    public async Task AddCheckpointAsync(long size, string note, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "INSERT OR IGNORE INTO phiguard_checkpoints(size, note) VALUES($s, $n)";
            cmd.Parameters.AddWithValue("$s", size);
            cmd.Parameters.AddWithValue("$n", note);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<(long Size, string Note)>> CheckpointsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT size, note FROM phiguard_checkpoints ORDER BY size";
        var list = new List<(long, string)>();
        using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }

        return list;
    }

    public async Task<IReadOnlyList<StoredEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
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

        Add("username = $u", "$u", query.User);
        Add("verb = $v", "$v", query.Verb);
        Add("resource = $r", "$r", query.Resource);
        Add("namespace = $n", "$n", query.Namespace);
        Add("ts >= $since", "$since", query.Since?.ToUnixTimeMilliseconds());
        Add("ts < $until", "$until", query.Until?.ToUnixTimeMilliseconds());
        cmd.CommandText = "SELECT idx, audit_id, stage, ts, username, verb, resource, subresource, namespace, name, code, body FROM phiguard_events"
            + " WHERE " + string.Join(" AND ", where)
            + " ORDER BY idx LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", query.Limit);
        var list = new List<StoredEvent>();
        using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StoredEvent(r.GetInt64(0), new AuditEvent
            {
                AuditId = r.GetString(1),
                Stage = r.GetString(2),
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
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

    public async ValueTask DisposeAsync()
    {
        // The prepared statement must be finalised before its connection closes.
        _insert.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private async Task<SqliteConnection> ReaderAsync(CancellationToken cancellationToken)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        return c;
    }

    private static async Task ExecAsync(SqliteConnection c, string sql, CancellationToken cancellationToken)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken cancellationToken, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
