using Microsoft.Data.Sqlite;
using PhiGuard.AuditTrail.Events;
using SQLitePCL;

namespace PhiGuard.AuditTrail.Stores;

/// <summary>
/// The one INSERT of the append path, prepared once per writer connection and bound through SQLite's own API: the
/// ADO.NET command re-infers and boxes thirteen parameters per row, which was most of an append's CPU time.
/// </summary>
internal sealed class SqliteEventInsert : IDisposable
{
    private const string Sql = """
        INSERT OR IGNORE INTO phiguard_events(idx, audit_id, stage, ts, username, verb, resource, subresource, namespace, name, code, body, leaf)
        VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        """;

    private readonly SqliteConnection _connection;
    private sqlite3_stmt? _statement;

    public SqliteEventInsert(SqliteConnection connection) => _connection = connection;

    /// <summary>Inserts one event at <paramref name="index"/>; false when its (auditID, stage) is already stored.</summary>
    public bool Insert(long index, AuditEvent e, ReadOnlySpan<byte> leaf)
    {
        var db = _connection.Handle ?? throw new InvalidOperationException("the writer connection is closed");
        if (_statement is null)
        {
            Check(db, raw.sqlite3_prepare_v2(db, Sql, out var statement));
            _statement = statement;
        }

        var s = _statement;
        try
        {
            Check(db, raw.sqlite3_bind_int64(s, 1, index));
            Check(db, raw.sqlite3_bind_text(s, 2, e.AuditId));
            Check(db, raw.sqlite3_bind_text(s, 3, e.Stage));
            Check(db, raw.sqlite3_bind_int64(s, 4, e.Timestamp.ToUnixTimeMilliseconds()));
            Check(db, raw.sqlite3_bind_text(s, 5, e.User));
            Check(db, raw.sqlite3_bind_text(s, 6, e.Verb));
            Check(db, raw.sqlite3_bind_text(s, 7, e.Resource));
            Check(db, raw.sqlite3_bind_text(s, 8, e.Subresource));
            Check(db, raw.sqlite3_bind_text(s, 9, e.Namespace));
            Check(db, raw.sqlite3_bind_text(s, 10, e.Name));
            Check(db, raw.sqlite3_bind_int(s, 11, e.Code));
            Check(db, raw.sqlite3_bind_blob(s, 12, e.Canonical));
            Check(db, raw.sqlite3_bind_blob(s, 13, leaf));
            var rc = raw.sqlite3_step(s);
            if (rc != raw.SQLITE_DONE)
            {
                Check(db, rc);
            }

            return raw.sqlite3_changes(db) == 1;
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    public void Dispose()
    {
        _statement?.Dispose();
        _statement = null;
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            // The same exception type the ADO.NET layer throws, so callers' error handling is unchanged.
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(db));
        }
    }
}
