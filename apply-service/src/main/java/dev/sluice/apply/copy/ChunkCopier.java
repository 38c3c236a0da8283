package dev.sluice.apply.copy;

import dev.sluice.apply.value.RowRenderer;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.TableSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams one snapshot chunk into its table with COPY, inside the caller's transaction. With
 * conflictingTables: ignore the rows go through a temporary table, and rows whose key already exists
 * in the destination keep the existing row.
 */
public final class ChunkCopier {

    private static final int FLUSH_BYTES = 256 * 1024;

    private final Connection pg;
    private final TableSchema table;
    private final boolean keepExisting;
    private final String columnList;
    private CopyIn copy;
    /** COPY data, already UTF-8: written as is (no StringBuilder, no String copy, no second encoding). */
    private byte[] buffer = new byte[FLUSH_BYTES + 64 * 1024];
    private int length;
    private long rows;

    public ChunkCopier(Connection pg, TableSchema table, boolean keepExisting) {
        this.pg = pg;
        this.table = table;
        this.keepExisting = keepExisting;
        this.columnList = table.getColumnsList().stream().map(c -> SqlIdentifiers.pg(c.getTargetName())).collect(Collectors.joining(", "));
    }

    private String target() {
        return SqlIdentifiers.pg(table.getTargetSchema(), table.getTargetName());
    }

    public void begin() throws SQLException {
        String into = target();
        if (keepExisting) {
            try (Statement st = pg.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS sluice_chunk (LIKE " + target() + ") ON COMMIT DROP");
            }
            into = "sluice_chunk";
        }
        copy = pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + into + " (" + columnList + ") FROM STDIN");
    }

    public void write(List<RowChange> changes) throws SQLException {
        int n = table.getColumnsCount();
        for (RowChange change : changes) {
            List<dev.sluice.v1.Value> row = change.getAfterList();
            if (row.size() != n) {
                throw new IllegalStateException("row of " + table.getName() + " has " + row.size() + " values, expected " + n);
            }
            for (int i = 0; i < n; i++) {
                String text = RowRenderer.render(table, row, i);
                byte[] utf8 = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                reserve(CopyText.maxLength(utf8) + 1);
                if (i > 0) {
                    buffer[length++] = '\t';
                }
                length = CopyText.appendField(buffer, length, utf8);
            }
            reserve(1);
            buffer[length++] = '\n';
            rows++;
            if (length >= FLUSH_BYTES) {
                flush();
            }
        }
    }

    private void reserve(int more) {
        if (length + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    /** Ends the COPY; the caller commits together with the chunk's checkpoint row. */
    public long finish() throws SQLException {
        flush();
        copy.endCopy();
        if (keepExisting) {
            try (Statement st = pg.createStatement()) {
                st.execute("INSERT INTO " + target() + " (" + columnList + ") SELECT " + columnList + " FROM sluice_chunk ON CONFLICT DO NOTHING");
            }
        }
        return rows;
    }

    public void abort() {
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the transaction is rolled back anyway
        }
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }

}
