//! 专业化配置: the manager's job split into posts (service, brand cultivation, training &
//! guidance, market research — configurable), staffed per department (定编 from each post's
//! workload, 定员 by the optimal assignment of managers to posts that maximises total post
//! skill), with balanced territories per department and post.

use super::common::{balanced_departments, managers_in, staff_specialists, Builder};
use super::model::{assign_whole, StaffingModel};
use crate::core::assignment::{Assignment, ModelId, Shift};
use crate::core::error::CoreError;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

pub struct Specialised;

/// Staffs `customers` with `managers` by post, per department.
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
        let group = format!("{prefix}dept:{d}");
        staff_specialists(
            b,
            sc,
            work,
            &mine,
            &ms,
            &sc.settings.posts,
            Shift::Day,
            &group,
        );
    }
}

impl StaffingModel for Specialised {
    fn id(&self) -> ModelId {
        ModelId::Specialised
    }

    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError> {
        assign_whole(sc, work, ModelId::Specialised, |b, cs, ms| {
            staff(b, sc, work, cs, ms, "")
        })
    }
}
