-- Full-text search over script names and text. The trigram tokenizer answers substring queries
-- (what "find in files" means to a user), case-insensitively.
CREATE VIRTUAL TABLE scripts_fts USING fts5(
    name, text,
    content = 'scripts', content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER scripts_fts_insert AFTER INSERT ON scripts BEGIN
    INSERT INTO scripts_fts(rowid, name, text) VALUES (new.id, new.name, new.text);
END;
CREATE TRIGGER scripts_fts_delete AFTER DELETE ON scripts BEGIN
    INSERT INTO scripts_fts(scripts_fts, rowid, name, text) VALUES ('delete', old.id, old.name, old.text);
END;
CREATE TRIGGER scripts_fts_update AFTER UPDATE OF name, text ON scripts BEGIN
    INSERT INTO scripts_fts(scripts_fts, rowid, name, text) VALUES ('delete', old.id, old.name, old.text);
    INSERT INTO scripts_fts(rowid, name, text) VALUES (new.id, new.name, new.text);
END;

INSERT INTO scripts_fts(scripts_fts) VALUES ('rebuild');
