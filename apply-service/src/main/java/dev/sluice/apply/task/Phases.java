package dev.sluice.apply.task;

/** Phase names as stored in the checkpoint and reported in status. */
final class Phases {
    static final String SCHEMA = "SCHEMA";
    static final String FULL = "FULL";
    static final String INCREMENTAL = "INCREMENTAL";
    static final String DONE = "DONE";

    private Phases() {
    }
}
