//! Today's plan (现状): the baseline every pilot stage is measured against.
//!
//! A list that names today's managers (现客户经理, `Customer::current_manager`) is today's plan:
//! each manager a generalist doing every function for their customers. A list without them (a
//! preset, or a list whose managers are not named) takes the region model as generated, as the
//! `generate` command writes it into 现客户经理. A customer's department is its manager's.

use serde::Serialize;

use super::spec::PilotError;
use crate::core::assignment::{Assignment, ModelId, Shift};
use crate::core::error::CoreError;
use crate::core::geo::{Grid, Point};
use crate::core::models::common::Builder;
use crate::core::models::region::Region;
use crate::core::models::StaffingModel;
use crate::core::scenario::Scenario;
use crate::core::workload::{self, Work};

/// Where today's plan came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineSource {
    /// The customer list's 现客户经理 column.
    Named,
    /// The region model on the scenario as it is (no manager named).
    Region,
}

/// Today's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub source: BaselineSource,
    /// Today's manager of each customer (index into `Scenario::managers`).
    pub manager: Vec<usize>,
    /// Each customer's department (its manager's), fixed across the stages.
    pub department: Vec<usize>,
    /// Customers the list left without a manager, given their nearest named neighbour's.
    pub filled: usize,
}

/// Each customer's manager in the region model on `sc` as generated (indices into
/// `Scenario::managers`): today's plan of a list that names no manager. Locks (a wish for the
/// future) play no part in it.
pub fn region_plan(sc: &Scenario) -> Result<Vec<usize>, CoreError> {
    let mut free = sc.clone();
    for c in free.customers_mut() {
        c.locked_to = None;
    }
    let work = workload::generalist(&free);
    let a = Region.assign(&free, &work)?;
    Ok((0..sc.customers.len())
        .map(|c| a.staff.get(a.main_staff(c)).map_or(0, |s| s.manager))
        .collect())
}

/// The manager of each customer today, by the list's names (id first, then name) or the region
/// model.
fn todays_managers(sc: &Scenario) -> Result<(BaselineSource, Vec<usize>, usize), PilotError> {
    if sc.customers.iter().all(|c| c.current_manager.is_none()) {
        return Ok((BaselineSource::Region, region_plan(sc)?, 0));
    }
    let mut by_key = std::collections::BTreeMap::new();
    for (m, x) in sc.managers.iter().enumerate() {
        by_key.entry(x.name.as_str()).or_insert(m);
    }
    for (m, x) in sc.managers.iter().enumerate() {
        by_key.insert(x.id.as_str(), m);
    }
    let mut who: Vec<Option<usize>> = Vec::with_capacity(sc.customers.len());
    for c in sc.customers.iter() {
        match c.current_manager.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => {
                let m =
                    by_key
                        .get(name)
                        .copied()
                        .ok_or_else(|| PilotError::UnknownCurrentManager {
                            customer: c.id.clone(),
                            manager: name.to_string(),
                        })?;
                who.push(Some(m));
            }
            _ => who.push(None),
        }
    }
    // A shop the list leaves without a manager (a new licence) goes to its nearest named
    // neighbour's manager, as a department would hand it over.
    let named: Vec<usize> = (0..who.len()).filter(|&c| who[c].is_some()).collect();
    let pts: Vec<Point> = named.iter().map(|&c| sc.customers[c].pos).collect();
    let grid = Grid::new(&pts, 8);
    let mut filled = 0;
    let out = (0..who.len())
        .map(|c| match who[c] {
            Some(m) => m,
            None => {
                filled += 1;
                grid.as_ref()
                    .and_then(|g| g.nearest_to(&pts, sc.customers[c].pos, 1).first().copied())
                    .and_then(|(j, _)| named.get(j))
                    .and_then(|&n| who[n])
                    .unwrap_or(0)
            }
        })
        .collect();
    Ok((BaselineSource::Named, out, filled))
}

/// Today's plan on `sc`.
pub fn today(sc: &Scenario) -> Result<Baseline, PilotError> {
    crate::core::models::require_people(sc)?;
    let (source, manager, filled) = todays_managers(sc)?;
    let department: Vec<usize> = manager
        .iter()
        .map(|&m| sc.managers.get(m).map_or(0, |x| x.department))
        .collect();
    Ok(Baseline {
        source,
        manager,
        department,
        filled,
    })
}

impl Baseline {
    /// Gives customer `c` every function by today's manager, a generalist of its department.
    pub fn keep_today(&self, b: &mut Builder, c: usize) {
        let (Some(&m), Some(&d)) = (self.manager.get(c), self.department.get(c)) else {
            return;
        };
        let s = b.staff(m, None, Shift::Day, &format!("dept:{d}"));
        b.give_all(c, s);
    }

    /// Today's plan as an assignment, with `work` the customers' work.
    pub fn assignment(&self, work: &[Work]) -> Result<Assignment, CoreError> {
        let mut b = Builder::new(self.manager.len());
        for c in 0..self.manager.len() {
            self.keep_today(&mut b, c);
        }
        b.finish(ModelId::Region, work)
    }
}

/// `sc` with every customer named with today's manager (`Customer::current_manager`): a list
/// that names none gets the region model as generated, so that it round-trips as a list with
/// today's managers (what the `generate` command writes into 现客户经理).
pub fn with_todays_managers(sc: &Scenario) -> Result<Scenario, PilotError> {
    let (_, who, _) = todays_managers(sc)?;
    let mut out = sc.clone();
    for (c, m) in out.customers_mut().iter_mut().zip(who) {
        c.current_manager = sc.managers.get(m).map(|x| x.id.clone());
    }
    Ok(out)
}
