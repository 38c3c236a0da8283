package dev.sluice.control.task;

import java.util.EnumSet;
import java.util.Set;

/** A task's lifecycle; {@link #canGo} refuses transitions that make no sense. */
public enum TaskState {
    CREATED, PRECHECKING, PRECHECK_FAILED, READY, RUNNING, PAUSED, RETRYING, FAILED, STOPPED, COMPLETED;

    /** States in which apply-service should be running the task. */
    public static final Set<TaskState> ACTIVE = EnumSet.of(RUNNING, RETRYING);

    public boolean canGo(TaskState next) {
        switch (next) {
            case PRECHECKING:
                return EnumSet.of(CREATED, PRECHECK_FAILED, READY, STOPPED, FAILED).contains(this);
            case RUNNING:
                return EnumSet.of(READY, PAUSED, RETRYING, STOPPED, FAILED).contains(this);
            case PAUSED:
                return ACTIVE.contains(this);
            case STOPPED:
                return EnumSet.of(RUNNING, RETRYING, PAUSED, FAILED, READY).contains(this);
            default:
                return true;
        }
    }
}
