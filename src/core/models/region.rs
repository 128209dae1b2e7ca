//! 按区域配置: one generalist per territory. Customers are first split between departments
//! (客户服务部) in proportion to each department's managers, then each department into as many
//! balanced, compact areas (片区) as it has managers.

use super::common::{balanced_departments, managers_in, staff_generalists, Builder};
use super::model::{assign_whole, StaffingModel};
use crate::core::assignment::{Assignment, ModelId, Shift};
use crate::core::error::CoreError;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

pub struct Region;

/// Staffs `customers` with `managers` by region (used by the hybrid model per zone too).
pub fn staff(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    prefix: &str,
) {
    for (d, mine) in balanced_departments(sc, work, customers, managers) {
        let ms = managers_in(sc, managers, d);
        staff_generalists(
            b,
            sc,
            work,
            &mine,
            &ms,
            Shift::Day,
            &format!("{prefix}dept:{d}"),
        );
    }
}

impl StaffingModel for Region {
    fn id(&self) -> ModelId {
        ModelId::Region
    }

    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError> {
        assign_whole(sc, work, ModelId::Region, |b, cs, ms| {
            staff(b, sc, work, cs, ms, "")
        })
    }
}
