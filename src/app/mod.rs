//! The application layer: everything between the pure core and the shells (the page and the
//! CLI), native and pure so it is tested with `cargo test`. It assembles scenarios, speaks the
//! worker protocol, shapes results for display, keeps and shares the page's state, runs the
//! workshop exercises and holds the page's `State` with its pure reducer. No web crate, no
//! clock, no file system here: the shells do the I/O.
//!
//! - `protocol`: the messages between the page and its worker; `session` what the worker does
//!   with them (`request_scenario` builds a request's scenario, `outcome` shapes a result,
//!   `sweep` the staffing curves); `limits` the ranges both sides check.
//! - `keep`: the autosave envelope and the shareable link; `workshop`: the exercises.
//! - `state` and `reduce`: the page's state and its one reducer; `slides`: what presentation
//!   mode and the tour step through.
//! - `message` and `error`: failures as the user reads them, in either language.

pub mod error;
pub mod keep;
pub mod limits;
pub mod message;
pub mod outcome;
pub mod protocol;
pub mod reduce;
mod request_scenario;
pub mod session;
pub mod slides;
pub mod state;
pub mod sweep;
pub mod workshop;
