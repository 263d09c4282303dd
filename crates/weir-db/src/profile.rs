//! Database connection profiles: kind, address, user, the keychain key of the password (never the
//! password), TLS; read from a JDBC URL as people paste it, and kept in the workspace.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Which database a profile talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DbKind {
    /// MySQL and the MySQL protocol family (MariaDB, Doris, StarRocks, TiDB).
    Mysql,
    /// PostgreSQL.
    Postgres,
    /// An SQLite file.
    Sqlite,
}

impl DbKind {
    /// The server's default port (0 for SQLite).
    pub fn default_port(self) -> u16 {
        match self {
            DbKind::Mysql => 3306,
            DbKind::Postgres => 5432,
            DbKind::Sqlite => 0,
        }
    }

    /// Lower-case name, as written in profiles and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            DbKind::Mysql => "mysql",
            DbKind::Postgres => "postgres",
            DbKind::Sqlite => "sqlite",
        }
    }
}

/// How TLS is used, in PostgreSQL's words (MySQL's `sslMode` names map onto them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TlsMode {
    /// Plain TCP.
    Disable,
    /// The default: TLS with a certificate that is trusted and names the host whenever the
    /// server offers TLS (a certificate that does not verify fails the connection and says which
    /// mode would accept it); plain TCP, with a warning, when the server offers no TLS.
    #[default]
    VerifyIfOffered,
    /// TLS when the server offers it, else plain; the certificate is not checked (saved profiles
    /// and URLs that ask for it keep it; plain connections are warned about).
    Prefer,
    /// TLS or fail; the certificate is not checked.
    Require,
    /// TLS with a certificate signed by a trusted CA.
    VerifyCa,
    /// TLS with a trusted certificate whose name matches the host.
    VerifyFull,
}

impl TlsMode {
    /// Reads `disable`, `prefer`, `require`, `verify-ca`, `verify-full` and the MySQL/MariaDB
    /// spellings (`DISABLED`, `PREFERRED`, `REQUIRED`, `VERIFY_CA`, `VERIFY_IDENTITY`, `trust`).
    pub fn parse(s: &str) -> Option<TlsMode> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Some(match s.as_str() {
            "disable" | "disabled" | "false" | "off" => TlsMode::Disable,
            "auto" | "verify-if-offered" => TlsMode::VerifyIfOffered,
            "allow" | "prefer" | "preferred" => TlsMode::Prefer,
            "require" | "required" | "trust" | "true" | "on" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" | "verify-identity" => TlsMode::VerifyFull,
            _ => return None,
        })
    }

    /// The canonical spelling.
    pub fn name(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::VerifyIfOffered => "verify-if-offered",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        }
    }
}

/// TLS settings of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TlsOptions {
    /// How TLS is used.
    #[serde(default)]
    pub mode: TlsMode,
    /// A PEM file of CA certificates to trust (private CAs).
    #[serde(default)]
    pub ca_file: Option<String>,
}

/// A saved way to reach a database. The password lives in the OS keychain under `password_key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DbProfile {
    /// Unique name (`weir db query NAME …`).
    pub name: String,
    /// Which database.
    pub kind: DbKind,
    /// Server host (for SQLite: empty).
    #[serde(default)]
    pub host: String,
    /// Server port (0 = the kind's default).
    #[serde(default)]
    pub port: u16,
    /// Database to open (MySQL: the default schema; PostgreSQL: the database; SQLite: the file).
    #[serde(default)]
    pub database: String,
    /// User name.
    #[serde(default)]
    pub user: String,
    /// Keychain key of the password; `None` when the server needs none.
    #[serde(default)]
    pub password_key: Option<String>,
    /// TLS.
    #[serde(default)]
    pub tls: TlsOptions,
    /// Other JDBC URL parameters, kept for the generated Flink `url` (never a password).
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Limit for connecting and for one metadata call, in seconds (default 10).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub timeout_secs: Option<u64>,
}

/// Why a JDBC URL was not understood: what, and at which character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("JDBC URL {url:?}: {message} (at character {at}); expected {expected}")]
pub struct JdbcUrlError {
    /// The URL with any password replaced by `***`.
    pub url: String,
    /// What is wrong.
    pub message: String,
    /// 1-based character position of the problem.
    pub at: usize,
    /// What a good URL looks like.
    pub expected: &'static str,
}

const FORMS: &str = "jdbc:mysql://host:3306/db?…, jdbc:mariadb://host:3306/db, \
                     jdbc:postgresql://host:5432/db?sslmode=…, or jdbc:sqlite:/path/to/file.db";

/// Everything a JDBC URL says, including a password when it holds one (keep that out of profiles).
#[derive(Clone, PartialEq, Eq)]
pub struct JdbcUrl {
    /// The profile the URL describes (named after the database until renamed).
    pub profile: DbProfile,
    /// A password given in the URL (`password=` or `user:password@`).
    pub password: Option<String>,
}

impl std::fmt::Debug for JdbcUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JdbcUrl")
            .field("profile", &self.profile)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

impl DbProfile {
    /// A profile of `kind` for `host` (port: the default).
    pub fn new(name: &str, kind: DbKind, host: &str, database: &str, user: &str) -> DbProfile {
        DbProfile {
            name: name.to_string(),
            kind,
            host: host.to_string(),
            port: kind.default_port(),
            database: database.to_string(),
            user: user.to_string(),
            password_key: None,
            tls: TlsOptions::default(),
            params: BTreeMap::new(),
            timeout_secs: None,
        }
    }

    /// Reads a JDBC URL (`jdbc:mysql:`, `jdbc:mariadb:`, `jdbc:postgresql:`, `jdbc:sqlite:`);
    /// a password in it is dropped (see [`JdbcUrl::parse`] to keep it for the keychain).
    pub fn from_jdbc_url(url: &str) -> Result<DbProfile, JdbcUrlError> {
        JdbcUrl::parse(url).map(|u| u.profile)
    }

    /// The port to connect to.
    pub fn port_or_default(&self) -> u16 {
        if self.port == 0 {
            self.kind.default_port()
        } else {
            self.port
        }
    }

    /// `host:port`, or the file for SQLite (for messages).
    pub fn address(&self) -> String {
        match self.kind {
            DbKind::Sqlite => self.database.clone(),
            _ if self.host.contains(':') => format!("[{}]:{}", self.host, self.port_or_default()),
            _ => format!("{}:{}", self.host, self.port_or_default()),
        }
    }

    /// The limit for connecting and metadata calls.
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout_secs.unwrap_or(10).clamp(1, 3600))
    }

    /// The profile as a JDBC URL (without user or password), e.g. for Flink's `url` option.
    pub fn jdbc_url(&self) -> String {
        let mut url = match self.kind {
            DbKind::Sqlite => return format!("jdbc:sqlite:{}", self.database),
            DbKind::Mysql => format!("jdbc:mysql://{}/{}", self.address(), self.database),
            DbKind::Postgres => format!("jdbc:postgresql://{}/{}", self.address(), self.database),
        };
        let mut params: Vec<(String, String)> = self
            .params
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // TLS settings were read out of the URL; give them back in each driver's words.
        match (self.kind, self.tls.mode) {
            // Flink's drivers have no such mode; their default (TLS when offered) is closest.
            (_, TlsMode::Prefer | TlsMode::VerifyIfOffered) => {}
            (DbKind::Mysql, m) => params.push((
                "sslMode".into(),
                match m {
                    TlsMode::Disable => "DISABLED",
                    TlsMode::Require | TlsMode::Prefer | TlsMode::VerifyIfOffered => "REQUIRED",
                    TlsMode::VerifyCa => "VERIFY_CA",
                    TlsMode::VerifyFull => "VERIFY_IDENTITY",
                }
                .into(),
            )),
            (_, m) => params.push(("sslmode".into(), m.name().into())),
        }
        if let (DbKind::Postgres, Some(ca)) = (self.kind, &self.tls.ca_file) {
            params.push(("sslrootcert".into(), ca.clone()));
        }
        let mut sep = '?';
        for (k, v) in params {
            url.push(sep);
            sep = '&';
            url.push_str(&format!("{k}={v}"));
        }
        url
    }

    /// Checks what a person typed; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("the connection needs a name".into());
        }
        match self.kind {
            DbKind::Sqlite if self.database.trim().is_empty() => Err(format!(
                "connection '{}': an SQLite connection needs the database file",
                self.name
            )),
            DbKind::Sqlite => Ok(()),
            _ if self.host.trim().is_empty() => {
                Err(format!("connection '{}': the host is empty", self.name))
            }
            DbKind::Postgres if self.database.trim().is_empty() => Err(format!(
                "connection '{}': a PostgreSQL connection needs a database name",
                self.name
            )),
            _ => Ok(()),
        }
    }
}

fn fail(url: &str, message: impl Into<String>, at_byte: usize) -> JdbcUrlError {
    JdbcUrlError {
        url: redact(url),
        message: message.into(),
        at: url.char_indices().take_while(|(i, _)| *i < at_byte).count() + 1,
        expected: FORMS,
    }
}

/// The URL with password values replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    // user:password@
    if let Some(scheme_end) = out.find("://") {
        let rest = &out[scheme_end + 3..];
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                let from = scheme_end + 3 + colon + 1;
                let to = scheme_end + 3 + at;
                out.replace_range(from..to, "***");
            }
        }
    }
    // password=… in the query or property list
    let lower = out.to_ascii_lowercase();
    let mut cuts = Vec::new();
    for key in ["password=", "sslpassword=", "pwd="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(key) {
            let start = from + i;
            let ok_before = start == 0 || matches!(lower.as_bytes()[start - 1], b'?' | b'&' | b';');
            let vstart = start + key.len();
            let vend = lower[vstart..]
                .find(['&', ';'])
                .map_or(lower.len(), |e| vstart + e);
            if ok_before {
                cuts.push((vstart, vend));
            }
            from = vend.max(vstart);
        }
    }
    cuts.sort();
    for (s, e) in cuts.into_iter().rev() {
        out.replace_range(s..e, "***");
    }
    out
}

impl JdbcUrl {
    /// Reads a JDBC URL as people paste it; errors say what is wrong and where.
    pub fn parse(url: &str) -> Result<JdbcUrl, JdbcUrlError> {
        let lead = url.len() - url.trim_start().len();
        let text = url.trim();
        let lower = text.to_ascii_lowercase();
        let Some(after_jdbc) = lower.strip_prefix("jdbc:") else {
            return Err(fail(url, "it does not start with \"jdbc:\"", lead));
        };
        let sub_start = lead + 5;
        let sub_end = after_jdbc.find(':').map(|i| i + 5).unwrap_or(text.len());
        let sub = &lower[5..sub_end];
        let kind = match sub {
            "mysql" | "mariadb" => DbKind::Mysql,
            "postgresql" | "postgres" | "pgsql" => DbKind::Postgres,
            "sqlite" => DbKind::Sqlite,
            "" => return Err(fail(url, "the database type after \"jdbc:\" is missing", sub_start)),
            other => {
                return Err(fail(
                    url,
                    format!("the database type {other:?} is not supported (MySQL/MariaDB, PostgreSQL and SQLite are)"),
                    sub_start,
                ))
            }
        };
        let rest = text.get(sub_end + 1..).unwrap_or("");
        let rest_at = lead + sub_end + 1;
        if kind == DbKind::Sqlite {
            let path = rest.split('?').next().unwrap_or("");
            if path.is_empty() {
                return Err(fail(url, "the SQLite file path is missing", rest_at));
            }
            let path = path.strip_prefix("file:").unwrap_or(path);
            let name = std::path::Path::new(path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "sqlite".into());
            let mut p = DbProfile::new(&name, DbKind::Sqlite, "", path, "");
            p.port = 0;
            return Ok(JdbcUrl {
                profile: p,
                password: None,
            });
        }
        let Some(after_slashes) = rest.strip_prefix("//") else {
            if kind == DbKind::Postgres && !rest.is_empty() && !rest.starts_with('/') {
                // jdbc:postgresql:database (localhost)
                return Self::finish(url, kind, "localhost", 0, rest, rest_at);
            }
            return Err(fail(
                url,
                "\"//\" and the host are missing after the database type",
                rest_at,
            ));
        };
        let auth_at = rest_at + 2;
        let end = after_slashes
            .find(['/', '?'])
            .unwrap_or(after_slashes.len());
        let authority = &after_slashes[..end];
        let tail = &after_slashes[end..];
        let (userinfo, hostport, host_at) = match authority.rfind('@') {
            Some(i) => (Some(&authority[..i]), &authority[i + 1..], auth_at + i + 1),
            None => (None, authority, auth_at),
        };
        if hostport.contains(',') {
            return Err(fail(
                url,
                "several hosts (failover or load balancing) are not supported; give one host",
                host_at + hostport.find(',').unwrap_or(0),
            ));
        }
        let (host, port_text, port_at) = if let Some(v6) = hostport.strip_prefix('[') {
            let Some(close) = v6.find(']') else {
                return Err(fail(url, "the IPv6 address has no closing \"]\"", host_at));
            };
            let after = &v6[close + 1..];
            let port = after.strip_prefix(':');
            if !after.is_empty() && port.is_none() {
                return Err(fail(
                    url,
                    "unexpected text after the IPv6 address",
                    host_at + close + 2,
                ));
            }
            (&v6[..close], port, host_at + close + 3)
        } else {
            match hostport.split_once(':') {
                Some((h, p)) => (h, Some(p), host_at + h.len() + 1),
                None => (hostport, None, 0),
            }
        };
        if host.is_empty() {
            return Err(fail(url, "the host is empty", host_at));
        }
        let port = match port_text {
            None => 0,
            Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                fail(
                    url,
                    format!("the port {p:?} is not a number from 1 to 65535"),
                    port_at,
                )
            })?,
        };
        let mut parsed = Self::finish(
            url,
            kind,
            host,
            port,
            tail.trim_start_matches('/'),
            auth_at + end + 1,
        )?;
        if let Some(ui) = userinfo {
            let (u, p) = match ui.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (ui, None),
            };
            parsed.profile.user = decode(u);
            if let Some(p) = p {
                parsed.password = Some(decode(p));
            }
        }
        Ok(parsed)
    }

    /// Reads `database?params` after the host.
    fn finish(
        url: &str,
        kind: DbKind,
        host: &str,
        port: u16,
        path_query: &str,
        at: usize,
    ) -> Result<JdbcUrl, JdbcUrlError> {
        let (path, query) = match path_query.split_once('?') {
            Some((p, q)) => (p, q),
            None => (path_query, ""),
        };
        let database = decode(path.trim_end_matches('/'));
        if database.contains('/') {
            return Err(fail(
                url,
                format!("the database name {database:?} contains \"/\""),
                at,
            ));
        }
        let mut profile = DbProfile::new(
            if database.is_empty() { host } else { &database },
            kind,
            host,
            &database,
            "",
        );
        profile.port = if port == 0 { kind.default_port() } else { port };
        let mut password = None;
        let mut use_ssl: Option<bool> = None;
        let mut verify_cert: Option<bool> = None;
        let mut explicit_mode: Option<TlsMode> = None;
        // MySQL Connector/J also accepts `;` between properties.
        for pair in query.split(['&', ';']).filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(k);
            let value = decode(v);
            let bad_mode = || {
                let pos = url.find(pair).unwrap_or(at);
                fail(
                    url,
                    format!("{key}={value:?} is not a TLS mode (disable, prefer, require, verify-ca, verify-full)"),
                    pos,
                )
            };
            match key.to_ascii_lowercase().as_str() {
                "user" => profile.user = value,
                "password" => password = Some(value),
                "sslmode" => explicit_mode = Some(TlsMode::parse(&value).ok_or_else(bad_mode)?),
                "usessl" | "ssl" => use_ssl = Some(truthy(&value)),
                "requiressl" => {
                    if truthy(&value) {
                        explicit_mode.get_or_insert(TlsMode::Require);
                    }
                }
                "verifyservercertificate" => verify_cert = Some(truthy(&value)),
                "sslrootcert" | "serversslcert" | "sslca" => profile.tls.ca_file = Some(value),
                // Other credentials (`sslpassword`, `trustCertificateKeyStorePassword`…) are
                // never kept in a profile.
                k if k.contains("password") || k.contains("secret") => {}
                _ => {
                    profile.params.insert(key, value);
                }
            }
        }
        profile.tls.mode = match (explicit_mode, use_ssl, verify_cert) {
            (Some(m), _, _) => m,
            (None, Some(false), _) => TlsMode::Disable,
            (None, Some(true), Some(true)) => TlsMode::VerifyCa,
            (None, Some(true), _) => TlsMode::Require,
            (None, None, _) => TlsMode::VerifyIfOffered,
        };
        Ok(JdbcUrl { profile, password })
    }
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes" | "on"
    )
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_urls() {
        let u = JdbcUrl::parse("jdbc:mysql://db.example:3307/shop?useSSL=true&serverTimezone=UTC&user=ana&password=s%26cret").unwrap();
        let p = &u.profile;
        assert_eq!(
            (p.kind, p.host.as_str(), p.port, p.database.as_str()),
            (DbKind::Mysql, "db.example", 3307, "shop")
        );
        assert_eq!(p.user, "ana");
        assert_eq!(u.password.as_deref(), Some("s&cret"));
        assert_eq!(p.tls.mode, TlsMode::Require);
        assert_eq!(
            p.params.get("serverTimezone").map(String::as_str),
            Some("UTC")
        );
        assert!(!p.params.contains_key("password"));
        assert!(!format!("{u:?}").contains("cret"));
        let m = DbProfile::from_jdbc_url("jdbc:mariadb://h/db?sslMode=verify-full").unwrap();
        assert_eq!((m.port, m.tls.mode), (3306, TlsMode::VerifyFull));
        let m = DbProfile::from_jdbc_url("jdbc:mysql://h:3306/db?useSSL=false").unwrap();
        assert_eq!(m.tls.mode, TlsMode::Disable);
        let m = DbProfile::from_jdbc_url("jdbc:mysql://h:3306/db?sslMode=VERIFY_IDENTITY").unwrap();
        assert_eq!(m.tls.mode, TlsMode::VerifyFull);
        let m = JdbcUrl::parse("jdbc:mysql://root:pw@[::1]:3310/x").unwrap();
        assert_eq!(
            (
                m.profile.host.as_str(),
                m.profile.port,
                m.profile.user.as_str()
            ),
            ("::1", 3310, "root")
        );
        assert_eq!(m.password.as_deref(), Some("pw"));
        assert_eq!(m.profile.address(), "[::1]:3310");
    }

    #[test]
    fn postgres_and_sqlite_urls() {
        let p = DbProfile::from_jdbc_url("jdbc:postgresql://pg:5433/analytics?sslmode=verify-ca&sslrootcert=/etc/ca.pem&user=bo&currentSchema=s1").unwrap();
        assert_eq!(
            (
                p.kind,
                p.host.as_str(),
                p.port,
                p.database.as_str(),
                p.user.as_str()
            ),
            (DbKind::Postgres, "pg", 5433, "analytics", "bo")
        );
        assert_eq!(
            p.tls,
            TlsOptions {
                mode: TlsMode::VerifyCa,
                ca_file: Some("/etc/ca.pem".into())
            }
        );
        assert_eq!(
            p.jdbc_url(),
            "jdbc:postgresql://pg:5433/analytics?currentSchema=s1&sslmode=verify-ca&sslrootcert=/etc/ca.pem"
        );
        let m = DbProfile::from_jdbc_url(
            "jdbc:mysql://h/db?useSSL=true&trustCertificateKeyStorePassword=tk&x=1",
        )
        .unwrap();
        assert_eq!(m.jdbc_url(), "jdbc:mysql://h:3306/db?x=1&sslMode=REQUIRED");
        assert!(!format!("{m:?}").contains("tk"));
        let p = DbProfile::from_jdbc_url("jdbc:postgresql:mydb").unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.database.as_str()),
            ("localhost", 5432, "mydb")
        );
        let s = DbProfile::from_jdbc_url("jdbc:sqlite:/tmp/data/app.db").unwrap();
        assert_eq!(
            (s.kind, s.database.as_str(), s.name.as_str()),
            (DbKind::Sqlite, "/tmp/data/app.db", "app")
        );
        assert_eq!(s.jdbc_url(), "jdbc:sqlite:/tmp/data/app.db");
    }

    #[test]
    fn bad_urls_say_what_and_where() {
        let e = DbProfile::from_jdbc_url("jdbc:mysql://h:abc/db").unwrap_err();
        assert!(e.message.contains("\"abc\" is not a number"), "{e}");
        assert_eq!(e.at, 16);
        let e = DbProfile::from_jdbc_url("mysql://h/db").unwrap_err();
        assert!(
            e.to_string().contains("does not start with \"jdbc:\""),
            "{e}"
        );
        let e = DbProfile::from_jdbc_url("jdbc:oracle:thin:@h:1521:x").unwrap_err();
        assert!(e.message.contains("\"oracle\" is not supported"), "{e}");
        assert_eq!(e.at, 6);
        let e = DbProfile::from_jdbc_url("jdbc:postgresql://:5432/x").unwrap_err();
        assert!(e.message.contains("host is empty"), "{e}");
        let e = DbProfile::from_jdbc_url("jdbc:mysql://a,b/x").unwrap_err();
        assert!(e.message.contains("several hosts"), "{e}");
        let e = DbProfile::from_jdbc_url("jdbc:postgresql://h/x?sslmode=sometimes&password=zz9")
            .unwrap_err();
        assert!(e.message.contains("not a TLS mode"), "{e}");
        assert!(!e.to_string().contains("zz9"), "{e}");
        let e = DbProfile::from_jdbc_url("jdbc:sqlite:").unwrap_err();
        assert!(e.message.contains("file path is missing"), "{e}");
        let e = DbProfile::from_jdbc_url("jdbc:mysql://u:hunter2@h:0/x").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("jdbc:mysql://u:p@h/x?password=a&b=c"),
            "jdbc:mysql://u:***@h/x?password=***&b=c"
        );
    }
}
