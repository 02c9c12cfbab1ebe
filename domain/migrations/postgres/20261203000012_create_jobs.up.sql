-- The durable job queue (recipe 38; domain::jobs). A job is inserted in the transaction of the
-- write that caused it, claimed by one node at a time under a lease that node renews, and kept
-- after it finishes until it is pruned. Times are unix milliseconds, compared in SQL.
CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue        TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    args         TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('available', 'scheduled', 'running',
                         'retryable', 'completed', 'discarded', 'cancelled')),
    priority     INTEGER NOT NULL DEFAULT 0,
    attempt      INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
    -- Pending or running, at most one job holds a key (a unique job).
    unique_key   TEXT,
    inserted_at  BIGINT  NOT NULL,
    run_at       BIGINT  NOT NULL,
    attempted_at BIGINT,
    attempted_by TEXT,
    lease_until  BIGINT,
    finished_at  BIGINT
);

-- What a claim reads: a queue's pending jobs by priority, then due time.
CREATE INDEX jobs_pending ON jobs (queue, priority, run_at)
    WHERE state IN ('available', 'scheduled', 'retryable');
-- What the rescuer reads: running jobs whose lease ran out.
CREATE INDEX jobs_running ON jobs (lease_until) WHERE state = 'running';
-- What pruning reads.
CREATE INDEX jobs_finished ON jobs (finished_at)
    WHERE state IN ('completed', 'discarded', 'cancelled');
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key)
    WHERE state IN ('available', 'scheduled', 'running', 'retryable');

-- Each failed attempt's error, with when it happened (shown on the job's page).
CREATE TABLE job_errors (
    job_id  BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at      BIGINT  NOT NULL,
    error   TEXT    NOT NULL,
    PRIMARY KEY (job_id, attempt)
);
