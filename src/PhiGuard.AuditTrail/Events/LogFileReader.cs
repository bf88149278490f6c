using System.Runtime.CompilerServices;
using System.Text;

namespace PhiGuard.AuditTrail.Events;

/// <summary>
/// Reads log-backend files (one audit event JSON object per line) in batches; blank lines are skipped and a bad
/// line is an error naming the file and line number.
/// </summary>
public static class LogFileReader
{
    public static async IAsyncEnumerable<IReadOnlyList<AuditEvent>> ReadBatchesAsync(
        string path, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {ex.Message}", ex);
        }

        using (reader)
        {
            var batch = new List<AuditEvent>(batchSize);
            var lineNo = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                batch.Add(AuditEventParser.ParseLine(Encoding.UTF8.GetBytes(line), $"{path}:{lineNo}"));
                if (batch.Count == batchSize)
                {
                    yield return batch;
                    batch = new List<AuditEvent>(batchSize);
                }
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }
}
