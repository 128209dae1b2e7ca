//! `visit-sandbox pvrp FILE`: solves a Cordeau periodic VRP instance with the periodic planner.
//!
//! Like `route`, the only wall clock is here: the core receives a `stop` callback.

#![allow(clippy::disallowed_methods)] // benchmark command: the time limit is its purpose

use std::time::{Duration, Instant};

use visit_sandbox::core::routing::cordeau::{parse_cordeau, write_res};
use visit_sandbox::core::routing::periodic::{solve_periodic, PeriodicParams};

const USAGE: &str = "usage: visit-sandbox pvrp FILE [--time-limit-ms N] [--out FILE.res] \
[--seed N] [--max-kicks N]

Solves a Cordeau periodic VRP instance (type 1): visit-day patterns and daily routes chosen
together (insertion, local search over routes and patterns, ruin-and-recreate kicks).
  --time-limit-ms N  stop the search after N milliseconds of wall clock (default: none)
  --max-kicks N      iteration budget (default: unbounded with a time limit, else 1000)
  --seed N           random seed (default 1)
  --out FILE.res     write the solution in Cordeau .res format
The last line of stdout is the total cost (Euclidean, double precision, service excluded).";

/// Runs the `pvrp` command; `args` exclude the subcommand name.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let mut file: Option<String> = None;
    let mut time_limit: Option<u64> = None;
    let mut out: Option<String> = None;
    let mut seed: u64 = 1;
    let mut max_kicks: Option<u64> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--time-limit-ms" => time_limit = Some(num(it.next(), a)?),
            "--out" => out = Some(value(it.next(), a)?.to_string()),
            "--seed" => seed = num(it.next(), a)?,
            "--max-kicks" => max_kicks = Some(num(it.next(), a)?),
            s if s.starts_with("--") => return Err(format!("unknown flag {s}\n{USAGE}")),
            s => {
                if file.replace(s.to_string()).is_some() {
                    return Err(format!("more than one instance file\n{USAGE}"));
                }
            }
        }
    }
    let file = file.ok_or_else(|| format!("missing FILE\n{USAGE}"))?;
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

fn value<'a>(v: Option<&'a String>, flag: &str) -> Result<&'a str, String> {
    v.map(|s| s.as_str())
        .ok_or_else(|| format!("{flag} needs a value"))
}

fn num(v: Option<&String>, flag: &str) -> Result<u64, String> {
    let s = value(v, flag)?;
    s.parse()
        .map_err(|_| format!("{flag}: `{s}` is not a non-negative integer"))
}
