//! `visit-sandbox plan` (docs/contract.md): the three CSV files, checked against the library's own
//! run of the same model on the same scenario.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use visit_sandbox::core::compare::{run_model, ModelOutcome, Options};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::columns::{header, CUSTOMER_COLUMNS};
use visit_sandbox::core::models;
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::workload;

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh folder per test (tests run in parallel in one process).
fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("visit-sandbox-plan-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Header and rows of a CSV file written with a BOM.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).expect("file written");
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("UTF-8 BOM");
    let mut r = csv::ReaderBuilder::new().from_reader(body);
    let head = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(String::from).collect())
        .collect();
    (head, rows)
}

/// Minutes of an `HH:MM` cell (hours may pass 24).
fn minutes(s: &str) -> u32 {
    let (h, m) = s.split_once(':').expect("HH:MM");
    h.parse::<u32>().expect("hours") * 60 + m.parse::<u32>().expect("minutes")
}

fn library_run(sc: &Scenario, model: &str) -> ModelOutcome {
    let work = workload::generalist(sc);
    let m = models::by_id(model).expect("model id");
    run_model(
        sc,
        &work,
        m.as_ref(),
        &Options {
            calendar: true,
            headcount_search: false,
            ..Options::default()
        },
    )
    .expect("model runs")
}

const ASSIGNMENT_HEADER: [&str; 11] = [
    "customer_id",
    "customer_name",
    "main_staff",
    "service_staff",
    "service_post",
    "brand_staff",
    "brand_post",
    "training_staff",
    "training_post",
    "research_staff",
    "research_post",
];
const SCHEDULE_HEADER: [&str; 9] = [
    "day",
    "date",
    "staff",
    "customer",
    "functions",
    "start",
    "end",
    "team",
    "role",
];
const UNVISITED_HEADER: [&str; 6] = [
    "customer", "function", "staff", "from_day", "to_day", "reason",
];

#[test]
fn plan_writes_the_library_calendar_as_three_csv_files() {
    let dir = temp_dir("region");
    let d = dir.to_str().expect("utf-8 temp path");
    let out = cli(&[
        "plan", "--model", "region", "--preset", "urban", "--seed", "3", "--out", d,
    ]);
    ok(&out);
    assert!(out.stdout.is_empty(), "plan prints nothing to stdout");

    let sc = generate(Preset::Urban, 3).expect("preset");
    let run = library_run(&sc, "region");
    let cal = run.calendar.as_ref().expect("calendar built");
    let a = &run.assignment;
    let staff_id = |st: usize| sc.managers[a.staff[st].manager].id.clone();
    let manager_ids: BTreeSet<&str> = sc.managers.iter().map(|m| m.id.as_str()).collect();
    let customer_ids: BTreeSet<&str> = sc.customers.iter().map(|c| c.id.as_str()).collect();

    let (head, rows) = read_csv(&dir.join("assignments.csv"));
    assert_eq!(head, ASSIGNMENT_HEADER);
    assert_eq!(rows.len(), sc.customers.len());
    for (c, row) in rows.iter().enumerate() {
        assert_eq!(row[0], sc.customers[c].id);
        assert_eq!(row[2], staff_id(a.main_staff(c)));
        assert_eq!(row[3], row[2], "the main staff member does routine service");
        assert_eq!(row[4], "generalist", "region staff are generalists");
        // Brand cultivation (columns 5, 6): filled exactly where it reaches the customer.
        let brand = a.responsible_for(c, visit_sandbox::core::settings::Function::Brand);
        match brand {
            Some(st) => assert_eq!(row[5], staff_id(st)),
            None => assert!(row[5].is_empty() && row[6].is_empty(), "{row:?}"),
        }
    }
    assert!(
        rows.iter().any(|r| r[5].is_empty()),
        "brand does not reach every shop"
    );

    let (head, rows) = read_csv(&dir.join("schedule.csv"));
    assert_eq!(head, SCHEDULE_HEADER);
    // The staff's visits, then the market managers' joint visits (one row per stop, backed by
    // a team visit carrying that market manager).
    let (staff_rows, mm_rows): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r[8] == "manager");
    assert_eq!(staff_rows.len(), cal.visits.len());
    let stops: usize = cal.market_managers.iter().map(|r| r.stops.len()).sum();
    assert!(stops > 0, "region plans joint visits");
    assert_eq!(mm_rows.len(), stops);
    for row in &mm_rows {
        assert_eq!(row[8], "market_manager");
        assert!(row[2].starts_with("MM-"), "{row:?}");
        assert!(row[4].is_empty(), "no functions of their own");
        let team: usize = row[7].parse().expect("team id");
        let t = &cal.teams[team];
        assert!(t.market_manager.is_some());
        assert_eq!(row[3], sc.customers[t.customer].id);
        assert_eq!(row[0], t.day.to_string());
    }
    let days: Vec<u32> = rows.iter().map(|r| r[0].parse().expect("day")).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "ordered by day");
    let rows = staff_rows;
    assert!(!rows.is_empty());
    let mut from_csv = Vec::new();
    for row in &rows {
        assert!(manager_ids.contains(row[2].as_str()), "staff {}", row[2]);
        assert!(
            customer_ids.contains(row[3].as_str()),
            "customer {}",
            row[3]
        );
        assert!(row[1].is_empty(), "no start date, no date");
        let (start, end) = (minutes(&row[5]), minutes(&row[6]));
        assert!(start < end, "{row:?}");
        for f in row[4].split('+') {
            assert!(
                ["service", "brand", "training", "research"].contains(&f),
                "{f}"
            );
        }
        let day: u32 = row[0].parse().expect("day");
        from_csv.push((day, row[2].clone(), row[3].clone(), start));
    }
    let days: Vec<u32> = from_csv.iter().map(|r| r.0).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "ordered by day");
    let mut from_lib: Vec<_> = cal
        .visits
        .iter()
        .map(|v| {
            (
                v.day,
                staff_id(v.staff),
                sc.customers[v.customer].id.clone(),
                v.start.round() as u32,
            )
        })
        .collect();
    from_csv.sort();
    from_lib.sort();
    assert_eq!(
        from_csv, from_lib,
        "the same visits as the library's calendar"
    );

    let (head, rows) = read_csv(&dir.join("unvisited.csv"));
    assert_eq!(head, UNVISITED_HEADER);
    assert_eq!(rows.len(), cal.missed.len());
    for row in &rows {
        assert!(customer_ids.contains(row[0].as_str()));
        assert!(manager_ids.contains(row[2].as_str()));
        let (from, to): (u32, u32) = (row[3].parse().expect("day"), row[4].parse().expect("day"));
        assert!(from <= to);
        assert!(["capacity", "time_window", "not_planned"].contains(&row[5].as_str()));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_model_or_missing_out_exits_non_zero_naming_the_valid_ids() {
    let out = cli(&[
        "plan", "--model", "nonsense", "--preset", "urban", "--out", "x",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nonsense"), "{err}");
    for id in ["region", "format", "value", "specialised", "hybrid"] {
        assert!(err.contains(id), "{id} missing from: {err}");
    }
    let out = cli(&["plan", "--model", "region", "--preset", "urban"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
}

/// An imported name that a spreadsheet would run as a formula comes out neutralised; a start
/// date in the config labels the working days (Monday to Friday).
#[test]
fn imported_formula_name_is_neutralised_and_start_date_labels_working_days() {
    let dir = temp_dir("import");
    let d = dir.to_str().expect("utf-8 temp path");
    ok(&cli(&[
        "generate", "--preset", "urban", "--seed", "3", "--out", d,
    ]));

    // One customer's name starts with '='.
    let path = dir.join("customers.csv");
    let (head, mut rows) = read_csv(&path);
    assert_eq!(head[1], header(CUSTOMER_COLUMNS, "name"));
    let evil = "=HYPERLINK(\"http://example.com\",\"x\")";
    rows[0][1] = evil.to_string();
    let customer = rows[0][0].clone();
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    w.write_record(&head).expect("write");
    for r in &rows {
        w.write_record(r).expect("write");
    }
    std::fs::write(&path, w.into_inner().expect("flush")).expect("write customers");

    // A Wednesday start date.
    let cfg_path = dir.join("scenario.json");
    let mut cfg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cfg_path).expect("config")).expect("JSON");
    cfg["settings"]["start_date"] = "2024-03-06".into();
    std::fs::write(&cfg_path, cfg.to_string()).expect("write config");

    let plan = dir.join("plan");
    let file = |n: &str| dir.join(n).to_string_lossy().into_owned();
    ok(&cli(&[
        "plan",
        "--model",
        "region",
        "--customers",
        &file("customers.csv"),
        "--managers",
        &file("managers.csv"),
        "--config",
        &file("scenario.json"),
        "--out",
        plan.to_str().expect("utf-8"),
    ]));

    let text = std::fs::read_to_string(plan.join("assignments.csv")).expect("assignments");
    assert!(
        text.contains(&format!("\r\n{customer},\"'=HYPERLINK(")),
        "the name is prefixed with an apostrophe"
    );
    let (_, rows) = read_csv(&plan.join("assignments.csv"));
    let row = rows
        .iter()
        .find(|r| r[0] == customer)
        .expect("customer row");
    assert_eq!(row[1], format!("'{evil}"));

    let (_, rows) = read_csv(&plan.join("schedule.csv"));
    for row in &rows {
        let expected = match row[0].as_str() {
            "0" => "2024-03-06",
            "2" => "2024-03-08",
            "3" => "2024-03-11",
            _ => continue,
        };
        assert_eq!(row[1], expected);
    }
    assert!(rows.iter().any(|r| r[0] == "3"), "a visit on day 3");
    let _ = std::fs::remove_dir_all(&dir);
}
