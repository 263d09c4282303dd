//! The autosave thread: gathers edits, tabs and layout changes for [`crate::AUTOSAVE_DELAY`] and
//! writes them in one transaction, so every edit is on disk within a second.

use crate::{poisoned, Pending, Result, Shared, WeirError};
use std::sync::Arc;
use std::time::Instant;

/// What one write takes out of [`Pending`].
struct Batch {
    texts: Vec<(weir_store::ScriptId, String)>,
    tabs: Option<weir_store::TabsState>,
    layout: Option<crate::Layout>,
}

fn take(p: &mut Pending) -> Batch {
    p.session_since = None;
    Batch {
        texts: p.docs.take_unflushed(),
        tabs: p.tabs.take(),
        layout: p.layout.take(),
    }
}

/// Puts a batch that could not be written back, so the next attempt writes it (nothing lost).
fn put_back(p: &mut Pending, batch: Batch) {
    let now = Instant::now();
    for (id, _) in &batch.texts {
        if let Some(d) = p.docs.open.get_mut(id) {
            d.unflushed_since.get_or_insert(now);
        }
    }
    if p.tabs.is_none() && batch.tabs.is_some() {
        p.tabs = batch.tabs;
        p.session_since.get_or_insert(now);
    }
    if p.layout.is_none() && batch.layout.is_some() {
        p.layout = batch.layout;
        p.session_since.get_or_insert(now);
    }
}

fn write(shared: &Shared, batch: &Batch) -> Result<()> {
    let mut store = shared.store.lock().map_err(poisoned)?;
    let texts: Vec<(i64, &str)> = batch
        .texts
        .iter()
        .map(|(id, t)| (*id, t.as_str()))
        .collect();
    store.save_texts(&texts)?;
    if let Some(tabs) = &batch.tabs {
        store.set_tabs_state(tabs)?;
    }
    if let Some(layout) = &batch.layout {
        let value = serde_json::to_value(layout)
            .map_err(|e| WeirError::Internal(format!("layout is not JSON: {e}")))?;
        store.set_setting(crate::ipc::LAYOUT_KEY, &value)?;
    }
    Ok(())
}

/// Writes whatever is pending, now, on the caller's thread.
pub(crate) fn flush_now(shared: &Shared) -> Result<()> {
    let batch = take(&mut *shared.pending.lock().map_err(poisoned)?);
    if let Err(e) = write(shared, &batch) {
        put_back(&mut *shared.pending.lock().map_err(poisoned)?, batch);
        return Err(e);
    }
    Ok(())
}

/// Starts the autosave thread; it ends when [`Pending::stop`] is set.
pub(crate) fn spawn(shared: Arc<Shared>) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("weir-autosave".into())
        .spawn(move || run(&shared))
}

fn run(shared: &Shared) {
    let Ok(mut pending) = shared.pending.lock() else {
        return;
    };
    loop {
        if pending.stop {
            return;
        }
        let Some(oldest) = pending.oldest() else {
            pending = match shared.wake.wait(pending) {
                Ok(p) => p,
                Err(_) => return,
            };
            continue;
        };
        let due = oldest + crate::AUTOSAVE_DELAY;
        let now = Instant::now();
        if now < due {
            pending = match shared.wake.wait_timeout(pending, due - now) {
                Ok((p, _)) => p,
                Err(_) => return,
            };
            continue;
        }
        let batch = take(&mut pending);
        drop(pending);
        let failed = write(shared, &batch).err();
        pending = match shared.pending.lock() {
            Ok(p) => p,
            Err(_) => return,
        };
        if let Some(e) = failed {
            tracing::error!("autosave failed, will retry: {e}");
            put_back(&mut pending, batch);
            // Back off a little so a full disk does not spin the thread.
            pending = match shared
                .wake
                .wait_timeout(pending, std::time::Duration::from_secs(1))
            {
                Ok((p, _)) => p,
                Err(_) => return,
            };
        }
    }
}
