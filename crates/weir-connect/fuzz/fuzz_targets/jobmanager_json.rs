#![no_main]
//! Fuzz target `jobmanager_json`: see `../bodies.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../bodies.rs"]
mod bodies;

fuzz_target!(|data: &[u8]| bodies::jobmanager_json(data));
