package dev.sluice.precheck.checks;

import dev.sluice.precheck.objects.ColumnInfo;
import dev.sluice.precheck.objects.SelectedColumn;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.precheck.objects.UniqueKey;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Updates and deletes find their row by its key: the primary key, else a unique key whose columns are all
 * NOT NULL (a nullable unique key admits many NULL rows). Without one, a retried batch may duplicate rows.
 * The key's columns must be selected, or the key does not exist in PostgreSQL.
 */
final class RowKeyCheck extends ObjectsCheck {

    @Override
    public String id() {
        return "objects.row_key";
    }

    @Override
    public String title() {
        return "Every table has a primary key or a NOT NULL unique key";
    }

    @Override
    CheckResult check(CheckContext ctx, SelectedObjects objects) {
        List<String> keyless = new ArrayList<>();
        for (SelectedTable t : objects.tables()) {
            List<UniqueKey> keys = objects.catalogs().get(t.database()).uniqueKeysOf(t.name());
            if (usableKey(t, keys).isEmpty()) {
                keyless.add(t.qualified() + why(t, keys));
            }
        }
        if (keyless.isEmpty()) {
            return result().setStatus(CheckStatus.PASSED).setDetails("all " + Listing.count(objects.tables().size(), "table has", "tables have")
                    + " a primary key or a NOT NULL unique key").build();
        }
        return result().setStatus(CheckStatus.WARNING)
                .setDetails(Listing.count(keyless.size(), "table has", "tables have") + " no usable primary key or NOT NULL unique key, "
                        + "so duplicate rows are possible in PostgreSQL: " + Listing.of(keyless))
                .setFix("add a primary key (ALTER TABLE ... ADD PRIMARY KEY (...)) or select the key's columns; or ignore this warning "
                        + "if duplicates are acceptable")
                .build();
    }

    static Optional<UniqueKey> usableKey(SelectedTable t, List<UniqueKey> keys) {
        Map<String, ColumnInfo> selected = t.columns().stream().map(SelectedColumn::source)
                .collect(Collectors.toMap(ColumnInfo::name, Function.identity()));
        return keys.stream()
                .filter(k -> k.columns().stream().allMatch(selected::containsKey))
                .filter(k -> k.primary() || k.columns().stream().noneMatch(c -> selected.get(c).nullable()))
                .findFirst();
    }

    private static String why(SelectedTable t, List<UniqueKey> keys) {
        Optional<UniqueKey> primary = keys.stream().filter(UniqueKey::primary).findFirst();
        if (primary.isPresent()) {
            List<String> unselected = primary.get().columns().stream().filter(c -> !t.hasColumn(c)).toList();
            return " (its primary key uses " + String.join(", ", unselected) + ", not selected)";
        }
        return keys.isEmpty() ? "" : " (its unique keys allow NULL or use columns that are not selected)";
    }
}
