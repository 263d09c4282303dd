//! Database profiles kept in the workspace (the `db_profiles` table of `weir-store`): the
//! profile's JSON, which holds the keychain key of the password and never the password.

use weir_store::{Store, StoreError};

use crate::profile::DbProfile;

/// The saved database profiles of a workspace, by name (unreadable entries are skipped with a
/// warning).
pub fn stored_in(store: &Store) -> Result<Vec<DbProfile>, StoreError> {
    Ok(store
        .db_profiles()?
        .into_iter()
        .filter_map(|(name, v)| match serde_json::from_value::<DbProfile>(v) {
            Ok(p) => Some(p),
            Err(e) => {
                tracing::warn!(
                    "the saved database connection '{name}' is unreadable ({e}); skipped"
                );
                None
            }
        })
        .collect())
}

/// One saved profile.
pub fn find(store: &Store, name: &str) -> Result<Option<DbProfile>, StoreError> {
    Ok(store
        .db_profile(name)?
        .and_then(|v| serde_json::from_value(v).ok()))
}

/// Saves (adds or replaces) a profile under its name.
pub fn save(store: &Store, profile: &DbProfile) -> Result<(), StoreError> {
    profile.validate().map_err(StoreError::Invalid)?;
    let json = serde_json::to_value(profile)
        .map_err(|e| StoreError::Invalid(format!("cannot store the profile: {e}")))?;
    store.put_db_profile(&profile.name, &json)
}

/// Removes a profile; false when there was none.
pub fn remove(store: &Store, name: &str) -> Result<bool, StoreError> {
    store.delete_db_profile(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use weir_store::Access;

    #[test]
    fn profiles_are_kept_without_passwords() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        let url = crate::JdbcUrl::parse(
            "jdbc:mysql://h:3307/shop?user=ana&password=Sup3rS3cret&useSSL=true",
        )
        .unwrap();
        let mut p = url.profile.clone();
        p.name = "shop".into();
        p.password_key = Some("db/shop".into());
        save(&store, &p).unwrap();
        assert_eq!(find(&store, "shop").unwrap(), Some(p.clone()));
        assert_eq!(stored_in(&store).unwrap(), vec![p]);
        drop(store);
        let bytes = std::fs::read(dir.path().join(weir_store::DB_FILE)).unwrap();
        let wal = std::fs::read(dir.path().join(format!("{}-wal", weir_store::DB_FILE)))
            .unwrap_or_default();
        for b in [&bytes, &wal] {
            assert!(!b.windows(11).any(|w| w == b"Sup3rS3cret"));
        }
        let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        assert!(remove(&store, "shop").unwrap());
        assert!(stored_in(&store).unwrap().is_empty());
    }
}
