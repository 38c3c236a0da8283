package dev.sluice.control.orchestration;

import dev.sluice.model.InvalidTaskSpecException;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Etl;
import dev.sluice.v1.EtlTestRequest;
import dev.sluice.v1.EtlTestResponse;
import dev.sluice.v1.SchemaRequest;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * ETL expressions compile against the source schema, which capture-service reads: a task whose
 * expressions do not compile is refused when it is created, naming table, expression and position.
 */
@ApplicationScoped
public class EtlValidation {

    private static final Logger LOG = Logger.getLogger(EtlValidation.class);

    @GrpcClient("capture")
    CaptureServiceGrpc.CaptureServiceBlockingStub capture;

    public void requireCompiles(TaskSpec spec) {
        if (!hasEtl(spec)) {
            return;
        }
        try {
            capture.withDeadlineAfter(2, TimeUnit.MINUTES).getSchema(SchemaRequest.newBuilder().setSpec(spec).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new InvalidTaskSpecException(List.of("etl: " + e.getStatus().getDescription()));
            }
            // The source is unreachable now: the schema phase compiles again and fails the task if needed.
            LOG.warnf("task %s: ETL not validated at creation (%s); it is validated when the task starts", spec.getName(), e.getStatus().getCode());
        }
    }

    public EtlTestResponse test(EtlTestRequest request) {
        return capture.withDeadlineAfter(2, TimeUnit.MINUTES).testEtl(request);
    }

    static boolean hasEtl(TaskSpec spec) {
        for (DatabaseSelection d : spec.getObjectsList()) {
            if (!d.getEtl().equals(Etl.getDefaultInstance())) {
                return true;
            }
            for (TableSelection t : d.getTablesList()) {
                if (!t.getEtl().equals(Etl.getDefaultInstance())) {
                    return true;
                }
            }
        }
        return false;
    }
}
