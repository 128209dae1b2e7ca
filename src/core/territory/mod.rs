//! The territory engine (片区划分): partitions weighted basic units (customers, or streets and
//! villages with several activity measures) into `p` territories that
//!
//! - balance every chosen measure within a tolerance of its mean (what the study asks as
//!   "均衡划分客户经理管理客户数量，平衡工作量": customers, hours and sales together),
//! - are compact: either the largest diameter of a territory (the Delivery Territory Design
//!   benchmark's objective, shortest paths over a graph) or the weighted mean distance of a
//!   unit to its territory's centre (the product's: what a manager drives),
//! - keep locked units where they are, optionally stay connected in a neighbour graph, and
//!   prefer a starting assignment (today's plan) with a weight for stability.
//!
//! The search is deterministic for a seed, bounded by an iteration budget, and stoppable: the
//! caller's `stop` is polled now and then (the CLI passes a clock there; the core has none).
//!
//! `balance.rs` keeps the loads and the band; `diameter.rs` is the bottleneck search (tabu over
//! conflicting pairs under a falling threshold); `centre.rs` the centre search; `connect.rs`
//! the connectivity rules; `graph.rs` shortest paths over a weighted graph.

mod balance;
mod bisect;
mod centre;
mod connect;
mod diameter;
pub mod graph;
pub mod graphml;
mod neighbours;
mod problem;

pub use balance::{deviations, infeasibility, Balance};
pub use bisect::territories as bisection;
pub use connect::{disconnected_territories, is_connected_subset};
pub use graph::DistMatrix;
pub use neighbours::neighbour_graph;
pub use problem::{Compactness, Problem, Solution, TerritoryError};

/// Searches `problem` until its iteration budget is spent or `stop` says so (polled every few
/// hundred moves), and returns the best partition found: balanced first, then compact.
pub fn solve(
    problem: &Problem,
    stop: &mut dyn FnMut() -> bool,
) -> Result<Solution, TerritoryError> {
    problem.validate()?;
    match problem.compactness {
        Compactness::Diameter(d) => Ok(diameter::search(problem, d, stop)),
        Compactness::Centre { pts, weight } => Ok(centre::search(problem, pts, weight, stop)),
    }
}

/// The compactness objective of any partition, as `solve` reports it.
pub fn objective(problem: &Problem, territory: &[usize]) -> f64 {
    match problem.compactness {
        Compactness::Diameter(d) => diameter::largest_diameter(d, territory, problem.territories),
        Compactness::Centre { pts, weight } => {
            centre::mean_distance(pts, weight, territory, problem.territories)
        }
    }
}
