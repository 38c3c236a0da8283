package dev.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.ControlServiceGrpc;
import dev.sluice.v1.CaptureServiceGrpc;
import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;

class MethodRolesTest {

    /** A method added to the public API without a role would answer only the internal token: users could never call it. */
    @Test
    void everyPublicMethodHasAUserRole() {
        for (var service : java.util.List.of(ControlServiceGrpc.getServiceDescriptor(), BillingServiceGrpc.getServiceDescriptor())) {
            for (MethodDescriptor<?, ?> m : service.getMethods()) {
                assertThat(MethodRoles.needed(m.getFullMethodName())).as(m.getFullMethodName()).isNotEqualTo(Role.INTERNAL);
            }
        }
    }

    @Test
    void keyRotationAndTaskLifecycleNeedAnAdmin() {
        assertThat(MethodRoles.needed(ControlServiceGrpc.getReencryptSecretsMethod().getFullMethodName())).isEqualTo(Role.ADMIN);
        assertThat(MethodRoles.needed(ControlServiceGrpc.getDeleteTaskMethod().getFullMethodName())).isEqualTo(Role.ADMIN);
        assertThat(MethodRoles.needed(ControlServiceGrpc.getStartTaskMethod().getFullMethodName())).isEqualTo(Role.OPERATOR);
    }

    @Test
    void internalServicesAnswerOnlyTheInternalToken() {
        for (MethodDescriptor<?, ?> m : CaptureServiceGrpc.getServiceDescriptor().getMethods()) {
            assertThat(MethodRoles.needed(m.getFullMethodName())).as(m.getFullMethodName()).isEqualTo(Role.INTERNAL);
        }
    }
}
