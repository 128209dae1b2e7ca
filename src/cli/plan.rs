//! `visit-sandbox plan`: one staffing model's plan on one scenario, written as three CSV files
//! a spreadsheet opens: who is responsible for what (`assignments.csv`), every visit of the
//! simulated calendar (`schedule.csv`) and the required visits not made, with the reason
//! (`unvisited.csv`).

use std::path::PathBuf;

use visit_sandbox::core::compare::{run_model, Options};
use visit_sandbox::core::io::export::{assignments_csv, schedule_csv, unvisited_csv};
use visit_sandbox::core::models::{self, ModelId};
use visit_sandbox::core::workload;

use super::scenario_args::{self, ScenarioArgs};

pub const USAGE: &str = "\
visit-sandbox plan --model ID [scenario flags] --out DIR

Runs one staffing model with its visit calendar and writes three CSV files (UTF-8 with a BOM,
a header row, cells a spreadsheet would run as a formula prefixed with an apostrophe):
  DIR/assignments.csv  one row per customer: customer_id, customer_name, main_staff (the
                       manager doing routine service), then per function (service, brand,
                       training, research) <function>_staff (manager id) and <function>_post
                       (that staff member's post, or 'generalist')
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
week has the settings' days_per_week days from Monday (5 = Monday to Friday).
  --model ID      region, format, value, specialised or hybrid
  --out DIR       output folder (created if missing)";

/// The flags of `plan` itself (the scenario flags are parsed by `scenario_args`).
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

pub fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let (mut model, mut out) = (None::<ModelId>, None::<PathBuf>);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--model" => {
                let v = value("--model")?;
                let m = models::by_id(&v).ok_or_else(|| {
                    format!(
                        "--model: unknown model '{v}': expected one of {}",
                        model_ids()
                    )
                })?;
                model = Some(m.id());
            }
            "--out" => out = Some(value("--out")?.into()),
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    let model = model.ok_or_else(|| format!("--model ID is required: one of {}", model_ids()))?;
    let out = out.ok_or("--out DIR is required")?;
    Ok(Some(Args { model, out }))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Parses a strict ISO date `yyyy-mm-dd` into days since 1970-01-01.
pub fn parse_iso_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let z = days_from_civil(y, m, d);
    // An impossible day (Feb 30) comes back as another date.
    (civil_from_days(z) == (y, m, d)).then_some(z)
}

/// The date label of each of the first `days` working days from `start` (ISO), with
/// `per_week` working days a week from Monday; a start on a rest day moves to the next Monday.
pub fn working_dates(start: &str, days: u32, per_week: u32) -> Option<Vec<String>> {
    let z = parse_iso_date(start)?;
    let per_week = i64::from(per_week.max(1));
    // 1970-01-01 was a Thursday: Monday = 0.
    let weekday = (z + 3).rem_euclid(7);
    if per_week >= 7 {
        return Some((0..i64::from(days)).map(|d| iso(z + d)).collect());
    }
    // The Monday of the first working week, and the first day's place in that week.
    let (monday, first) = if weekday < per_week {
        (z - weekday, weekday)
    } else {
        (z - weekday + 7, 0)
    };
    Some(
        (0..i64::from(days))
            .map(|d| {
                let p = first + d;
                iso(monday + 7 * (p / per_week) + p % per_week)
            })
            .collect(),
    )
}

fn iso(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (scenario_flags, rest) = ScenarioArgs::parse(args)?;
    let Some(a) = parse(&rest)? else {
        println!("{USAGE}\n\n{}", scenario_args::USAGE);
        return Ok(());
    };
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
    let days = cal
        .visits
        .iter()
        .map(|v| v.day + 1)
        .chain(cal.missed.iter().map(|m| m.to_day + 1))
        .fold(cal.weeks * cal.days_per_week, u32::max);
    let dates = match &sc.settings.start_date {
        Some(s) => working_dates(s, days, cal.days_per_week).ok_or_else(|| {
            let file = scenario_flags
                .config
                .as_ref()
                .map_or_else(|| "scenario".to_string(), |p| p.display().to_string());
            format!("{file}: settings.start_date '{s}' is not an ISO date (yyyy-mm-dd)")
        })?,
        None => Vec::new(),
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse_strictly() {
        assert_eq!(parse_iso_date("1970-01-01"), Some(0));
        assert_eq!(parse_iso_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("2024-13-01"), None);
        assert_eq!(parse_iso_date("2024-1-01"), None);
        assert_eq!(parse_iso_date("2024-01-+1"), None);
        assert_eq!(parse_iso_date("tomorrow"), None);
    }

    #[test]
    fn working_days_skip_the_weekend() {
        // 2024-03-04 is a Monday.
        let d = working_dates("2024-03-04", 7, 5).expect("date");
        assert_eq!(
            d,
            [
                "2024-03-04",
                "2024-03-05",
                "2024-03-06",
                "2024-03-07",
                "2024-03-08",
                "2024-03-11",
                "2024-03-12"
            ]
        );
        // A Wednesday start: day 2 is the Friday, day 3 the Monday after.
        let d = working_dates("2024-03-06", 5, 5).expect("date");
        assert_eq!(d[2], "2024-03-08");
        assert_eq!(d[3], "2024-03-11");
        // A Saturday start moves to Monday; six-day weeks keep Saturdays.
        assert_eq!(
            working_dates("2024-03-09", 1, 5).expect("date")[0],
            "2024-03-11"
        );
        assert_eq!(
            working_dates("2024-03-04", 7, 6).expect("date")[5],
            "2024-03-09"
        );
        assert_eq!(
            working_dates("2024-12-31", 2, 7).expect("date")[1],
            "2025-01-01"
        );
    }
}
