-- Database connection profiles (MySQL, PostgreSQL, SQLite): one JSON document per name. A profile
-- names the keychain key of its password; the password itself is never stored here.
CREATE TABLE db_profiles (
    name TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
