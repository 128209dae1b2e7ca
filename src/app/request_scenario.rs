//! The scenario a worker request describes: the preset (or the opened scenario), sized down,
//! with the page's settings and staff, checked before anything runs.

use super::error::{Bound, RequestError};
use super::limits::{MAX_HEADCOUNT, MAX_REPLICATIONS, MIN_CUSTOMERS};
use super::protocol::Request;
use crate::core::generate::{generate, staff_by_workload, Preset};
use crate::core::io::validate;
use crate::core::scenario::Scenario;
use crate::core::staffing::with_headcount;
use crate::core::workload;

/// The scenario a request describes: the preset, the page's settings and staff, checked.
pub(super) fn scenario_of(req: &Request) -> Result<Scenario, RequestError> {
    let preset = Preset::parse(&req.preset)?;
    if !(1..=52).contains(&req.weeks) {
        return Err(RequestError::out_of_range(Bound::Weeks, req.weeks, 1, 52));
    }
    if !(1..=MAX_REPLICATIONS).contains(&req.replications) {
        return Err(RequestError::out_of_range(
            Bound::Replications,
            req.replications,
            1,
            u64::from(MAX_REPLICATIONS),
        ));
    }
    let mut scenario = match &req.base {
        Some(base) => {
            let mut sc = (**base).clone();
            if sc.managers.is_empty() {
                staff_by_workload(&mut sc, req.seed);
            }
            sc
        }
        None => generate(preset, req.seed)?,
    };
    if let Some(n) = req.customers {
        let all = scenario.customers.len();
        if !(MIN_CUSTOMERS..=all).contains(&n) {
            return Err(RequestError::out_of_range(
                Bound::Customers,
                n as u64,
                MIN_CUSTOMERS as u64,
                all as u64,
            ));
        }
        if n < all {
            let keep: Vec<usize> = (0..n).map(|k| k * all / n).collect();
            scenario.customers = keep
                .iter()
                .map(|&i| scenario.customers[i].clone())
                .collect();
            staff_by_workload(&mut scenario, req.seed);
        }
    }
    if let Some(settings) = &req.settings {
        scenario.settings = (**settings).clone();
    }
    scenario.settings.weeks = req.weeks;
    // Settings from the page are checked like an imported file's before anything runs.
    let problems = validate::problems(&scenario);
    if !problems.is_empty() {
        return Err(RequestError::InvalidSettings(problems.join("; ")));
    }
    if let Some(n) = req.headcount {
        if !(1..=MAX_HEADCOUNT).contains(&n) {
            return Err(RequestError::out_of_range(
                Bound::Headcount,
                n as u64,
                1,
                MAX_HEADCOUNT as u64,
            ));
        }
        let work = workload::generalist(&scenario);
        scenario = with_headcount(&scenario, &work, n);
    }
    Ok(scenario)
}
