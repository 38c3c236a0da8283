package dev.sluice.capture.schema;

/** One row of information_schema.TABLES. */
record TableInfo(String name, String type, String engine, String comment, long estimatedRows, long estimatedBytes,
        long autoIncrement) {

    static final String BASE_TABLE = "BASE TABLE";
    static final String SYSTEM_VERSIONED = "SYSTEM VERSIONED";

    boolean isBaseTable() {
        return BASE_TABLE.equals(type);
    }

    boolean isSystemVersioned() {
        return SYSTEM_VERSIONED.equals(type);
    }
}
