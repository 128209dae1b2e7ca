//! CSV exports, UTF-8 with a BOM so Excel shows Chinese correctly and cells that a spreadsheet
//! would run as a formula neutralised: customers and managers that import back to the same
//! scenario (every field written, floats at full shortest round-trip precision), and a model's
//! plan (`assignments_csv`, `schedule_csv`, `unvisited_csv`), written by the CLI's `plan` and
//! the page alike.

use super::cells::{hhmm, yes_no};
use super::columns::{header, CUSTOMER_COLUMNS, MANAGER_COLUMNS};
use super::derive::industry_name;
use super::project;
use super::sheet::{Cell, Sheet};
use crate::core::calendar::{market_manager_id, Calendar};
use crate::core::metrics::Metrics;
use crate::core::models::{Assignment, ModelId};
use crate::core::scenario::{Scenario, Zone};
use crate::core::settings::Function;

// The CSV writing itself (BOM, quoting, formula neutralising) is `sheet`'s, named here too.
pub use super::sheet::{csv_line, neutralise, BOM};

/// A float at full precision (Rust prints the shortest text that parses back to the same bits).
fn f(x: f64) -> String {
    format!("{x}")
}

/// The Chinese name of a zone, as lists write it.
pub fn zone_name(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "城区",
        Zone::Town => "乡镇",
        Zone::Rural => "农村",
    }
}

/// The customers of `sc` as CSV (Chinese headers, every field).
pub fn customers_csv(sc: &Scenario) -> String {
    let mut ids = vec!["customer_id", "name", "x_km", "y_km"];
    if sc.origin.is_some() {
        ids.extend(["longitude", "latitude"]);
    }
    ids.extend([
        "zone",
        "class",
        "format",
        "grade",
        "monthly_sales",
        "monthly_amount",
        "loyalty",
        "integrity",
        "cooperation",
        "growth",
        "dependency",
        "night_shop",
        "open",
        "close",
        "growth_potential",
        "volatile_sales",
        "special_difficulty",
        "current_manager",
        "derived",
    ]);
    let mut out = String::from(BOM);
    let head: Vec<String> = ids
        .iter()
        .map(|id| header(CUSTOMER_COLUMNS, id).to_string())
        .collect();
    out.push_str(&csv_line(&head));
    for c in sc.customers.iter() {
        let mut row = vec![c.id.clone(), c.name.clone(), f(c.pos.x), f(c.pos.y)];
        if let Some(o) = sc.origin {
            let (lon, lat) = project::to_lon_lat(o, c.pos);
            row.extend([f(lon), f(lat)]);
        }
        let class = sc
            .settings
            .classes
            .get(c.class as usize)
            .map_or_else(|| c.class.to_string(), |d| d.name_zh.clone());
        row.extend([
            zone_name(c.zone).to_string(),
            class,
            industry_name(c.industry).to_string(),
            c.grade.to_string(),
            f(c.monthly_sales),
            f(c.monthly_amount),
            f(c.value.loyalty),
            f(c.value.integrity),
            f(c.value.cooperation),
            f(c.value.growth),
            f(c.value.dependency),
            yes_no(c.night_shop).to_string(),
            hhmm(c.open_min),
            hhmm(c.close_min),
            yes_no(c.team.growth_potential).to_string(),
            yes_no(c.team.volatile_sales).to_string(),
            yes_no(c.team.special_difficulty).to_string(),
            c.current_manager.clone().unwrap_or_default(),
            c.derived.names().join(";"),
        ]);
        out.push_str(&csv_line(&row));
    }
    out
}

/// The managers of `sc` as CSV, with each one's department and its office.
pub fn managers_csv(sc: &Scenario) -> String {
    let mut ids = vec![
        "manager_id",
        "manager_name",
        "department_id",
        "department",
        "market_manager",
        "competence",
        "skill_service",
        "skill_brand",
        "skill_training",
        "skill_research",
        "pay_grade",
        "base_x_km",
        "base_y_km",
    ];
    if sc.origin.is_some() {
        ids.extend(["base_longitude", "base_latitude"]);
    }
    let mut out = String::from(BOM);
    let head: Vec<String> = ids
        .iter()
        .map(|id| header(MANAGER_COLUMNS, id).to_string())
        .collect();
    out.push_str(&csv_line(&head));
    for m in &sc.managers {
        let d = sc.departments.get(m.department);
        let office = d.map(|d| d.office).unwrap_or_default();
        let mut row = vec![
            m.id.clone(),
            m.name.clone(),
            d.map(|d| d.id.clone()).unwrap_or_default(),
            d.map(|d| d.name.clone()).unwrap_or_default(),
            d.map(|d| d.market_manager.clone()).unwrap_or_default(),
            f(m.competence),
            f(m.skills[0]),
            f(m.skills[1]),
            f(m.skills[2]),
            f(m.skills[3]),
            m.pay_grade.to_string(),
            f(office.x),
            f(office.y),
        ];
        if let Some(o) = sc.origin {
            let (lon, lat) = project::to_lon_lat(o, office);
            row.extend([f(lon), f(lat)]);
        }
        out.push_str(&csv_line(&row));
    }
    out
}

// The plan's three files (`visit-sandbox plan`, docs/contract.md), here rather than in the CLI so
// the page's worker writes the same bytes.

/// The manager id of staff member `st` (empty if the index is out of range, which the
/// assignment checker rules out).
pub fn staff_id<'a>(sc: &'a Scenario, a: &Assignment, st: usize) -> &'a str {
    a.staff
        .get(st)
        .and_then(|s| sc.managers.get(s.manager))
        .map_or("", |m| m.id.as_str())
}

fn customer_id(sc: &Scenario, c: usize) -> &str {
    sc.customers.get(c).map_or("", |c| c.id.as_str())
}

/// Minutes after midnight as HH:MM, to the nearest minute; hours keep counting past 24.
fn clock(min: f64) -> String {
    // Visit times lie within a day and a half; the cast saturates on anything stranger.
    hhmm(min.round().max(0.0) as u32)
}

fn line(cells: &[&str]) -> String {
    csv_line(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>())
}

/// `assignments.csv`: one row per customer, in the scenario's order.
pub fn assignments_csv(sc: &Scenario, a: &Assignment) -> String {
    assignments_sheet(sc, a, None).contract_csv()
}

/// `assignments.csv` with a last `department` column: each customer's department id (its held
/// department, `Customer::department`), as a pilot writes it.
pub fn assignments_with_department_csv(sc: &Scenario, a: &Assignment) -> String {
    let ids: Vec<String> = sc
        .customers
        .iter()
        .map(|c| {
            c.department
                .and_then(|d| sc.departments.get(d))
                .map_or(String::new(), |d| d.id.clone())
        })
        .collect();
    assignments_sheet(sc, a, Some(&ids)).contract_csv()
}

/// The column ids of `assignments.csv`: per function (`Function::ALL`'s order) its staff
/// and their post.
const ASSIGNMENT_COLUMNS: [&str; 11] = [
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

/// The rows of `assignments.csv` (with a last `department` column when `department` gives
/// each customer's department id).
pub fn assignments_sheet(sc: &Scenario, a: &Assignment, department: Option<&[String]>) -> Sheet {
    let mut columns = ASSIGNMENT_COLUMNS.to_vec();
    if department.is_some() {
        columns.push("department");
    }
    let mut rows = Vec::with_capacity(sc.customers.len());
    for (c, cust) in sc.customers.iter().enumerate() {
        let mut row = vec![
            Cell::Text(cust.id.clone()),
            Cell::Text(cust.name.clone()),
            Cell::Text(staff_id(sc, a, a.main_staff(c)).to_string()),
        ];
        let resp = a.responsible.get(c).copied().unwrap_or_default();
        for st in resp {
            // A function that does not reach the customer leaves both cells empty.
            let Some(st) = st else {
                row.push(Cell::Empty);
                row.push(Cell::Empty);
                continue;
            };
            row.push(Cell::Text(staff_id(sc, a, st).to_string()));
            let post = a.staff.get(st).map_or(Cell::Empty, |s| {
                Cell::Word("post", s.post.map_or("generalist", Function::id))
            });
            row.push(post);
        }
        if let Some(ids) = department {
            row.push(Cell::Text(ids.get(c).cloned().unwrap_or_default()));
        }
        rows.push(row);
    }
    Sheet { columns, rows }
}

/// `schedule.csv`: one row per visit, ordered by day, staff, start, with the `role` `manager`;
/// then each day's market managers' joint visits (协同拜访), one row per stop with the `role`
/// `market_manager`, their staff id `MM-<department id>`, no functions, the team's span at the
/// shop and the team id, ordered by department and start. `dates[d]` labels day `d` (empty
/// when there is no start date).
pub fn schedule_csv(sc: &Scenario, a: &Assignment, cal: &Calendar, dates: &[String]) -> String {
    schedule_sheet(sc, a, cal, dates).contract_csv()
}

/// The rows of `schedule.csv` (see `schedule_csv`).
pub fn schedule_sheet(sc: &Scenario, a: &Assignment, cal: &Calendar, dates: &[String]) -> Sheet {
    let columns = vec![
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
    let mut rows = Vec::new();
    let mut visits: Vec<_> = cal.visits.iter().collect();
    visits.sort_by(|x, y| {
        (x.day, x.staff)
            .cmp(&(y.day, y.staff))
            .then(x.start.total_cmp(&y.start))
            .then(x.customer.cmp(&y.customer))
    });
    // The market managers' days are in day then department order already; merged in after
    // each day's staff rows.
    let mut mm = cal.market_managers.iter().peekable();
    let date = |d: u32| Cell::Date(dates.get(d as usize).cloned().unwrap_or_default());
    let mut market_rows = |rows: &mut Vec<Vec<Cell>>, until: Option<u32>| {
        while let Some(r) = mm.next_if(|r| until.is_none_or(|d| r.day < d)) {
            let id = sc
                .departments
                .get(r.department)
                .map(|d| market_manager_id(&d.id))
                .unwrap_or_default();
            for x in &r.stops {
                rows.push(vec![
                    Cell::Day(r.day),
                    date(r.day),
                    Cell::Text(id.clone()),
                    Cell::Text(customer_id(sc, x.customer).to_string()),
                    Cell::Empty,
                    Cell::Text(clock(x.start)),
                    Cell::Text(clock(x.end)),
                    Cell::Int(i64::from(x.team)),
                    Cell::Word("role", "market_manager"),
                ]);
            }
        }
    };
    for v in visits {
        market_rows(&mut rows, Some(v.day));
        rows.push(vec![
            Cell::Day(v.day),
            date(v.day),
            Cell::Text(staff_id(sc, a, v.staff).to_string()),
            Cell::Text(customer_id(sc, v.customer).to_string()),
            Cell::Words("function", v.functions.iter().map(|f| f.id()).collect()),
            Cell::Text(clock(v.start)),
            Cell::Text(clock(v.end)),
            v.team.map_or(Cell::Empty, |t| Cell::Int(i64::from(t))),
            Cell::Word("role", "manager"),
        ]);
    }
    market_rows(&mut rows, None);
    Sheet { columns, rows }
}

/// `unvisited.csv`: one row per required visit not made, ordered by cycle start, staff,
/// customer, function.
pub fn unvisited_csv(sc: &Scenario, a: &Assignment, cal: &Calendar) -> String {
    let mut out = String::from(BOM);
    out.push_str(&line(&[
        "customer", "function", "staff", "from_day", "to_day", "reason",
    ]));
    let mut missed: Vec<_> = cal.missed.iter().collect();
    missed.sort_by_key(|m| (m.from_day, m.staff, m.customer, m.function));
    for m in missed {
        out.push_str(&csv_line(&[
            customer_id(sc, m.customer).to_string(),
            m.function.id().to_string(),
            staff_id(sc, a, m.staff).to_string(),
            m.from_day.to_string(),
            m.to_day.to_string(),
            m.reason.id().to_string(),
        ]));
    }
    out
}

/// The comparison table as CSV: one row per model (in the order given), the columns `model`
/// then every contract metric by its contract name, in the contract's order; an absent metric
/// is an empty cell, never a number (docs/contract.md), so every model's file has the same columns.
pub fn metrics_csv(rows: &[(ModelId, &Metrics)]) -> String {
    let mut out = String::from(BOM);
    let mut head = vec!["model".to_string()];
    head.extend(Metrics::names().iter().map(|n| n.to_string()));
    out.push_str(&csv_line(&head));
    for (model, m) in rows {
        let mut row = vec![model.id().to_string()];
        row.extend(m.named().iter().map(|(_, v)| v.map(f).unwrap_or_default()));
        out.push_str(&csv_line(&row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_escaped() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("plain"), "plain");
        let line = csv_line(&["a,b".into(), "say \"hi\"".into(), "@x".into()]);
        assert_eq!(line, "\"a,b\",\"say \"\"hi\"\"\",'@x\r\n");
    }

    #[test]
    fn assignment_columns_follow_the_functions() {
        for (i, f) in Function::ALL.iter().enumerate() {
            assert_eq!(ASSIGNMENT_COLUMNS[3 + 2 * i], format!("{}_staff", f.id()));
            assert_eq!(ASSIGNMENT_COLUMNS[4 + 2 * i], format!("{}_post", f.id()));
        }
    }

    #[test]
    fn clock_counts_past_midnight() {
        assert_eq!(clock(8.0 * 60.0), "08:00");
        assert_eq!(clock(25.0 * 60.0 + 10.4), "25:10");
        assert_eq!(clock(59.6), "01:00");
    }
}
