DROP INDEX jobs_pending;
CREATE INDEX jobs_pending ON jobs (queue, priority, run_at)
    WHERE state IN ('available', 'scheduled', 'retryable');
