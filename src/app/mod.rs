//! The application layer: everything between the pure core and the shells (the page and the
//! CLI), native and pure so it is tested with `cargo test`. It assembles scenarios, speaks the
//! worker protocol, shapes results for display, keeps and shares the page's state, runs the
//! workshop exercises and holds the page's `State` with its pure reducer. No web crate, no
//! clock, no file system here: the shells do the I/O.

pub mod base64;
pub mod charts_data;
pub mod core_errors;
pub mod error;
pub mod exports;
pub mod fanout;
pub mod keep;
pub mod limits;
pub mod message;
pub mod outcome;
pub mod panels;
pub mod parts;
pub mod people_table;
pub mod pilot_session;
pub mod pilot_view;
pub mod pool;
pub mod protocol;
pub mod reduce;
mod request_scenario;
pub mod review;
pub mod scenario;
pub mod session;
pub mod slides;
pub mod staffing_view;
pub mod state;
pub mod sweep;
pub mod units;
pub mod upload;
pub mod verdict;
pub mod workbook;
pub mod workshop;
