//! `visit-sandbox pvrp FILE`: solves a Cordeau periodic VRP instance with the periodic planner.
//!
//! Like `route`, the only wall clock is here: the core receives a `stop` callback.

#![allow(clippy::disallowed_methods)] // benchmark command: the time limit is its purpose

use std::time::{Duration, Instant};

use visit_sandbox::core::routing::cordeau::{parse_cordeau, write_res};
use visit_sandbox::core::routing::periodic::{solve_periodic, PeriodicParams};

use super::args::{Command, Flag};
use super::search::Search;

const FLAGS: &[Flag] = &[
    Flag::value(
        "--time-limit-ms",
        "N",
        "stop the search after N milliseconds of wall clock (default: none)",
    ),
    Flag::value(
        "--max-kicks",
        "N",
        "iteration budget (default: unbounded with a time limit, else 1000)",
    ),
    Flag::value("--seed", "N", "random seed").default("1"),
    Flag::value(
        "--out",
        "FILE.res",
        "write the solution in Cordeau .res format",
    ),
];

pub static COMMAND: Command = Command {
    name: "pvrp",
    synopsis: "FILE [--time-limit-ms N] [--out FILE.res] [--seed N] [--max-kicks N]",
    about: "\
Solves a Cordeau periodic VRP instance (type 1): visit-day patterns and daily routes chosen
together (insertion, local search over routes and patterns, ruin-and-recreate kicks).",
    positional: Some("FILE"),
    sections: &[("", FLAGS)],
    footer:
        "The last line of stdout is the total cost (Euclidean, double precision, service excluded).",
};

/// Runs the `pvrp` command; `args` exclude the subcommand name.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let Search {
        time_limit_ms: time_limit,
        seed,
        max_kicks,
    } = Search::read(&p)?;
    let out = p.text("--out").map(str::to_string);
    let file = p.positional().unwrap_or_default().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let inst = parse_cordeau(&text).map_err(|e| format!("{file}: {e}"))?;
    let matrix = inst.matrix();
    let problem = inst.problem(&matrix);
    let params = PeriodicParams {
        max_kicks: max_kicks.unwrap_or(if time_limit.is_some() {
            u64::MAX
        } else {
            PeriodicParams::default().max_kicks
        }),
        seed,
        ..PeriodicParams::default()
    };
    let deadline = time_limit.map(|ms| {
        let ms = ms.saturating_sub((ms / 50).min(100));
        started + Duration::from_millis(ms)
    });
    let mut stop = || deadline.is_some_and(|d| Instant::now() >= d);
    let sol = solve_periodic(&problem, &params, &mut stop);
    if let Some(path) = out {
        std::fs::write(&path, write_res(&inst, &sol)).map_err(|e| format!("{path}: {e}"))?;
    }
    let routes: usize = sol.days.iter().map(|d| d.len()).sum();
    println!(
        "customers {} days {} vehicles/day {} routes {}",
        inst.points.len() - 1,
        inst.days,
        inst.vehicles,
        routes
    );
    println!(
        "feasible {} violation {:.6} kicks {} time_ms {}",
        if sol.violation <= 1e-9 { "yes" } else { "no" },
        sol.violation,
        sol.kicks,
        started.elapsed().as_millis()
    );
    println!("{:.2}", sol.cost);
    Ok(())
}
