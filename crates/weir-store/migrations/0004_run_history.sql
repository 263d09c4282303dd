-- Run history: one row per statement run, per script (searchable by statement text, connection
-- and error).
CREATE TABLE run_history (
    id INTEGER PRIMARY KEY,
    script_id INTEGER NOT NULL REFERENCES scripts(id),
    statement TEXT NOT NULL,
    connection TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    row_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    job_id TEXT,
    error TEXT
);
CREATE INDEX run_history_script ON run_history(script_id, id);
