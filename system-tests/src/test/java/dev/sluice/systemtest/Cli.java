package dev.sluice.systemtest;

import dev.sluice.cli.SluiceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the sluice CLI in-process against a stack, capturing what it prints. */
public final class Cli {

    public record Result(int code, String out, String err) {
    }

    /** The CLI config file (with the admin token) of each stack, by control-service address. */
    private static final java.util.Map<String, java.nio.file.Path> CONFIGS = new java.util.concurrent.ConcurrentHashMap<>();

    private Cli() {
    }

    static void useConfig(String server, java.nio.file.Path config) {
        CONFIGS.put(server, config);
    }

    /** Runs the CLI with the stack's admin token. */

    public static Result run(String server, String... args) {
        java.nio.file.Path config = CONFIGS.get(server);
        if (config == null || java.util.Arrays.asList(args).contains("--config")) {
            return runAs(server, args);
        }
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return runAs(server, all);
    }

    /** Runs the CLI with exactly these arguments (and --server): no token unless they give one. */
    public static Result runAs(String server, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SluiceCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = server;
        int code = cl.execute(all);
        return new Result(code, out.toString(), err.toString());
    }
}
