package dev.sluice.model;

import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.RetryPolicy;
import dev.sluice.v1.SyncTypes;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Defaults and validation of a {@link TaskSpec}, shared by the CLI (before sending) and
 * control-service (the API): every problem names the field in the task file's spelling and the fix.
 */
public final class TaskSpecRules {

    public static final int DEFAULT_CONNECTION_MINUTES = 720;
    public static final int DEFAULT_OTHER_MINUTES = 10;
    public static final String DEFAULT_INSTANCE_CLASS = "small";
    public static final String CONFLICT_REPORT = "report";
    public static final String CONFLICT_IGNORE = "ignore";

    private TaskSpecRules() {
    }

    /** Fills what the task file may leave out. Zero means "not given" for the retry minutes. */
    public static TaskSpec withDefaults(TaskSpec spec) {
        TaskSpec.Builder b = spec.toBuilder();
        if (!spec.hasTypes()) {
            b.setTypes(SyncTypes.newBuilder().setSchema(true).setFull(true).setIncremental(true));
        }
        if (spec.getConflictingTables().isEmpty()) {
            b.setConflictingTables(CONFLICT_REPORT);
        }
        RetryPolicy.Builder retry = spec.getRetry().toBuilder();
        if (retry.getConnectionMinutes() == 0) {
            retry.setConnectionMinutes(DEFAULT_CONNECTION_MINUTES);
        }
        if (retry.getOtherMinutes() == 0) {
            retry.setOtherMinutes(DEFAULT_OTHER_MINUTES);
        }
        b.setRetry(retry);
        dev.sluice.v1.Billing.Builder billing = spec.getBilling().toBuilder();
        if (billing.getInstanceClass().isEmpty()) {
            billing.setInstanceClass(DEFAULT_INSTANCE_CLASS);
        }
        if (billing.getMethod().isEmpty()) {
            billing.setMethod("payg");
        }
        b.setBilling(billing);
        return b.build();
    }

    /** @return the problems found, each "field: what is wrong (how to fix)"; empty when valid. */
    public static List<String> problems(TaskSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.getName().isBlank()) {
            out.add("name: missing (give the task a name, e.g. name: shop-to-pg)");
        }
        endpoint("source", spec.getSource(), spec.hasSource(), false, out);
        endpoint("destination", spec.getDestination(), spec.hasDestination(), true, out);
        SyncTypes t = spec.getTypes();
        if (spec.hasTypes() && !t.getSchema() && !t.getFull() && !t.getIncremental()) {
            out.add("types: no synchronization type selected (set at least one of schema, full, incremental to true)");
        }
        String mode = spec.getConflictingTables();
        if (!mode.isEmpty() && !mode.equals(CONFLICT_REPORT) && !mode.equals(CONFLICT_IGNORE)) {
            out.add("conflictingTables: '" + mode + "' is not a mode (use report or ignore)");
        }
        objects(spec.getObjectsList(), out);
        String every = spec.getVerify().getEvery();
        if (!every.isEmpty() && !every.strip().toLowerCase(java.util.Locale.ROOT).matches("\\d+[smhd]")) {
            out.add("verify.every: '" + every + "' is not a duration (e.g. 24h, 30m)");
        }
        String verifyMode = spec.getVerify().getMode();
        if (!verifyMode.isEmpty() && !List.of("count", "checksum", "rows").contains(verifyMode)) {
            out.add("verify.mode: '" + verifyMode + "' is not a verification mode (use count, checksum or rows)");
        }
        String method = spec.getBilling().getMethod();
        if (!method.isEmpty() && !method.equals("payg") && !method.equals("subscription")) {
            out.add("billing.method: '" + method + "' is not a billing method (use payg or subscription)");
        }
        String instanceClass = spec.getBilling().getInstanceClass();
        if (!instanceClass.isEmpty() && !instanceClass.matches("[a-z0-9-]{1,32}")) {
            out.add("billing.instanceClass: '" + instanceClass + "' is not a class name (e.g. micro, small, medium, large, xlarge)");
        }
        retry(spec.getRetry(), out);
        nonNegative("throttle.full.sourceQps", spec.getThrottle().getFull().getSourceQps(), out);
        nonNegative("throttle.full.rowsPerSecond", spec.getThrottle().getFull().getRowsPerSecond(), out);
        nonNegative("throttle.full.megabytesPerSecond", spec.getThrottle().getFull().getMegabytesPerSecond(), out);
        nonNegative("throttle.incremental.rowsPerSecond", spec.getThrottle().getIncremental().getRowsPerSecond(), out);
        nonNegative("throttle.incremental.megabytesPerSecond", spec.getThrottle().getIncremental().getMegabytesPerSecond(), out);
        return out;
    }

    public static void requireValid(TaskSpec spec) {
        List<String> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw new InvalidTaskSpecException(problems);
        }
    }

    private static void endpoint(String field, Endpoint e, boolean present, boolean needsDatabase, List<String> out) {
        if (!present) {
            out.add(field + ": missing (give host, port, user and password)");
            return;
        }
        if (e.getHost().isBlank()) {
            out.add(field + ".host: missing (e.g. host: 127.0.0.1)");
        }
        if (e.getPort() < 1 || e.getPort() > 65535) {
            out.add(field + ".port: " + e.getPort() + " is out of range (use 1..65535)");
        }
        if (e.getUser().isBlank()) {
            out.add(field + ".user: missing (the account Sluice connects as)");
        }
        if (e.getPassword().isEmpty() && e.getPasswordEnv().isBlank()) {
            out.add(field + ".password: missing (give password, or passwordEnv naming an environment variable)");
        }
        if (!e.getPassword().isEmpty() && !e.getPasswordEnv().isBlank()) {
            out.add(field + ".passwordEnv: give either password or passwordEnv, not both");
        }
        if (needsDatabase && e.getDatabase().isBlank()) {
            out.add(field + ".database: missing (the PostgreSQL database to write into)");
        }
        TlsRules.check(field + ".tls", e.getTls(), out);
    }

    private static void objects(List<DatabaseSelection> objects, List<String> out) {
        if (objects.isEmpty()) {
            out.add("objects: empty (select at least one database, e.g. objects: [{database: shop}])");
        }
        Set<String> databases = new HashSet<>();
        for (int i = 0; i < objects.size(); i++) {
            DatabaseSelection d = objects.get(i);
            String at = "objects[" + i + "]";
            if (d.getDatabase().isBlank()) {
                out.add(at + ".database: missing (the MariaDB database to synchronize)");
            } else if (!databases.add(d.getDatabase())) {
                out.add(at + ".database: '" + d.getDatabase() + "' is selected twice (merge the two entries)");
            }
            Set<String> tables = new HashSet<>();
            for (int j = 0; j < d.getTablesCount(); j++) {
                TableSelection t = d.getTables(j);
                String tat = at + ".tables[" + j + "]";
                if (t.getName().isBlank()) {
                    out.add(tat + ".name: missing (the MariaDB table name)");
                } else if (!tables.add(t.getName())) {
                    out.add(tat + ".name: '" + t.getName() + "' is selected twice (merge the two entries)");
                }
                if (t.getColumnsCount() > 0) {
                    Set<String> columns = new HashSet<>(t.getColumnsList());
                    for (String renamed : t.getRenameColumnsMap().keySet()) {
                        if (!columns.contains(renamed)) {
                            out.add(tat + ".renameColumns." + renamed + ": column is not in columns (add it to columns or drop the rename)");
                        }
                    }
                }
            }
        }
    }

    private static void retry(RetryPolicy r, List<String> out) {
        int connection = r.getConnectionMinutes() == 0 ? DEFAULT_CONNECTION_MINUTES : r.getConnectionMinutes();
        int other = r.getOtherMinutes() == 0 ? DEFAULT_OTHER_MINUTES : r.getOtherMinutes();
        if (connection < 10 || connection > 1440) {
            out.add("retry.connectionMinutes: " + connection + " is out of range (use 10..1440)");
        }
        if (other < 1 || other > 1440) {
            out.add("retry.otherMinutes: " + other + " is out of range (use 1..1440)");
        }
        if (other >= connection) {
            out.add("retry.otherMinutes: " + other + " must be smaller than retry.connectionMinutes (" + connection + ")");
        }
    }

    private static void nonNegative(String field, long v, List<String> out) {
        if (v < 0) {
            out.add(field + ": " + v + " is negative (use 0 for unlimited)");
        }
    }
}
