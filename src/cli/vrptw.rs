//! `visit-sandbox vrptw FILE.txt`: solves a Solomon VRPTW instance with the full fleet
//! (distance objective, exact distances) by the same day-route engine the calendar uses
//! (`core::routing::tw::solve_day`). An extension of the contract, for the benchmark table.
//!
//! With `route` and `pvrp`, the only place where a wall clock bounds optimisation.
#![allow(clippy::disallowed_methods)] // benchmark command: the time limit is its purpose

use std::time::{Duration, Instant};

pub const USAGE: &str = "\
visit-sandbox vrptw FILE.txt [--time-limit-ms N] [--out FILE.sol]

Solves a Solomon VRPTW instance (all customers, the instance's fleet, distance objective,
exact distances). Prints the distance on the last line; --out writes the routes.";

pub fn run(args: &[String]) -> Result<(), String> {
    use visit_sandbox::core::routing::matrix::{neighbour_lists, Rounding};
    use visit_sandbox::core::routing::solomon::{parse_solomon, write_solution};
    use visit_sandbox::core::routing::tw::{solve_day, Ctx, DayParams};
    let started = Instant::now();
    let mut file = None;
    let mut out = None;
    let mut limit = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time-limit-ms" => {
                let v = it.next().ok_or("--time-limit-ms needs a value")?;
                limit = Some(v.parse::<u64>().map_err(|e| format!("{v}: {e}"))?);
            }
            "--out" => out = Some(it.next().ok_or("--out needs a value")?.clone()),
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            s => file = Some(s.to_string()),
        }
    }
    let file = file.ok_or("missing FILE")?;
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
