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

/// Writes `bytes` as a new file named `name` (or `name (2)`, `name (3)`… when taken) in
/// [`export_dir`], through a `.partial` file so an interrupted write leaves no half file.
pub fn save_export(name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = export_dir();
    let clean: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (clean.clone(), String::new()),
    };
    let mut path = dir.join(&clean);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    let mut partial = path.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

/// The bytes of base64 `data` (as a data URL's payload carries them).
pub fn decode_base64(data: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| format!("the data is not base64: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_get_a_free_name_and_no_partial_file_is_left() {
        let home = tempfile::tempdir().unwrap();
        // the export folder falls back to the home directory when there is no Downloads folder
        std::env::set_var("HOME", home.path());
        std::env::set_var("XDG_DOWNLOAD_DIR", home.path().join("nope"));
        let a = save_export("my/lineage.svg", b"<svg/>").unwrap();
        let b = save_export("my/lineage.svg", b"<svg/>").unwrap();
        assert_eq!(a.file_name().unwrap(), "my_lineage.svg");
        assert_eq!(b.file_name().unwrap(), "my_lineage (2).svg");
        assert_eq!(std::fs::read(&b).unwrap(), b"<svg/>");
        let names: Vec<_> = std::fs::read_dir(a.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");
        assert_eq!(decode_base64("iVBORw==").unwrap(), b"\x89PNG");
        assert!(decode_base64("not base64!").is_err());
    }
}
