//! `visit-sandbox generate`: writes a preset's customers.csv, managers.csv and scenario.json,
//! which import back (`--customers --managers --config`) to the identical scenario.

use std::path::PathBuf;

use visit_sandbox::app::limits::DEFAULT_SEED;
use visit_sandbox::app::scenario::{assemble, Input};
use visit_sandbox::core::generate::Preset;
use visit_sandbox::core::io::{self, DeriveRules};
use visit_sandbox::core::pilot::baseline::with_todays_managers;
use visit_sandbox::core::scenario::Scenario;

use super::args::{Command, Flag};

const FLAGS: &[Flag] = &[
    Flag::value("--preset", "NAME", "county, urban, rural or city").default("county"),
    // The default is app::limits::DEFAULT_SEED (a test checks the text against it).
    Flag::value("--seed", "N", "seed").default("42"),
    // The scenario commands' --size: the same flag, the same meaning.
    super::scenario_args::SIZE,
    Flag::value(
        "--out",
        "DIR",
        "output folder, created if missing (required)",
    ),
];

pub static COMMAND: Command = Command {
    name: "generate",
    synopsis: "--preset NAME --seed N [--size N] --out DIR",
    about: "\
Writes DIR/customers.csv, DIR/managers.csv and DIR/scenario.json (settings, departments,
derivation rules); customers.csv names each customer's manager of today (现客户经理: the
region model as generated). `compare --customers DIR/customers.csv --managers DIR/managers.csv
--config DIR/scenario.json` then gives the same results as `compare --preset NAME --seed N`
(with `--size N` on both when the preset was sized).",
    positional: None,
    sections: &[("", FLAGS)],
    footer: "",
};

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
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let preset = p
        .parse_with("--preset", Preset::parse)
        .map_err(|e| e.to_string())?
        .unwrap_or(Preset::County);
    let seed: u64 = p
        .whole("--seed")
        .map_err(|e| e.to_string())?
        .unwrap_or(DEFAULT_SEED);
    let size: Option<usize> = p.whole("--size").map_err(|e| e.to_string())?;
    let out = PathBuf::from(p.required("--out", "").map_err(|e| e.to_string())?);
    // The scenario commands' assembler: `--size` means here what it means there.
    let sc = assemble(&Input {
        preset: Some(preset.id()),
        seed: Some(seed),
        customers: size,
        ..Input::default()
    })
    .map_err(|e| match size {
        Some(_) => format!("--size: {e}"),
        None => e.to_string(),
    })?;
    // Today's plan (the region model as generated) goes into 现客户经理, so the list reads back
    // as a list with today's managers (a pilot's baseline).
    let sc = with_todays_managers(&sc).map_err(|e| e.to_string())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_default_is_the_assemblers() {
        let seed = FLAGS.iter().find(|f| f.name == "--seed").expect("declared");
        assert_eq!(seed.default, Some(DEFAULT_SEED.to_string().as_str()));
        let size = FLAGS.iter().find(|f| f.name == "--size").expect("declared");
        assert!(size.help.contains(&format!(
            "{}-{}",
            visit_sandbox::app::limits::MIN_CUSTOMERS,
            visit_sandbox::app::limits::MAX_PRESET_CUSTOMERS
        )));
    }
}
