//! The scenario flags every scenario command shares (`--preset --seed --customers --managers
//! --config --weeks`): parsed once, loaded into a `Scenario`, with errors that name the file,
//! row, column and reason.
//!
//! Precedence: flags override the config file; a customer list replaces the preset.

use std::path::{Path, PathBuf};

use visit_sandbox::core::generate::{generate, staff_by_workload, Preset};
use visit_sandbox::core::io::{self, DeriveRules, ImportErrors, Source};
use visit_sandbox::core::scenario::Scenario;

/// Help text for the shared flags (each command prints it under its own).
pub const USAGE: &str = "\
Scenario:
  --preset NAME      county (default), urban, rural or city
  --seed N           seed (default 42, or the config's)
  --customers FILE   customer list: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX; replaces the preset
  --managers FILE    manager list: CSV or XLSX (without it an imported list is staffed by the
                     workload method)
  --config FILE      scenario JSON (settings, departments; the app's save); flags override it
  --weeks N          horizon in weeks, 1-52 (default 4)";

/// The shared flags after parsing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioArgs {
    pub preset: Option<Preset>,
    pub seed: Option<u64>,
    pub customers: Option<PathBuf>,
    pub managers: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub weeks: Option<u32>,
}

/// The bytes of the files named by the flags (so loading is testable without a disk).
#[derive(Debug, Clone, Default)]
pub struct ScenarioFiles {
    pub customers: Option<Vec<u8>>,
    pub managers: Option<Vec<u8>>,
    pub config: Option<Vec<u8>>,
}

impl ScenarioArgs {
    /// Splits `args` into the shared flags and the rest (returned in order for the command's
    /// own parser).
    pub fn parse(args: &[String]) -> Result<(ScenarioArgs, Vec<String>), String> {
        let mut out = ScenarioArgs::default();
        let mut rest = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match a.as_str() {
                "--preset" => {
                    let v = value("--preset")?;
                    out.preset = Some(Preset::parse(&v).map_err(|e| format!("--preset: {e}"))?);
                }
                "--seed" => {
                    let v = value("--seed")?;
                    out.seed = Some(v.parse().map_err(|_| {
                        format!("--seed: '{v}' is not a whole number from 0 to {}", u64::MAX)
                    })?);
                }
                "--weeks" => {
                    let v = value("--weeks")?;
                    let w: u32 = v
                        .parse()
                        .map_err(|_| format!("--weeks: '{v}' is not a whole number"))?;
                    if !(1..=52).contains(&w) {
                        return Err(format!("--weeks: {w} is outside 1..=52"));
                    }
                    out.weeks = Some(w);
                }
                "--customers" => out.customers = Some(value("--customers")?.into()),
                "--managers" => out.managers = Some(value("--managers")?.into()),
                "--config" => out.config = Some(value("--config")?.into()),
                _ => rest.push(a.clone()),
            }
        }
        if out.preset.is_some() && out.customers.is_some() {
            return Err(
                "--preset and --customers cannot be combined: the list is the scenario".into(),
            );
        }
        Ok((out, rest))
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
        };
        self.build(&files)
    }

    fn path_of(&self, s: Source) -> String {
        let p = match s {
            Source::Customers => &self.customers,
            Source::Managers => &self.managers,
            Source::Scenario => &self.config,
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

    /// Builds the scenario from the files' bytes (no disk access).
    pub fn build(&self, files: &ScenarioFiles) -> Result<Scenario, String> {
        let (base, rules, has_customers) = match &files.config {
            Some(bytes) => {
                let l = io::from_json(bytes).map_err(|e| self.describe(&e))?;
                (Some(l.scenario), l.rules, l.has_customers)
            }
            None => (None, DeriveRules::default(), false),
        };
        let seed = self.seed.or(base.as_ref().map(|b| b.seed)).unwrap_or(42);
        let mut sc = if let Some(cust) = &files.customers {
            let mut base = base.unwrap_or_else(|| Scenario::empty(seed));
            if base.source.is_empty() || Preset::parse(&base.source).is_err() {
                base.source = "imported".to_string();
            }
            let keep_managers = files.managers.is_none() && !base.managers.is_empty();
            let mut sc = io::import_scenario(base, &rules, Some(cust), files.managers.as_deref())
                .map_err(|e| self.describe(&e))?;
            if files.managers.is_none() && !keep_managers {
                staff_by_workload(&mut sc, seed);
            }
            sc
        } else if let (Some(b), true) = (&base, has_customers) {
            let b = b.clone();
            io::import_scenario(b, &rules, None, files.managers.as_deref())
                .map_err(|e| self.describe(&e))?
        } else {
            let preset = self
                .preset
                .or_else(|| base.as_ref().and_then(|b| Preset::parse(&b.source).ok()))
                .unwrap_or(Preset::County);
            let mut sc = generate(preset, seed).map_err(|e| e.to_string())?;
            if let Some(b) = base {
                // The config's settings and departments; the preset's people stay (staffed at
                // the defaults, so one changed setting does not change the headcount).
                sc.settings = b.settings;
                if b.departments.len() == sc.departments.len() {
                    sc.departments = b.departments;
                }
                sc.origin = b.origin;
            }
            if files.managers.is_some() {
                sc = io::import_scenario(sc, &rules, None, files.managers.as_deref())
                    .map_err(|e| self.describe(&e))?;
            }
            sc
        };
        sc.seed = seed;
        if let Some(w) = self.weeks {
            sc.settings.weeks = w;
        }
        if sc.customers.is_empty() {
            return Err(format!(
                "{}: the scenario has no customers",
                self.path_of(Source::Customers)
            ));
        }
        Ok(sc)
    }
}
