-- Scale-out (README "Scaling"): which capture and apply replica runs each task, under which epoch.
-- The epoch only grows (also across pause/resume), because the destination fences writes by it.
CREATE TABLE task_lease (
    task_id         varchar(64)  PRIMARY KEY,
    epoch           bigint       NOT NULL,
    -- null while the task runs nowhere (paused, stopped): the epoch is kept
    apply_replica   text,
    capture_replica text,
    renewed_at      timestamptz  NOT NULL
);
-- Every assignment, for operators and tests: who ran which epoch, and why it moved.
CREATE TABLE lease_history (
    task_id         varchar(64)  NOT NULL,
    epoch           bigint       NOT NULL,
    apply_replica   text         NOT NULL,
    capture_replica text         NOT NULL,
    assigned_at     timestamptz  NOT NULL,
    reason          text         NOT NULL,
    PRIMARY KEY (task_id, epoch)
);
