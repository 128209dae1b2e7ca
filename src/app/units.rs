//! What each contract metric's number is (a share, a count, 元, hours…) and how a share is
//! written: shared by the page's tables, the verdict and the exports for people.

use crate::i18n::num;

/// What a metric's number is, for writing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share in [0, 1], written as a percentage.
    Share,
    /// People or visits: whole.
    Count,
    /// 元 per month.
    Money,
    /// Hours, one decimal.
    Hours,
    /// Minutes, one decimal (a minute or two is the difference between models here).
    Minutes,
    /// Visits a month: one decimal (an average over the weeks planned).
    PerMonth,
    /// Kilometres, two decimals.
    Km,
    /// A plain ratio or index, two decimals.
    Ratio,
}

/// The unit of a contract metric (an unknown name reads as a ratio).
pub fn unit_of(metric: &str) -> Unit {
    match metric {
        "coverage_rate"
        | "rigid_cycle_met_rate"
        | "travel_time_share"
        | "skill_inversion_rate"
        | "top_customers_top_staff_rate"
        | "same_day_multi_visit_rate"
        | "market_manager_utilisation"
        | "manager_change_rate" => Unit::Share,
        "headcount" | "headcount_for_full_coverage" | "team_visits" => Unit::Count,
        "monthly_cost" => Unit::Money,
        "overtime_hours" => Unit::Hours,
        "travel_minutes_per_customer"
        | "service_minutes_per_customer_month"
        | "skilled_service_minutes_per_customer_month" => Unit::Minutes,
        "travel_km_per_visit" => Unit::Km,
        "joint_visits_per_month" => Unit::PerMonth,
        _ => Unit::Ratio,
    }
}

/// A share as a percentage with one decimal and an ASCII `%` (`0.799` → `79.9%`).
pub fn percent(x: f64) -> String {
    format!("{}%", num(100.0 * x, 1))
}
