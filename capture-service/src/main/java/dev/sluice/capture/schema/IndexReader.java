package dev.sluice.capture.schema;

import static dev.sluice.capture.schema.InformationSchema.intOrZero;

import dev.sluice.v1.IndexSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * information_schema.STATISTICS: the indexes of one database, grouped by table. Indexes keep the server's
 * order, which is the table's key order (PRIMARY first, then unique keys on NOT NULL columns, then the
 * others): the row identity is chosen in that order, so it is deliberately not re-sorted.
 */
final class IndexReader {

    private static final String STATISTICS = "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, "
            + "SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?";

    static final String PRIMARY = "PRIMARY";

    private IndexReader() {
    }

    static Map<String, List<IndexSchema>> read(Connection c, String database) throws SQLException {
        Map<String, Map<String, PendingIndex>> byTable = new HashMap<>();
        InformationSchema.forEachRow(c, STATISTICS, database, rs -> {
            String indexName = rs.getString("INDEX_NAME");
            PendingIndex index = byTable.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new LinkedHashMap<>())
                    .get(indexName);
            if (index == null) {
                index = new PendingIndex(IndexSchema.newBuilder()
                        .setName(indexName)
                        .setPrimary(PRIMARY.equals(indexName))
                        .setUnique(rs.getInt("NON_UNIQUE") == 0)
                        .setKind(rs.getString("INDEX_TYPE")));
                byTable.get(rs.getString("TABLE_NAME")).put(indexName, index);
            }
            index.parts.put(rs.getInt("SEQ_IN_INDEX"), new Part(rs.getString("COLUMN_NAME"), intOrZero(rs, "SUB_PART")));
        });
        Map<String, List<IndexSchema>> out = new HashMap<>();
        byTable.forEach((table, indexes) -> {
            List<IndexSchema> list = new ArrayList<>();
            indexes.values().forEach(index -> list.add(index.build()));
            out.put(table, list);
        });
        return out;
    }

    /** An index whose columns are still arriving; SEQ_IN_INDEX orders them, whatever order the rows come in. */
    private static final class PendingIndex {
        final IndexSchema.Builder builder;
        final TreeMap<Integer, Part> parts = new TreeMap<>();

        PendingIndex(IndexSchema.Builder builder) {
            this.builder = builder;
        }

        IndexSchema build() {
            parts.values().forEach(p -> builder.addColumns(p.column()).addSubParts(p.subPart()));
            return builder.build();
        }
    }

    private record Part(String column, int subPart) {
    }
}
