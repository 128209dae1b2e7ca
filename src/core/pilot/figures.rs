//! What a stage changes, measured: for a set of departments (the pilot, or the whole company)
//! coverage, travel, overtime, cost and the customers whose manager changes; and per person,
//! today against the stage.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::core::assignment::Assignment;
use crate::core::calendar::{required_cycles, Calendar};
use crate::core::metrics::market_manager_departments;
use crate::core::scenario::Scenario;
use crate::core::workload::{self, Work, WEEKS_PER_MONTH};

/// One set of departments' figures in one plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    pub customers: usize,
    pub people: usize,
    /// Required (customer, function) cycles met ÷ required, for the duties of these people.
    pub coverage_rate: f64,
    /// Hours on the road over the horizon.
    pub travel_hours: f64,
    /// Hours beyond the working day over the horizon.
    pub overtime_hours: f64,
    /// Pay (each person at their pay grade; 定薪 in a pilot department) plus the market
    /// managers' pay, plus road km × `cost_per_km`, per month: for the whole company, the
    /// `monthly_cost` metric.
    pub monthly_cost: f64,
    /// Customers whose main staff member (routine service) is not today's manager.
    pub customers_changing_manager: usize,
    /// ÷ the scope's customers.
    pub customers_changing_manager_share: f64,
}

/// `Scope` of plan `a` lived as `cal` on `sc`, over the departments `within` (every department
/// when `None`); `today[c]` is customer c's manager today, customers' departments are held
/// (`Customer::department`).
pub fn scope(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    cal: &Calendar,
    today: &[usize],
    within: Option<&[usize]>,
) -> Scope {
    let s = &sc.settings;
    let inside = |d: usize| within.is_none_or(|w| w.contains(&d));
    let dept_of_staff = |st: usize| {
        a.staff
            .get(st)
            .and_then(|x| sc.managers.get(x.manager))
            .map_or(usize::MAX, |m| m.department)
    };
    let staff_in: Vec<bool> = (0..a.staff.len())
        .map(|st| inside(dept_of_staff(st)))
        .collect();
    let people: BTreeSet<usize> = a
        .staff
        .iter()
        .enumerate()
        .filter(|(st, _)| staff_in[*st])
        .map(|(_, x)| x.manager)
        .collect();
    let required = required_cycles(work, a, cal.weeks)
        .filter(|r| staff_in.get(r.staff).copied().unwrap_or(false))
        .count();
    let missed = cal
        .missed
        .iter()
        .filter(|x| staff_in.get(x.staff).copied().unwrap_or(false))
        .count();
    let (mut travel, mut overtime, mut km) = (0.0, 0.0, 0.0);
    for r in cal
        .routes
        .iter()
        .filter(|r| staff_in.get(r.staff).copied().unwrap_or(false))
    {
        travel += r.travel_min;
        overtime += (r.working_minutes() - s.day_minutes).max(0.0);
        km += r.km;
    }
    let mm: Vec<usize> = market_manager_departments(sc, a)
        .into_iter()
        .filter(|&d| inside(d))
        .collect();
    let mm_km: f64 = cal
        .market_managers
        .iter()
        .filter(|r| inside(r.department))
        .map(|r| r.km)
        .sum();
    let pay: f64 = people
        .iter()
        .map(|&m| s.monthly_pay(sc.managers[m].pay_grade))
        .sum::<f64>()
        + mm.len() as f64 * s.team.market_manager_monthly_pay;
    let months = f64::from(cal.weeks) / WEEKS_PER_MONTH;
    let mut customers = 0;
    let mut changing = 0;
    for (c, cust) in sc.customers.iter().enumerate() {
        if !cust.department.is_some_and(inside) {
            continue;
        }
        customers += 1;
        let now = a.staff.get(a.main_staff(c)).map(|x| x.manager);
        if now != today.get(c).copied() {
            changing += 1;
        }
    }
    Scope {
        customers,
        people: people.len(),
        coverage_rate: if required == 0 {
            1.0
        } else {
            required.saturating_sub(missed) as f64 / required as f64
        },
        travel_hours: travel / 60.0,
        overtime_hours: overtime / 60.0,
        monthly_cost: if months > 0.0 {
            pay + (km + mm_km) * s.cost_per_km / months
        } else {
            0.0
        },
        customers_changing_manager: changing,
        customers_changing_manager_share: if customers == 0 {
            0.0
        } else {
            changing as f64 / customers as f64
        },
    }
}

/// One person's side of the before/after table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Side {
    /// The post held (`generalist`, or a post's id); empty when the person has no duty.
    pub post: &'static str,
    /// Customers the person does any function for.
    pub customers: usize,
    /// Of them, format class 甲 or 乙.
    pub top_customers: usize,
    /// Required hours per month (the book's work).
    pub required_hours: f64,
    /// Road km over the horizon.
    pub km: f64,
    pub overtime_hours: f64,
    #[serde(skip)]
    book: BTreeSet<usize>,
}

/// Every person's side in plan `a` lived as `cal`.
pub fn sides(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    cal: &Calendar,
) -> BTreeMap<usize, Side> {
    let mut out: BTreeMap<usize, Side> = BTreeMap::new();
    for x in &a.staff {
        out.entry(x.manager).or_default().post = x.post.map_or("generalist", |f| f.id());
    }
    for c in 0..a.responsible.len() {
        for (_, st) in a.duties(c) {
            if let Some(x) = a.staff.get(st) {
                out.entry(x.manager).or_default().book.insert(c);
            }
        }
    }
    for (st, mins) in workload::book_minutes(sc, work, a).into_iter().enumerate() {
        if let Some(x) = a.staff.get(st) {
            out.entry(x.manager).or_default().required_hours += mins / 60.0;
        }
    }
    for r in &cal.routes {
        if let Some(x) = a.staff.get(r.staff) {
            let e = out.entry(x.manager).or_default();
            e.km += r.km;
            e.overtime_hours += (r.working_minutes() - sc.settings.day_minutes).max(0.0) / 60.0;
        }
    }
    for side in out.values_mut() {
        side.customers = side.book.len();
        side.top_customers = side
            .book
            .iter()
            .filter(|&&c| sc.customers.get(c).is_some_and(|x| x.class <= 1))
            .count();
    }
    out
}

/// One person today and in a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagerRow {
    pub staff: String,
    pub name: String,
    pub department: String,
    pub before: Side,
    pub after: Side,
    /// Customers served in the stage and not today, and the other way round.
    pub gained: usize,
    pub lost: usize,
}

/// The before/after rows of the people of departments `within`.
pub fn before_after(
    sc: &Scenario,
    before: &BTreeMap<usize, Side>,
    after: &BTreeMap<usize, Side>,
    within: &[usize],
) -> Vec<ManagerRow> {
    let empty = Side::default();
    sc.managers
        .iter()
        .enumerate()
        .filter(|(_, m)| within.contains(&m.department))
        .map(|(i, m)| {
            let b = before.get(&i).unwrap_or(&empty);
            let a = after.get(&i).unwrap_or(&empty);
            ManagerRow {
                staff: m.id.clone(),
                name: m.name.clone(),
                department: sc
                    .departments
                    .get(m.department)
                    .map_or(String::new(), |d| d.id.clone()),
                gained: a.book.difference(&b.book).count(),
                lost: b.book.difference(&a.book).count(),
                before: b.clone(),
                after: a.clone(),
            }
        })
        .collect()
}

/// Every person's side in one plan, by manager index.
pub type SidesOf = BTreeMap<usize, Side>;
