//! Passwords and tokens: kept in the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows) under a key a profile names, or — only when a person chooses
//! it — in memory for this session. Never in a file, a log or a message.
//!
//! `${secret:name}` placeholders in scripts are resolved here, in memory, at run time
//! ([`resolve`]); the text with the values in it is the caller's to use and drop.

use std::collections::HashMap;
use std::sync::Mutex;

use weir_sql::span::Position;
use weir_sql::vars::{find_vars, substitute, Substituted, Values, VarError};

/// Service name under which Weir's secrets are stored in the keychain.
pub const SERVICE: &str = "weir";

/// Why a secret could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keychain to talk to (no Secret Service on the session bus, or it is locked).
    #[error(
        "the OS keychain is not available ({detail}). On Linux a Secret Service (GNOME Keyring, \
         KWallet) must run and be unlocked. Start or unlock it, or enter the password for this \
         session only (it is then kept in memory and forgotten when Weir exits)"
    )]
    Unavailable {
        /// The platform's words.
        detail: String,
    },
    /// The keychain has no secret under this key.
    #[error(
        "the keychain has no secret named '{key}'; store it with `weir db add … \
         --password-from-stdin` (or the connection dialog), or enter it for this session only"
    )]
    NotFound {
        /// The key asked for.
        key: String,
    },
    /// The key cannot be used, or the stored value is not text.
    #[error("the secret '{key}' cannot be used: {detail}")]
    Invalid {
        /// The key.
        key: String,
        /// Why.
        detail: String,
    },
}

/// Somewhere secrets are kept.
pub trait SecretStore: Send + Sync {
    /// The secret under `key`.
    fn get(&self, key: &str) -> Result<String, SecretError>;
    /// Stores `value` under `key` (replacing what was there).
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError>;
    /// Removes the secret under `key`.
    fn delete(&self, key: &str) -> Result<(), SecretError>;
}

/// The OS keychain.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Keychain::new()
    }
}

impl Keychain {
    /// The keychain under Weir's service name.
    pub fn new() -> Keychain {
        Keychain::with_service(SERVICE)
    }

    /// The keychain under another service name (tests keep theirs apart).
    pub fn with_service(service: &str) -> Keychain {
        Keychain {
            service: service.to_string(),
        }
    }

    /// Runs a keyring call on its own thread, waiting at most [`KEYCHAIN_TIMEOUT`]: the Linux
    /// backend blocks on a private runtime (which must not happen on a thread that drives
    /// one), and a locked keychain may wait for an unlock prompt nobody answers.
    fn call(&self, key: &str, op: Op) -> Result<Option<String>, SecretError> {
        if key.trim().is_empty() {
            return Err(SecretError::Invalid {
                key: key.into(),
                detail: "the key is empty".into(),
            });
        }
        let (service, owned_key) = (self.service.clone(), key.to_string());
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("weir-keychain".into())
            .spawn(move || {
                let r = keyring::Entry::new(&service, &owned_key).and_then(|e| match op {
                    Op::Get => e.get_password().map(Some),
                    Op::Set(v) => e.set_password(&v).map(|_| None),
                    Op::Delete => e.delete_credential().map(|_| None),
                });
                let _ = tx.send(r);
            });
        if let Err(e) = spawned {
            return Err(SecretError::Unavailable {
                detail: format!("cannot start the keychain call: {e}"),
            });
        }
        match rx.recv_timeout(KEYCHAIN_TIMEOUT) {
            Ok(r) => r.map_err(|e| map_err(key, e)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(SecretError::Unavailable {
                detail: format!(
                    "no answer within {} s; the keychain may be locked and waiting for an unlock prompt",
                    KEYCHAIN_TIMEOUT.as_secs()
                ),
            }),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                Err(SecretError::Unavailable {
                    detail: "the keychain call failed".into(),
                })
            }
        }
    }
}

/// Longest wait for one keychain call.
pub const KEYCHAIN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// One keychain operation.
enum Op {
    Get,
    Set(String),
    Delete,
}

fn map_err(key: &str, e: keyring::Error) -> SecretError {
    match e {
        keyring::Error::NoEntry => SecretError::NotFound { key: key.into() },
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            SecretError::Unavailable {
                detail: e.to_string(),
            }
        }
        keyring::Error::BadEncoding(_) => SecretError::Invalid {
            key: key.into(),
            detail: "the stored value is not UTF-8 text".into(),
        },
        keyring::Error::Ambiguous(v) => SecretError::Invalid {
            key: key.into(),
            detail: format!("{} entries match; remove the extra ones", v.len()),
        },
        other => SecretError::Invalid {
            key: key.into(),
            detail: other.to_string(),
        },
    }
}

impl SecretStore for Keychain {
    fn get(&self, key: &str) -> Result<String, SecretError> {
        self.call(key, Op::Get).map(Option::unwrap_or_default)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.call(key, Op::Set(value.to_string())).map(|_| ())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.call(key, Op::Delete).map(|_| ())
    }
}

/// Secrets a person entered for this session only: in memory, never written anywhere, gone when
/// the process ends. Used only when chosen explicitly (never as an automatic fallback).
#[derive(Default)]
pub struct SessionSecrets {
    map: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for SessionSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<String> = self
            .map
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        f.debug_struct("SessionSecrets")
            .field("keys", &keys)
            .finish()
    }
}

impl SessionSecrets {
    /// Whether a value for `key` was entered this session.
    pub fn contains(&self, key: &str) -> bool {
        self.map
            .lock()
            .map(|m| m.contains_key(key))
            .unwrap_or(false)
    }
}

impl SecretStore for SessionSecrets {
    fn get(&self, key: &str) -> Result<String, SecretError> {
        self.map
            .lock()
            .ok()
            .and_then(|m| m.get(key).cloned())
            .ok_or_else(|| SecretError::NotFound { key: key.into() })
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        if let Ok(mut m) = self.map.lock() {
            m.insert(key.to_string(), value.to_string());
        }
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        match self.map.lock().ok().and_then(|mut m| m.remove(key)) {
            Some(_) => Ok(()),
            None => Err(SecretError::NotFound { key: key.into() }),
        }
    }
}

/// The keychain plus the secrets entered for this session: a session value (entered on
/// purpose) wins; everything else comes from the keychain. Writes go to the keychain.
#[derive(Debug, Default)]
pub struct Secrets {
    /// The OS keychain.
    pub keychain: Keychain,
    /// Values entered for this session only.
    pub session: SessionSecrets,
}

impl Secrets {
    /// Secrets from Weir's keychain service.
    pub fn new() -> Secrets {
        Secrets::default()
    }

    /// Keeps `value` for this session only (the person chose not to, or could not, use the
    /// keychain).
    pub fn set_for_session(&self, key: &str, value: &str) {
        let _ = self.session.set(key, value);
    }
}

impl SecretStore for Secrets {
    fn get(&self, key: &str) -> Result<String, SecretError> {
        if self.session.contains(key) {
            return self.session.get(key);
        }
        self.keychain.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.keychain.set(key, value)
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        let session = self.session.delete(key).is_ok();
        match self.keychain.delete(key) {
            Err(SecretError::NotFound { .. }) if session => Ok(()),
            other => other,
        }
    }
}

/// Why a script's `${secret:…}` placeholders could not all be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|(p, e)| format!("{p}: {e}")).collect::<Vec<_>>().join("; "))]
pub struct ResolveError(pub Vec<(Position, SecretError)>);

/// Fills `values.secrets` with every `${secret:name}` of `text` from `store` (each key read
/// once); errors carry the placeholder's position, never a value.
pub fn resolve(
    text: &str,
    store: &dyn SecretStore,
    values: &mut Values,
) -> Result<(), ResolveError> {
    let mut errors = Vec::new();
    for var in find_vars(text, Position::START) {
        if !var.secret || var.name.is_empty() || values.secrets.contains_key(&var.name) {
            continue;
        }
        match store.get(&var.name) {
            Ok(v) => {
                values.secrets.insert(var.name, v);
            }
            Err(e) => errors.push((var.span.start, e)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ResolveError(errors))
    }
}

/// `text` with `${name}` from `vars` and `${secret:name}` from `store`, in memory.
pub fn substitute_with_secrets(
    text: &str,
    vars: &Values,
    store: &dyn SecretStore,
) -> Result<Substituted, SubstituteError> {
    let mut values = vars.clone();
    resolve(text, store, &mut values).map_err(SubstituteError::Secrets)?;
    substitute(text, Position::START, &values).map_err(SubstituteError::Variables)
}

/// Why placeholders could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubstituteError {
    /// A secret could not be read.
    #[error("{0}")]
    Secrets(ResolveError),
    /// A placeholder has no value.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Variables(Vec<VarError>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_secrets_resolve_placeholders_in_memory() {
        let s = SessionSecrets::default();
        s.set("pg", "p'w").unwrap();
        let sub = substitute_with_secrets(
            "CREATE TABLE t (a INT) WITH ('password' = '${secret:pg}', 'x' = '${v}')",
            &{
                let mut v = Values::default();
                v.vars.insert("v".into(), "1".into());
                v
            },
            &s,
        )
        .unwrap();
        assert!(sub.text.contains("'password' = 'p''w'"));
        assert!(sub.has_secrets);
        assert!(!format!("{s:?}").contains("p'w"));
        let e =
            substitute_with_secrets("SELECT '${secret:nope}'", &Values::default(), &s).unwrap_err();
        assert!(
            e.to_string()
                .contains("1:9: the keychain has no secret named 'nope'"),
            "{e}"
        );
        s.delete("pg").unwrap();
        assert!(matches!(s.get("pg"), Err(SecretError::NotFound { .. })));
    }

    #[test]
    fn a_session_value_wins_only_when_entered() {
        let all = Secrets {
            keychain: Keychain::with_service("weir-test-never-stored"),
            session: SessionSecrets::default(),
        };
        all.set_for_session("k", "v");
        assert_eq!(all.get("k").unwrap(), "v");
        assert!(matches!(
            all.keychain.get(""),
            Err(SecretError::Invalid { .. })
        ));
    }

    #[test]
    fn unavailable_says_so_plainly() {
        let e = SecretError::Unavailable {
            detail: "no bus".into(),
        };
        let m = e.to_string();
        assert!(m.contains("keychain is not available") && m.contains("for this session only"));
    }
}
