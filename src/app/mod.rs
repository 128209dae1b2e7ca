//! The application layer: everything between the pure core and the shells (the page and the
//! CLI), native and pure so it is tested with `cargo test`. It assembles scenarios, speaks the
//! worker protocol, shapes results for display, keeps and shares the page's state, runs the
//! workshop exercises and holds the page's `State` with its pure reducer. No web crate, no
//! clock, no file system here: the shells do the I/O.

pub mod message;
pub mod panels;
