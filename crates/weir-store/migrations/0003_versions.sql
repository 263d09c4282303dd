-- Saved versions of a script (Ctrl/Cmd+S). A tab is "dirty" while its text differs from the
-- newest saved version.
CREATE TABLE script_versions (
    id INTEGER PRIMARY KEY,
    script_id INTEGER NOT NULL REFERENCES scripts(id),
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX script_versions_script ON script_versions(script_id, id);
