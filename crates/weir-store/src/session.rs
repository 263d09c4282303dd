//! The editor session: which scripts are open in tabs, in what order, where each cursor and
//! scroll position was, which tab is active, and the recently closed tabs.

use crate::{Result, ScriptId, Store};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One open tab. Positions are the editor's (UTF-16 code unit offsets into the text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabState {
    #[ts(type = "number")]
    pub script_id: ScriptId,
    /// Selection anchor.
    #[ts(type = "number")]
    pub anchor: i64,
    /// Selection head (the cursor).
    #[ts(type = "number")]
    pub head: i64,
    /// Vertical scroll offset in pixels.
    pub scroll_top: f64,
}

/// The open tabs in order, the active one, and recently closed ones (newest last).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabsState {
    pub tabs: Vec<TabState>,
    #[ts(type = "number | null")]
    pub active: Option<ScriptId>,
    #[ts(type = "Array<number>")]
    pub closed: Vec<ScriptId>,
}

const ACTIVE_KEY: &str = "tabs.active";
const CLOSED_KEY: &str = "tabs.closed";
/// How many closed tabs "reopen closed tab" remembers.
pub const CLOSED_TABS_KEPT: usize = 30;

impl Store {
    /// The saved editor session; tabs of scripts that no longer exist are left out.
    pub fn tabs_state(&self) -> Result<TabsState> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.script_id, t.anchor, t.head, t.scroll_top FROM tabs t
             JOIN scripts s ON s.id = t.script_id AND s.deleted_batch IS NULL
             ORDER BY t.position",
        )?;
        let tabs = stmt
            .query_map([], |r| {
                Ok(TabState {
                    script_id: r.get(0)?,
                    anchor: r.get(1)?,
                    head: r.get(2)?,
                    scroll_top: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let active = self
            .setting(ACTIVE_KEY)?
            .and_then(|v| v.as_i64())
            .filter(|id| tabs.iter().any(|t| t.script_id == *id))
            .or_else(|| tabs.first().map(|t| t.script_id));
        let closed = self
            .setting(CLOSED_KEY)?
            .and_then(|v| serde_json::from_value::<Vec<ScriptId>>(v).ok())
            .unwrap_or_default();
        Ok(TabsState {
            tabs,
            active,
            closed,
        })
    }

    /// Replaces the saved editor session.
    pub fn set_tabs_state(&mut self, state: &TabsState) -> Result<()> {
        self.transaction(|s| {
            s.conn.execute("DELETE FROM tabs", [])?;
            let mut stmt = s.conn.prepare_cached(
                "INSERT OR IGNORE INTO tabs(script_id, position, anchor, head, scroll_top)
                 SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS
                     (SELECT 1 FROM scripts WHERE id = ?1 AND deleted_batch IS NULL)",
            )?;
            for (i, t) in state.tabs.iter().enumerate() {
                stmt.execute(params![
                    t.script_id,
                    i as i64,
                    t.anchor,
                    t.head,
                    t.scroll_top
                ])?;
            }
            s.set_setting(ACTIVE_KEY, &serde_json::json!(state.active))?;
            let start = state.closed.len().saturating_sub(CLOSED_TABS_KEPT);
            s.set_setting(CLOSED_KEY, &serde_json::json!(&state.closed[start..]))?;
            Ok(())
        })
    }
}
