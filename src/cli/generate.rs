//! `visit-sandbox generate`: writes a preset's customers.csv, managers.csv and scenario.json,
//! which import back (`--customers --managers --config`) to the identical scenario.

use std::path::PathBuf;

use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::{self, DeriveRules};
use visit_sandbox::core::scenario::Scenario;

pub const USAGE: &str = "\
visit-sandbox generate --preset NAME --seed N --out DIR

Writes DIR/customers.csv, DIR/managers.csv and DIR/scenario.json (settings, departments,
derivation rules). `compare --customers DIR/customers.csv --managers DIR/managers.csv
--config DIR/scenario.json` then gives the same results as `compare --preset NAME --seed N`.
  --preset NAME   county (default), urban, rural or city
  --seed N        seed (default 42)
  --out DIR       output folder (created if missing)";

/// The three files of a scenario, as (file name, contents).
pub fn files(sc: &Scenario) -> Result<Vec<(&'static str, String)>, String> {
    Ok(vec![
        ("customers.csv", io::customers_csv(sc)),
        ("managers.csv", io::managers_csv(sc)),
        (
            "scenario.json",
            io::config_to_json(sc, &DeriveRules::default()).map_err(|e| e.to_string())?,
        ),
    ])
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut preset, mut seed, mut out) = (Preset::County, 42u64, None::<PathBuf>);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--preset" => preset = Preset::parse(&value("--preset")?).map_err(|e| e.to_string())?,
            "--seed" => {
                let v = value("--seed")?;
                seed = v.parse().map_err(|_| {
                    format!("--seed: '{v}' is not a whole number from 0 to {}", u64::MAX)
                })?;
            }
            "--out" => out = Some(value("--out")?.into()),
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    let sc = generate(preset, seed).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, text) in files(&sc)? {
        let p = out.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    eprintln!(
        "wrote {}: {} customers, {} managers, {} departments ({} seed {seed})",
        out.display(),
        sc.customers.len(),
        sc.managers.len(),
        sc.departments.len(),
        preset.id()
    );
    Ok(())
}
