//! Export of a workspace as a folder tree of `.sql` files, and import of such a tree.

use crate::{Result, WeirError};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use weir_store::{FolderId, Store, StoreError};

/// What an export wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub folders: usize,
    pub scripts: usize,
}

/// A file an import left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// What an import brought in and what it left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub folders: usize,
    pub scripts: usize,
    pub skipped: Vec<Skipped>,
}

/// A file system name for a workspace name: characters no OS accepts become `_`.
fn fs_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "_".into()
    } else {
        trimmed.into()
    }
}

/// `name`, or `name (2)`… — unused in `taken` (compared case-insensitively, as macOS and Windows
/// file systems do).
fn unique(taken: &mut HashSet<String>, name: String, ext: &str) -> String {
    let mut candidate = format!("{name}{ext}");
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = format!("{name} ({n}){ext}");
        n += 1;
    }
    candidate
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WeirError + '_ {
    move |source| WeirError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes every live script as `<folders>/<name>.sql` under `out` (created if needed).
pub fn export(store: &Store, out: &Path) -> Result<ExportReport> {
    let tree = store.tree()?;
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut report = ExportReport::default();
    // Folder paths, parents before children.
    let mut paths: HashMap<Option<FolderId>, PathBuf> = HashMap::new();
    let mut taken: HashMap<Option<FolderId>, HashSet<String>> = HashMap::new();
    paths.insert(None, out.to_path_buf());
    let mut remaining = tree.folders.clone();
    while !remaining.is_empty() {
        let before = remaining.len();
        remaining.retain(|f| {
            let Some(parent) = paths.get(&f.parent_id).cloned() else {
                return true;
            };
            let name = unique(taken.entry(f.parent_id).or_default(), fs_name(&f.name), "");
            paths.insert(Some(f.id), parent.join(name));
            false
        });
        if remaining.len() == before {
            return Err(WeirError::Internal(
                "the folder tree has a cycle or an orphan".into(),
            ));
        }
    }
    for (id, path) in &paths {
        if id.is_some() {
            std::fs::create_dir_all(path).map_err(io(path))?;
            report.folders += 1;
        }
    }
    for s in &tree.scripts {
        let dir = paths
            .get(&s.folder_id)
            .cloned()
            .unwrap_or_else(|| out.to_path_buf());
        let base = fs_name(&s.name);
        let stem = base
            .strip_suffix(".sql")
            .or_else(|| base.strip_suffix(".SQL"))
            .unwrap_or(&base)
            .to_string();
        let file = unique(taken.entry(s.folder_id).or_default(), stem, ".sql");
        let path = dir.join(file);
        let text = store.script_text(s.id)?;
        std::fs::write(&path, text).map_err(io(&path))?;
        report.scripts += 1;
    }
    Ok(report)
}

/// Imports the `.sql` files under `src` into the workspace, folders merged by name; existing
/// scripts are never overwritten (a clashing name gets a " (2)" suffix). Unreadable and
/// non-UTF-8 files are listed in the report and skipped.
pub fn import(store: &mut Store, src: &Path) -> Result<ImportReport> {
    let meta = std::fs::metadata(src).map_err(io(src))?;
    if !meta.is_dir() {
        return Err(WeirError::Store(StoreError::Invalid(format!(
            "{} is not a folder",
            src.display()
        ))));
    }
    let mut report = ImportReport::default();
    store.transaction(|s| {
        let tree = s.tree()?;
        let mut folders: HashMap<(Option<FolderId>, String), FolderId> = tree
            .folders
            .iter()
            .map(|f| ((f.parent_id, f.name.to_lowercase()), f.id))
            .collect();
        let mut stack: Vec<(PathBuf, Option<FolderId>)> = vec![(src.to_path_buf(), None)];
        while let Some((dir, parent)) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    report.skipped.push(Skipped {
                        path: dir.clone(),
                        reason: format!("folder cannot be read: {e}"),
                    });
                    continue;
                }
            };
            let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().to_string();
                let Ok(kind) = entry.file_type() else {
                    report.skipped.push(Skipped {
                        path,
                        reason: "cannot tell whether it is a file or a folder".into(),
                    });
                    continue;
                };
                if kind.is_dir() {
                    if name.starts_with('.') {
                        continue;
                    }
                    let key = (parent, name.to_lowercase());
                    let id = match folders.get(&key) {
                        Some(id) => *id,
                        None => {
                            let f = s.create_folder(parent, &name)?;
                            report.folders += 1;
                            folders.insert(key, f.id);
                            f.id
                        }
                    };
                    stack.push((path, Some(id)));
                    continue;
                }
                if !name.to_lowercase().ends_with(".sql") {
                    continue;
                }
                // Follow symlinks; FIFOs, sockets and devices would block or make no sense.
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_file() => {}
                    Ok(_) => {
                        report.skipped.push(Skipped {
                            path,
                            reason: "is not a regular file".into(),
                        });
                        continue;
                    }
                    Err(e) => {
                        report.skipped.push(Skipped {
                            path,
                            reason: format!("cannot be read: {e}"),
                        });
                        continue;
                    }
                }
                let bytes = match std::fs::read(&path) {
                    Ok(b) => b,
                    Err(e) => {
                        report.skipped.push(Skipped {
                            path,
                            reason: format!("cannot be read: {e}"),
                        });
                        continue;
                    }
                };
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        s.create_script(parent, &name, &text)?;
                        report.scripts += 1;
                    }
                    Err(e) => report.skipped.push(Skipped {
                        path,
                        reason: format!(
                            "is not UTF-8 text (invalid byte at offset {})",
                            e.utf8_error().valid_up_to()
                        ),
                    }),
                }
            }
        }
        Ok(())
    })?;
    tracing::info!(
        "imported {} scripts and {} folders from {}; skipped {}",
        report.scripts,
        report.folders,
        src.display(),
        report.skipped.len()
    );
    Ok(report)
}
