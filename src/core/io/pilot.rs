//! A pilot's own files beside the plan's (docs/contract.md "pilot"): `kpi.csv`, the KPI sheet
//! one row per person; `days.csv`, each staff member's working days, from which the sheet's
//! overtime and travel are recomputed.

pub use super::cells::decimals;
use super::export::{csv_line, staff_id, BOM};
use crate::core::assignment::Assignment;
use crate::core::calendar::Calendar;
use crate::core::pilot::KpiSheet;
use crate::core::scenario::Scenario;

/// `kpi.csv`: one row per person of the plan, with their team's (department's) figures.
pub fn kpi_csv(sheet: &KpiSheet) -> String {
    let mut out = String::from(BOM);
    let head = [
        "staff",
        "name",
        "department",
        "post",
        "required_cycles",
        "cycles_met",
        "visits",
        "service_minutes",
        "team_visits",
        "overtime_hours",
        "personal_score",
        "department_coverage",
        "department_customers_over_cap",
        "department_travel_share",
        "team_score",
        "total_score",
    ];
    out.push_str(&csv_line(&head.map(str::to_string)));
    for p in &sheet.people {
        let team = sheet.teams.iter().find(|t| t.department == p.department);
        out.push_str(&csv_line(&[
            p.staff.clone(),
            p.name.clone(),
            p.department.clone(),
            p.post.to_string(),
            p.required_cycles.to_string(),
            p.cycles_met.to_string(),
            p.visits.to_string(),
            decimals(p.service_minutes, 0),
            p.team_visits.to_string(),
            decimals(p.overtime_hours, 2),
            decimals(p.personal_score, 1),
            team.map_or(String::new(), |t| decimals(t.coverage_rate, 4)),
            team.map_or(String::new(), |t| t.customers_over_cap.to_string()),
            team.map_or(String::new(), |t| decimals(t.travel_share, 4)),
            decimals(p.team_score, 1),
            decimals(p.total_score, 1),
        ]));
    }
    out
}

/// `days.csv`: one row per staff member's working day, by day then staff: the clock of the
/// route (HH:MM is not enough to recompute overtime, so minutes after midnight with two
/// decimals), its km and minutes on the road, at the shops, worked and beyond the working day.
pub fn days_csv(sc: &Scenario, a: &Assignment, cal: &Calendar, dates: &[String]) -> String {
    let mut out = String::from(BOM);
    let head = [
        "day",
        "date",
        "staff",
        "leave_min",
        "back_min",
        "km",
        "travel_min",
        "service_min",
        "working_min",
        "overtime_min",
    ];
    out.push_str(&csv_line(&head.map(str::to_string)));
    let mut routes: Vec<_> = cal.routes.iter().collect();
    routes.sort_by_key(|r| (r.day, r.staff));
    for r in routes {
        let work = r.working_minutes();
        out.push_str(&csv_line(&[
            r.day.to_string(),
            dates.get(r.day as usize).cloned().unwrap_or_default(),
            staff_id(sc, a, r.staff).to_string(),
            decimals(r.leave, 2),
            decimals(r.back, 2),
            decimals(r.km, 2),
            decimals(r.travel_min, 2),
            decimals(r.service_min, 2),
            decimals(work, 2),
            decimals((work - sc.settings.day_minutes).max(0.0), 2),
        ]));
    }
    out
}
