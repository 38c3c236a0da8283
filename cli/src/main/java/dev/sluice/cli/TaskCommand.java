package dev.sluice.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CreateTaskRequest;
import dev.sluice.v1.ListTasksRequest;
import dev.sluice.v1.Task;
import dev.sluice.v1.TaskRef;
import dev.sluice.v1.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "task", description = "Create, run and inspect synchronization tasks.",
        subcommands = {TaskCommand.Create.class, TaskCommand.Update.class, TaskCommand.Preview.class, TaskCommand.ListTasks.class, TaskCommand.Show.class,
                TaskCommand.Precheck.class, TaskCommand.Start.class, TaskCommand.Pause.class, TaskCommand.Resume.class,
                TaskCommand.Stop.class, TaskCommand.Delete.class, WaitCommand.class, VerifyCommand.class})
public class TaskCommand {

    @ParentCommand
    SluiceCli root;

    static final JsonFormat.Printer JSON = JsonFormat.printer().includingDefaultValueFields();

    static String json(MessageOrBuilder m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shared plumbing: the root options, the output stream, a client. */
    static class Base {
        @ParentCommand
        TaskCommand task;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        ControlClient client() {
            return new ControlClient(task.root);
        }
    }

    static class FileOption {
        @Option(names = {"-f", "--file"}, required = true, description = "the YAML task file")
        Path file;

        TaskSpec spec() {
            return TaskFile.load(file, System::getenv);
        }
    }

    @Command(name = "create", description = "Create a task from a YAML task file (it does not start it).")
    static class Create extends Base implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            TaskSpec spec = file.spec();
            try (ControlClient c = client()) {
                Task t = c.stub().createTask(CreateTaskRequest.newBuilder().setSpec(spec).build());
                out().println("created task " + t.getId() + " (" + t.getSpec().getName() + "), state " + t.getState());
                out().println("next: sluice task precheck " + t.getId() + " && sluice task start " + t.getId());
            }
            return 0;
        }
    }

    @Command(name = "update", description = "Change a task from a task file; objects added to a running task are synchronized at once.")
    static class Update extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;
        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            TaskSpec spec = file.spec();
            try (ControlClient c = client()) {
                Task t = c.stub().updateTask(dev.sluice.v1.UpdateTaskRequest.newBuilder().setId(id).setSpec(spec).build());
                out().println("updated task " + t.getId() + " (" + t.getSpec().getName() + "), state " + t.getState());
            }
            return 0;
        }
    }

    @Command(name = "preview", description = "Print the API request a task file turns into, as JSON (passwords hidden).")
    static class Preview extends Base implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            TaskSpec spec = dev.sluice.model.TaskSpecRules.withDefaults(file.spec());
            out().println(json(CreateTaskRequest.newBuilder().setSpec(dev.sluice.model.Secrets.redact(spec)).build()));
            return 0;
        }
    }

    @Command(name = "list", description = "List tasks.")
    static class ListTasks extends Base implements Callable<Integer> {
        @Option(names = "--json", description = "one JSON document")
        boolean asJson;
        @Option(names = "--state", description = "only tasks in this state")
        String state = "";
        @Option(names = "--env", description = "only tasks with this environment tag")
        String environment = "";

        @Override
        public Integer call() {
            try (ControlClient c = client()) {
                List<Task> tasks = c.stub().listTasks(ListTasksRequest.newBuilder().setState(state).setEnvironment(environment).build()).getTasksList();
                if (asJson) {
                    out().println(json(dev.sluice.v1.ListTasksResponse.newBuilder().addAllTasks(tasks).build()));
                } else {
                    out().printf("%-16s %-24s %-16s %-12s %s%n", "ID", "NAME", "STATE", "PHASE", "ENV");
                    for (Task t : tasks) {
                        out().printf("%-16s %-24s %-16s %-12s %s%n", t.getId(), t.getSpec().getName(), t.getState(),
                                t.getStatus().getPhase(), t.getSpec().getEnvironment());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one task: state, phase, per-table progress, lag.")
    static class Show extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--json", description = "one JSON document")
        boolean asJson;
        @Option(names = "--watch", description = "keep the view up to date until Ctrl-C or the task ends")
        boolean watch;

        @Override
        public Integer call() {
            try (ControlClient c = client()) {
                if (watch) {
                    Iterator<Task> updates = c.stub().watchTask(TaskRef.newBuilder().setId(id).build());
                    while (updates.hasNext()) {
                        out().print("\033[H\033[2J");
                        TaskView.print(updates.next(), out());
                        out().flush();
                    }
                    return 0;
                }
                Task t = c.stub().getTask(TaskRef.newBuilder().setId(id).build());
                if (asJson) {
                    out().println(json(t));
                } else {
                    TaskView.print(t, out());
                }
            }
            return 0;
        }
    }

    @Command(name = "precheck", description = "Run the prechecks; the task may start when nothing FAILED.")
    static class Precheck extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--json", description = "print results as JSON lines")
        boolean asJson;
        @Option(names = "--ignore", paramLabel = "CHECK_ID", description = "accept this WARNING of the last precheck (repeatable); FAILED checks cannot be ignored")
        List<String> ignore = List.of();

        @Override
        public Integer call() {
            boolean failed = false;
            try (ControlClient c = client()) {
                if (!ignore.isEmpty()) {
                    Task t = null;
                    for (String check : ignore) {
                        t = c.stub().ignorePrecheckItem(dev.sluice.v1.IgnorePrecheckRequest.newBuilder().setTaskId(id).setCheckId(check).build());
                        out().println("ignored " + check);
                    }
                    out().println("task " + id + " is " + t.getState());
                    return 0;
                }
                Iterator<CheckResult> it = c.stub().runPrecheck(TaskRef.newBuilder().setId(id).build());
                while (it.hasNext()) {
                    CheckResult r = it.next();
                    failed |= r.getStatus() == dev.sluice.v1.CheckStatus.FAILED;
                    if (asJson) {
                        out().println(json(r).replace("\n", ""));
                    } else {
                        out().printf("%-8s %-34s %s%n", r.getIgnored() ? "IGNORED" : r.getStatus().name(), r.getId(), r.getDetails());
                        if (!r.getFix().isEmpty() && r.getStatus() != dev.sluice.v1.CheckStatus.PASSED) {
                            out().printf("%-8s %-34s fix: %s%n", "", "", r.getFix());
                        }
                    }
                    out().flush();
                }
                Task t = c.stub().getTask(TaskRef.newBuilder().setId(id).build());
                if (!asJson) {
                    out().println("task " + id + " is " + t.getState()
                            + (t.getState().equals("PRECHECK_FAILED") && !failed ? " (accept the WARNINGs with: sluice task precheck " + id + " --ignore CHECK_ID)" : ""));
                }
            }
            return failed ? SluiceCli.EXIT_FAILED : 0;
        }
    }

    abstract static class Transition extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        abstract Task call(ControlClient c, TaskRef ref);

        @Override
        public Integer call() {
            try (ControlClient c = client()) {
                Task t = call(c, TaskRef.newBuilder().setId(id).build());
                out().println("task " + t.getId() + " is " + t.getState());
            }
            return 0;
        }
    }

    @Command(name = "start", description = "Start a task whose precheck passed.")
    static class Start extends Transition {
        Task call(ControlClient c, TaskRef ref) {
            return c.stub().startTask(ref);
        }
    }

    @Command(name = "pause", description = "Pause a running task (nothing more is written).")
    static class Pause extends Transition {
        Task call(ControlClient c, TaskRef ref) {
            return c.stub().pauseTask(ref);
        }
    }

    @Command(name = "resume", description = "Resume a paused task from its checkpoint.")
    static class Resume extends Transition {
        Task call(ControlClient c, TaskRef ref) {
            return c.stub().resumeTask(ref);
        }
    }

    @Command(name = "stop", description = "Stop a task.")
    static class Stop extends Transition {
        Task call(ControlClient c, TaskRef ref) {
            return c.stub().stopTask(ref);
        }
    }

    @Command(name = "delete", description = "Stop and delete a task (the destination data stays).")
    static class Delete extends Transition {
        Task call(ControlClient c, TaskRef ref) {
            return c.stub().deleteTask(ref);
        }
    }
}
