//! Where Weir keeps its data: `WEIR_HOME` (tests and portable installs) or the OS data directory,
//! and the list of recently opened workspaces.

use std::path::{Path, PathBuf};

/// Weir's home directory: `$WEIR_HOME`, else `<OS data dir>/weir`, else `./.weir`.
pub fn weir_home() -> PathBuf {
    if let Some(h) = std::env::var_os("WEIR_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    dirs::data_dir()
        .map(|d| d.join("weir"))
        .unwrap_or_else(|| PathBuf::from(".weir"))
}

/// The workspace Weir opens when told nothing else: `$WEIR_WORKSPACE`, else the home directory.
pub fn default_workspace() -> PathBuf {
    if let Some(w) = std::env::var_os("WEIR_WORKSPACE").filter(|w| !w.is_empty()) {
        return PathBuf::from(w);
    }
    weir_home()
}

const RECENT_FILE: &str = "recent.json";
const RECENT_KEPT: usize = 10;

/// Recently opened workspace directories, newest first (kept outside any workspace, so a damaged
/// workspace does not lose the way to the others).
pub fn recent_workspaces() -> Vec<String> {
    std::fs::read_to_string(weir_home().join(RECENT_FILE))
        .ok()
        .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
        .unwrap_or_default()
}

/// Puts `dir` first in the recent list (best effort: failing to remember is not an error).
pub fn remember_workspace(dir: &Path) {
    let dir = dir.to_string_lossy().to_string();
    let mut list = recent_workspaces();
    list.retain(|d| *d != dir);
    list.insert(0, dir);
    list.truncate(RECENT_KEPT);
    let home = weir_home();
    if std::fs::create_dir_all(&home).is_ok() {
        if let Ok(json) = serde_json::to_string_pretty(&list) {
            let _ = std::fs::write(home.join(RECENT_FILE), json);
        }
    }
}

/// Where exports go unless the person picks another place: the Downloads folder, else home.
pub fn export_dir() -> PathBuf {
    dirs::download_dir()
        .filter(|d| d.is_dir())
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir)
}
