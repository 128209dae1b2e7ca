//! `visit-sandbox vrptw FILE.txt`: solves a Solomon VRPTW instance with the full fleet
//! (distance objective, exact distances) by the same day-route engine the calendar uses
//! (`core::routing::tw::solve_day`). An extension of the contract, for the benchmark table.
//!
//! With `route` and `pvrp`, the only place where a wall clock bounds optimisation.
#![allow(clippy::disallowed_methods)] // benchmark command: the time limit is its purpose

use std::time::{Duration, Instant};

use super::args::{Command, Flag};

const FLAGS: &[Flag] = &[
    Flag::value(
        "--time-limit-ms",
        "N",
        "stop the search after N milliseconds of wall clock (default: none)",
    ),
    Flag::value("--out", "FILE.sol", "write the routes"),
];

pub static COMMAND: Command = Command {
    name: "vrptw",
    synopsis: "FILE.txt [--time-limit-ms N] [--out FILE.sol]",
    about: "\
Solves a Solomon VRPTW instance (all customers, the instance's fleet, distance objective,
exact distances). Prints the distance on the last line; --out writes the routes.",
    positional: Some("FILE.txt"),
    sections: &[("", FLAGS)],
    footer: "",
};

pub fn run(args: &[String]) -> Result<(), String> {
    use visit_sandbox::core::routing::matrix::{neighbour_lists, Rounding};
    use visit_sandbox::core::routing::solomon::{parse_solomon, write_solution};
    use visit_sandbox::core::routing::tw::{solve_day, Ctx, DayParams};
    let started = Instant::now();
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let limit = p
        .whole::<u64>("--time-limit-ms")
        .map_err(|e| e.to_string())?;
    let out = p.text("--out").map(str::to_string);
    let file = p.positional().unwrap_or_default().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let inst = parse_solomon(&text).map_err(|e| format!("{file}: {e}"))?;
    let m = inst.matrix(Rounding::Exact);
    let ctx = Ctx {
        costs: &m,
        sites: &inst.sites,
        depot: 0,
        limits: inst.limits(),
    };
    let params = DayParams {
        max_kicks: if limit.is_some() {
            u64::MAX
        } else {
            DayParams::default().max_kicks
        },
        ..DayParams::default()
    };
    let neigh = neighbour_lists(&m, params.neighbours);
    let customers: Vec<usize> = (1..inst.sites.len()).collect();
    let deadline = limit.map(|ms| started + Duration::from_millis(ms.saturating_sub(ms / 50)));
    let mut stop = || deadline.is_some_and(|d| Instant::now() >= d);
    let sol = solve_day(&ctx, &customers, &[], &neigh, &params, &mut stop);
    if let Some(p) = out {
        std::fs::write(&p, write_solution(&sol.routes, sol.distance))
            .map_err(|e| format!("{p}: {e}"))?;
    }
    println!(
        "vehicles {} violation {} time_ms {}",
        sol.routes.len(),
        sol.violation,
        started.elapsed().as_millis()
    );
    println!("{:.2}", sol.distance);
    Ok(())
}
