package dev.sluice.capture.schema;

import dev.sluice.model.TypeMapping;
import dev.sluice.v1.CheckSchema;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.IndexSchema;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.TableSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the TableSchema of one selected table from its database's catalog: the selected columns with
 * their target names and types, and the indexes, checks and foreign keys that still make sense once
 * unselected columns are gone (the others are dropped, each with a warning).
 */
final class TableAssembler {

    private final MappingOptions options;
    private final ForeignKeyResolver foreignKeys;
    private final List<String> warnings;

    TableAssembler(MappingOptions options, Selection selection, List<String> warnings) {
        this.options = options;
        this.foreignKeys = new ForeignKeyResolver(selection, warnings);
        this.warnings = warnings;
    }

    TableSchema assemble(SelectedTable t, DatabaseCatalog catalog) {
        TableInfo info = catalog.tables().get(t.name());
        TableSchema.Builder b = TableSchema.newBuilder()
                .setDatabase(t.database())
                .setName(t.name())
                .setTargetSchema(t.targetSchema())
                .setTargetName(t.targetName())
                .setEngine(info.engine())
                .setComment(info.comment())
                .setEstimatedRows(info.estimatedRows())
                .setEstimatedBytes(info.estimatedBytes())
                .setAutoIncrement(info.autoIncrement());
        Map<String, ColumnSchema> columns = new LinkedHashMap<>();
        for (ColumnSchema c : catalog.columnsOf(t.name())) {
            String targetName = t.columns().get(c.getName());
            if (targetName != null) {
                columns.put(c.getName(), withTarget(t, c, targetName));
            }
        }
        b.addAllColumns(columns.values());
        List<IndexSchema> indexes = catalog.indexesOf(t.name()).stream().filter(i -> usesOnlySelected(t, i)).toList();
        b.addAllIndexes(indexes);
        List<String> key = KeyChooser.choose(indexes, columns);
        if (key.isEmpty()) {
            warnings.add("table " + t.qualifiedName() + " has no primary key or NOT NULL unique key: rows may be duplicated on retries");
        }
        b.addAllKeyColumns(key);
        catalog.foreignKeysOf(t.name()).forEach(fk -> foreignKeys.resolve(t, fk).ifPresent(b::addForeignKeys));
        catalog.checksOf(t.name()).stream().filter(c -> usesOnlySelected(t, c)).forEach(b::addChecks);
        return b.build();
    }

    private ColumnSchema withTarget(SelectedTable t, ColumnSchema c, String targetName) {
        ColumnSchema named = c.toBuilder().setTargetName(targetName).build();
        String targetType;
        try {
            targetType = TypeMapping.targetType(named, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(t.path() + ": column " + t.qualifiedName() + "." + c.getName() + ": " + e.getMessage()
                    + " (leave the column out of the selection)", e);
        }
        return named.toBuilder().setTargetType(targetType).setTargetNullable(TypeMapping.targetNullable(named)).build();
    }

    private boolean usesOnlySelected(SelectedTable t, IndexSchema index) {
        List<String> unselected = index.getColumnsList().stream().filter(c -> !t.columns().containsKey(c)).toList();
        if (unselected.isEmpty()) {
            return true;
        }
        warnings.add("table " + t.qualifiedName() + ": index " + index.getName() + " is not synchronized: it uses "
                + Messages.columns(unselected) + ", not selected");
        return false;
    }

    /** CHECK_CLAUSE names every column in backticks, so the columns a check needs can be read off its text. */
    private boolean usesOnlySelected(SelectedTable t, CheckSchema check) {
        List<String> unselected = CheckClauses.identifiers(check.getClause()).stream().filter(c -> !t.columns().containsKey(c)).toList();
        if (unselected.isEmpty()) {
            return true;
        }
        warnings.add("table " + t.qualifiedName() + ": check " + check.getName() + " is not synchronized: it uses "
                + Messages.columns(unselected) + ", not selected");
        return false;
    }
}
