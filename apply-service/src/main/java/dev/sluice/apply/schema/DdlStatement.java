package dev.sluice.apply.schema;

/**
 * One DDL statement of a {@link DdlPlan}. The guard tells {@link SchemaApplier} which catalog object
 * the statement creates, so a re-run after a crash skips what already exists (PostgreSQL has no
 * {@code ADD CONSTRAINT IF NOT EXISTS}, and {@code CREATE SCHEMA IF NOT EXISTS} still needs the
 * database's CREATE privilege).
 *
 * @param table the table the statement belongs to; null for CREATE SCHEMA
 * @param objectName the schema, index or constraint name the guard looks for; null for {@link Guard#NONE}
 */
public record DdlStatement(String sql, Guard guard, TargetTable table, String objectName) {

    public enum Guard {
        /** Always run (CREATE TABLE, COMMENT ON: they run once, in the transaction that creates the table). */
        NONE,
        /** Skip when a schema named objectName exists. */
        SCHEMA,
        /** Skip when an index named objectName exists on table. */
        INDEX,
        /** A CHECK constraint: skip when table has a constraint named objectName. */
        CHECK,
        /** A foreign key: skip when table has a constraint named objectName. */
        FOREIGN_KEY
    }

    static DdlStatement plain(TargetTable table, String sql) {
        return new DdlStatement(sql, Guard.NONE, table, null);
    }

    static DdlStatement schema(String schema, String sql) {
        return new DdlStatement(sql, Guard.SCHEMA, null, schema);
    }

    static DdlStatement index(TargetTable table, String name, String sql) {
        return new DdlStatement(sql, Guard.INDEX, table, name);
    }

    static DdlStatement check(TargetTable table, String name, String sql) {
        return new DdlStatement(sql, Guard.CHECK, table, name);
    }

    static DdlStatement foreignKey(TargetTable table, String name, String sql) {
        return new DdlStatement(sql, Guard.FOREIGN_KEY, table, name);
    }

    @Override
    public String toString() {
        return sql;
    }
}
