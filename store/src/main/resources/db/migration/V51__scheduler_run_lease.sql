-- The run lock as a lease that survives a restart of PostgreSQL (a session's advisory lock does
-- not: it vanishes silently with the session, and another runner could then start a batch job while
-- the first still runs). One row; whoever holds an unexpired lease may start attempts, and renews it
-- while its job runs. A holder that cannot renew stops its job at half the lease's time, so the job
-- is gone before anyone else can take the lease over. Every take-over raises the fencing token, and
-- an attempt is only recorded as started while its runner's token is the current one.
CREATE TABLE scheduler_run_lease (
    name         text        PRIMARY KEY CHECK (name = 'run'),
    token        bigint      NOT NULL,   -- fencing token: one more at every take-over
    run_id       uuid        NOT NULL,   -- the run (scheduler_runs.run_id) holding it
    holder       text        NOT NULL,   -- host:pid of the scheduler or CLI holding it
    acquired_at  timestamptz NOT NULL,
    renewed_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL    -- '-infinity' once released
);
