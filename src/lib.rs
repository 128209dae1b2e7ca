//! Visit Sandbox: customer-manager staffing models and visit calendars (客户经理配置与拜访沙盘).
//!
//! `core` is the pure simulation (no web, no I/O, no clocks, seeded randomness only).
//! `charts` draws the core's results onto any plotters backend. `i18n` holds the translation
//! tables. `kit` keeps and shares the page's state (autosave, links). `web` is the yew shell
//! and exists only on wasm32; the CLI lives in `src/main.rs`.

pub mod app;
pub mod charts;
pub mod core;
pub mod i18n;
pub mod job;
pub mod kit;
pub mod workshop;

#[cfg(target_arch = "wasm32")]
pub mod web;
