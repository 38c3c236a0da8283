package dev.sluice.precheck.objects;

/** A source column the task synchronizes, and its name in PostgreSQL. */
public record SelectedColumn(ColumnInfo source, String targetName) {

    public String name() {
        return source.name();
    }
}
