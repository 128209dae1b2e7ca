//! The page's exports, written for the people who read them: headers and words (posts,
//! functions, roles, models, yes/no) in the page's language from the data translation files,
//! working days counted from 1 and dated, figures rounded as the page shows them (whole numbers
//! whole; minutes and hours with one decimal; km and ratios with two; shares as percentages
//! with one decimal; money in whole 元). The CLI keeps the contract's files
//! (`core::io::sheet::Sheet::contract_csv`); both come from the same rows.
//!
//! Each export is a `people_table::Table`: the CSV writer and the workbook (`app::workbook`)
//! write the same tables, so a sheet of the workbook and the CSV of the same export agree.

use thiserror::Error;

use super::error::QueryError;
use super::message::{Explain, Message};
use super::panels::assumptions_panel;
use super::people_table::{general, Fmt, Out, Table};
use super::protocol::{Answer, ExportKind, People};
use super::units::{unit_of, Unit};
use super::workbook;
use crate::core::assignment::ModelId;
use crate::core::assumptions::{Input, ROWS};
use crate::core::calendar::Calendar;
use crate::core::compare::{Comparison, ModelOutcome};
use crate::core::dates::working_dates;
use crate::core::io::export::{assignments_sheet, schedule_sheet};
use crate::core::io::sheet::{Cell, Sheet};
use crate::core::metrics::{self, Metrics};
use crate::core::scenario::Scenario;
use crate::core::settings::Settings;
use crate::i18n::{t, tf, Lang};

/// The text of `key`, or `fallback` when the translation files do not have it.
fn lookup(lang: Lang, key: &str, fallback: &str) -> String {
    let s = t(lang, key);
    if s == key { fallback } else { s }.to_string()
}

/// A column's header: `export.col.<id>`.
pub fn header(lang: Lang, id: &str) -> String {
    lookup(lang, &format!("export.col.{id}"), id)
}

/// A word of a vocabulary in `lang`: a function (`function.<id>`), a post (`post.<id>`) or
/// a role (`export.role.<id>`).
pub fn word(lang: Lang, vocabulary: &str, id: &str) -> String {
    let key = match vocabulary {
        "function" | "post" => format!("{vocabulary}.{id}"),
        _ => format!("export.{vocabulary}.{id}"),
    };
    lookup(lang, &key, id)
}

/// A plan's file (`export::assignments_sheet`, `schedule_sheet`) for people.
pub fn people_table(lang: Lang, name: String, sheet: &Sheet) -> Table {
    let cell = |c: &Cell| match c {
        Cell::Text(s) => Out::Text(s.clone()),
        Cell::Int(n) => Out::Num(*n as f64, Fmt::Whole),
        Cell::Day(d) => Out::Num(f64::from(*d) + 1.0, Fmt::Whole),
        Cell::Date(s) if s.is_empty() => Out::Empty,
        Cell::Date(s) => Out::Date(s.clone()),
        Cell::Word(v, id) => Out::Text(word(lang, v, id)),
        Cell::Words(v, ids) => Out::Text(
            ids.iter()
                .map(|id| word(lang, v, id))
                .collect::<Vec<_>>()
                .join("+"),
        ),
        Cell::Empty => Out::Empty,
    };
    Table {
        name,
        header: sheet.columns.iter().map(|c| header(lang, c)).collect(),
        rows: sheet
            .rows
            .iter()
            .map(|r| r.iter().map(cell).collect())
            .collect(),
    }
}

/// How a metric's figures are rounded, and its unit's key.
fn metric_format(metric: &str) -> (Fmt, &'static str) {
    match unit_of(metric) {
        Unit::Share => (Fmt::Percent, "export.unit.share"),
        Unit::Count => (Fmt::Whole, "export.unit.count"),
        Unit::Money => (Fmt::Money, "export.unit.money"),
        Unit::Hours => (Fmt::Dec(1), "export.unit.hours"),
        Unit::Minutes => (Fmt::Dec(1), "export.unit.minutes"),
        Unit::PerMonth => (Fmt::Dec(1), "export.unit.per_month"),
        Unit::Km => (Fmt::Dec(2), "export.unit.km"),
        Unit::Ratio => (Fmt::Dec(2), "export.unit.ratio"),
    }
}

/// The comparison as the page's table shows it: one row per metric (those any model has, in
/// the contract's order), its unit, then one column per model.
pub fn metrics_table(lang: Lang, models: &[(ModelId, &Metrics)]) -> Table {
    let mut head = vec![header(lang, "metric"), header(lang, "unit")];
    head.extend(models.iter().map(|(m, _)| t(lang, m.key()).to_string()));
    let figures: Vec<&Metrics> = models.iter().map(|(_, m)| *m).collect();
    let rows = metrics::rows(&figures)
        .into_iter()
        .map(|(name, values)| {
            let (fmt, unit) = metric_format(&name);
            let mut row = vec![
                Out::Text(lookup(lang, &format!("metric.{name}"), &name)),
                Out::Text(t(lang, unit).to_string()),
            ];
            row.extend(
                values
                    .into_iter()
                    .map(|v| v.map_or(Out::Empty, |x| Out::Num(x, fmt))),
            );
            row
        })
        .collect();
    Table {
        name: t(lang, "export.sheet.metrics").to_string(),
        header: head,
        rows,
    }
}

/// The comparison table for people as CSV (the page's "metric table" export).
pub fn metrics_csv(lang: Lang, models: &[(ModelId, &Metrics)]) -> String {
    metrics_table(lang, models).csv()
}

/// Every setting the comparison used: group, name, part (a class, a zone, a grade…), value,
/// unit, source and the setting's id, then the start date of the calendars.
pub fn assumptions_table(lang: Lang, s: &Settings, start_date: Option<&str>) -> Table {
    let head = [
        "group",
        "setting",
        "part",
        "value",
        "unit",
        "source",
        "setting_id",
    ]
    .iter()
    .map(|c| header(lang, c))
    .collect();
    let mut rows = Vec::new();
    for g in assumptions_panel(ROWS, s) {
        for r in &g.rows {
            for f in &r.fields {
                let value = match f.input {
                    Input::Flag => Out::Text(
                        t(
                            lang,
                            if f.value != 0.0 {
                                "export.yes"
                            } else {
                                "export.no"
                            },
                        )
                        .to_string(),
                    ),
                    // The value is the option's index.
                    Input::Choice(options) => Out::Text(
                        options
                            .get(f.value.max(0.0) as usize)
                            .map_or_else(|| general(f.value), |(_, k)| t(lang, k).to_string()),
                    ),
                    Input::Number { .. } => Out::Num(f.value, Fmt::General),
                };
                rows.push(vec![
                    Out::Text(t(lang, g.key).to_string()),
                    Out::Text(t(lang, r.row.name).to_string()),
                    f.label.map_or(Out::Empty, |l| Out::Text(l.text(lang, s))),
                    value,
                    r.row
                        .unit
                        .map_or(Out::Empty, |u| Out::Text(t(lang, u).to_string())),
                    Out::Text(t(lang, r.row.source.key()).to_string()),
                    Out::Text(f.id.clone()),
                ]);
            }
        }
    }
    rows.push(vec![
        Out::Text(t(lang, "export.calendar_group").to_string()),
        Out::Text(t(lang, "export.start_date").to_string()),
        Out::Empty,
        start_date.map_or(Out::Empty, |d| Out::Date(d.to_string())),
        Out::Empty,
        Out::Text(t(lang, "export.source.page").to_string()),
        Out::Text("start_date".to_string()),
    ]);
    Table {
        name: t(lang, "export.sheet.assumptions").to_string(),
        header: head,
        rows,
    }
}

/// Each working day's date from `start` (ISO); empty labels without one (or a bad one).
pub fn plan_dates(cal: &Calendar, start: Option<&str>) -> Vec<String> {
    start
        .and_then(|s| working_dates(s, cal.weeks * cal.days_per_week, cal.days_per_week))
        .unwrap_or_default()
}

/// The first working day of the exports: the page's (it may have changed since the
/// computation), else the scenario's.
fn start_of<'a>(sc: &'a Scenario, people: Option<&'a People>) -> Option<&'a str> {
    people
        .and_then(|p| p.start_date.as_deref())
        .or(sc.settings.start_date.as_deref())
}

/// Why the page's export cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExportError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("the workbook cannot be written: {0}")]
    Workbook(String),
}

impl Explain for ExportError {
    fn message(&self) -> Message {
        match self {
            ExportError::Query(e) => e.message(),
            ExportError::Workbook(detail) => {
                Message::new("error.app.workbook").with("detail", detail)
            }
        }
    }
}

/// A model's name in `lang`.
fn model_name(lang: Lang, m: ModelId) -> String {
    t(lang, m.key()).to_string()
}

/// The plan files of model `out`: its assignments and its schedule, for people.
fn plan_tables(lang: Lang, sc: &Scenario, out: &ModelOutcome, start: Option<&str>) -> [Table; 2] {
    let name = model_name(lang, out.model);
    let a = &out.assignment;
    let schedule = out.calendar.as_ref().map_or_else(Sheet::default, |cal| {
        schedule_sheet(sc, a, cal, &plan_dates(cal, start))
    });
    [
        people_table(
            lang,
            tf(lang, "export.sheet.assignments", &[("model", name.clone())]),
            &assignments_sheet(sc, a, None),
        ),
        people_table(
            lang,
            tf(lang, "export.sheet.schedule", &[("model", name)]),
            &schedule,
        ),
    ]
}

/// Model `model`'s assignments or schedule as a CSV file: the contract's bytes (the CLI's
/// `plan`, with the scenario's start date) without `people`, the people's file with it.
pub fn file(
    sc: &Scenario,
    cmp: &Comparison,
    model: usize,
    kind: ExportKind,
    people: Option<&People>,
) -> Result<Answer, ExportError> {
    let out = cmp.models.get(model).ok_or(QueryError::NoModel(model))?;
    let cal = out.calendar.as_ref().ok_or(QueryError::NoModelCalendar)?;
    let a = &out.assignment;
    let Some(p) = people else {
        let id = out.model.id();
        return Ok(match kind {
            ExportKind::Assignments => Answer::File {
                name: format!("assignments-{id}.csv"),
                text: crate::core::io::export::assignments_csv(sc, a),
            },
            ExportKind::Schedule => Answer::File {
                name: format!("schedule-{id}.csv"),
                text: schedule_sheet(sc, a, cal, &plan_dates(cal, start_of(sc, None)))
                    .contract_csv(),
            },
        });
    };
    let lang = Lang::from_tag(&p.lang);
    let [assignments, schedule] = plan_tables(lang, sc, out, start_of(sc, people));
    let table = match kind {
        ExportKind::Assignments => assignments,
        ExportKind::Schedule => schedule,
    };
    Ok(Answer::File {
        name: format!("{}.csv", table.name),
        text: table.csv(),
    })
}

/// The workbook's tables: each model's assignments and schedule, the comparison, the
/// assumptions.
pub fn workbook_tables(sc: &Scenario, cmp: &Comparison, people: &People) -> Vec<Table> {
    let lang = Lang::from_tag(&people.lang);
    let start = start_of(sc, Some(people));
    let mut tables: Vec<Table> = cmp
        .models
        .iter()
        .flat_map(|m| plan_tables(lang, sc, m, start))
        .collect();
    let figures: Vec<(ModelId, &Metrics)> =
        cmp.models.iter().map(|m| (m.model, &m.metrics)).collect();
    tables.push(metrics_table(lang, &figures));
    tables.push(assumptions_table(lang, &sc.settings, start));
    tables
}

/// Every model's plan, the comparison and the assumptions as one XLSX workbook.
pub fn workbook_file(
    sc: &Scenario,
    cmp: &Comparison,
    people: &People,
) -> Result<Answer, ExportError> {
    if cmp.models.iter().any(|m| m.calendar.is_none()) {
        return Err(QueryError::NoModelCalendar.into());
    }
    let lang = Lang::from_tag(&people.lang);
    let start = start_of(sc, Some(people));
    let bytes = workbook::write(&workbook_tables(sc, cmp, people), start)
        .map_err(|e| ExportError::Workbook(e.to_string()))?;
    Ok(Answer::Workbook {
        name: format!("{}.xlsx", t(lang, "export.file.workbook")),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_headers_are_translated_with_the_id_as_fallback() {
        assert_eq!(word(Lang::ZhCn, "post", "generalist"), "综合岗");
        assert_eq!(
            word(Lang::ZhCn, "role", "market_manager"),
            "市场经理（协同拜访）"
        );
        assert_eq!(word(Lang::En, "role", "nobody"), "nobody");
        assert_eq!(header(Lang::ZhCn, "customer_id"), "客户编码");
        assert_eq!(header(Lang::En, "customer_id"), "Customer ID");
        assert_eq!(header(Lang::En, "no_such_column"), "no_such_column");
    }

    #[test]
    fn days_count_from_one_and_empty_dates_stay_empty() {
        let s = Sheet {
            columns: vec!["day", "date", "functions", "role"],
            rows: vec![vec![
                Cell::Day(0),
                Cell::Date(String::new()),
                Cell::Words("function", vec!["service", "brand"]),
                Cell::Word("role", "manager"),
            ]],
        };
        let zh = people_table(Lang::ZhCn, "x".into(), &s);
        let line = zh.csv().lines().nth(1).map(str::to_string);
        let want = format!(
            "1,,{}+{},{}",
            t(Lang::ZhCn, "function.service"),
            t(Lang::ZhCn, "function.brand"),
            t(Lang::ZhCn, "export.role.manager")
        );
        assert_eq!(line, Some(want));
    }
}
