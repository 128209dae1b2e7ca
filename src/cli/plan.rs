//! `visit-sandbox plan`: one staffing model's plan on one scenario, written as three CSV files
//! a spreadsheet opens: who is responsible for what (`assignments.csv`), every visit of the
//! simulated calendar (`schedule.csv`) and the required visits not made, with the reason
//! (`unvisited.csv`).

use std::path::PathBuf;

use visit_sandbox::core::calendar::Calendar;
use visit_sandbox::core::compare::{run_model, Options};
use visit_sandbox::core::dates::working_dates;
use visit_sandbox::core::io::export::{assignments_csv, schedule_csv, unvisited_csv};
use visit_sandbox::core::models::{self, ModelId};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::workload;

use super::args::{ArgsError, Command, Flag, Parsed};
use super::scenario_args::{self, ScenarioArgs};

const FLAGS: &[Flag] = &[
    Flag::value(
        "--model",
        "ID",
        "region, format, value, specialised or hybrid (required)",
    ),
    Flag::value(
        "--out",
        "DIR",
        "output folder, created if missing (required)",
    ),
];

pub static COMMAND: Command = Command {
    name: "plan",
    synopsis: "--model ID [scenario flags] --out DIR",
    about: "\
Runs one staffing model with its visit calendar and writes three CSV files (UTF-8 with a BOM,
a header row, cells a spreadsheet would run as a formula prefixed with an apostrophe):
  DIR/assignments.csv  one row per customer: customer_id, customer_name, main_staff (the
                       manager doing routine service), then per function (service, brand,
                       training, research) <function>_staff (manager id) and <function>_post
                       (that staff member's post, or 'generalist'); both empty where the
                       function does not reach the customer
  DIR/schedule.csv     one row per staff member per visit, by day, staff, start: day (0-based
                       working day), date (yyyy-mm-dd when the settings have a start_date, else
                       empty), staff (manager id), customer (customer id), functions (ids joined
                       with '+'), start, end (HH:MM to the nearest minute; an evening visit past
                       midnight keeps counting: 25:10 is 01:10 the next morning), team (team
                       visit id, or empty)
  DIR/unvisited.csv    one row per required visit not made: customer, function, staff (manager
                       id), from_day, to_day (the cycle's first and last day), reason (capacity,
                       time_window or not_planned)
Days are working days: day 0 is the start date (or the first working day after it), and each
week has the settings' days_per_week days from Monday (5 = Monday to Friday).",
    positional: None,
    sections: &[("", FLAGS), (scenario_args::HEADING, scenario_args::FLAGS)],
    footer: "",
};

/// The flags of `plan` itself (the scenario flags are read by `scenario_args`).
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub model: ModelId,
    pub out: PathBuf,
}

/// The model ids the contract names, for messages.
fn model_ids() -> String {
    ModelId::ALL
        .iter()
        .map(|m| m.id())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn read(p: &Parsed) -> Result<Args, ArgsError> {
    let model = p
        .parse_with("--model", |v| {
            models::by_id(v)
                .map(|m| m.id())
                .ok_or_else(|| format!("unknown model '{v}': expected one of {}", model_ids()))
        })?
        .ok_or_else(|| ArgsError::Required {
            flag: "--model",
            meta: "ID",
            hint: format!(": one of {}", model_ids()),
        })?;
    let out = p.required("--out", "")?.into();
    Ok(Args { model, out })
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let scenario_flags = ScenarioArgs::read(&p).map_err(|e| e.to_string())?;
    let a = read(&p).map_err(|e| e.to_string())?;
    let sc = scenario_flags.load()?;
    models::require_people(&sc).map_err(|e| e.to_string())?;
    let model =
        models::by_id(a.model.id()).ok_or_else(|| format!("unknown model '{}'", a.model.id()))?;
    let work = workload::generalist(&sc);
    let outcome = run_model(
        &sc,
        &work,
        model.as_ref(),
        &Options {
            calendar: true,
            headcount_search: false,
            ..Options::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let cal = outcome
        .calendar
        .as_ref()
        .ok_or("the model's calendar was not built")?;
    let dates = dates(&sc, cal, &scenario_flags)?;
    let files = [
        ("assignments.csv", assignments_csv(&sc, &outcome.assignment)),
        (
            "schedule.csv",
            schedule_csv(&sc, &outcome.assignment, cal, &dates),
        ),
        (
            "unvisited.csv",
            unvisited_csv(&sc, &outcome.assignment, cal),
        ),
    ];
    std::fs::create_dir_all(&a.out).map_err(|e| format!("{}: {e}", a.out.display()))?;
    for (name, text) in &files {
        let p = a.out.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    eprintln!(
        "wrote {}: assignments.csv ({} customers, {} staff), schedule.csv ({} visits), \
         unvisited.csv ({} of {} required visits missed) — model {}",
        a.out.display(),
        sc.customers.len(),
        outcome.assignment.staff.len(),
        cal.visits.len(),
        cal.missed.len(),
        cal.required,
        a.model.id()
    );
    Ok(())
}

/// The calendar dates of `cal`'s working days (every day a visit or a missed cycle names), when
/// the settings have a start date; empty otherwise.
pub fn dates(sc: &Scenario, cal: &Calendar, flags: &ScenarioArgs) -> Result<Vec<String>, String> {
    let days = cal
        .visits
        .iter()
        .map(|v| v.day + 1)
        .chain(cal.missed.iter().map(|m| m.to_day + 1))
        .fold(cal.weeks * cal.days_per_week, u32::max);
    match &sc.settings.start_date {
        Some(s) => working_dates(s, days, cal.days_per_week).ok_or_else(|| {
            let file = flags
                .config
                .as_ref()
                .map_or_else(|| "scenario".to_string(), |p| p.display().to_string());
            format!("{file}: settings.start_date '{s}' is not an ISO date (yyyy-mm-dd)")
        }),
        None => Ok(Vec::new()),
    }
}
