package dev.sluice.control.verify;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.control.lease.Lease;
import dev.sluice.control.lease.Leases;
import dev.sluice.control.lease.ReplicaChannels;
import dev.sluice.control.lease.Replicas;
import dev.sluice.control.task.TaskService;
import dev.sluice.v1.ApplyServiceGrpc;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.SchemaRequest;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TableVerification;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.VerifyReport;
import dev.sluice.v1.VerifyRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs a verification of a task, stores the report with the task, and exports its result as metrics. */
@ApplicationScoped
public class Verifier {

    static final Set<String> MODES = Set.of("count", "checksum", "rows");

    private final TaskService tasks;
    private final VerifyReports reports;
    private final MultiGauge equalGauge;
    private final MultiGauge differencesGauge;
    private final Map<String, List<TableVerification>> lastResults = new ConcurrentHashMap<>();

    private final Replicas replicas;
    private final ReplicaChannels channels;
    private final Leases leases;

    public Verifier(TaskService tasks, VerifyReports reports, MeterRegistry registry, Replicas replicas, ReplicaChannels channels, Leases leases) {
        this.tasks = tasks;
        this.reports = reports;
        this.replicas = replicas;
        this.channels = channels;
        this.leases = leases;
        this.equalGauge = MultiGauge.builder("sluice_verify_equal").description("1 when the last verification found the table equal").register(registry);
        this.differencesGauge = MultiGauge.builder("sluice_verify_differences").description("differing rows found by the last verification")
                .register(registry);
    }

    public VerifyReport verify(VerifyRequest request) {
        String mode = request.getMode().isEmpty() ? "checksum" : request.getMode();
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("mode: '" + mode + "' is not a verification mode (use count, checksum or rows)");
        }
        String id = request.getTaskId();
        TaskSpec spec = tasks.specWithSecrets(id);
        // The replicas the task runs on, or any that are up (with several, one may be gone).
        Lease lease = leases.current(id).filter(Lease::assigned).orElse(null);
        CaptureServiceGrpc.CaptureServiceBlockingStub capture = channels.capture(replicas.pick(replicas.capture(), lease == null ? null : lease.captureReplica()));
        ApplyServiceGrpc.ApplyServiceBlockingStub apply = channels.apply(replicas.pick(replicas.apply(), lease == null ? null : lease.applyReplica()));
        List<TableSchema> tables = capture.withDeadlineAfter(10, TimeUnit.MINUTES)
                .getSchema(SchemaRequest.newBuilder().setTaskId(id).setSpec(spec).build()).getTablesList();
        Set<String> wanted = Set.copyOf(request.getTablesList());
        for (String w : wanted) {
            if (tables.stream().noneMatch(t -> (t.getDatabase() + "." + t.getName()).equals(w))) {
                throw new IllegalArgumentException("tables: " + w + " is not a table of task " + id + " (give database.table, source names)");
            }
        }
        VerifyReport.Builder report = VerifyReport.newBuilder().setTaskId(id).setMode(mode).setStartedAtMs(System.currentTimeMillis());
        for (TableSchema t : tables) {
            if (wanted.isEmpty() || wanted.contains(t.getDatabase() + "." + t.getName())) {
                report.addTables(new TableVerifier(id, spec, t, capture, apply).run(mode, request.getRepair()));
            }
        }
        report.setEqual(report.getTablesList().stream().allMatch(TableVerification::getEqual)).setFinishedAtMs(System.currentTimeMillis());
        VerifyReport done = report.build();
        reports.store(done, json(done));
        export(done);
        return done;
    }

    private void export(VerifyReport r) {
        lastResults.put(r.getTaskId(), r.getTablesList());
        equalGauge.register(lastResults.entrySet().stream().flatMap(e -> e.getValue().stream()
                .map(t -> MultiGauge.Row.of(Tags.of("task", e.getKey(), "table", t.getTable()), t.getEqual() ? 1 : 0))).toList(), true);
        differencesGauge.register(lastResults.entrySet().stream().flatMap(e -> e.getValue().stream()
                .map(t -> MultiGauge.Row.of(Tags.of("task", e.getKey(), "table", t.getTable()), t.getDifferences()))).toList(), true);
    }

    private static String json(VerifyReport r) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(r);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
