//! Weir's outside world: the Flink SQL Gateway REST client ([`gateway`]), the JobManager REST
//! client ([`jobmanager`]), Flink's type strings ([`types`]) and the launcher of Weir's local Flink
//! engine ([`engine`]).
//!
//! No Tauri, no UI: the `weir` crate's use cases call this crate.

pub mod engine;
pub mod gateway;
pub mod jobmanager;
pub mod types;

pub use tokio_util::sync::CancellationToken;
