-- Folders and scripts of the workspace, open tabs, and settings.
CREATE TABLE trash_batches (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    label TEXT NOT NULL
);

CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES folders(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_batch INTEGER REFERENCES trash_batches(id)
);
CREATE INDEX folders_parent ON folders(parent_id);

CREATE TABLE scripts (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER REFERENCES folders(id),
    name TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_batch INTEGER REFERENCES trash_batches(id)
);
CREATE INDEX scripts_folder ON scripts(folder_id);

CREATE TABLE tabs (
    script_id INTEGER PRIMARY KEY REFERENCES scripts(id),
    position INTEGER NOT NULL,
    anchor INTEGER NOT NULL DEFAULT 0,
    head INTEGER NOT NULL DEFAULT 0,
    scroll_top REAL NOT NULL DEFAULT 0
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
