package dev.sluice.apply.schema;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.TableSchema;

/** A table's name in PostgreSQL: its target schema and target name, exactly as PostgreSQL stores them. */
public record TargetTable(String schema, String name) {

    public static TargetTable of(TableSchema t) {
        return new TargetTable(t.getTargetSchema(), t.getTargetName());
    }

    /** The quoted, schema-qualified name for SQL text. */
    public String sql() {
        return SqlIdentifiers.pg(schema, name);
    }

    /** schema.table, unquoted: the form error messages and warnings use. */
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
