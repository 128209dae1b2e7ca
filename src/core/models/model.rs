//! The interface every staffing model implements, and the runner of a model's staffing step
//! on a whole scenario.

use super::common::Builder;
use super::locks;
use crate::core::assignment::{Assignment, ModelId};
use crate::core::error::CoreError;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

/// A staffing model.
pub trait StaffingModel {
    fn id(&self) -> ModelId;
    /// Assigns every customer and function to a staff member. `work` is the generalist's
    /// work per customer (`workload::generalist`), the same in every model.
    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError>;
}

/// Every model needs at least one customer and one manager.
pub fn require_people(sc: &Scenario) -> Result<(), CoreError> {
    if sc.customers.is_empty() {
        return Err(CoreError::NoCustomers);
    }
    if sc.managers.is_empty() {
        return Err(CoreError::NoManagers);
    }
    Ok(())
}

/// Runs a model's `staff` step on every customer and manager of `sc` and finishes the
/// assignment (the hybrid model instead runs the steps per zone).
pub(crate) fn assign_whole(
    sc: &Scenario,
    work: &[Work],
    id: ModelId,
    staff: impl FnOnce(&mut Builder, &[usize], &[usize]),
) -> Result<Assignment, CoreError> {
    require_people(sc)?;
    let mut b = Builder::new(sc.customers.len());
    let customers: Vec<usize> = (0..sc.customers.len()).collect();
    let managers: Vec<usize> = (0..sc.managers.len()).collect();
    staff(&mut b, &customers, &managers);
    finish(b, sc, work, id)
}

/// The assignment of a model's builder, with the scenario's locks kept (`locks::keep`): every
/// model ends here, so each honours locks the same way.
pub(crate) fn finish(
    b: Builder,
    sc: &Scenario,
    work: &[Work],
    id: ModelId,
) -> Result<Assignment, CoreError> {
    let mut a = b.finish(id, work)?;
    locks::keep(sc, work, &mut a);
    Ok(a)
}
