//! sqlx's errors as [`DbError`]s that name the profile and say what to do: wrong password,
//! missing database, refused certificate, refused connection, a connection lost mid-stream.
//! Below the client and the drivers, which all map their errors here.

use crate::error::DbError;
use crate::profile::{DbProfile, TlsMode};

/// A driver error as a [`DbError`] naming the profile, with a hint.
pub(crate) fn map_sqlx(profile: &DbProfile, e: sqlx::Error) -> DbError {
    let name = profile.name.clone();
    let address = profile.address();
    match e {
        sqlx::Error::Database(db) => {
            let code = db_code(db.as_ref());
            let message = db.message().to_string();
            match code.as_deref() {
                // MySQL access denied; PostgreSQL invalid_password / invalid_authorization.
                Some("1045" | "28P01" | "28000") => DbError::Auth {
                    profile: name,
                    address,
                    user: profile.user.clone(),
                    password_key: profile.password_key.clone(),
                    detail: message,
                },
                Some("1049" | "1044" | "3D000") => DbError::Profile {
                    profile: name,
                    message: format!(
                        "the database '{}' does not exist on {address} ({message}); check the profile's database",
                        profile.database
                    ),
                },
                _ => DbError::Server {
                    profile: name,
                    code,
                    message,
                },
            }
        }
        // rustls reports a refused certificate as an I/O error of the handshake.
        sqlx::Error::Io(io) if io.to_string().to_ascii_lowercase().contains("certificate") => {
            DbError::Tls {
                profile: name,
                address,
                detail: refused_certificate(profile, io.to_string()),
            }
        }
        sqlx::Error::Io(io) => {
            let detail = match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    "connection refused: nothing listens there; check the host and port, and that the server runs".to_string()
                }
                std::io::ErrorKind::TimedOut => {
                    "no answer (timed out); check the host, port and firewall".to_string()
                }
                _ if io.to_string().contains("lookup") => format!(
                    "the host name '{}' cannot be resolved ({io})",
                    profile.host
                ),
                _ => io.to_string(),
            };
            DbError::Connect {
                profile: name,
                address,
                detail,
            }
        }
        sqlx::Error::Tls(t) => {
            let text = t.to_string();
            let detail = if text.to_ascii_lowercase().contains("not support") {
                format!(
                    "the server does not offer TLS, but the connection's TLS mode is '{}'; enable TLS on the server, or set the mode to verify-if-offered or disable",
                    profile.tls.mode.name()
                )
            } else {
                refused_certificate(profile, text)
            };
            DbError::Tls {
                profile: name,
                address,
                detail,
            }
        }
        sqlx::Error::PoolTimedOut => DbError::Timeout {
            profile: name,
            what: format!("connecting ({address})"),
            secs: profile.timeout().as_secs(),
            hint: "check the host, port and firewall, or raise the connection's timeout",
        },
        sqlx::Error::Configuration(c) => DbError::Profile {
            profile: name,
            message: c.to_string(),
        },
        other => DbError::Other {
            profile: name,
            message: other.to_string(),
        },
    }
}

/// A handshake's failure `text` as a person reads it: when the profile's mode checks
/// certificates, why the certificate did not verify and what would accept it.
fn refused_certificate(profile: &DbProfile, text: String) -> String {
    if matches!(
        profile.tls.mode,
        TlsMode::VerifyIfOffered | TlsMode::VerifyCa | TlsMode::VerifyFull
    ) {
        let lower = text.to_ascii_lowercase();
        certificate_hint(profile, &text, &lower)
    } else {
        text
    }
}

/// Why a certificate did not verify, and which TLS mode (or CA file) would accept it.
fn certificate_hint(profile: &DbProfile, text: &str, lower: &str) -> String {
    let offered = if profile.tls.mode == TlsMode::VerifyIfOffered {
        "the server offers TLS, and Weir checks the certificate of every server that offers it, but "
    } else {
        ""
    };
    if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        // Not "use verify-ca": sqlx 0.8.6 skips the name check only for rustls' old
        // `NotValidForName`, and rustls 0.23.46 reports `NotValidForNameContext`, so its
        // verify-ca refuses such a certificate too.
        format!(
            "{offered}its certificate does not name the host '{}' ({text}); connect by a name the certificate holds, or set the TLS mode to require (encrypted, the certificate is not checked)",
            profile.host
        )
    } else if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        format!(
            "{offered}its certificate is signed by a CA this machine does not trust ({text}); give the CA's PEM file as the connection's CA file, or set the TLS mode to require (encrypted, the certificate is not checked)"
        )
    } else {
        format!(
            "{offered}its certificate does not verify ({text}); check the CA file and that the certificate names the host, or set the TLS mode to require (encrypted, the certificate is not checked)"
        )
    }
}

/// The server's error code: MySQL's error number (`1045`), else the SQLSTATE (`28P01`).
fn db_code(db: &dyn sqlx::error::DatabaseError) -> Option<String> {
    if let Some(m) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        return Some(m.number().to_string());
    }
    db.code().map(|c| c.into_owned())
}

/// A failure while rows were streaming: a broken connection keeps the rows and says so.
pub(crate) fn map_stream_error(profile: &DbProfile, e: sqlx::Error, rows: u64) -> DbError {
    match e {
        sqlx::Error::Io(io) => DbError::Lost {
            profile: profile.name.clone(),
            rows,
            detail: io.to_string(),
        },
        sqlx::Error::Protocol(p) => DbError::Lost {
            profile: profile.name.clone(),
            rows,
            detail: p,
        },
        sqlx::Error::Database(db)
            if matches!(
                db_code(db.as_ref()).as_deref(),
                Some("57P01" | "57P02" | "57P03" | "1053" | "2013" | "2006" | "1927")
            ) =>
        {
            DbError::Lost {
                profile: profile.name.clone(),
                rows,
                detail: db.message().to_string(),
            }
        }
        other => map_sqlx(profile, other),
    }
}
