package dev.sluice.cli;

import dev.sluice.v1.ReencryptSecretsRequest;
import dev.sluice.v1.ReencryptSecretsResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "secrets", description = "The stored task passwords.", subcommands = SecretsCommand.Reencrypt.class)
class SecretsCommand {

    @ParentCommand
    SluiceCli root;

    @Command(name = "reencrypt", description = "Re-encrypt every stored task password with control-service's current key (after a key rotation).")
    static class Reencrypt implements Callable<Integer> {
        @ParentCommand
        SecretsCommand secrets;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (ControlClient c = new ControlClient(secrets.root)) {
                ReencryptSecretsResponse r = c.stub().reencryptSecrets(ReencryptSecretsRequest.getDefaultInstance());
                spec.commandLine().getOut().printf("re-encrypted %d password(s) of %d task(s) with the current key%s%n", r.getResealed(), r.getTasks(),
                        r.getPreviousKeys() == 0 ? "" : "; every password now opens with the current key alone:"
                                + " remove SLUICE_SECRETS_PREVIOUS_KEYS (sluice.secrets.previous-keys) at the next restart");
            }
            return 0;
        }
    }
}
