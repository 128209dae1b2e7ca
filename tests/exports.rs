//! The page's exports from a real comparison, through the worker's session as the page asks
//! for them: the CSV files in the reader's language (the CLI's contract files unchanged
//! without it) and the workbook of every model, read back with the project's own XLSX reader.

use visit_sandbox::app::exports::metrics_csv;
use visit_sandbox::app::outcome::Outcome;
use visit_sandbox::app::protocol::{Answer, ExportKind, People, Query, Reply, Request};
use visit_sandbox::app::session::Session;
use visit_sandbox::core::dates::parse_iso_date;
use visit_sandbox::core::io::xlsx::{read_sheet, sheet_names, ReadCell};
use visit_sandbox::core::metrics::Metrics;
use visit_sandbox::core::models::ModelId;
use visit_sandbox::i18n::{t, Lang};

const START: &str = "2026-03-02";

/// The county preset, one week, with its calendars, computed in a session.
fn computed() -> (Session, Outcome) {
    let mut session = Session::default();
    let req = Request {
        id: 1,
        weeks: 1,
        calendar: true,
        ..Request::of_preset("county", 42)
    };
    let Reply::Done { outcome, .. } = session.compute(&req, &mut |_| {}) else {
        panic!("the county is not computed");
    };
    (session, *outcome)
}

fn people(lang: Lang) -> People {
    People {
        lang: lang.code().to_string(),
        start_date: Some(START.to_string()),
    }
}

fn answer(session: &Session, query: Query) -> Answer {
    match session.query(9, &query) {
        Reply::Answer { id: 9, answer } => *answer,
        other => panic!("no answer: {other:?}"),
    }
}

fn csv(session: &Session, model: usize, file: ExportKind, people: Option<People>) -> String {
    match answer(
        session,
        Query::Export {
            model,
            file,
            people,
        },
    ) {
        Answer::File { text, .. } => text,
        other => panic!("not a file: {other:?}"),
    }
}

fn workbook(session: &Session, lang: Lang) -> (String, Vec<u8>) {
    match answer(
        session,
        Query::Workbook {
            people: people(lang),
        },
    ) {
        Answer::Workbook { name, bytes } => (name, bytes),
        other => panic!("not a workbook: {other:?}"),
    }
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<ReadCell>> {
    read_sheet(bytes, name, usize::MAX)
        .expect("readable")
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .into_iter()
        .map(|(_, cells)| cells)
        .collect()
}

fn texts(row: &[ReadCell]) -> Vec<&str> {
    row.iter().map(|c| c.text.as_str()).collect()
}

/// A CSV line's cells (the exports quote only cells with commas, quotes or line breaks,
/// which these rows do not have).
fn cells(line: &str) -> Vec<&str> {
    line.trim_start_matches('\u{feff}').split(',').collect()
}

#[test]
fn the_workbook_has_every_models_plan_the_comparison_and_the_assumptions() {
    let (session, outcome) = computed();
    let (name, bytes) = workbook(&session, Lang::ZhCn);
    assert!(name.ends_with(".xlsx"), "{name}");
    assert!(bytes.starts_with(b"PK"));
    // The same request writes the same bytes (no clock in the file).
    assert_eq!(workbook(&session, Lang::ZhCn).1, bytes);

    let mut expected: Vec<String> = Vec::new();
    for m in &outcome.models {
        let model = t(Lang::ZhCn, m.model.key());
        expected.push(format!("{model}-分配"));
        expected.push(format!("{model}-日程"));
    }
    expected.push("模式对比".into());
    expected.push("假设".into());
    assert_eq!(sheet_names(&bytes).expect("names"), expected);

    let customers = outcome.scenario.customers.len();
    for (i, m) in outcome.models.iter().enumerate() {
        let model = t(Lang::ZhCn, m.model.key());
        // Assignments: a header, then one row per customer, the same cells as the CSV.
        let rows = sheet(&bytes, &format!("{model}-分配"));
        assert_eq!(rows.len(), customers + 1);
        assert_eq!(rows[0][0].text, "客户编码");
        let text = csv(
            &session,
            i,
            ExportKind::Assignments,
            Some(people(Lang::ZhCn)),
        );
        for (line, row) in text.lines().zip(&rows).take(50) {
            let mut row = texts(row);
            // The sheet leaves a row's empty cells at its end out.
            row.resize(cells(line).len(), "");
            assert_eq!(cells(line), row);
        }
        // Schedule: as many rows as the CSV, the day a number from 1, the date a date.
        let rows = sheet(&bytes, &format!("{model}-日程"));
        let text = csv(&session, i, ExportKind::Schedule, Some(people(Lang::ZhCn)));
        assert_eq!(rows.len(), text.lines().count());
        let first = &rows[1];
        assert!(first[0].number && first[0].text == "1", "{first:?}");
        let serial = parse_iso_date(START).expect("date") + 25_569;
        assert!(
            first[1].number && first[1].text == serial.to_string(),
            "{first:?}"
        );
        assert!(text
            .lines()
            .nth(1)
            .expect("a visit")
            .starts_with("1,2026-03-02,"));
    }

    // The comparison as the page's table: a row per metric, a column per model, figures stored
    // as the numbers computed.
    let rows = sheet(&bytes, "模式对比");
    assert_eq!(rows[0][0].text, "指标");
    let names: Vec<&str> = outcome
        .models
        .iter()
        .map(|m| t(Lang::ZhCn, m.model.key()))
        .collect();
    assert_eq!(texts(&rows[0])[2..], names[..]);
    let coverage = rows
        .iter()
        .find(|r| r[0].text == t(Lang::ZhCn, "metric.coverage_rate"))
        .expect("a coverage row");
    for (i, m) in outcome.models.iter().enumerate() {
        let cell = &coverage[2 + i];
        assert!(cell.number, "{cell:?}");
        let stored: f64 = cell.text.parse().expect("a number");
        let computed = m.metrics.coverage_rate.expect("coverage");
        assert!((stored - computed).abs() < 1e-12, "{stored} vs {computed}");
    }

    // Every setting, named, with the start date last.
    let rows = sheet(&bytes, "假设");
    assert_eq!(texts(&rows[0])[..4], ["分组", "假设", "适用于", "取值"]);
    assert!(rows.len() > 30, "{} settings", rows.len());
    assert!(rows.iter().skip(1).any(|r| r[3].number));
    let last = rows.last().expect("rows");
    assert_eq!(last[6].text, "start_date");
    assert!(last[3].number, "{last:?}");
}

#[test]
fn the_english_workbook_speaks_english() {
    let (session, outcome) = computed();
    let (_, bytes) = workbook(&session, Lang::En);
    let names = sheet_names(&bytes).expect("names");
    assert_eq!(names.len(), 2 * outcome.models.len() + 2);
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    assert_eq!(
        names[0],
        format!("{} - assignments", t(Lang::En, ModelId::Region.key()))
    );
    let rows = sheet(&bytes, &names[0]);
    assert_eq!(rows[0][0].text, "Customer ID");
    assert!(!rows.iter().flatten().any(|c| c.text == "generalist_post"));
}

#[test]
fn the_pages_csv_files_speak_the_readers_language_and_the_contract_stays() {
    let (session, outcome) = computed();
    let zh = csv(
        &session,
        0,
        ExportKind::Assignments,
        Some(people(Lang::ZhCn)),
    );
    assert_eq!(
        cells(zh.lines().next().expect("header"))[..3],
        ["客户编码", "客户名称", "主责客户经理"]
    );
    let en = csv(&session, 0, ExportKind::Assignments, Some(people(Lang::En)));
    assert_eq!(
        cells(en.lines().next().expect("header"))[..3],
        ["Customer ID", "Customer name", "Main manager"]
    );
    // Posts are words for people: no contract id is left in a Chinese file.
    assert!(!zh.contains("generalist") && !zh.contains(",service,"));
    // Without `people` the bytes are the contract's (the CLI's `plan`).
    let contract = csv(&session, 0, ExportKind::Assignments, None);
    assert!(contract.starts_with("\u{feff}customer_id,customer_name,main_staff,service_staff"));
    assert_eq!(contract.lines().count(), zh.lines().count());
    let schedule = csv(&session, 0, ExportKind::Schedule, None);
    assert!(schedule.starts_with("\u{feff}day,date,staff,customer,functions"));
    assert!(schedule.lines().nth(1).expect("a visit").starts_with("0,,"));

    // The metric table for people: rounded figures, shares in percent, never 16 digits.
    let figures: Vec<(ModelId, &Metrics)> = outcome
        .models
        .iter()
        .map(|m| (m.model, &m.metrics))
        .collect();
    let table = metrics_csv(Lang::ZhCn, &figures);
    let mut lines = table.lines();
    assert_eq!(cells(lines.next().expect("header"))[..2], ["指标", "单位"]);
    for line in lines {
        for cell in cells(line).iter().skip(2) {
            let decimals = cell
                .split('.')
                .nth(1)
                .map_or(0, |d| d.trim_end_matches('%').len());
            assert!(decimals <= 2, "{line}");
        }
    }
    let coverage = table
        .lines()
        .find(|l| l.starts_with(t(Lang::ZhCn, "metric.coverage_rate")))
        .expect("coverage");
    assert!(cells(coverage)[2].ends_with('%'), "{coverage}");
}

#[test]
fn the_reader_lists_sheets_and_reads_one_by_name_with_its_cell_types() {
    // Written by Python's zipfile (tests/data/two-sheets.xlsx), independent of our writer: the
    // second sheet's part is not `sheet2.xml` and the relationships list it first.
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/two-sheets.xlsx"
    ))
    .expect("fixture");
    assert_eq!(sheet_names(&bytes).expect("names"), ["说明", "数据"]);
    let rows = sheet(&bytes, "数据");
    assert_eq!(texts(&rows[0]), ["客户编码", "月销量"]);
    assert_eq!(texts(&rows[1]), ["C001", "6.5", "46083"]);
    let types: Vec<bool> = rows[1].iter().map(|c| c.number).collect();
    assert_eq!(types, [false, true, true]);
    assert!(!rows[0][1].number, "an inline string is text");
    assert_eq!(read_sheet(&bytes, "没有", 10).expect("readable"), None);
    // The import still reads the first sheet.
    let first = visit_sandbox::core::io::xlsx::read_first_sheet(&bytes, 10).expect("first");
    assert_eq!(first, vec![(1, vec!["只是说明".to_string()])]);
    assert!(sheet_names(b"not a zip").is_err());
}
