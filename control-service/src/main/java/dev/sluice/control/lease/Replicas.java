package dev.sluice.control.lease;

import dev.sluice.v1.ApplyListRequest;
import dev.sluice.v1.TaskStatus;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The capture and apply replicas control-service distributes tasks over (sluice.control.capture-addresses,
 * sluice.control.apply-addresses: host:port lists; one address each when not scaled out), and which of them
 * answered the last probe. Apply replicas are asked what they run (ListStatus), capture replicas for their
 * liveness (the gRPC health service on the same port, over the
 * same channels as every call: TLS when configured).
 */
@ApplicationScoped
public class Replicas {

    private static final Logger LOG = Logger.getLogger(Replicas.class);
    private static final long PROBE_MILLIS = 2000;

    private final List<String> apply;
    private final List<String> capture;
    private final ReplicaChannels applyCalls;
    private volatile Set<String> up = Set.of();
    /** What each apply replica that answered runs (its tasks' statuses). */
    private final Map<String, List<TaskStatus>> running = new ConcurrentHashMap<>();
    private volatile long probedAt;
    /** Probes block on the network: their own threads, not the common pool (one thread on two cores). */
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replica-probe");
        t.setDaemon(true);
        return t;
    });

    public Replicas(@ConfigProperty(name = "sluice.control.apply-addresses") List<String> apply,
            @ConfigProperty(name = "sluice.control.capture-addresses") List<String> capture, ReplicaChannels applyCalls) {
        this.apply = apply.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        this.capture = capture.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        this.applyCalls = applyCalls;
        if (this.apply.isEmpty() || this.capture.isEmpty()) {
            throw new IllegalStateException("sluice.control.apply-addresses and sluice.control.capture-addresses need one host:port at least");
        }
    }

    public List<String> apply() {
        return apply;
    }

    public List<String> capture() {
        return capture;
    }

    public Set<String> up() {
        return up;
    }

    public boolean isUp(String address) {
        return up.contains(address);
    }

    /** The tasks an apply replica reported at the last probe (empty when it did not answer). */
    public List<TaskStatus> runningOn(String applyAddress) {
        return running.getOrDefault(applyAddress, List.of());
    }

    /** Probes every replica at once, waiting at most the probe timeout. */
    public void probe() {
        Map<String, CompletableFuture<Boolean>> pending = new java.util.LinkedHashMap<>();
        for (String a : apply) {
            pending.put(a, CompletableFuture.supplyAsync(() -> probeApply(a), probes));
        }
        for (String c : capture) {
            pending.put(c, CompletableFuture.supplyAsync(() -> probeCapture(c), probes));
        }
        Set<String> nowUp = pending.entrySet().stream().filter(e -> e.getValue().join()).map(Map.Entry::getKey).collect(Collectors.toSet());
        for (String r : pending.keySet()) {
            if (up.contains(r) != nowUp.contains(r) && probedAt != 0) {
                LOG.infof("replica %s is %s", r, nowUp.contains(r) ? "up" : "not answering");
            }
        }
        up = Set.copyOf(nowUp);
        probedAt = System.nanoTime();
    }

    /**
     * The replica to use for a one-off call (verification): the preferred one (the task's lease) if it is
     * up, else the first one up, else the first configured.
     */
    public String pick(List<String> replicas, String preferred) {
        probeIfNever();
        if (preferred != null && up.contains(preferred)) {
            return preferred;
        }
        return replicas.stream().filter(up::contains).findFirst().orElse(replicas.get(0));
    }

    /** Probes once if nothing was probed yet (a task started before the first reconcile round). */
    public void probeIfNever() {
        if (probedAt == 0) {
            probe();
        }
    }

    @PreDestroy
    void close() {
        probes.shutdownNow();
    }

    private boolean probeCapture(String address) {
        try {
            return applyCalls.health(address, PROBE_MILLIS).check(HealthCheckRequest.getDefaultInstance()).getStatus()
                    == HealthCheckResponse.ServingStatus.SERVING;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean probeApply(String address) {
        try {
            running.put(address, applyCalls.apply(address, PROBE_MILLIS).listStatus(ApplyListRequest.getDefaultInstance()).getTasksList());
            return true;
        } catch (RuntimeException e) {
            running.remove(address);
            return false;
        }
    }
}
