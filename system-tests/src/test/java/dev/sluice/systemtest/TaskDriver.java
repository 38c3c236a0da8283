package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TableComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives a task through the CLI, as a user would, and checks the destination against the source. */
final class TaskDriver {

    private final SluiceStack stack;

    TaskDriver(SluiceStack stack) {
        this.stack = stack;
    }

    /** Creates, prechecks and starts a task from YAML; returns its id. */
    String createAndStart(Path dir, String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "task", ".yaml");
        Files.writeString(file, yaml);
        Cli.Result created = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String id = created.out().split("created task ")[1].split(" ")[0];
        Cli.Result pre = Cli.run(stack.controlAddress(), "task", "precheck", id);
        assertThat(pre.code()).as(pre.out() + pre.err()).isZero();
        // These tests are about the data path: accept whatever the precheck only warned about.
        java.util.regex.Matcher warning = java.util.regex.Pattern.compile("(?m)^WARNING\\s+(\\S+)").matcher(pre.out());
        while (warning.find()) {
            Cli.Result ignored = Cli.run(stack.controlAddress(), "task", "precheck", id, "--ignore", warning.group(1));
            assertThat(ignored.code()).as(ignored.err()).isZero();
        }
        Cli.Result started = Cli.run(stack.controlAddress(), "task", "start", id);
        assertThat(started.code()).as(started.err()).isZero();
        return id;
    }

    void waitFor(String id, String phase, int timeoutSeconds) {
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "wait", id, "--phase", phase, "--timeout", Integer.toString(timeoutSeconds));
        assertThat(r.code()).as(r.out() + r.err() + "\n" + logs()).isZero();
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String s : new String[] {"capture", "apply", "control"}) {
            sb.append("--- ").append(s).append(" ---\n").append(stack.service(s).tail()).append('\n');
        }
        return sb.toString();
    }

    static String yaml(LocalDatabases db, String name, String objects, String extra) {
        // The largest class: its throughput ceiling (the default incremental throttle) never slows a test down.
        String billing = extra.contains("billing:") ? "" : "billing: {instanceClass: xlarge}";
        return """
                name: %s
                source:      {host: 127.0.0.1, port: %d, user: %s, password: %s}
                destination: {host: 127.0.0.1, port: %d, database: %s, user: %s, password: %s}
                conflictingTables: report
                objects:
                %s
                %s
                %s
                """.formatted(name, db.mariaPort(), SluiceStack.SOURCE_USER, SluiceStack.SOURCE_PASSWORD, db.pgPort(), "e2e_target",
                SluiceStack.DESTINATION_USER, SluiceStack.DESTINATION_PASSWORD, objects.indent(2).stripTrailing(), extra, billing);
    }

    /** Differences between the source tables and their copies (same names), empty when equal. */
    static List<String> differences(LocalDatabases db, String database, String schema, List<String> tables) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection m = db.mariaRoot(); Connection p = db.pg("e2e_target")) {
            for (String t : tables) {
                out.addAll(TableComparator.differences(m, database, t, p, schema, t));
            }
        }
        return out;
    }

    /** Waits until the destination equals the source (incremental sync is asynchronous). */
    void awaitEqual(LocalDatabases db, String database, String schema, List<String> tables, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> diff;
        while (true) {
            try {
                diff = differences(db, database, schema, tables);
            } catch (java.sql.SQLException e) {
                // a table added to a running task is created a moment after UpdateTask returns: not there yet is a difference
                if (!"42P01".equals(e.getSQLState())) {
                    throw e;
                }
                diff = List.of(e.getMessage());
            }
            if (diff.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(diff).as("destination equals source after %s\n%s", timeout, logs()).isEmpty();
    }
}
