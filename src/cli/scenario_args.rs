//! The scenario flags every scenario command shares (`--preset --seed --size --customers
//! --managers --config --weeks --set --lock`): declared once, read from the command's parsed
//! line, the named files read, and the scenario assembled and checked by
//! `app::scenario::assemble` (the page's assembler too), with errors that name the file, row,
//! column and reason, or the flag.
//!
//! Precedence: flags override the config file; a customer list replaces the preset.

use std::path::{Path, PathBuf};

use visit_sandbox::app::limits::MAX_WEEKS;
use visit_sandbox::app::scenario::{assemble, Files, Input, ScenarioError};
use visit_sandbox::core::generate::Preset;
use visit_sandbox::core::io::{ImportErrors, Source};
use visit_sandbox::core::scenario::Scenario;

use super::args::{ArgsError, Flag, Parsed};

/// The shared flags (each scenario command lists them under its own).
/// `--size`, shared with `generate` so that it means the same there. The range is
/// MIN_CUSTOMERS..=MAX_PRESET_CUSTOMERS (a test checks the text against it).
pub const SIZE: Flag = Flag::value(
    "--size",
    "N",
    "customers, 50-1000000, staffed by the workload method: a preset grows (more of\n\
     its territory, same density and mix) or keeps N evenly through its list; a\n\
     customer list is kept in part, never grown (default: all)",
);

pub const FLAGS: &[Flag] = &[
    Flag::value("--preset", "NAME", "county (default), urban, rural or city"),
    Flag::value("--seed", "N", "seed (default 42, or the config's)"),
    SIZE,
    Flag::value(
        "--customers",
        "FILE",
        "customer list: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX; replaces the preset",
    ),
    Flag::value(
        "--managers",
        "FILE",
        "manager list: CSV or XLSX (without it an imported list is staffed by the\n\
         workload method)",
    ),
    Flag::value(
        "--config",
        "FILE",
        "scenario JSON (settings, departments; the app's save); flags override it",
    ),
    // The range is MAX_WEEKS (a test checks the text against it).
    Flag::value("--weeks", "N", "horizon in weeks, 1-52 (default 4)"),
    Flag::value(
        "--set",
        "ID=VALUE",
        "one setting of the assumptions panel, in its units (day_minutes=480,\n\
         speed-urban=25, modes-team_visits=off, hybrid-rural=value), applied after the\n\
         config; checked against the setting's range",
    )
    .repeated(),
    Flag::value(
        "--lock",
        "FILE",
        "customers kept with a chosen manager in every model: CSV or XLSX with a\n\
         customer_id column and an optional main_staff column (the manager's id;\n\
         without it, today's manager)",
    ),
];

/// The heading the shared flags are listed under.
pub const HEADING: &str = "Scenario";

/// The shared flags after reading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioArgs {
    pub preset: Option<Preset>,
    pub seed: Option<u64>,
    /// `--size`: the scenario's customers (checked by the assembler).
    pub size: Option<usize>,
    pub customers: Option<PathBuf>,
    pub managers: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub weeks: Option<u32>,
    /// `--set` edits as (id, value text), in order.
    pub set: Vec<(String, String)>,
    /// `--lock`: the lock file.
    pub lock: Option<PathBuf>,
}

/// The bytes of the files named by the flags (so loading is testable without a disk).
#[derive(Debug, Clone, Default)]
pub struct ScenarioFiles {
    pub customers: Option<Vec<u8>>,
    pub managers: Option<Vec<u8>>,
    pub config: Option<Vec<u8>>,
    pub locks: Option<Vec<u8>>,
}

impl ScenarioArgs {
    /// The shared flags of a command line read with a command that declares `FLAGS`.
    pub fn read(p: &Parsed) -> Result<ScenarioArgs, ArgsError> {
        let path = |name| p.text(name).map(PathBuf::from);
        let set = p
            .texts("--set")
            .iter()
            .map(|pair| {
                pair.split_once('=')
                    .map(|(id, v)| (id.trim().to_string(), v.to_string()))
                    .ok_or_else(|| ArgsError::Invalid {
                        flag: "--set",
                        reason: format!("'{pair}' is not ID=VALUE"),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let out = ScenarioArgs {
            preset: p.parse_with("--preset", Preset::parse)?,
            seed: p.whole("--seed")?,
            size: p.whole("--size")?,
            customers: path("--customers"),
            managers: path("--managers"),
            config: path("--config"),
            weeks: p.whole_in("--weeks", 1, MAX_WEEKS)?,
            set,
            lock: path("--lock"),
        };
        if out.preset.is_some() && out.customers.is_some() {
            return Err(ArgsError::Conflict(
                "--preset",
                "--customers",
                ": the list is the scenario",
            ));
        }
        Ok(out)
    }

    /// Reads the named files and builds the scenario.
    pub fn load(&self) -> Result<Scenario, String> {
        let read = |p: &Option<PathBuf>| -> Result<Option<Vec<u8>>, String> {
            match p {
                Some(p) => std::fs::read(p)
                    .map(Some)
                    .map_err(|e| format!("{}: cannot read: {e}", p.display())),
                None => Ok(None),
            }
        };
        let files = ScenarioFiles {
            customers: read(&self.customers)?,
            managers: read(&self.managers)?,
            config: read(&self.config)?,
            locks: read(&self.lock)?,
        };
        self.build(&files)
    }

    fn path_of(&self, s: Source) -> String {
        let p = match s {
            Source::Customers => &self.customers,
            Source::Managers => &self.managers,
            Source::Scenario => &self.config,
            Source::Locks => &self.lock,
        };
        p.as_deref()
            .map(Path::display)
            .map(|d| d.to_string())
            .unwrap_or_else(|| "scenario".to_string())
    }

    /// Every error as "FILE, row R, column 'C', value 'V': reason", one per line.
    pub fn describe(&self, errs: &ImportErrors) -> String {
        let mut lines: Vec<String> = errs
            .errors
            .iter()
            .map(|e| {
                let mut s = self.path_of(e.source);
                if let Some(r) = e.row {
                    s.push_str(&format!(", row {r}"));
                }
                if let Some(c) = &e.column {
                    s.push_str(&format!(", column '{c}'"));
                }
                if let Some(v) = &e.value {
                    s.push_str(&format!(", value '{v}'"));
                }
                format!("{s}: {}", e.kind)
            })
            .collect();
        if errs.more > 0 {
            lines.push(format!("… and {} more errors", errs.more));
        }
        lines.join("\n")
    }

    /// The assembler's error as the CLI says it: naming the file, or the flag, it comes from.
    fn explain(&self, e: ScenarioError) -> String {
        if let ScenarioError::Import(errs) = &e {
            return self.describe(errs);
        }
        if matches!(
            e,
            ScenarioError::Customers { .. } | ScenarioError::ListCannotGrow { .. }
        ) {
            return format!("--size: {e}");
        }
        if e == ScenarioError::NoCustomers {
            return format!("{}: {e}", self.path_of(Source::Customers));
        }
        match e.setting() {
            Some(id) if self.set.iter().any(|(set, _)| set == id) => format!("--set: {e}"),
            Some(_) => format!("{}: {e}", self.path_of(Source::Scenario)),
            None => e.to_string(),
        }
    }

    /// Builds the scenario from the files' bytes (no disk access).
    pub fn build(&self, files: &ScenarioFiles) -> Result<Scenario, String> {
        let input = Input {
            preset: self.preset.map(Preset::id),
            seed: self.seed,
            customers: self.size,
            files: Files {
                config: files.config.as_deref(),
                customers: files.customers.as_deref(),
                managers: files.managers.as_deref(),
                locks: files.locks.as_deref(),
            },
            set: &self.set,
            weeks: self.weeks,
            ..Input::default()
        };
        assemble(&input).map_err(|e| self.explain(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weeks_help_names_the_limit() {
        let weeks = FLAGS
            .iter()
            .find(|f| f.name == "--weeks")
            .expect("declared");
        assert!(weeks.help.contains(&format!("1-{MAX_WEEKS} ")));
        let seed = FLAGS.iter().find(|f| f.name == "--seed").expect("declared");
        assert!(seed.help.contains(&format!(
            "default {}",
            visit_sandbox::app::limits::DEFAULT_SEED
        )));
        let size = FLAGS.iter().find(|f| f.name == "--size").expect("declared");
        assert!(size.help.contains(&format!(
            "{}-{}",
            visit_sandbox::app::limits::MIN_CUSTOMERS,
            visit_sandbox::app::limits::MAX_PRESET_CUSTOMERS
        )));
    }
}
