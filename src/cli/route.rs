//! `visit-sandbox route FILE.tsp`: solves a TSPLIB instance with the routing engine's TSP search.
//!
//! The only place (with `pvrp`) where a wall clock bounds optimisation: the core stays clock-free
//! and receives a `stop` callback that reads `Instant` here.

#![allow(clippy::disallowed_methods)] // benchmark command: the time limit is its purpose

use std::time::{Duration, Instant};

use visit_sandbox::core::routing::matrix::quadrant_neighbour_lists;
use visit_sandbox::core::routing::tsp::{
    rotate_to, solve_tsp_with_neighbours, tour_length, TspParams,
};
use visit_sandbox::core::routing::tsplib::{parse_tsplib, write_tour};

const USAGE: &str = "usage: visit-sandbox route FILE.tsp [--time-limit-ms N] [--tour-out FILE] \
[--seed N] [--max-kicks N]

Solves a TSPLIB EUC_2D (or CEIL_2D) instance: nearest neighbour, then an iterated local search
(2-opt + Or-opt with neighbour lists and don't-look bits, local double-bridge kicks).
  --time-limit-ms N  stop the search after N milliseconds of wall clock (default: none)
  --max-kicks N      iteration budget (default: 200000000 with a time limit, else 50 x nodes)
  --seed N           random seed (default 1)
  --tour-out FILE    write the tour in TSPLIB TOUR format
Prints the instance, nodes and time on stderr-free lines; the last line of stdout is the length.";

/// Runs the `route` command; `args` exclude the subcommand name.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let mut file: Option<String> = None;
    let mut time_limit: Option<u64> = None;
    let mut tour_out: Option<String> = None;
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
            "--tour-out" => tour_out = Some(value(it.next(), a)?.to_string()),
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
    let file = file.ok_or_else(|| format!("missing FILE.tsp\n{USAGE}"))?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let inst = parse_tsplib(&text).map_err(|e| format!("{file}: {e}"))?;
    let matrix = inst.matrix();
    let n = inst.points.len();
    let params = TspParams {
        max_kicks: max_kicks.unwrap_or(if time_limit.is_some() {
            200_000_000
        } else {
            50 * n as u64
        }),
        seed,
        ..TspParams::default()
    };
    let deadline = time_limit.map(|ms| {
        // Leave a small margin for writing the output and process exit.
        let ms = ms.saturating_sub((ms / 50).min(30));
        started + Duration::from_millis(ms)
    });
    let mut stop = || deadline.is_some_and(|d| Instant::now() >= d);
    // Quadrant neighbours keep clustered instances (fl1577) connected; same lists everywhere.
    let neigh = quadrant_neighbour_lists(&matrix, &inst.points, params.neighbours, 2);
    let mut res = solve_tsp_with_neighbours(&matrix, &neigh, &params, &mut stop);
    rotate_to(&mut res.tour, 0);
    let length = tour_length(&matrix, &res.tour);
    if let Some(path) = tour_out {
        let name = if inst.name.is_empty() {
            "tour"
        } else {
            &inst.name
        };
        std::fs::write(&path, write_tour(name, &res.tour, length))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    println!("instance {} nodes {}", inst.name, n);
    println!(
        "kicks {} time_ms {}",
        res.kicks,
        started.elapsed().as_millis()
    );
    println!("{length}");
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
