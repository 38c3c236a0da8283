package dev.sluice.systemtest;

import dev.sluice.cli.SluiceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the sluice CLI in-process against a stack, capturing what it prints. */
public final class Cli {

    public record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(String server, String... args) {
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
