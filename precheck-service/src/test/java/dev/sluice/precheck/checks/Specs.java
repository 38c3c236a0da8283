package dev.sluice.precheck.checks;

import dev.sluice.model.TaskSpecRules;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.SyncTypes;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Task specs pointing at the local servers, and ways to run checks on them. */
final class Specs {

    static final SyncTypes ALL = SyncTypes.newBuilder().setSchema(true).setFull(true).setIncremental(true).build();
    static final SyncTypes FULL_ONLY = SyncTypes.newBuilder().setSchema(true).setFull(true).build();
    static final SyncTypes INCREMENTAL_ONLY = SyncTypes.newBuilder().setSchema(true).setIncremental(true).build();

    private Specs() {
    }

    static LocalDatabases db() {
        return LocalDatabases.get();
    }

    static Endpoint source() {
        return Endpoint.newBuilder().setHost(db().mariaHost()).setPort(db().mariaPort()).setUser(db().mariaUser())
                .setPassword(db().mariaPassword()).build();
    }

    static Endpoint source(String user, String password) {
        return source().toBuilder().setUser(user).setPassword(password).build();
    }

    static Endpoint destination(String database) {
        return Endpoint.newBuilder().setHost(db().pgHost()).setPort(db().pgPort()).setDatabase(database).setUser(db().pgUser())
                .setPassword(db().pgPassword()).build();
    }

    /** A task on the local servers; the destination database is {@code target} unless set otherwise. */
    static TaskSpec.Builder spec(DatabaseSelection... objects) {
        return TaskSpec.newBuilder().setName("precheck-test").setSource(source()).setDestination(destination("target"))
                .addAllObjects(List.of(objects));
    }

    static DatabaseSelection whole(String database) {
        return DatabaseSelection.newBuilder().setDatabase(database).build();
    }

    static DatabaseSelection tables(String database, String... names) {
        DatabaseSelection.Builder b = DatabaseSelection.newBuilder().setDatabase(database);
        for (String n : names) {
            b.addTables(TableSelection.newBuilder().setName(n));
        }
        return b.build();
    }

    static DatabaseSelection tables(String database, TableSelection... tables) {
        return DatabaseSelection.newBuilder().setDatabase(database).addAllTables(List.of(tables)).build();
    }

    static TableSelection.Builder table(String name) {
        return TableSelection.newBuilder().setName(name);
    }

    /** One check against a fresh context, as the runner would run it (defaults filled in). */
    static CheckResult run(Check check, TaskSpec spec) {
        try (CheckContext ctx = new CheckContext(TaskSpecRules.withDefaults(spec))) {
            return check.run(ctx);
        }
    }

    static CheckResult run(Check check, TaskSpec.Builder spec) {
        return run(check, spec.build());
    }

    /** Every check through the runner, by id, in the order they were streamed. */
    static Map<String, CheckResult> runAll(TaskSpec spec) {
        Map<String, CheckResult> out = new LinkedHashMap<>();
        new PrecheckRunner().run(spec, r -> out.put(r.getId(), r));
        return out;
    }

    static List<String> texts(CheckResult r) {
        List<String> out = new ArrayList<>();
        out.add(r.getId());
        out.add(r.getTitle());
        out.add(r.getDetails());
        out.add(r.getFix());
        return out;
    }
}
