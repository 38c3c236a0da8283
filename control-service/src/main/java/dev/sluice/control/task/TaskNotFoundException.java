package dev.sluice.control.task;

public class TaskNotFoundException extends RuntimeException {
    public TaskNotFoundException(String id) {
        super("no task with id " + id + " (sluice task list shows the ids)");
    }
}
