-- Schedules (recipe 45): a cron expression in a time zone that enqueues a job at each fire
-- time. `fired_until` is the last fire time handled (enqueued, or skipped by the missed-tick
-- policy); a tick moves it forward with a compare-and-set in the transaction that enqueues,
-- so each fire time is enqueued once however many nodes tick. Times are unix milliseconds.
CREATE TABLE schedules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    cron        TEXT    NOT NULL,
    timezone    TEXT    NOT NULL,
    -- What each fire enqueues: a job kind, its queue and its arguments (JSON).
    kind        TEXT    NOT NULL,
    queue       TEXT    NOT NULL,
    args        TEXT    NOT NULL,
    -- What to do with fire times missed while no node ran: 'run_once' or 'skip'.
    missed      TEXT    NOT NULL CHECK (missed IN ('run_once', 'skip')),
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    -- Made by the node itself (a built-in): it may be paused or edited, not removed.
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    fired_until BIGINT  NOT NULL,
    inserted_at BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE UNIQUE INDEX schedules_name ON schedules (name);
