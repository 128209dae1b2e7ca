//! Visit Sandbox: customer-manager staffing models and visit calendars (客户经理配置与拜访沙盘).
//!
//! `core` is the pure simulation (no web, no I/O, no clocks, seeded randomness only).
//! `charts` draws the core's results onto any plotters backend. `i18n` holds the translation
//! tables. `app` is the application layer between the core and the shells: the worker
//! protocol, the page's state and reducer, keeping and sharing (autosave, links) and the
//! workshop. `web` is the yew shell and exists only on wasm32; the CLI lives in `src/main.rs`.

pub mod app;
pub mod charts;
pub mod core;
pub mod i18n;

#[cfg(target_arch = "wasm32")]
pub mod web;
