//! Running one statement end to end: submit, follow the result pages until EOS with a backoff on
//! NOT_READY and empty pages, report events, and close the operation when done or cancelled
//! (closing is what stops a streaming SELECT's job on a real gateway).

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::client::GatewayClient;
use super::error::GatewayError;
use super::model::{
    Column, OperationHandle, ResultKind, ResultPage, ResultType, Row, RowFormat, SessionHandle,
};

/// How [`GatewayClient::run_statement`] runs a statement.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Per-statement Flink configuration (`executionConfig`), e.g. `execution.runtime-mode`.
    pub execution_config: BTreeMap<String, String>,
    /// Row format of the pages (V1 gateways always answer JSON).
    pub row_format: RowFormat,
    /// First wait after a NOT_READY or empty page; doubles up to `poll_max`, resets on rows.
    pub poll_initial: Duration,
    /// Longest wait between two fetches that brought nothing.
    pub poll_max: Duration,
    /// Close the operation after EOS or a failure (frees it on the gateway).
    pub close_when_done: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            execution_config: BTreeMap::new(),
            row_format: RowFormat::Json,
            poll_initial: Duration::from_millis(10),
            poll_max: Duration::from_millis(500),
            close_when_done: true,
        }
    }
}

/// What happens while a statement runs, in order: `Submitted`, then `Columns` and `JobId` (once
/// each, when known), any number of `Rows`, and last exactly one of `Finished`, `Cancelled`, `Failed`.
#[derive(Debug)]
pub enum StatementEvent {
    /// The gateway accepted the statement.
    Submitted(OperationHandle),
    /// The result's columns are known.
    Columns {
        /// Column names and types.
        columns: Vec<Column>,
        /// SUCCESS (DDL, SET: one `result` column) or SUCCESS_WITH_CONTENT.
        result_kind: Option<ResultKind>,
        /// Whether the statement is a query.
        is_query_result: bool,
    },
    /// The Flink job the statement started (a SELECT's or an INSERT's).
    JobId(String),
    /// A page of rows (changelog kinds included).
    Rows(Vec<Row>),
    /// The result ended (EOS) after this many rows in total.
    Finished {
        /// Rows received over all pages.
        rows: u64,
    },
    /// The run was cancelled; the operation was closed (its job stopped).
    Cancelled,
    /// The statement or the connection failed.
    Failed(GatewayError),
}

/// How long closing an operation may hold up the end of a run.
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// A running statement: read its events with [`StatementRun::next`]; cancel or drop it to stop it.
#[derive(Debug)]
pub struct StatementRun {
    events: mpsc::Receiver<StatementEvent>,
    cancel: CancellationToken,
}

impl StatementRun {
    /// The next event, or `None` after the last one.
    pub async fn next(&mut self) -> Option<StatementEvent> {
        self.events.recv().await
    }

    /// Stops the run: the operation is closed, then `Cancelled` is reported.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// A token that cancels this run when cancelled (e.g. to hand to a UI's stop button).
    pub fn cancel_token(&self) -> CancellationToken {
        self.cancel.clone()
    }
}

impl Drop for StatementRun {
    fn drop(&mut self) {
        // Dropping the run stops it: the background task closes the operation.
        self.cancel.cancel();
    }
}

impl GatewayClient {
    /// Runs `statement` in `session` in a background task and reports [`StatementEvent`]s.
    /// Must be called within a Tokio runtime.
    pub fn run_statement(
        &self,
        session: &SessionHandle,
        statement: &str,
        options: RunOptions,
    ) -> StatementRun {
        let (tx, rx) = mpsc::channel(16);
        let cancel = CancellationToken::new();
        let task = Runner {
            client: self.clone(),
            session: session.clone(),
            statement: statement.to_string(),
            options,
            tx,
            cancel: cancel.clone(),
        };
        tokio::spawn(task.run());
        StatementRun { events: rx, cancel }
    }
}

struct Runner {
    client: GatewayClient,
    session: SessionHandle,
    statement: String,
    options: RunOptions,
    tx: mpsc::Sender<StatementEvent>,
    cancel: CancellationToken,
}

/// Why the paging loop stopped early.
enum Stop {
    Cancelled,
    Failed(GatewayError),
}

impl Runner {
    async fn run(self) {
        // The submit is not raced with cancellation: once sent, its handle is needed to close it.
        let op = match self
            .client
            .execute_statement(
                &self.session,
                &self.statement,
                &self.options.execution_config,
            )
            .await
        {
            Ok(op) => op,
            Err(e) => {
                let _ = self
                    .tx
                    .send(StatementEvent::Failed(self.statement_error(e)))
                    .await;
                return;
            }
        };
        let last = match self.page_loop(&op).await {
            Ok(rows) => {
                if self.options.close_when_done {
                    self.close(&op).await;
                }
                StatementEvent::Finished { rows }
            }
            Err(Stop::Cancelled) => {
                self.close(&op).await;
                StatementEvent::Cancelled
            }
            Err(Stop::Failed(e)) => {
                if self.options.close_when_done {
                    self.close(&op).await;
                }
                StatementEvent::Failed(e)
            }
        };
        // The receiver may be gone (dropped run); nothing else to do then.
        let _ = self.tx.send(last).await;
    }

    async fn page_loop(&self, op: &OperationHandle) -> Result<u64, Stop> {
        self.emit(StatementEvent::Submitted(op.clone())).await?;
        let mut next: Option<String> = None;
        let mut delay = self.options.poll_initial;
        let mut columns_sent = false;
        let mut job_sent = false;
        let mut total: u64 = 0;
        loop {
            let fetch = async {
                match &next {
                    None => {
                        self.client
                            .fetch_results(&self.session, op, 0, self.options.row_format)
                            .await
                    }
                    Some(uri) => self.client.fetch_next(uri).await,
                }
            };
            let page: ResultPage = tokio::select! {
                _ = self.cancel.cancelled() => return Err(Stop::Cancelled),
                r = fetch => r.map_err(|e| Stop::Failed(self.statement_error(e)))?,
            };
            if page.result_type != ResultType::NotReady && !columns_sent {
                columns_sent = true;
                self.emit(StatementEvent::Columns {
                    columns: page.columns.clone(),
                    result_kind: page.result_kind,
                    is_query_result: page.is_query_result.unwrap_or(false),
                })
                .await?;
            }
            if let (Some(job), false) = (&page.job_id, job_sent) {
                job_sent = true;
                self.emit(StatementEvent::JobId(job.clone())).await?;
            }
            let got_rows = !page.rows.is_empty();
            if got_rows {
                total += page.rows.len() as u64;
                self.emit(StatementEvent::Rows(page.rows)).await?;
            }
            match page.result_type {
                ResultType::Eos => return Ok(total),
                ResultType::NotReady => {
                    // Same token again; the gateway says so in nextResultUri, or we keep ours.
                    if page.next_result_uri.is_some() {
                        next = page.next_result_uri;
                    }
                }
                ResultType::Payload => match page.next_result_uri {
                    Some(uri) => next = Some(uri),
                    None => {
                        return Err(Stop::Failed(GatewayError::BadNextUri {
                            url: self.client.base_url().to_string(),
                            uri: "(a PAYLOAD page without nextResultUri)".to_string(),
                        }))
                    }
                },
            }
            if got_rows {
                delay = self.options.poll_initial;
            } else {
                tokio::select! {
                    _ = self.cancel.cancelled() => return Err(Stop::Cancelled),
                    _ = tokio::time::sleep(delay) => {}
                }
                delay = (delay * 2).min(self.options.poll_max.max(self.options.poll_initial));
            }
        }
    }

    async fn emit(&self, event: StatementEvent) -> Result<(), Stop> {
        tokio::select! {
            _ = self.cancel.cancelled() => Err(Stop::Cancelled),
            r = self.tx.send(event) => r.map_err(|_| Stop::Cancelled),
        }
    }

    /// Closes the operation, waiting at most [`CLOSE_WAIT`]: after a gateway stopped answering,
    /// the run's end (a failure, a cancel) is not held back by a full request timeout more.
    async fn close(&self, op: &OperationHandle) {
        match tokio::time::timeout(CLOSE_WAIT, self.client.close_operation(&self.session, op)).await
        {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::debug!("closing operation {op} failed: {e}"),
            Err(_) => tracing::warn!(
                "the gateway did not confirm closing operation {op} within {CLOSE_WAIT:?}; not waiting longer (the gateway drops it with its session)"
            ),
        }
    }

    /// Server errors of a statement name the statement; transport errors stay as they are.
    fn statement_error(&self, e: GatewayError) -> GatewayError {
        match e {
            GatewayError::Server(error) => GatewayError::StatementFailed {
                statement: short_statement(&self.statement),
                error,
            },
            other => other,
        }
    }
}

/// The statement's first non-empty line, shortened to 120 characters.
fn short_statement(s: &str) -> String {
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = line.chars().take(120).collect();
    if line.chars().count() > 120 || s.trim().lines().count() > 1 {
        out.push_str(" …");
    }
    out
}
