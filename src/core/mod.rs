//! The simulation core: plain data in, plain data out.
//!
//! Architecture invariant: nothing under `core` touches the DOM, storage, files, clocks,
//! the network or an unseeded random generator. The same scenario and seed give the same
//! outcome natively and in wasm.

pub mod apportion;
pub mod assignment;
pub mod assumptions;
pub mod calendar;
pub mod calendar_check;
pub mod claims;
pub mod compare;
pub mod dates;
pub mod departments;
pub mod error;
pub mod fingerprint;
pub mod generate;
pub mod geo;
pub mod io;
pub mod metrics;
pub mod models;
pub mod need;
pub mod pilot;
pub mod pilot_rule;
pub mod rng;
pub mod routing;
pub mod scenario;
pub mod settings;
pub mod staffing;
pub mod territory;
pub mod value_group;
pub mod workload;
pub mod zone;
