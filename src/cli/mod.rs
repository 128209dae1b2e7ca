//! The native command-line shell over the core (CONTRACT.md). Output another program reads goes
//! to stdout; messages go to stderr.

pub mod compare;
pub mod pvrp;
pub mod route;
pub mod vrptw;
