//! Full-text search over all scripts (SQLite FTS5 with the trigram tokenizer): substring matches,
//! case-insensitive, with the line and column of each hit.

use crate::{Result, ScriptId, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One line of one script that contains the searched text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    #[ts(type = "number")]
    pub script_id: ScriptId,
    /// Folder path and name of the script.
    pub path: String,
    /// 1-based line of the hit.
    pub line: u32,
    /// 1-based column (in characters) where the match starts.
    pub column: u32,
    /// The line's text (cut to a readable length around the match).
    pub preview: String,
    /// Offset of the match in `preview`, in UTF-16 code units, and its length.
    pub preview_start: u32,
    pub preview_len: u32,
}

/// Lines longer than this are cut around the match in previews.
const PREVIEW_CHARS: usize = 160;

impl Store {
    /// Scripts whose text contains `query` (case-insensitive), up to `max_scripts` scripts and
    /// `max_hits` lines in all, in path order.
    pub fn search(
        &self,
        query: &str,
        max_scripts: usize,
        max_hits: usize,
    ) -> Result<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        // Trigram FTS needs three characters; shorter queries scan, which is still fast.
        let rows: Vec<(ScriptId, String)> = if query.chars().count() >= 3 {
            let phrase = format!("\"{}\"", query.replace('"', "\"\""));
            let mut stmt = self.conn.prepare_cached(
                // Order and cut the matches by name first, then read only those scripts' text.
                "SELECT id, text FROM scripts WHERE id IN (
                     SELECT s.id FROM scripts_fts f JOIN scripts s ON s.id = f.rowid
                     WHERE scripts_fts MATCH ?1 AND s.deleted_batch IS NULL
                     ORDER BY s.name COLLATE NOCASE LIMIT ?2)
                 ORDER BY name COLLATE NOCASE",
            )?;
            let mapped = stmt.query_map(
                rusqlite::params![format!("text : {phrase}"), max_scripts as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            mapped.collect::<std::result::Result<_, _>>()?
        } else {
            // LIKE folds ASCII case without copying each text. SQLite's lower() folds only ASCII,
            // so other letters are compared here, in Rust.
            let ascii = query.is_ascii();
            let (sql, arg) = if ascii {
                let escaped = query
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                (
                    "SELECT id, text FROM scripts WHERE deleted_batch IS NULL AND text LIKE ?1 ESCAPE '\\'
                     ORDER BY name COLLATE NOCASE LIMIT ?2",
                    format!("%{escaped}%"),
                )
            } else {
                (
                    "SELECT id, text FROM scripts WHERE deleted_batch IS NULL AND ?1 = ?1
                     ORDER BY name COLLATE NOCASE LIMIT ?2",
                    String::new(),
                )
            };
            let limit = if ascii { max_scripts as i64 } else { i64::MAX };
            let needle = query.to_lowercase();
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mapped = stmt.query_map(rusqlite::params![arg, limit], |r| {
                Ok((r.get::<_, ScriptId>(0)?, r.get::<_, String>(1)?))
            })?;
            let rows: Vec<(ScriptId, String)> = mapped.collect::<std::result::Result<_, _>>()?;
            rows.into_iter()
                .filter(|(_, text)| ascii || text.to_lowercase().contains(&needle))
                .take(max_scripts)
                .collect()
        };
        let needle = query.to_lowercase();
        let mut hits = Vec::new();
        for (id, text) in rows {
            let path = self.script_path(id)?;
            for (n, line) in text.lines().enumerate() {
                if hits.len() >= max_hits {
                    return Ok(hits);
                }
                let lower = line.to_lowercase();
                let Some(byte) = lower.find(&needle) else {
                    continue;
                };
                // Lowercasing can change byte lengths; map back through characters.
                let char_col = lower[..byte].chars().count();
                let needle_chars = needle.chars().count();
                let chars: Vec<char> = line.chars().collect();
                let from = char_col.saturating_sub(PREVIEW_CHARS / 3);
                let to = (from + PREVIEW_CHARS).min(chars.len());
                let preview: String = chars[from..to].iter().collect();
                let utf16 = |cs: &[char]| cs.iter().map(|c| c.len_utf16() as u32).sum::<u32>();
                let start = char_col.min(chars.len());
                let end = (char_col + needle_chars).min(chars.len()).min(to);
                hits.push(SearchHit {
                    script_id: id,
                    path: path.clone(),
                    line: n as u32 + 1,
                    column: char_col as u32 + 1,
                    preview_start: utf16(&chars[from..start.max(from)]),
                    preview_len: utf16(&chars[start.max(from)..end.max(start.max(from))]),
                    preview,
                });
            }
        }
        Ok(hits)
    }
}
