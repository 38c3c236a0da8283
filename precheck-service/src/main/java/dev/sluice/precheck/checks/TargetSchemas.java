package dev.sluice.precheck.checks;

import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The PostgreSQL schemas a task writes to: known from the task alone (a database maps to one schema). */
final class TargetSchemas {

    private TargetSchemas() {
    }

    static List<String> of(TaskSpec spec) {
        Set<String> out = new LinkedHashSet<>();
        for (DatabaseSelection d : spec.getObjectsList()) {
            out.add(d.getRename().isEmpty() ? d.getDatabase() : d.getRename());
        }
        return new ArrayList<>(out);
    }
}
