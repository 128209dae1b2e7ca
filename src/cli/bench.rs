//! `visit-sandbox bench`: times the presets natively and prints a table of figures, each
//! saying what it includes. Figures, not verdicts: nothing here fails on time.

#![allow(clippy::disallowed_methods)] // benchmark command: measuring wall-clock time is its purpose

use std::time::Instant;

use visit_sandbox::core::compare::{compare_with, Options};
use visit_sandbox::core::generate::{generate, Preset};

pub const USAGE: &str = "\
visit-sandbox bench [--preset NAME]... [--seed N] [--replications N] [--no-headcount-search]

Times each preset (default: county and city) natively and prints one row per figure:
  generate        the preset's scenario from its seed
  compare         5 models: assignment, check, 4-week calendar, metrics
  + search        the same with each model's headcount search
  replications    the same as compare, lived N times under disturbances (default 20)
Peak memory is the process's high-water mark (VmHWM) after the row: it never decreases, so
run one preset at a time for a per-preset figure.";

struct Args {
    presets: Vec<Preset>,
    seed: u64,
    replications: u32,
    search: bool,
}

fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut out = Args {
        presets: Vec::new(),
        seed: 42,
        replications: 20,
        search: true,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match a.as_str() {
            "--preset" => {
                let v = value("--preset")?;
                out.presets
                    .push(Preset::parse(&v).map_err(|e| e.to_string())?);
            }
            "--seed" => {
                let v = value("--seed")?;
                out.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: '{v}' is not a whole number"))?;
            }
            "--replications" => {
                let v = value("--replications")?;
                out.replications = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| format!("--replications: '{v}' is not in 1..=1000"))?;
            }
            "--no-headcount-search" => out.search = false,
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    if out.presets.is_empty() {
        out.presets = vec![Preset::County, Preset::City];
    }
    Ok(Some(out))
}

/// The process's peak resident memory in MB (Linux `VmHWM`), if known.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(a) = parse(args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    println!("preset\tseed\tfigure\tseconds\tpeak MB\tincludes");
    let row = |preset: Preset, what: &str, secs: f64, includes: &str| {
        let mb = peak_mb().map_or("?".to_string(), |m| format!("{m:.0}"));
        println!(
            "{}\t{}\t{what}\t{secs:.3}\t{mb}\t{includes}",
            preset.id(),
            a.seed
        );
    };
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
        compare_with(&sc, &plain).map_err(|e| e.to_string())?;
        row(p, "compare", t.elapsed().as_secs_f64(), &includes);
        if a.search {
            let t = Instant::now();
            compare_with(&sc, &Options::default()).map_err(|e| e.to_string())?;
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
        compare_with(&sc, &reps).map_err(|e| e.to_string())?;
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
