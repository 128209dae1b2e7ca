//! The native command-line shell over the core (docs/contract.md). Output another program reads goes
//! to stdout; messages go to stderr.

pub mod args;
pub mod bench;
pub mod claims;
pub mod compare;
pub mod districts;
pub mod generate;
pub mod parallel;
pub mod pilot;
pub mod plan;
pub mod pvrp;
pub mod route;
pub mod scenario_args;
pub mod search;
pub mod vrptw;
