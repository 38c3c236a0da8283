package dev.sluice.precheck.objects;

/** One row of information_schema.TABLES. */
public record TableInfo(String name, String type, long dataLength, long indexLength) {

    static final String BASE_TABLE = "BASE TABLE";
    static final String SYSTEM_VERSIONED = "SYSTEM VERSIONED";

    public boolean isBaseTable() {
        return BASE_TABLE.equals(type);
    }

    public boolean isSystemVersioned() {
        return SYSTEM_VERSIONED.equals(type);
    }

    public long bytes() {
        return dataLength + indexLength;
    }
}
