//! `visit-sandbox bench`: times the presets natively and prints a table of figures, each
//! saying what it includes. Figures, not verdicts: nothing here fails on time.

#![allow(clippy::disallowed_methods)] // benchmark command: measuring wall-clock time is its purpose

use std::time::Instant;

use visit_sandbox::app::limits::{DEFAULT_SEED, MAX_CLI_REPLICATIONS};
use visit_sandbox::core::compare::Options;
use visit_sandbox::core::generate::{generate, staff_by_workload, Preset};
use visit_sandbox::core::io;
use visit_sandbox::core::models::ModelId;
use visit_sandbox::core::pilot::{self, parse_stages, PilotSpec};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::settings::Settings;

use super::args::{ArgsError, Command, Flag, Parsed};
use super::parallel;

const FLAGS: &[Flag] = &[
    Flag::value(
        "--preset",
        "NAME",
        "a preset to time (default: county and city)",
    )
    .repeated(),
    // The default is app::limits::DEFAULT_SEED (a test checks the text against it).
    Flag::value("--seed", "N", "seed of every preset").default("42"),
    Flag::value(
        "--replications",
        "N",
        "replications under disturbances of the last row (1-1000)",
    )
    .default("20"),
    Flag::switch("--no-headcount-search", "skip the '+ search' row"),
    Flag::value(
        "--import",
        "FILE",
        "a customer list to time the import of (instead of the presets)",
    )
    .repeated(),
];

pub static COMMAND: Command = Command {
    name: "bench",
    synopsis: "[--preset NAME]... [--seed N] [--replications N] [--no-headcount-search] \
               [--import FILE]...",
    about: "\
Times each preset (default: county and city) natively and prints one row per figure:
  generate        the preset's scenario from its seed
  compare         5 models: assignment, check, 4-week calendar, metrics
  + search        the same with each model's headcount search
  pilot           today's plan and a two-stage specialised pilot in the second department
                  (service+brand, then all four posts), each with its calendar and the
                  establishment search in the pilot
  replications    the same as compare, lived N times under disturbances (default 20)
With --import FILE (a customer list, as --customers reads it) the presets are timed only when
named, and each list gets three rows:
  parse           the list read into customers (columns, cells, zones, grades and the other
                  derived fields)
  departments     the same and its departments derived (what the page's import does)
  staffed         the same and its managers made up by the workload method (what compare
                  does before planning)
Peak memory is the process's high-water mark (VmHWM) after the row: it never decreases, so
run one preset at a time for a per-preset figure.",
    positional: None,
    sections: &[("", FLAGS)],
    footer: "",
};

struct Args {
    presets: Vec<Preset>,
    imports: Vec<String>,
    seed: u64,
    replications: u32,
    search: bool,
}

fn read(p: &Parsed) -> Result<Args, ArgsError> {
    let mut presets = p
        .texts("--preset")
        .iter()
        .map(|v| {
            Preset::parse(v).map_err(|e| ArgsError::Invalid {
                flag: "--preset",
                reason: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let imports: Vec<String> = p.texts("--import").iter().map(|s| s.to_string()).collect();
    if presets.is_empty() && imports.is_empty() {
        presets = vec![Preset::County, Preset::City];
    }
    Ok(Args {
        presets,
        imports,
        seed: p.whole("--seed")?.unwrap_or(DEFAULT_SEED),
        replications: p
            .whole_in("--replications", 1, MAX_CLI_REPLICATIONS)?
            .unwrap_or(20),
        search: !p.switch("--no-headcount-search"),
    })
}

/// The process's peak resident memory in MB (Linux `VmHWM`), if known.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let a = read(&p).map_err(|e| e.to_string())?;
    println!("preset\tseed\tfigure\tseconds\tpeak MB\tincludes");
    let row = |preset: Preset, what: &str, secs: f64, includes: &str| {
        let mb = peak_mb().map_or("?".to_string(), |m| format!("{m:.0}"));
        println!(
            "{}\t{}\t{what}\t{secs:.3}\t{mb}\t{includes}",
            preset.id(),
            a.seed
        );
    };
    for file in &a.imports {
        import_rows(file, a.seed)?;
    }
    for &p in &a.presets {
        let t = Instant::now();
        let sc = generate(p, a.seed).map_err(|e| e.to_string())?;
        row(
            p,
            "generate",
            t.elapsed().as_secs_f64(),
            "scenario from seed",
        );
        let includes = format!(
            "{} customers, {} managers, 5 models, {} weeks: assignment + check + calendar + metrics",
            sc.customers.len(),
            sc.managers.len(),
            sc.settings.weeks
        );
        let plain = Options {
            headcount_search: false,
            ..Options::default()
        };
        let t = Instant::now();
        parallel::compare(&sc, &plain).map_err(|e| e.to_string())?;
        row(p, "compare", t.elapsed().as_secs_f64(), &includes);
        if let Some(d) = sc.departments.get(1).or(sc.departments.first()) {
            let spec = PilotSpec {
                departments: vec![d.id.clone()],
                model: ModelId::Specialised,
                stages: parse_stages("service+brand,service+brand+training+research")
                    .map_err(|e| e.to_string())?,
            };
            let opt = pilot::Options {
                establishment: true,
                ..pilot::Options::default()
            };
            let t = Instant::now();
            let done = pilot::run(&sc, &spec, &opt, &mut |_, _| {}).map_err(|e| e.to_string())?;
            let pilot_customers = done.baseline.pilot.customers;
            row(
                p,
                "pilot",
                t.elapsed().as_secs_f64(),
                &format!(
                    "{} ({pilot_customers} customers), specialised, 2 stages: 3 plans with \
                     calendars + establishment search per stage",
                    d.id
                ),
            );
        }
        if a.search {
            let t = Instant::now();
            parallel::compare(&sc, &Options::default()).map_err(|e| e.to_string())?;
            row(
                p,
                "+ search",
                t.elapsed().as_secs_f64(),
                &format!("{includes} + headcount search"),
            );
        }
        let reps = Options {
            replications: a.replications,
            ..plain
        };
        let t = Instant::now();
        parallel::compare(&sc, &reps).map_err(|e| e.to_string())?;
        row(
            p,
            "replications",
            t.elapsed().as_secs_f64(),
            &format!(
                "{includes}, {} replications with disturbances",
                a.replications
            ),
        );
    }
    Ok(())
}

/// Times the import of the customer list `file`: parsed, with departments, staffed.
fn import_rows(file: &str, seed: u64) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let name = std::path::Path::new(file)
        .file_name()
        .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
    let row = |what: &str, secs: f64, includes: &str| {
        let mb = peak_mb().map_or("?".to_string(), |m| format!("{m:.0}"));
        println!("{name}\t{seed}\t{what}\t{secs:.3}\t{mb}\t{includes}");
    };
    let rules = io::DeriveRules::default();
    let settings = Settings::default();
    let t = Instant::now();
    let parsed = io::import_customers(&bytes, &settings, &rules, None)
        .map_err(|e| format!("{file}: {e}"))?;
    let n = parsed.customers.len();
    row(
        "parse",
        t.elapsed().as_secs_f64(),
        &format!("{} bytes, {n} customers", bytes.len()),
    );
    drop(parsed);
    let t = Instant::now();
    let mut sc = io::import_scenario(Scenario::empty(seed), &rules, Some(&bytes), None)
        .map_err(|e| format!("{file}: {e}"))?;
    row(
        "departments",
        t.elapsed().as_secs_f64(),
        &format!("{n} customers, {} departments", sc.departments.len()),
    );
    let t = Instant::now();
    staff_by_workload(&mut sc, seed);
    row(
        "staffed",
        t.elapsed().as_secs_f64(),
        &format!("{} managers made up", sc.managers.len()),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_default_is_the_assemblers_and_the_limit_is_named() {
        let seed = FLAGS.iter().find(|f| f.name == "--seed").expect("declared");
        assert_eq!(seed.default, Some(DEFAULT_SEED.to_string().as_str()));
        let reps = FLAGS
            .iter()
            .find(|f| f.name == "--replications")
            .expect("declared");
        assert!(reps.help.contains(&format!("(1-{MAX_CLI_REPLICATIONS})")));
    }
}
