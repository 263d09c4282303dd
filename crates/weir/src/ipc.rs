//! Types that cross the bridge to the window, and their TypeScript bindings
//! (`ui/src/ipc/bindings.ts`, generated from these definitions; a test fails when it is stale).

use crate::docs::Doc;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::{Config, TS};
use weir_store::ScriptId;

/// Settings key of the window layout.
pub(crate) const LAYOUT_KEY: &str = "layout";

/// The open workspace, as the window names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// Directory of the workspace.
    pub dir: String,
    /// Short name (the directory's name).
    pub name: String,
}

impl WorkspaceInfo {
    pub(crate) fn of(dir: &Path) -> WorkspaceInfo {
        WorkspaceInfo {
            dir: dir.to_string_lossy().to_string(),
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| dir.to_string_lossy().to_string()),
        }
    }
}

/// A script opened in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocSnapshot {
    #[ts(type = "number")]
    pub script_id: ScriptId,
    pub text: String,
    /// Differs from the newest saved version.
    pub dirty: bool,
}

impl DocSnapshot {
    pub(crate) fn of(id: ScriptId, doc: &Doc) -> DocSnapshot {
        DocSnapshot {
            script_id: id,
            text: doc.text.clone(),
            dirty: doc.dirty(),
        }
    }
}

/// A script's save state after an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocStatus {
    /// Differs from the newest saved version.
    pub dirty: bool,
}

/// Position and size of the main window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowGeometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub maximized: bool,
}

/// The window layout: panel sizes and visibility, and the window's geometry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Layout {
    pub sidebar_width: f64,
    pub sidebar_open: bool,
    pub bottom_height: f64,
    pub bottom_open: bool,
    pub window: Option<WindowGeometry>,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            sidebar_width: 260.0,
            sidebar_open: true,
            bottom_height: 300.0,
            bottom_open: true,
            window: None,
        }
    }
}

/// An error as the window receives it: a kind to branch on and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    /// "corrupt", "locked", "newerSchema", "notFound", "invalid", "desync", "io", "internal";
    /// runs and databases add "engine", "connection", "auth" (a refused password), "secret"
    /// (the keychain), "server" (the database rejected a statement) and "cancelled".
    pub kind: String,
    pub message: String,
}

impl From<weir_connect::engine::EngineError> for IpcError {
    fn from(e: weir_connect::engine::EngineError) -> IpcError {
        IpcError {
            kind: "engine".into(),
            message: e.to_string(),
        }
    }
}

impl From<crate::run::RunError> for IpcError {
    fn from(e: crate::run::RunError) -> IpcError {
        use crate::run::RunError as R;
        let kind = match &e {
            R::Plan(crate::run::PlanError::Secrets(_)) => "secret",
            R::Plan(_) => "invalid",
            R::Database(e) => crate::databases::db_error_kind(e),
            R::Engine(_) => "engine",
            R::Connection { .. } => "connection",
            R::UnknownConnection(_) => "notFound",
            R::Export { .. } => "io",
            R::Chart(_) => "invalid",
        };
        IpcError {
            kind: kind.into(),
            message: e.to_string(),
        }
    }
}

impl From<crate::WeirError> for IpcError {
    fn from(e: crate::WeirError) -> IpcError {
        use crate::WeirError as W;
        use weir_store::StoreError as S;
        let kind = match &e {
            W::Store(S::Corrupt { .. }) => "corrupt",
            W::Store(S::Locked { .. }) => "locked",
            W::Store(S::NewerSchema { .. }) | W::Store(S::OlderSchema { .. }) => "newerSchema",
            W::Store(S::NotFound { .. }) | W::Store(S::Missing { .. }) => "notFound",
            W::Store(S::Invalid(_)) => "invalid",
            W::Store(S::Io { .. }) | W::Io { .. } | W::Settings(_) => "io",
            W::Store(S::Sqlite(_)) | W::Internal(_) => "internal",
            W::Desync(_) => "desync",
        };
        IpcError {
            kind: kind.into(),
            message: e.to_string(),
        }
    }
}

impl From<crate::jobs::JobsError> for IpcError {
    fn from(e: crate::jobs::JobsError) -> IpcError {
        use crate::jobs::JobsError as J;
        let kind = match &e {
            J::Connection { .. } | J::JobManager(_) | J::Deadline { .. } => "connection",
            J::NotFound { .. } => "notFound",
            J::NotRunning { .. } => "invalid",
            J::SavepointFailed(_) => "server",
        };
        IpcError {
            kind: kind.into(),
            message: e.to_string(),
        }
    }
}

impl From<crate::databases::DatabaseError> for IpcError {
    fn from(e: crate::databases::DatabaseError) -> IpcError {
        match e {
            crate::databases::DatabaseError::Workspace(w) => w.into(),
            e => IpcError {
                kind: e.kind().into(),
                message: e.to_string(),
            },
        }
    }
}

/// The state the window starts from: an open workspace, or why none could be opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartState {
    pub workspace: Option<WorkspaceInfo>,
    /// Why the workspace could not be opened (the window then offers another).
    pub error: Option<IpcError>,
    /// The directory that was tried (or is open).
    pub dir: String,
    /// Recently opened workspace directories, newest first.
    pub recent: Vec<String>,
    /// Weir's version.
    pub version: String,
}

/// Progress of a waiting action on a job (cancel, savepoint, stop), as the window receives it
/// on the `weir://job-action` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobActionProgress {
    /// The job id.
    pub job: String,
    /// What the action reported.
    pub progress: crate::jobs::ActionProgress,
}

/// The TypeScript declarations of every IPC type, as committed in `ui/src/ipc/bindings.ts`.
pub fn typescript_bindings() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        weir_store::Folder::decl(&cfg),
        weir_store::ScriptMeta::decl(&cfg),
        weir_store::Tree::decl(&cfg),
        weir_store::TrashToken::decl(&cfg),
        weir_store::TabState::decl(&cfg),
        weir_store::TabsState::decl(&cfg),
        weir_store::SearchHit::decl(&cfg),
        crate::docs::TextChange::decl(&cfg),
        crate::log::LogEntry::decl(&cfg),
        WorkspaceInfo::decl(&cfg),
        DocSnapshot::decl(&cfg),
        DocStatus::decl(&cfg),
        WindowGeometry::decl(&cfg),
        Layout::decl(&cfg),
        IpcError::decl(&cfg),
        StartState::decl(&cfg),
        crate::language::Highlights::decl(&cfg),
        weir_lineage::Lineage::decl(&cfg),
        weir_lineage::TableNode::decl(&cfg),
        weir_lineage::Role::decl(&cfg),
        weir_lineage::TableColumn::decl(&cfg),
        weir_lineage::ColumnKind::decl(&cfg),
        weir_lineage::ColumnRef::decl(&cfg),
        weir_lineage::Transform::decl(&cfg),
        weir_lineage::ColumnEdge::decl(&cfg),
        weir_lineage::StatementRef::decl(&cfg),
        weir_lineage::Skipped::decl(&cfg),
        crate::lineage::LineageDoc::decl(&cfg),
        crate::lineage::WorkspaceStatement::decl(&cfg),
        crate::lineage::StatementJob::decl(&cfg),
        crate::lineage::WorkspaceLineage::decl(&cfg),
        crate::language::DiagnosticSeverity::decl(&cfg),
        crate::language::DocDiagnostic::decl(&cfg),
        crate::language::StatementDiagnostics::decl(&cfg),
        crate::language::DocDiagnostics::decl(&cfg),
        crate::completion::CompletionKind::decl(&cfg),
        crate::completion::CompletionItem::decl(&cfg),
        crate::completion::Completions::decl(&cfg),
        crate::functions::FunctionCategory::decl(&cfg),
        crate::functions::FunctionDoc::decl(&cfg),
        crate::engine::EngineSettings::decl(&cfg),
        crate::engine::EnginePhase::decl(&cfg),
        crate::engine::EngineState::decl(&cfg),
        crate::user_settings::WorkspaceEnginePaths::decl(&cfg),
        weir_store::HistoryEntry::decl(&cfg),
        weir_db::DbKind::decl(&cfg),
        weir_db::TlsMode::decl(&cfg),
        weir_db::TlsOptions::decl(&cfg),
        weir_db::DbProfile::decl(&cfg),
        weir_db::TableKind::decl(&cfg),
        weir_db::TableInfo::decl(&cfg),
        weir_db::ColumnInfo::decl(&cfg),
        weir_db::IndexInfo::decl(&cfg),
        weir_db::TableMeta::decl(&cfg),
        weir_db::Connector::decl(&cfg),
        crate::databases::DbTestResult::decl(&cfg),
        crate::databases::TextEdit::decl(&cfg),
        crate::databases::KeychainStatus::decl(&cfg),
        crate::run::Endpoint::decl(&cfg),
        crate::run::ConnectionProfile::decl(&cfg),
        crate::run::ConnectionTest::decl(&cfg),
        crate::run::RunScope::decl(&cfg),
        crate::run::RunRequest::decl(&cfg),
        crate::run::StatementStatus::decl(&cfg),
        crate::run::StatementError::decl(&cfg),
        crate::run::ResultColumn::decl(&cfg),
        crate::run::StatementInfo::decl(&cfg),
        crate::run::RunUpdate::decl(&cfg),
        crate::run::ExportRequest::decl(&cfg),
        weir_chart::ChartKind::decl(&cfg),
        weir_chart::ChartTheme::decl(&cfg),
        weir_chart::ChartSpec::decl(&cfg),
        crate::run::ChartRequest::decl(&cfg),
        crate::run::ChartImage::decl(&cfg),
        crate::run::ExportReport::decl(&cfg),
        crate::run::ExportProgress::decl(&cfg),
        weir_results::ValueClass::decl(&cfg),
        weir_results::ColumnSpec::decl(&cfg),
        weir_results::ChangeKind::decl(&cfg),
        weir_results::View::decl(&cfg),
        weir_results::SortKey::decl(&cfg),
        weir_results::FilterOp::decl(&cfg),
        weir_results::Filter::decl(&cfg),
        weir_results::Selection::decl(&cfg),
        weir_results::WindowQuery::decl(&cfg),
        weir_results::Cell::decl(&cfg),
        weir_results::WindowRow::decl(&cfg),
        weir_results::Window::decl(&cfg),
        weir_results::ExportFormat::decl(&cfg),
        crate::jobs::JobOrigin::decl(&cfg),
        crate::jobs::JobRow::decl(&cfg),
        crate::jobs::JobList::decl(&cfg),
        crate::jobs::JobStatus::decl(&cfg),
        crate::jobs::VertexInput::decl(&cfg),
        crate::jobs::VertexLive::decl(&cfg),
        crate::jobs::VertexRow::decl(&cfg),
        crate::jobs::Failure::decl(&cfg),
        crate::jobs::CheckpointRow::decl(&cfg),
        crate::jobs::RestoredFrom::decl(&cfg),
        crate::jobs::Checkpoints::decl(&cfg),
        crate::jobs::JobView::decl(&cfg),
        crate::jobs::ConfigEntry::decl(&cfg),
        crate::jobs::JobConfigView::decl(&cfg),
        crate::jobs::CheckpointCharts::decl(&cfg),
        crate::jobs::ActionProgress::decl(&cfg),
        crate::jobs::SavepointDone::decl(&cfg),
        JobActionProgress::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust IPC types (crates/weir/src/ipc.rs); do not edit by hand.\n\
         // Regenerate: WEIR_UPDATE_BINDINGS=1 cargo test -p weir bindings\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_fresh() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/ipc/bindings.ts");
        let fresh = super::typescript_bindings();
        if std::env::var_os("WEIR_UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/ipc/bindings.ts is stale: run `WEIR_UPDATE_BINDINGS=1 cargo test -p weir bindings`"
        );
    }
}
