package dev.sluice.capture.etl;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Etl;
import dev.sluice.v1.SchemaResponse;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which ETL applies to which table (a table's own, else its database's), the schemas it produces,
 * and the compiled programs: compiled once per task and table, and reused for every row.
 */
public final class TaskEtls {

    private static final int MAX_COMPILED = 1000;
    private static final Map<TableSchema, TableEtl> COMPILED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TableSchema, TableEtl> eldest) {
            return size() > MAX_COMPILED;
        }
    };

    private TaskEtls() {
    }

    public static Etl forTable(TaskSpec spec, String database, String table) {
        for (DatabaseSelection d : spec.getObjectsList()) {
            if (!d.getDatabase().equals(database)) {
                continue;
            }
            for (TableSelection t : d.getTablesList()) {
                if (t.getName().equals(table) && t.hasEtl()) {
                    return t.getEtl();
                }
            }
            return d.getEtl();
        }
        return Etl.getDefaultInstance();
    }

    /** The schema as written: each table's ETL applied (computed columns added, dropped ones removed). */
    public static SchemaResponse plan(SchemaResponse schema, TaskSpec spec) {
        List<TableSchema> planned = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TableSchema t : schema.getTablesList()) {
            Etl etl = forTable(spec, t.getDatabase(), t.getName());
            if (etl.equals(Etl.getDefaultInstance())) {
                planned.add(t);
                continue;
            }
            try {
                planned.add(EtlPlanner.plan(t, etl));
            } catch (EtlException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new EtlException(String.join("\n", problems));
        }
        return schema.toBuilder().clearTables().addAllTables(planned).build();
    }

    /** The columns capture reads from the source for this table. */
    public static List<ColumnSchema> readColumns(TableSchema t) {
        return t.getSourceColumnsCount() > 0 ? t.getSourceColumnsList() : t.getColumnsList();
    }

    /** @return the compiled ETL of a planned table, or null when it has none */
    public static TableEtl compiled(TableSchema t) {
        if (t.getSourceColumnsCount() == 0) {
            return null;
        }
        synchronized (COMPILED) {
            TableEtl c = COMPILED.get(t);
            if (c == null) {
                c = TableEtl.compile(t);
                COMPILED.put(t, c);
            }
            return c;
        }
    }
}
