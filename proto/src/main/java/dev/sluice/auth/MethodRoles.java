package dev.sluice.auth;

import java.util.Map;

/**
 * The role table: the least role each public method needs. Methods not listed (those of capture-,
 * apply- and precheck-service, and any method added later without a decision) need the internal token.
 */
public final class MethodRoles {

    private static final String CONTROL = "sluice.v1.ControlService/";
    private static final String BILLING = "sluice.v1.BillingService/";

    private static final Map<String, Role> TABLE = Map.ofEntries(
            Map.entry(CONTROL + "GetTask", Role.VIEWER),
            Map.entry(CONTROL + "ListTasks", Role.VIEWER),
            Map.entry(CONTROL + "WatchTask", Role.VIEWER),
            Map.entry(CONTROL + "PreviewTask", Role.VIEWER),
            Map.entry(CONTROL + "TestEtl", Role.VIEWER),
            Map.entry(CONTROL + "RunPrecheck", Role.OPERATOR),
            Map.entry(CONTROL + "IgnorePrecheckItem", Role.OPERATOR),
            Map.entry(CONTROL + "StartTask", Role.OPERATOR),
            Map.entry(CONTROL + "PauseTask", Role.OPERATOR),
            Map.entry(CONTROL + "ResumeTask", Role.OPERATOR),
            Map.entry(CONTROL + "StopTask", Role.OPERATOR),
            Map.entry(CONTROL + "VerifyTask", Role.OPERATOR),
            Map.entry(CONTROL + "CreateTask", Role.ADMIN),
            Map.entry(CONTROL + "UpdateTask", Role.ADMIN),
            Map.entry(CONTROL + "DeleteTask", Role.ADMIN),
            Map.entry(CONTROL + "ReencryptSecrets", Role.ADMIN),
            Map.entry(BILLING + "ListMeteringRecords", Role.VIEWER),
            Map.entry(BILLING + "GetBill", Role.VIEWER),
            Map.entry(BILLING + "ListInstanceClasses", Role.VIEWER),
            Map.entry(BILLING + "RecordSubscription", Role.ADMIN),
            // usage comes from apply-service; an admin may correct it, no other user may invent it
            Map.entry(BILLING + "ReportUsage", Role.ADMIN));

    private MethodRoles() {
    }

    /** The least role that may call a method, by its full gRPC name ("sluice.v1.ControlService/StartTask"). */
    public static Role needed(String fullMethodName) {
        return TABLE.getOrDefault(fullMethodName, Role.INTERNAL);
    }

    /** gRPC's own services: reflection (grpcurl list) and health reveal no data and stay open. */
    public static boolean open(String fullMethodName) {
        return fullMethodName.startsWith("grpc.reflection.") || fullMethodName.startsWith("grpc.health.");
    }
}
