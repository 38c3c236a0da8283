package dev.sluice.capture.schema;

import dev.sluice.v1.ForeignKeySchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives a foreign key the PostgreSQL names of the table and columns it references. Those exist only when
 * the referenced table and columns are selected too; otherwise the key cannot be created in PostgreSQL,
 * so its target fields stay empty and a warning says why.
 */
final class ForeignKeyResolver {

    private final Selection selection;
    private final List<String> warnings;

    ForeignKeyResolver(Selection selection, List<String> warnings) {
        this.selection = selection;
        this.warnings = warnings;
    }

    /** @return the key with its target names, or empty when its own columns are not all selected */
    Optional<ForeignKeySchema> resolve(SelectedTable owner, ForeignKeySchema fk) {
        List<String> unselected = fk.getColumnsList().stream().filter(c -> !owner.columns().containsKey(c)).toList();
        if (!unselected.isEmpty()) {
            warnings.add("table " + owner.qualifiedName() + ": foreign key " + fk.getName() + " is not synchronized: it uses "
                    + Messages.columns(unselected) + ", not selected");
            return Optional.empty();
        }
        String referenced = fk.getReferencedDatabase() + "." + fk.getReferencedTable();
        Optional<SelectedTable> target = selection.find(fk.getReferencedDatabase(), fk.getReferencedTable());
        if (target.isEmpty()) {
            warnings.add("table " + owner.qualifiedName() + ": foreign key " + fk.getName() + " references " + referenced
                    + ", which is not selected: the key is not created in PostgreSQL");
            return Optional.of(fk);
        }
        List<String> targetColumns = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String column : fk.getReferencedColumnsList()) {
            String targetColumn = target.get().columns().get(column);
            if (targetColumn == null) {
                missing.add(column);
            } else {
                targetColumns.add(targetColumn);
            }
        }
        if (!missing.isEmpty()) {
            warnings.add("table " + owner.qualifiedName() + ": foreign key " + fk.getName() + " references " + Messages.columns(missing)
                    + " of " + referenced + ", not selected: the key is not created in PostgreSQL");
            return Optional.of(fk);
        }
        return Optional.of(fk.toBuilder()
                .setReferencedTargetSchema(target.get().targetSchema())
                .setReferencedTargetTable(target.get().targetName())
                .addAllReferencedTargetColumns(targetColumns)
                .build());
    }
}
