package dev.sluice.control.task;

public class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String id, TaskState from, TaskState to) {
        super("task " + id + " is " + from + " and cannot go to " + to + hint(from, to));
    }

    public IllegalTransitionException(String id, TaskState from, String what) {
        super("task " + id + " is " + from + " and cannot " + what);
    }

    private static String hint(TaskState from, TaskState to) {
        if (to == TaskState.RUNNING && (from == TaskState.CREATED || from == TaskState.PRECHECK_FAILED)) {
            return ": run the precheck first and fix what FAILED (sluice task precheck ID)";
        }
        return "";
    }
}
