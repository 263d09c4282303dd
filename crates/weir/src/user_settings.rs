//! Per-user settings: what belongs to this person on this machine rather than to a workspace that
//! can be copied, shared or downloaded. Today: the local engine's settings (a Java home is a
//! program Weir starts) and the workspace engine paths this person agreed to use.
//!
//! Kept as JSON in `<OS config dir>/weir/settings.json` (`$WEIR_CONFIG_HOME/settings.json` when
//! set, for tests and portable installs), written atomically: a temporary file in the same folder,
//! synced, then renamed over the old one, so a crash leaves the old file or the new, never half.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

use crate::engine_settings::EngineSettings;

/// File name of the settings in the per-user config folder.
const FILE: &str = "settings.json";

/// The settings file could not be found, read or written.
#[derive(Debug, thiserror::Error)]
pub enum UserSettingsError {
    /// The OS names no per-user config folder.
    #[error("the system names no per-user configuration folder; set WEIR_CONFIG_HOME to a folder for Weir's settings")]
    NoConfigDir,
    /// Reading or writing failed.
    #[error("the per-user settings {path}: {source}; check the folder's permissions")]
    Io {
        /// The settings file.
        path: PathBuf,
        /// The OS's words.
        #[source]
        source: std::io::Error,
    },
    /// The file is not the JSON Weir writes.
    #[error("the per-user settings {path} cannot be read ({reason}); fix or delete the file (Weir then starts from its defaults)")]
    Corrupt {
        /// The settings file.
        path: PathBuf,
        /// What did not parse.
        reason: String,
    },
}

/// A Java or Flink home a workspace names for the local engine, with the workspace that names it.
/// The app asks before using one; what was agreed to is remembered in [`UserSettings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceEnginePaths {
    /// The workspace folder.
    pub workspace: String,
    /// The Java home it names (a program Weir would start), if any.
    pub java_home: Option<String>,
    /// The Flink home it names (jars Weir would load), if any.
    pub flink_home: Option<String>,
}

/// Everything in the per-user settings file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserSettings {
    /// The local engine's settings; `None` until saved once.
    pub engine: Option<EngineSettings>,
    /// Workspace engine paths this person agreed to use (per workspace and exact paths).
    pub trusted_engine_paths: Vec<WorkspaceEnginePaths>,
}

/// Where the settings file is: `$WEIR_CONFIG_HOME/settings.json`, else
/// `<OS config dir>/weir/settings.json` (`~/.config/weir` on Linux).
pub fn path() -> Result<PathBuf, UserSettingsError> {
    if let Some(h) = std::env::var_os("WEIR_CONFIG_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(h).join(FILE));
    }
    dirs::config_dir()
        .map(|d| d.join("weir").join(FILE))
        .ok_or(UserSettingsError::NoConfigDir)
}

impl UserSettings {
    /// The settings at [`path`] (defaults when there is no file yet).
    pub fn load() -> Result<UserSettings, UserSettingsError> {
        UserSettings::load_from(&path()?)
    }

    /// The settings in `file` (defaults when it does not exist).
    pub fn load_from(file: &Path) -> Result<UserSettings, UserSettingsError> {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(UserSettings::default())
            }
            Err(source) => {
                return Err(UserSettingsError::Io {
                    path: file.to_path_buf(),
                    source,
                })
            }
        };
        serde_json::from_str(&text).map_err(|e| UserSettingsError::Corrupt {
            path: file.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Writes the settings to [`path`].
    pub fn save(&self) -> Result<(), UserSettingsError> {
        self.save_to(&path()?)
    }

    /// Writes the settings to `file` atomically (temporary file, sync, rename), creating its
    /// folder; the file is readable by its owner only where the OS supports modes.
    pub fn save_to(&self, file: &Path) -> Result<(), UserSettingsError> {
        let io = |source| UserSettingsError::Io {
            path: file.to_path_buf(),
            source,
        };
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let tmp = dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
            f.write_all(&json)?;
            f.sync_all()?;
            std::fs::rename(&tmp, file)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written.map_err(io)
    }

    /// Whether `paths` (workspace and exact paths) were agreed to.
    pub fn trusts(&self, paths: &WorkspaceEnginePaths) -> bool {
        self.trusted_engine_paths.iter().any(|t| t == paths)
    }

    /// Remembers that `paths` may be used (once per workspace and paths).
    pub fn trust(&mut self, paths: WorkspaceEnginePaths) {
        if !self.trusts(&paths) {
            self.trusted_engine_paths.push(paths);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_defaults_and_saving_round_trips_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nested").join(FILE);
        assert_eq!(
            UserSettings::load_from(&file).unwrap(),
            UserSettings::default()
        );
        let mut s = UserSettings {
            engine: Some(EngineSettings {
                java_home: Some("/opt/jdk-21".into()),
                ..EngineSettings::default()
            }),
            ..UserSettings::default()
        };
        let paths = WorkspaceEnginePaths {
            workspace: "/w".into(),
            java_home: Some("/opt/j".into()),
            flink_home: None,
        };
        s.trust(paths.clone());
        s.trust(paths.clone());
        s.save_to(&file).unwrap();
        let back = UserSettings::load_from(&file).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.trusted_engine_paths.len(), 1);
        assert!(back.trusts(&paths));
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from(FILE)],
            "no temp file left"
        );
    }

    #[test]
    fn a_corrupt_file_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        std::fs::write(&file, "{not json").unwrap();
        let e = UserSettings::load_from(&file).unwrap_err().to_string();
        assert!(e.contains("fix or delete"), "{e}");
        assert!(e.contains(&file.display().to_string()), "{e}");
    }
}
