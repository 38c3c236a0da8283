package dev.sluice.control.api;

import dev.sluice.grpc.Unary;
import dev.sluice.control.orchestration.EtlValidation;
import dev.sluice.control.verify.Verifier;
import dev.sluice.control.orchestration.TaskOrchestrator;
import dev.sluice.control.task.IllegalTransitionException;
import dev.sluice.control.task.TaskNotFoundException;
import dev.sluice.control.task.TaskService;
import dev.sluice.model.InvalidTaskSpecException;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.ControlServiceGrpc;
import dev.sluice.v1.CreateTaskRequest;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.model.Secrets;
import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.EtlTestRequest;
import dev.sluice.v1.EtlTestResponse;
import dev.sluice.v1.IgnorePrecheckRequest;
import dev.sluice.v1.PreviewResponse;
import dev.sluice.v1.ReencryptSecretsRequest;
import dev.sluice.v1.ReencryptSecretsResponse;
import dev.sluice.control.secrets.SecretRotation;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.UpdateTaskRequest;
import dev.sluice.v1.VerifyReport;
import dev.sluice.v1.VerifyRequest;
import io.grpc.stub.ServerCallStreamObserver;
import dev.sluice.v1.ListTasksRequest;
import dev.sluice.v1.ListTasksResponse;
import dev.sluice.v1.Task;
import dev.sluice.v1.TaskRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** The public API. Every error leaves as a gRPC status with a one-line description. */
@GrpcService
@Blocking
public class ControlGrpcService extends ControlServiceGrpc.ControlServiceImplBase {

    private static final Logger LOG = Logger.getLogger(ControlGrpcService.class);

    private final TaskService tasks;
    private final TaskOrchestrator orchestrator;
    private final EtlValidation etl;
    private final Verifier verifier;
    private final SecretRotation rotation;

    public ControlGrpcService(TaskService tasks, TaskOrchestrator orchestrator, EtlValidation etl, Verifier verifier, SecretRotation rotation) {
        this.tasks = tasks;
        this.orchestrator = orchestrator;
        this.etl = etl;
        this.verifier = verifier;
        this.rotation = rotation;
    }

    @Override
    public void reencryptSecrets(ReencryptSecretsRequest request, StreamObserver<ReencryptSecretsResponse> out) {
        unary(out, rotation::reencrypt);
    }

    @Override
    public void verifyTask(VerifyRequest request, StreamObserver<VerifyReport> out) {
        unary(out, () -> verifier.verify(request));
    }

    @Override
    public void createTask(CreateTaskRequest request, StreamObserver<Task> out) {
        unary(out, () -> {
            TaskSpec spec = TaskSpecRules.withDefaults(request.getSpec());
            TaskSpecRules.requireValid(spec);
            etl.requireCompiles(spec);
            return tasks.create(spec);
        });
    }

    @Override
    public void testEtl(EtlTestRequest request, StreamObserver<EtlTestResponse> out) {
        unary(out, () -> etl.test(request));
    }

    @Override
    public void updateTask(UpdateTaskRequest request, StreamObserver<Task> out) {
        unary(out, () -> {
            etl.requireCompiles(request.getSpec());
            return orchestrator.update(request.getId(), request.getSpec());
        });
    }

    @Override
    public void getTask(TaskRef request, StreamObserver<Task> out) {
        unary(out, () -> tasks.get(request.getId()));
    }

    @Override
    public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> out) {
        unary(out, () -> ListTasksResponse.newBuilder().addAllTasks(tasks.list(request.getState(), request.getEnvironment())).build());
    }

    @Override
    public void deleteTask(TaskRef request, StreamObserver<Task> out) {
        unary(out, () -> orchestrator.delete(request.getId()));
    }

    @Override
    public void runPrecheck(TaskRef request, StreamObserver<CheckResult> out) {
        try {
            orchestrator.precheck(request.getId(), out::onNext);
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(toStatus(e));
        }
    }

    @Override
    public void ignorePrecheckItem(IgnorePrecheckRequest request, StreamObserver<Task> out) {
        unary(out, () -> tasks.ignoreCheck(request.getTaskId(), request.getCheckId()));
    }

    @Override
    public void previewTask(CreateTaskRequest request, StreamObserver<PreviewResponse> out) {
        unary(out, () -> {
            TaskSpec spec = TaskSpecRules.withDefaults(request.getSpec());
            TaskSpecRules.requireValid(spec);
            try {
                String json = JsonFormat.printer().includingDefaultValueFields()
                        .print(CreateTaskRequest.newBuilder().setSpec(Secrets.redact(spec)).build());
                return PreviewResponse.newBuilder().setJson(json).build();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void watchTask(TaskRef request, StreamObserver<Task> out) {
        ServerCallStreamObserver<Task> call = (ServerCallStreamObserver<Task>) out;
        try {
            String last = null;
            while (!call.isCancelled()) {
                Task t = tasks.get(request.getId());
                String now = t.toString();
                if (!now.equals(last)) {
                    out.onNext(t);
                    last = now;
                }
                if (java.util.Set.of("FAILED", "STOPPED", "COMPLETED").contains(t.getState())) {
                    break;
                }
                Thread.sleep(1000);
            }
            if (!call.isCancelled()) {
                out.onCompleted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.onError(toStatus(e));
        }
    }

    @Override
    public void startTask(TaskRef request, StreamObserver<Task> out) {
        unary(out, () -> orchestrator.start(request.getId()));
    }

    @Override
    public void pauseTask(TaskRef request, StreamObserver<Task> out) {
        unary(out, () -> orchestrator.pause(request.getId()));
    }

    @Override
    public void resumeTask(TaskRef request, StreamObserver<Task> out) {
        unary(out, () -> orchestrator.start(request.getId()));
    }

    @Override
    public void stopTask(TaskRef request, StreamObserver<Task> out) {
        unary(out, () -> orchestrator.stop(request.getId()));
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        Unary.respond(out, call, ControlGrpcService::toStatus);
    }

    static StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof InvalidTaskSpecException || e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof TaskNotFoundException) {
            return Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof IllegalTransitionException) {
            return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        }
        LOG.error("request failed", e);
        return Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException();
    }
}
