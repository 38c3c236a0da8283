CREATE TABLE task (
    id                 varchar(64)  PRIMARY KEY,
    name               text         NOT NULL,
    environment        text         NOT NULL DEFAULT '',
    state              varchar(32)  NOT NULL,
    -- the TaskSpec as proto JSON, passwords removed
    spec_json          text         NOT NULL,
    -- passwords, encrypted with sluice.secrets.key (AES-GCM)
    source_secret      text,
    destination_secret text,
    status_json        text,
    precheck_json      text,
    last_error         text,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX task_state_idx ON task (state);
