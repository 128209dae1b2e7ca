//! Runs one scenario through every staffing model: the comparison the app and the CLI show.

use serde::Serialize;

use super::error::CoreError;
use super::metrics::{self, Metrics};
use super::models::{self, Assignment, ModelId};
use super::scenario::Scenario;
use super::workload;

/// One model's result on the scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelOutcome {
    pub model: ModelId,
    pub assignment: Assignment,
    /// Required hours per week of each staff member (same order as `assignment.staff`).
    pub staff_weekly_hours: Vec<f64>,
    pub metrics: Metrics,
}

/// Every model's result on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub models: Vec<ModelOutcome>,
}

/// Runs every model on `sc`.
pub fn compare(sc: &Scenario) -> Result<Comparison, CoreError> {
    if sc.customers.is_empty() {
        return Err(CoreError::NoCustomers);
    }
    if sc.managers.is_empty() {
        return Err(CoreError::NoManagers);
    }
    let work = workload::generalist(sc);
    let mut out = Vec::new();
    for m in models::all() {
        let assignment = m.assign(sc, &work)?;
        models::check(sc, &assignment).map_err(CoreError::InvalidScenario)?;
        let staff_weekly_hours = metrics::required_weekly_hours(sc, &work, &assignment);
        let metrics = metrics::from_assignment(sc, &work, &assignment);
        out.push(ModelOutcome {
            model: m.id(),
            assignment,
            staff_weekly_hours,
            metrics,
        });
    }
    Ok(Comparison { models: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};

    #[test]
    fn same_seed_same_comparison() {
        let a = compare(&generate(Preset::County, 9).expect("gen")).expect("cmp");
        let b = compare(&generate(Preset::County, 9).expect("gen")).expect("cmp");
        assert_eq!(a, b);
        let c = compare(&generate(Preset::County, 10).expect("gen")).expect("cmp");
        assert_ne!(
            a.models[0].staff_weekly_hours,
            c.models[0].staff_weekly_hours
        );
    }

    #[test]
    fn metrics_are_in_range() {
        let cmp = compare(&generate(Preset::County, 42).expect("gen")).expect("cmp");
        for m in &cmp.models {
            let x = &m.metrics;
            let rate = x.top_customers_top_staff_rate.expect("computed");
            assert!((0.0..=1.0).contains(&rate));
            assert!(x.workload_cv.expect("computed") >= 0.0);
            assert!(x.max_over_mean_workload.expect("computed") >= 1.0);
            let e = x.format_entropy_bits.expect("computed");
            assert!((0.0..=2.0).contains(&e));
            // Metrics that need the calendar are absent, never placeholders.
            assert!(x.coverage_rate.is_none());
        }
    }
}
