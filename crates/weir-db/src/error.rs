//! What can go wrong talking to a database, phrased for the person who has to act on it: what
//! failed, on which connection, and what to do next. Passwords never appear in these messages.

use crate::secrets::SecretError;

/// A database operation's failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The profile itself is not usable (a missing host, a bad TLS setting…).
    #[error("connection '{profile}': {message}")]
    Profile {
        /// The profile's name.
        profile: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The server refused the user or password.
    #[error("connection '{profile}': the server at {address} refused user '{user}' ({detail}); check the user name and the password{}", key_hint(.password_key))]
    Auth {
        /// The profile's name.
        profile: String,
        /// host:port (or file).
        address: String,
        /// The user that was refused.
        user: String,
        /// The keychain key the password came from.
        password_key: Option<String>,
        /// The server's words.
        detail: String,
    },
    /// Nothing answered, or the connection could not be made.
    #[error("connection '{profile}': cannot connect to {address}: {detail}")]
    Connect {
        /// The profile's name.
        profile: String,
        /// host:port.
        address: String,
        /// Why, and what to check.
        detail: String,
    },
    /// TLS could not be set up as the profile asks.
    #[error("connection '{profile}': TLS with {address} failed: {detail}")]
    Tls {
        /// The profile's name.
        profile: String,
        /// host:port.
        address: String,
        /// Why, and what to change.
        detail: String,
    },
    /// An operation took longer than its limit.
    #[error("connection '{profile}': {what} did not finish within {secs} s; {hint}")]
    Timeout {
        /// The profile's name.
        profile: String,
        /// What was being done.
        what: String,
        /// The limit.
        secs: u64,
        /// What to check.
        hint: &'static str,
    },
    /// The server rejected a statement.
    #[error("connection '{profile}': the server rejected the statement{}: {message}", code.as_ref().map(|c| format!(" (error {c})")).unwrap_or_default())]
    Server {
        /// The profile's name.
        profile: String,
        /// The server's error code (MySQL number or SQLSTATE).
        code: Option<String>,
        /// The server's message.
        message: String,
    },
    /// The connection broke while rows were arriving.
    #[error("connection '{profile}': the connection to the server was lost after {rows} rows ({detail}); the rows received so far are kept")]
    Lost {
        /// The profile's name.
        profile: String,
        /// Rows received before.
        rows: u64,
        /// The driver's words.
        detail: String,
    },
    /// The operation was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// A table or schema does not exist.
    #[error("connection '{profile}': {what} {name} does not exist")]
    NotFound {
        /// The profile's name.
        profile: String,
        /// `table`, `schema`.
        what: &'static str,
        /// Its name.
        name: String,
    },
    /// A secret could not be read. (The cause is part of the message, which is what the
    /// window shows; it is not also a `source()`, so `{:#}` does not print it twice.)
    #[error("connection '{profile}': {cause}")]
    Secret {
        /// The profile's name.
        profile: String,
        /// Why.
        cause: SecretError,
    },
    /// SQLite failed.
    #[error("connection '{profile}': SQLite database {path}: {message}")]
    Sqlite {
        /// The profile's name.
        profile: String,
        /// The database file.
        path: String,
        /// SQLite's words.
        message: String,
    },
    /// Anything else the driver reported.
    #[error("connection '{profile}': {message}")]
    Other {
        /// The profile's name.
        profile: String,
        /// The driver's words.
        message: String,
    },
}

fn key_hint(key: &Option<String>) -> String {
    match key {
        Some(k) => format!(" stored in the keychain under '{k}'"),
        None => " (the profile has no password key)".into(),
    }
}

impl DbError {
    /// True when the failure is the server saying no to the credentials.
    pub fn is_auth(&self) -> bool {
        matches!(self, DbError::Auth { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14 (8): `{:#}` printed a secret's error twice ("connection 'p': X: X").
    #[test]
    fn a_secret_error_is_said_once() {
        let e = DbError::Secret {
            profile: "shop".into(),
            cause: SecretError::NotFound { key: "db/x".into() },
        };
        assert!(std::error::Error::source(&e).is_none());
        let text = e.to_string();
        assert_eq!(text.matches("no secret named 'db/x'").count(), 1, "{text}");
        assert!(text.starts_with("connection 'shop': "), "{text}");
    }
}
