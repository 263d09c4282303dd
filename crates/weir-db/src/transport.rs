//! How an open connection's bytes travel (plain, TLS, a local file), as the drivers report it.

/// How the bytes of a connection travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    /// Unencrypted TCP.
    Plain,
    /// TLS; `verified` when the certificate was checked.
    Tls {
        /// The certificate was checked against trusted CAs.
        verified: bool,
    },
    /// A local file (SQLite): nothing on the network.
    File,
}

/// Whether the driver failed because the server offers no TLS at all.
pub(crate) fn no_tls_offered(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Tls(t) if t.to_string().contains("does not support TLS"))
}
