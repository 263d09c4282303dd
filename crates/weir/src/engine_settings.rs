//! The local engine's settings: which Flink and Java it runs and whether it starts with the
//! window. Kept per user ([`crate::user_settings`]); older workspaces stored them too, and
//! [`crate::engine::choose`] decides what of a workspace's copy is used.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;
use weir_connect::engine::EngineConfig;

/// The Flink version of the engine unless the settings say otherwise (the newest 2.x on PyPI).
pub const DEFAULT_FLINK_VERSION: &str = "2.3.0";

/// Settings key of the engine settings older Weir kept in the workspace (read, never written).
pub(crate) const SETTINGS_KEY: &str = "engine";

/// How the local engine is found and when it starts, kept in the per-user settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EngineSettings {
    /// Start the engine when the window opens, so the first run does not wait for the JVM.
    pub prewarm: bool,
    /// Flink version of the jars and the engine (default [`DEFAULT_FLINK_VERSION`]).
    pub flink_version: Option<String>,
    /// Flink's home (its `lib/` holds the jars); default: `FLINK_HOME`, then Weir's cache.
    pub flink_home: Option<String>,
    /// A Java 17+ home; default: `JAVA_HOME`, then `java` on `PATH`.
    pub java_home: Option<String>,
}

impl EngineSettings {
    /// What a workspace says about the engine (older Weir saved the settings there; a shared
    /// workspace can say anything): `None` when it says nothing or nothing readable. Never run
    /// these as they are: [`choose`] decides what of them is used.
    pub fn stored_in(store: &weir_store::Store) -> Option<EngineSettings> {
        match store.setting(SETTINGS_KEY) {
            Ok(Some(v)) => serde_json::from_value(v)
                .map_err(|e| {
                    tracing::warn!("the workspace's engine settings are unreadable ({e}); ignored")
                })
                .ok(),
            _ => None,
        }
    }

    /// The Flink version these settings ask for.
    pub fn version(&self) -> String {
        self.flink_version
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .unwrap_or(DEFAULT_FLINK_VERSION)
            .to_string()
    }

    /// The launcher's configuration for these settings.
    pub fn config(&self) -> EngineConfig {
        let mut config = EngineConfig::new(self.version());
        let path = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        };
        config.flink_home = path(&self.flink_home);
        config.java_home = path(&self.java_home);
        config
    }
}
