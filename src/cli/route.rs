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
        "iteration budget (default: 200000000 with a time limit, else 50 x nodes)",
    ),
    Flag::value("--seed", "N", "random seed").default("1"),
    Flag::value("--tour-out", "FILE", "write the tour in TSPLIB TOUR format"),
];

pub static COMMAND: Command = Command {
    name: "route",
    synopsis: "FILE.tsp [--time-limit-ms N] [--tour-out FILE] [--seed N] [--max-kicks N]",
    about: "\
Solves a TSPLIB EUC_2D (or CEIL_2D) instance: nearest neighbour, then an iterated local search
(2-opt + Or-opt with neighbour lists and don't-look bits, local double-bridge kicks).",
    positional: Some("FILE.tsp"),
    sections: &[("", FLAGS)],
    footer: "Prints the instance, nodes and time on stderr-free lines; the last line of stdout is the length.",
};

/// Runs the `route` command; `args` exclude the subcommand name.
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
    let tour_out = p.text("--tour-out").map(str::to_string);
    let file = p.positional().unwrap_or_default().to_string();
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
