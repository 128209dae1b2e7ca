//! Routing engine: daily routes with time windows and periodic calendars (see ARCHITECTURE.md).
//!
//! Public pieces (see `docs/routing.md` for the design and benchmark results):
//! - [`matrix`]: the [`Costs`] trait (cost + travel time per arc) and a dense [`Matrix`].
//! - [`tsp`]: a symmetric TSP iterated local search (2-opt, Or-opt, neighbour lists,
//!   don't-look bits, local double-bridge kicks).
//! - [`tw`]: routes with time windows, capacity and a duration limit — one vehicle's day, or a
//!   day with several vehicles — built by insertion and improved by local search + kicks.
//! - [`periodic`]: the periodic planner (visit-day patterns × daily routes, improved together).
//! - [`tsplib`], [`solomon`], [`cordeau`]: benchmark parsers with typed, line-numbered errors.
//!
//! Everything here is deterministic: effort is bounded by iteration counts, randomness comes
//! from a seeded generator local to each call, and an optional `stop` callback lets a caller
//! (the benchmark CLI) cut the search short without the core reading a clock.

pub mod cordeau;
pub mod matrix;
pub mod periodic;
pub mod solomon;
pub mod tsp;
pub mod tsplib;
pub mod tw;

pub use matrix::{Costs, Matrix, Point, Rounding};

use rand::RngExt;

use crate::core::rng::{seeded, CoreRng};

/// A seeded generator local to each search of the routing engine (the core's PCG, identical
/// on every platform; made by `core::rng`, the one place generators are constructed).
pub struct Rng(CoreRng);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seeded(seed))
    }
    /// Uniform integer in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }
}

/// An iteration budget plus the caller's "should stop" callback.
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub(crate) fn new(iterations: u64) -> Self {
        Budget { left: iterations }
    }
    /// Consumes one iteration; false when the budget is spent or the caller asks to stop.
    pub(crate) fn take(&mut self, stop: &mut dyn FnMut() -> bool) -> bool {
        if self.left == 0 || stop() {
            return false;
        }
        self.left -= 1;
        true
    }
}

/// A `stop` callback that never stops: effort is then bounded by the iteration budget alone.
pub fn never() -> impl FnMut() -> bool {
    || false
}
