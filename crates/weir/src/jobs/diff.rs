//! What changed between two observations of a cluster's jobs: for live polling, and for the
//! alerts on jobs that fail or restart.

use serde::Serialize;
use ts_rs::TS;

use super::view::JobRow;

/// States a change into which is worth an alert.
pub const ALERT_STATES: [&str; 2] = ["FAILED", "RESTARTING"];

/// A job whose state differs between two lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StateChange {
    /// The job id.
    pub id: String,
    /// The job name (as in the newer list).
    pub name: String,
    /// The state in the older list.
    pub from: String,
    /// The state in the newer list.
    pub to: String,
    /// Whether `to` is one of [`ALERT_STATES`].
    pub alert: bool,
}

/// The difference between two job lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobsDiff {
    /// Jobs only in the newer list (in its order).
    pub added: Vec<JobRow>,
    /// Jobs only in the older list (in its order).
    pub removed: Vec<JobRow>,
    /// Jobs in both whose state changed (in the newer list's order).
    pub changed: Vec<StateChange>,
}

impl JobsDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The changes into FAILED or RESTARTING. Added jobs are not alerts: on the first poll every
    /// job is new, and an old failure is not news.
    pub fn alerts(&self) -> impl Iterator<Item = &StateChange> {
        self.changed.iter().filter(|c| c.alert)
    }
}

/// Compares two observations of the same cluster's jobs, by job id.
pub fn diff(before: &[JobRow], after: &[JobRow]) -> JobsDiff {
    let old: std::collections::HashMap<&str, &JobRow> =
        before.iter().map(|j| (j.id.as_str(), j)).collect();
    let new: std::collections::HashSet<&str> = after.iter().map(|j| j.id.as_str()).collect();
    let mut d = JobsDiff::default();
    for j in after {
        match old.get(j.id.as_str()) {
            None => d.added.push(j.clone()),
            Some(o) if o.state != j.state => d.changed.push(StateChange {
                id: j.id.clone(),
                name: j.name.clone(),
                from: o.state.clone(),
                to: j.state.clone(),
                alert: ALERT_STATES.contains(&j.state.as_str()),
            }),
            Some(_) => {}
        }
    }
    d.removed = before
        .iter()
        .filter(|j| !new.contains(j.id.as_str()))
        .cloned()
        .collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, state: &str) -> JobRow {
        JobRow {
            id: id.into(),
            name: format!("job-{id}"),
            state: state.into(),
            start_time: Some(1),
            end_time: None,
            duration_ms: None,
            last_modification: None,
            origin: None,
        }
    }

    #[test]
    fn added_removed_and_changed_jobs_are_told_apart() {
        let before = [
            job("a", "RUNNING"),
            job("b", "RUNNING"),
            job("c", "RUNNING"),
        ];
        let after = [
            job("d", "INITIALIZING"),
            job("a", "RUNNING"),
            job("b", "FAILED"),
        ];
        let d = diff(&before, &after);
        assert_eq!(d.added, [job("d", "INITIALIZING")]);
        assert_eq!(d.removed, [job("c", "RUNNING")]);
        assert_eq!(
            d.changed,
            [StateChange {
                id: "b".into(),
                name: "job-b".into(),
                from: "RUNNING".into(),
                to: "FAILED".into(),
                alert: true,
            }]
        );
        assert!(!d.is_empty());
        assert!(diff(&after, &after).is_empty());
    }

    #[test]
    fn failing_and_restarting_are_alerts_finishing_is_not() {
        let before = [
            job("a", "RUNNING"),
            job("b", "RUNNING"),
            job("c", "RUNNING"),
        ];
        let after = [
            job("a", "RESTARTING"),
            job("b", "FINISHED"),
            job("c", "CANCELLING"),
        ];
        let d = diff(&before, &after);
        let alerts: Vec<&str> = d.alerts().map(|c| c.id.as_str()).collect();
        assert_eq!(alerts, ["a"]);
        assert_eq!(d.changed.len(), 3);
        // A job first seen already FAILED is added, not an alert.
        let d = diff(&[], &[job("x", "FAILED")]);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.alerts().count(), 0);
        // Back from RESTARTING to RUNNING: a change, no alert.
        let d = diff(&[job("a", "RESTARTING")], &[job("a", "RUNNING")]);
        assert_eq!((d.changed.len(), d.alerts().count()), (1, 0));
    }
}
