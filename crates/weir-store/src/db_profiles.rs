//! Database connection profiles (for `weir-db`): one JSON document per unique name. The store
//! does not read the documents; a profile holds a keychain key, never a password.

use crate::{no_rows_none, now_ms, Result, Store};
use rusqlite::params;

impl Store {
    /// Every saved database profile as (name, JSON document), by name.
    pub fn db_profiles(&self) -> Result<Vec<(String, serde_json::Value)>> {
        let mut st = self
            .conn
            .prepare("SELECT name, profile FROM db_profiles ORDER BY name")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(n, json)| serde_json::from_str(&json).ok().map(|v| (n, v)))
            .collect())
    }

    /// One saved database profile's JSON document.
    pub fn db_profile(&self, name: &str) -> Result<Option<serde_json::Value>> {
        let raw: Option<String> = self
            .conn
            .query_row(
                "SELECT profile FROM db_profiles WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(no_rows_none)?;
        Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Saves (adds or replaces) a database profile under `name`.
    pub fn put_db_profile(&self, name: &str, profile: &serde_json::Value) -> Result<()> {
        self.conn.execute(
            "INSERT INTO db_profiles(name, profile, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at",
            params![name, profile.to_string(), now_ms()],
        )?;
        Ok(())
    }

    /// Removes a database profile; false when there was none.
    pub fn delete_db_profile(&self, name: &str) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM db_profiles WHERE name = ?1", [name])?
            > 0)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Access, Store};
    use serde_json::json;

    #[test]
    fn db_profiles_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        assert!(store.db_profiles().unwrap().is_empty());
        let a = json!({"name": "a", "kind": "mysql", "passwordKey": "k"});
        store.put_db_profile("a", &a).unwrap();
        store
            .put_db_profile("b", &json!({"name": "b", "kind": "sqlite"}))
            .unwrap();
        assert_eq!(store.db_profile("a").unwrap(), Some(a));
        let changed = json!({"name": "a", "kind": "postgres"});
        store.put_db_profile("a", &changed).unwrap();
        let all = store.db_profiles().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], ("a".to_string(), changed));
        assert!(store.delete_db_profile("a").unwrap());
        assert!(!store.delete_db_profile("a").unwrap());
        assert_eq!(store.db_profile("a").unwrap(), None);
        drop(store);
        let ro = Store::open(dir.path(), Access::ReadOnly).unwrap();
        assert_eq!(ro.db_profiles().unwrap().len(), 1);
    }
}
