//! The Flink SQL Gateway REST client (API V1..V4): one client for a remote gateway and for Weir's
//! local engine, which speaks the same protocol.
//!
//! [`GatewayClient::connect`] negotiates the version; its methods map one-to-one onto the endpoints;
//! [`GatewayClient::run_statement`] hides the result paging and can be cancelled.

mod client;
pub(crate) mod error;
pub(crate) mod http;
mod model;
mod run;

pub use client::{decode_every_answer, GatewayClient};
pub use error::{GatewayError, ServerError};
pub use http::GatewayConfig;
pub use model::{
    ApiVersion, Column, GatewayInfo, OperationHandle, OperationStatus, ResultKind, ResultPage,
    ResultType, Row, RowFormat, RowKind, SessionHandle, SessionOptions,
};
pub use run::{RunOptions, StatementEvent, StatementRun};
