CREATE TABLE verify_report (
    id          bigserial    PRIMARY KEY,
    task_id     varchar(64)  NOT NULL,
    finished_at timestamptz  NOT NULL,
    equal       boolean      NOT NULL,
    report_json text         NOT NULL
);
CREATE INDEX verify_report_task_idx ON verify_report (task_id, finished_at DESC);
