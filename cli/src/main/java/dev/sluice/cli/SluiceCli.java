package dev.sluice.cli;

import dev.sluice.model.InvalidTaskSpecException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "Keeps PostgreSQL synchronized with MariaDB: schema, full copy, then the binlog.",
        subcommands = {TaskCommand.class, EtlCommand.class, SecretsCommand.class, BillingCommands.Metering.class, BillingCommands.BillGroup.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the operation failed (the message says why)", "2:invalid input (task file, options)",
                "3:control-service unreachable", "4:no such task", "5:refused: no token, a token not valid, or a role that may not do this"})
public class SluiceCli {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_INVALID = 2;
    public static final int EXIT_UNREACHABLE = 3;
    public static final int EXIT_NOT_FOUND = 4;
    public static final int EXIT_REFUSED = 5;

    @Option(names = "--server", description = "control-service address host:port (default: $SLUICE_SERVER or localhost:9101)",
            scope = CommandLine.ScopeType.INHERIT)
    String server;

    @Option(names = "--config", description = "the CLI's config file (token, server, billing; default ~/.config/sluice/config.yaml)",
            scope = CommandLine.ScopeType.INHERIT)
    java.nio.file.Path configFile;

    @Option(names = "--tls-ca", description = "PEM CA file: talk TLS to the services and trust this CA (default: $SLUICE_TLS_CA or tlsCa: in the config file; none: plaintext)",
            scope = CommandLine.ScopeType.INHERIT)
    String tlsCa;

    private CliConfig config;

    @Option(names = "--verbose", description = "print stack traces of errors", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    String server() {
        if (server != null && !server.isBlank()) {
            return server;
        }
        String env = System.getenv("SLUICE_SERVER");
        if (!CliConfig.blank(env)) {
            return env;
        }
        return CliConfig.blank(config().server()) ? "localhost:9101" : config().server();
    }

    String billing() {
        String env = System.getenv("SLUICE_BILLING");
        if (!CliConfig.blank(env)) {
            return env;
        }
        return CliConfig.blank(config().billing()) ? "localhost:9105" : config().billing();
    }

    /** The CA file for TLS, or null for plaintext. */
    String tlsCa() {
        if (!CliConfig.blank(tlsCa)) {
            return tlsCa;
        }
        String env = System.getenv("SLUICE_TLS_CA");
        if (!CliConfig.blank(env)) {
            return env;
        }
        return CliConfig.blank(config().tlsCa()) ? null : config().tlsCa();
    }

    /** The bearer token: from --config FILE when given, else $SLUICE_TOKEN, else the default config file; null for none. */
    String token() {
        String env = System.getenv("SLUICE_TOKEN");
        String t = configFile == null && !CliConfig.blank(env) ? env : config().token();
        return CliConfig.blank(t) ? null : t.trim();
    }

    private CliConfig config() {
        if (config == null) {
            config = CliConfig.load(configFile);
        }
        return config;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SluiceCli());
        cl.setExecutionExceptionHandler(SluiceCli::handle);
        return cl;
    }

    /** Errors are one readable line; --verbose adds the stack. */
    static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        SluiceCli root = cl.getCommandSpec().root().userObject() instanceof SluiceCli s ? s : null;
        int code;
        String message;
        if (e instanceof InvalidTaskSpecException ite) {
            code = EXIT_INVALID;
            message = "invalid task:\n  " + String.join("\n  ", ite.problems());
        } else if (e instanceof StatusRuntimeException sre) {
            Status.Code c = sre.getStatus().getCode();
            code = c == Status.Code.UNAVAILABLE ? EXIT_UNREACHABLE : c == Status.Code.NOT_FOUND ? EXIT_NOT_FOUND
                    : c == Status.Code.INVALID_ARGUMENT ? EXIT_INVALID
                    : c == Status.Code.UNAUTHENTICATED || c == Status.Code.PERMISSION_DENIED ? EXIT_REFUSED : EXIT_FAILED;
            String d = sre.getStatus().getDescription();
            String tls = c == Status.Code.UNAVAILABLE ? TlsMismatch.describe(sre, root != null && root.tlsCa() != null) : null;
            message = tls != null ? tls
                    : c == Status.Code.UNAVAILABLE
                    ? "cannot reach control-service at " + (root == null ? "?" : root.server()) + " (start it with deploy/local/up.sh, or set --server / SLUICE_SERVER)"
                    : code == EXIT_REFUSED ? "refused (" + c.name().toLowerCase().replace('_', ' ') + "): " + (d == null ? "no reason given" : d)
                    : (d == null ? c.name() : d);
        } else if (e instanceof CliException ce) {
            code = ce.exitCode;
            message = ce.getMessage();
        } else {
            code = EXIT_FAILED;
            message = e.toString();
        }
        err.println("sluice: " + message);
        if (root != null && root.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** An expected failure with its exit code. */
    public static class CliException extends RuntimeException {
        final int exitCode;

        public CliException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
