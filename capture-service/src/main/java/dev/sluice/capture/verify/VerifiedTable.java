package dev.sluice.capture.verify;

import dev.sluice.capture.convert.SnapshotValueReader;
import dev.sluice.capture.etl.TableEtl;
import dev.sluice.capture.etl.TaskEtls;
import dev.sluice.capture.snapshot.KeyRange;
import dev.sluice.capture.snapshot.TableColumns;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as verification reads it from the source: its key, its ETL, and the SQL fragments to select
 * rows by range or by key. An ETL filter cannot run in SQL, so for filtered tables the source columns
 * are selected too and each row is shown to the filter before it counts ({@link SourceRowSelect}).
 */
final class VerifiedTable {

    final TableSchema table;
    final List<ColumnSchema> key;
    final TableEtl etl;
    private final List<ColumnSchema> sourceColumns;

    VerifiedTable(TableSchema table) {
        this.table = table;
        this.key = TableColumns.keyColumns(table);
        this.etl = TaskEtls.compiled(table);
        this.sourceColumns = TaskEtls.readColumns(table);
    }

    String name() {
        return table.getDatabase() + "." + table.getName();
    }

    String from() {
        return " FROM " + SqlIdentifiers.maria(table.getDatabase(), table.getName());
    }

    boolean filtered() {
        return etl != null && etl.hasFilter();
    }

    /** The WHERE of a key range (lower, upper]; keyless tables have only the open range. */
    KeyRange range(SnapshotChunk chunk) {
        if (table.getKeyColumnsCount() == 0) {
            if (chunk.getHasLower() || chunk.getHasUpper()) {
                throw new IllegalArgumentException("table " + name() + " has no key: only the open range (the whole table) can be verified");
            }
            return new KeyRange(List.of());
        }
        KeyRange range = new KeyRange(table.getKeyColumnsList());
        if (chunk.getHasLower()) {
            range.above(requireKey(chunk.getLower()));
        }
        if (chunk.getHasUpper()) {
            range.atMost(requireKey(chunk.getUpper()));
        }
        return range;
    }

    KeyTuple requireKey(KeyTuple k) {
        if (k.getValuesCount() != table.getKeyColumnsCount()) {
            throw new IllegalArgumentException("a key of " + k.getValuesCount() + " values for the " + table.getKeyColumnsCount()
                    + " key columns " + table.getKeyColumnsList() + " of " + name());
        }
        return k;
    }

    void requireKeyed() {
        if (table.getKeyColumnsCount() == 0) {
            throw new IllegalArgumentException("table " + name() + " has no key: its rows cannot be selected by key");
        }
    }

    String keySelect() {
        return key.stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "));
    }

    /** Qualified, so ORDER BY means the table's column and never a select-list expression of that name. */
    String keyOrder() {
        String t = SqlIdentifiers.maria(table.getDatabase(), table.getName());
        return key.stream().map(k -> t + "." + SqlIdentifiers.maria(k.getName())).collect(Collectors.joining(", "));
    }

    KeyTuple readKey(ResultSet rs, int first) throws SQLException {
        KeyTuple.Builder b = KeyTuple.newBuilder();
        for (int i = 0; i < key.size(); i++) {
            b.addValues(SnapshotValueReader.read(rs, first + i, key.get(i)));
        }
        return b.build();
    }

    /** The select list of the source columns (what the ETL reads), for {@link #readSourceRow}. */
    String sourceSelect() {
        return sourceColumns.stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "));
    }

    List<Value> readSourceRow(ResultSet rs, int first) throws SQLException {
        List<Value> row = new ArrayList<>(sourceColumns.size());
        for (int i = 0; i < sourceColumns.size(); i++) {
            row.add(SnapshotValueReader.read(rs, first + i, sourceColumns.get(i)));
        }
        return row;
    }
}
