package dev.sluice.precheck.checks;

import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/** Runs every check in order and hands each result on as soon as it is known. */
@ApplicationScoped
public class PrecheckRunner {

    /** Connectivity first: every later check reuses its connections (or its failure, at no extra wait). */
    static List<Check> checks() {
        return List.of(
                ConnectivityCheck.source(),
                ConnectivityCheck.destination(),
                new SourceVersionCheck(),
                BinlogSettingCheck.logBin(),
                BinlogSettingCheck.binlogFormat(),
                BinlogSettingCheck.rowImage(),
                BinlogSettingCheck.rowMetadata(),
                BinlogSettingCheck.logBinCompress(),
                new BinlogRetentionCheck(),
                new ServerIdCheck(),
                new SourcePrivilegesCheck(),
                new ObjectsExistCheck(),
                new SelectionSizeCheck(),
                new RowKeyCheck(),
                new ColumnTypesCheck(),
                new NameCollisionsCheck(),
                new IdentifierLengthCheck(),
                new ForeignKeysCheck(),
                new SourceDataSizeCheck(),
                new DestinationVersionCheck(),
                new DestinationPrivilegesCheck(),
                new ReplicationRoleCheck(),
                new ConflictingTablesCheck());
    }

    public void run(TaskSpec spec, Consumer<CheckResult> out) {
        try (CheckContext ctx = new CheckContext(TaskSpecRules.withDefaults(spec))) {
            for (Check check : checks()) {
                CheckResult r;
                try {
                    r = check.run(ctx);
                } catch (RuntimeException e) {
                    r = check.result().setStatus(CheckStatus.FAILED)
                            .setDetails("the check itself failed: " + ctx.safe(String.valueOf(e.getMessage()))).build();
                }
                out.accept(r);
            }
        }
    }
}
