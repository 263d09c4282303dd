//! The bodies of the fuzz targets, shared by the fuzz binaries (`fuzz_targets/`) and the stable
//! regression test (`../tests/fuzz_regressions.rs`): any bytes a server may send go through every
//! decoder the clients use. A panic is a bug; decode errors are fine.

#![allow(dead_code)]

use weir_connect::jobmanager::model::{
    decode, CheckpointConfig, CheckpointStats, CheckpointingStatistics, ClusterOverview, JobConfig,
    JobDetails, JobExceptions, JobsOverview, Metric, PlanAnswer, RootCause, SavepointStatus,
    SavepointStatusAnswer, TaskManagers, Triggered, VertexDetails, VertexStats,
};

/// `gateway_json`: every SQL Gateway answer type, incl. result pages with their rows and changelog
/// kinds (decimals kept exact), and the error answer reduced to its root cause.
pub fn gateway_json(data: &[u8]) {
    weir_connect::gateway::decode_every_answer(data);
}

/// `jobmanager_json`: every JobManager answer type, and what the client derives from them (the
/// root cause of `/exceptions`, a savepoint's status, a vertex's stats).
pub fn jobmanager_json(data: &[u8]) {
    let _ = decode::<ClusterOverview>(data);
    let _ = decode::<JobsOverview>(data);
    let _ = decode::<JobDetails>(data);
    let _ = decode::<PlanAnswer>(data);
    let _ = decode::<JobConfig>(data);
    let _ = decode::<CheckpointingStatistics>(data);
    let _ = decode::<CheckpointConfig>(data);
    let _ = decode::<CheckpointStats>(data);
    let _ = decode::<VertexDetails>(data);
    let _ = decode::<TaskManagers>(data);
    let _ = decode::<Triggered>(data);
    if let Ok(ex) = decode::<JobExceptions>(data) {
        if let Some(cause) = ex.root_cause() {
            assert!(cause.trace.contains(cause.message.as_str()) || cause.message.is_empty());
        }
    }
    if let Ok(answer) = decode::<SavepointStatusAnswer>(data) {
        if let SavepointStatus::Completed { location } = answer.status() {
            assert!(answer.operation.and_then(|o| o.location) == Some(location));
        }
    }
    if let Ok(metrics) = decode::<Vec<Metric>>(data) {
        let s = VertexStats::from_metrics(&metrics, &metrics);
        for v in [s.busy_ms_per_second, s.backpressured_ms_per_second]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite());
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let cause = RootCause::from_trace(text);
        assert_eq!(cause.trace, text);
    }
}
