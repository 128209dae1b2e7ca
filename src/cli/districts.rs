//! `visit-sandbox districts FILE.graphml`: partitions a benchmark graph into balanced compact
//! districts with the territory engine (the Delivery Territory Design Problem: every activity
//! within the tolerance of its mean, the largest district diameter by shortest paths minimised).
//!
//! A benchmark command: like `route` and `pvrp`, a wall clock may bound the search here; the
//! core stays clock-free and receives a `stop` callback that reads `Instant`.

#![allow(clippy::disallowed_methods)] // benchmark command: the time limit is its purpose

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use visit_sandbox::core::territory::graphml::parse_graphml;
use visit_sandbox::core::territory::{
    disconnected_territories, solve, Compactness, DistMatrix, Problem,
};

use super::args::{Command, Flag};

/// The benchmark's three activities, balanced in this order.
pub const MEASURES: [&str; 3] = ["workload", "n_customers", "demand"];

const FLAGS: &[Flag] = &[
    Flag::value("--districts", "P", "number of districts (required)"),
    Flag::value(
        "--tolerance",
        "T",
        "balance band as a fraction of each activity's mean: 0.05 is ±5 %",
    )
    .default("0.05"),
    Flag::switch(
        "--connected",
        "every district must be connected in the graph (the benchmark does not ask it)",
    ),
    Flag::value(
        "--time-limit-ms",
        "N",
        "stop the search after N milliseconds of wall clock (default: none)",
    ),
    Flag::value(
        "--max-iterations",
        "N",
        "move budget (default: 1000000000 with a time limit, else 2000 x nodes)",
    ),
    Flag::value("--seed", "N", "random seed").default("1"),
    Flag::value(
        "--out",
        "FILE",
        "write the solution: one line per node, `node_id district_index`",
    ),
];

pub static COMMAND: Command = Command {
    name: "districts",
    synopsis: "FILE.graphml --districts P [--tolerance T] [--connected] [--time-limit-ms N] [--out SOL.txt]",
    about: "\
Partitions the nodes of a GraphML graph (node activities workload, n_customers, demand; edge
attribute distance) into P districts, each activity within the tolerance of its mean, minimising
the largest district diameter measured by shortest paths over the whole graph.",
    positional: Some("FILE.graphml"),
    sections: &[("", FLAGS)],
    footer: "Prints the instance, the objective, the infeasibility (0 when every district is inside the band) and the time.",
};

/// Runs the `districts` command; `args` exclude the subcommand name.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let Some(a) = COMMAND.read(args)? else {
        return Ok(());
    };
    let read = || -> Result<_, super::args::ArgsError> {
        Ok((
            a.whole::<usize>("--districts")?,
            a.parse_with("--tolerance", |v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|t| (0.0..=1.0).contains(t))
                    .ok_or("give a fraction from 0 to 1 (0.05 is ±5 %)")
            })?,
            a.whole::<u64>("--time-limit-ms")?,
            a.whole::<u64>("--max-iterations")?,
            a.whole::<u64>("--seed")?.unwrap_or(1),
        ))
    };
    let (p, tolerance, time_limit, max_iterations, seed) = read().map_err(|e| e.to_string())?;
    let p = p.ok_or_else(|| "--districts P is required".to_string())?;
    let tolerance = tolerance.unwrap_or(0.05);
    let connected = a.switch("--connected");
    let file = a.positional().unwrap_or_default().to_string();
    if file.is_empty() {
        return Err(format!("give the instance file\n\n{}", COMMAND.usage()));
    }
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let inst = parse_graphml(&text, &MEASURES, "distance").map_err(|e| format!("{file}: {e}"))?;
    let n = inst.ids.len();
    let dist = DistMatrix::shortest_paths(n, &inst.edges);
    let adjacency = inst.adjacency();
    let deadline = time_limit.map(|ms| {
        // Leave a margin for writing the output and process exit.
        let ms = ms.saturating_sub((ms / 50).min(50));
        started + Duration::from_millis(ms)
    });
    let mut stop = || deadline.is_some_and(|d| Instant::now() >= d);
    let problem = Problem {
        territories: p,
        measures: &inst.measures,
        tolerance,
        compactness: Compactness::Diameter(&dist),
        adjacency: Some(&adjacency),
        connected,
        locked: &[],
        start: None,
        stability: 0.0,
        anchored: &[],
        seed,
        max_iterations: max_iterations.unwrap_or(if time_limit.is_some() {
            1_000_000_000
        } else {
            2000 * n as u64
        }),
    };
    let sol = solve(&problem, &mut stop).map_err(|e| format!("{file}: {e}"))?;
    if let Some(path) = a.text("--out") {
        let mut out = String::with_capacity(n * 8);
        for (id, k) in inst.ids.iter().zip(&sol.territory) {
            let _ = writeln!(out, "{id} {k}");
        }
        std::fs::write(path, out).map_err(|e| format!("{path}: {e}"))?;
    }
    let disconnected = disconnected_territories(&adjacency, &sol.territory, p).len();
    println!("instance {file} nodes {n} districts {p} tolerance {tolerance}");
    println!(
        "iterations {} time_ms {} disconnected_districts {disconnected}",
        sol.iterations,
        started.elapsed().as_millis()
    );
    println!("feasible {}", sol.feasible());
    println!("infeasibility {}", sol.infeasibility);
    println!("objective {}", sol.objective);
    Ok(())
}
