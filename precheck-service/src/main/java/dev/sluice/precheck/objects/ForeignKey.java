package dev.sluice.precheck.objects;

import java.util.List;
import java.util.Set;

/** A foreign key of a source table, as information_schema describes it. */
public record ForeignKey(String name, List<String> columns, String referencedDatabase, String referencedTable,
        List<String> referencedColumns, String onUpdate, String onDelete) {

    private static final Set<String> CASCADING = Set.of("CASCADE", "SET NULL", "SET DEFAULT");

    /** MariaDB does not log the rows its cascades change: such keys matter to incremental sync. */
    public boolean cascades() {
        return CASCADING.contains(onDelete) || CASCADING.contains(onUpdate);
    }

    public String referencedQualified() {
        return referencedDatabase + "." + referencedTable;
    }
}
