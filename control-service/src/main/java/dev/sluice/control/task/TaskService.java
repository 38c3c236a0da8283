package dev.sluice.control.task;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.control.secrets.SecretBox;
import dev.sluice.model.Secrets;
import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.Task;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stores tasks and moves them between states; the only code that touches {@link TaskEntity}. */
@ApplicationScoped
public class TaskService {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private final SecretBox secrets;

    public TaskService(SecretBox secrets) {
        this.secrets = secrets;
    }

    @Transactional
    public Task create(TaskSpec given) {
        TaskSpec spec = TaskSpecRules.withDefaults(given);
        TaskSpecRules.requireValid(spec);
        TaskEntity e = new TaskEntity();
        e.id = "t-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        e.name = spec.getName();
        e.environment = spec.getEnvironment();
        e.state = TaskState.CREATED.name();
        e.specJson = print(Secrets.redact(spec));
        e.sourceSecret = secrets.seal(spec.getSource().getPassword());
        e.destinationSecret = secrets.seal(spec.getDestination().getPassword());
        e.createdAt = Instant.now();
        e.updatedAt = e.createdAt;
        e.persist();
        return toTask(e);
    }

    /** Replaces the spec; passwords left empty keep the stored ones (they are write-only). */
    @Transactional
    public Task update(String id, TaskSpec given) {
        TaskEntity e = find(id);
        TaskSpec current = parse(e.specJson);
        TaskSpec spec = TaskSpecRules.withDefaults(given);
        if (TaskState.ACTIVE.contains(TaskState.valueOf(e.state))
                && (!endpoint(spec.getSource()).equals(endpoint(current.getSource()))
                        || !endpoint(spec.getDestination()).equals(endpoint(current.getDestination())))) {
            throw new IllegalTransitionException(id, TaskState.valueOf(e.state), "change its source or destination (stop it first)");
        }
        TaskSpec withSecrets = spec.toBuilder()
                .setSource(spec.getSource().getPassword().isEmpty() && spec.getSource().getPasswordEnv().isEmpty()
                        ? spec.getSource().toBuilder().setPassword(secrets.open(e.sourceSecret)).build() : spec.getSource())
                .setDestination(spec.getDestination().getPassword().isEmpty() && spec.getDestination().getPasswordEnv().isEmpty()
                        ? spec.getDestination().toBuilder().setPassword(secrets.open(e.destinationSecret)).build() : spec.getDestination())
                .build();
        TaskSpecRules.requireValid(withSecrets);
        e.name = spec.getName();
        e.environment = spec.getEnvironment();
        e.specJson = print(Secrets.redact(withSecrets));
        e.sourceSecret = secrets.seal(withSecrets.getSource().getPassword());
        e.destinationSecret = secrets.seal(withSecrets.getDestination().getPassword());
        e.updatedAt = Instant.now();
        return toTask(e);
    }

    private static String endpoint(dev.sluice.v1.Endpoint ep) {
        return ep.getHost() + ":" + ep.getPort() + "/" + ep.getDatabase() + "/" + ep.getUser();
    }

    @Transactional
    public Task get(String id) {
        return toTask(find(id));
    }

    @Transactional
    public List<Task> list(String state, String environment) {
        List<Task> out = new ArrayList<>();
        for (TaskEntity e : TaskEntity.<TaskEntity>listAll()) {
            if ((state.isEmpty() || state.equalsIgnoreCase(e.state)) && (environment.isEmpty() || environment.equals(e.environment))) {
                out.add(toTask(e));
            }
        }
        out.sort((a, b) -> Long.compare(a.getCreatedAtMs(), b.getCreatedAtMs()));
        return out;
    }

    @Transactional
    public Task delete(String id) {
        TaskEntity e = find(id);
        Task t = toTask(e);
        e.delete();
        return t;
    }

    /** The spec with its passwords, for the services that connect. Never returned to clients. */
    @Transactional
    public TaskSpec specWithSecrets(String id) {
        TaskEntity e = find(id);
        TaskSpec spec = parse(e.specJson);
        return spec.toBuilder()
                .setSource(spec.getSource().toBuilder().setPassword(secrets.open(e.sourceSecret)))
                .setDestination(spec.getDestination().toBuilder().setPassword(secrets.open(e.destinationSecret)))
                .build();
    }

    @Transactional
    public Task transition(String id, TaskState next, String error) {
        TaskEntity e = find(id);
        TaskState current = TaskState.valueOf(e.state);
        if (current != next && !current.canGo(next)) {
            throw new IllegalTransitionException(id, current, next);
        }
        e.state = next.name();
        e.lastError = error;
        e.updatedAt = Instant.now();
        return toTask(e);
    }

    /** The checks whose WARNING the user accepted for this task. */
    @Transactional
    public java.util.Set<String> ignoredChecks(String id) {
        String s = find(id).ignoredChecks;
        return s == null || s.isEmpty() ? java.util.Set.of() : java.util.Set.of(s.split(","));
    }

    /**
     * Accepts a WARNING of the last precheck. A FAILED check, or one the last precheck did not
     * report, is refused; when nothing else blocks, the task becomes READY.
     */
    @Transactional
    public Task ignoreCheck(String id, String checkId) {
        TaskEntity e = find(id);
        List<CheckResult> last = toTask(e).getPrecheckList();
        CheckResult r = last.stream().filter(c -> c.getId().equals(checkId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("check " + checkId + " is not in the last precheck of task " + id
                        + " (run sluice task precheck " + id + " to see the check ids)"));
        if (r.getStatus() == dev.sluice.v1.CheckStatus.FAILED) {
            throw new IllegalArgumentException("check " + checkId + " FAILED and cannot be ignored: " + r.getFix());
        }
        java.util.Set<String> ignored = new java.util.TreeSet<>(ignoredChecks(id));
        ignored.add(checkId);
        e.ignoredChecks = String.join(",", ignored);
        List<CheckResult> marked = last.stream().map(c -> ignored.contains(c.getId()) && c.getStatus() == dev.sluice.v1.CheckStatus.WARNING
                ? c.toBuilder().setIgnored(true).build() : c).toList();
        boolean blocked = marked.stream().anyMatch(c -> c.getStatus() == dev.sluice.v1.CheckStatus.FAILED
                || c.getStatus() == dev.sluice.v1.CheckStatus.WARNING && !c.getIgnored());
        TaskState state = TaskState.valueOf(e.state);
        recordPrecheck(id, marked, !blocked && state == TaskState.PRECHECK_FAILED ? TaskState.READY : state);
        return toTask(e);
    }

    @Transactional
    public void recordPrecheck(String id, List<CheckResult> results, TaskState outcome) {
        TaskEntity e = find(id);
        StringBuilder sb = new StringBuilder("[");
        for (CheckResult r : results) {
            sb.append(sb.length() > 1 ? "," : "").append(print(r));
        }
        e.precheckJson = sb.append(']').toString();
        e.state = outcome.name();
        e.updatedAt = Instant.now();
    }

    @Transactional
    public void recordStatus(String id, TaskStatus status, TaskState state) {
        TaskEntity e = TaskEntity.findById(id);
        if (e == null) {
            return;
        }
        e.statusJson = print(status);
        if (state != null) {
            e.state = state.name();
            e.lastError = status.getLastError().isEmpty() ? e.lastError : status.getLastError();
        }
        e.updatedAt = Instant.now();
    }

    /** Specs (without passwords) of the tasks that are running or retrying. */
    @Transactional
    public List<TaskSpec> activeSpecs() {
        return TaskEntity.inStates(TaskState.ACTIVE.stream().map(Enum::name).toList()).stream().map(e -> parse(e.specJson)).toList();
    }

    @Transactional
    public List<String> idsIn(List<TaskState> states) {
        List<String> names = states.stream().map(Enum::name).toList();
        return TaskEntity.inStates(names).stream().map(t -> t.id).toList();
    }

    private TaskEntity find(String id) {
        TaskEntity e = TaskEntity.findById(id);
        if (e == null) {
            throw new TaskNotFoundException(id);
        }
        return e;
    }

    private Task toTask(TaskEntity e) {
        Task.Builder t = Task.newBuilder().setId(e.id).setSpec(Secrets.redact(parse(e.specJson))).setState(e.state)
                .setCreatedAtMs(e.createdAt.toEpochMilli()).setUpdatedAtMs(e.updatedAt.toEpochMilli());
        if (e.lastError != null) {
            t.setLastError(e.lastError);
        }
        try {
            if (e.statusJson != null) {
                TaskStatus.Builder s = TaskStatus.newBuilder();
                PARSER.merge(e.statusJson, s);
                t.setStatus(s);
            }
            if (e.precheckJson != null) {
                Task.Builder holder = Task.newBuilder();
                PARSER.merge("{\"precheck\":" + e.precheckJson + "}", holder);
                t.addAllPrecheck(holder.getPrecheckList());
            }
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalStateException("stored task " + e.id + " is unreadable: " + ex.getMessage(), ex);
        }
        return t.build();
    }

    private static TaskSpec parse(String json) {
        try {
            TaskSpec.Builder b = TaskSpec.newBuilder();
            PARSER.merge(json, b);
            return b.build();
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalStateException("stored task spec is unreadable: " + ex.getMessage(), ex);
        }
    }

    private static String print(com.google.protobuf.MessageOrBuilder m) {
        try {
            return PRINTER.print(m);
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
