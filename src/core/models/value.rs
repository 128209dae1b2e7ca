//! 按客户价值群配置 (上海, 卢湾): customers scored and split into core, key and regular groups
//! (plus night shops as their own group when enabled); each group gets managers by workload,
//! the strongest to core; night-shop staff work an evening shift under flexible hours.

use super::common::{
    per_segment_scope, serve_by_nearest, split_managers, staff_generalists, staff_specialists,
    Builder,
};
use super::model::{assign_whole, StaffingModel};
use crate::core::assignment::{Assignment, ModelId, Shift};
use crate::core::error::CoreError;
use crate::core::scenario::Scenario;
use crate::core::value_group::{groups, ValueGroup};
use crate::core::workload::Work;

pub struct Value;

/// Staffs `customers` with `managers` by value group, as generalists or specialist posts. Like
/// for like, the groups are drawn per department (as region and specialised work), or
/// company-wide when the settings say so.
pub fn staff(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    prefix: &str,
    specialists: bool,
) {
    let g = groups(sc);
    per_segment_scope(sc, work, customers, managers, prefix, |cs, ms, prefix| {
        staff_segment(b, sc, work, &g, cs, ms, prefix, specialists);
    });
}

/// One segment (a department, or the company) by value group `g` of every customer.
#[allow(clippy::too_many_arguments)] // the segment's inputs plus the shared group table
fn staff_segment(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    g: &[ValueGroup],
    customers: &[usize],
    managers: &[usize],
    prefix: &str,
    specialists: bool,
) {
    let segs: Vec<(ValueGroup, Vec<usize>)> = ValueGroup::ALL
        .iter()
        .map(|&grp| {
            (
                grp,
                customers
                    .iter()
                    .copied()
                    .filter(|&c| g[c] == grp)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, cs)| !cs.is_empty())
        .collect();
    let load: Vec<f64> = segs
        .iter()
        .map(|(_, cs)| cs.iter().map(|&c| work[c].minutes_per_month()).sum())
        .collect();
    let units: Vec<Vec<usize>> = segs.iter().map(|(_, cs)| cs.clone()).collect();
    let ranked = split_managers(sc, work, &units, &load, managers, |m| {
        sc.managers[m].competence
    });
    let mut orphans = Vec::new();
    for ((grp, cs), ms) in segs.iter().zip(&ranked) {
        if ms.is_empty() {
            orphans.extend_from_slice(cs);
            continue;
        }
        let shift = if *grp == ValueGroup::Night && sc.settings.modes.flexible_hours {
            Shift::Evening
        } else {
            Shift::Day
        };
        let group = format!("{prefix}value:{}", grp.id());
        if specialists {
            staff_specialists(b, sc, work, cs, ms, &sc.settings.posts, shift, &group);
        } else {
            staff_generalists(b, sc, work, cs, ms, shift, &group);
        }
    }
    serve_by_nearest(b, sc, &orphans, customers);
}

impl StaffingModel for Value {
    fn id(&self) -> ModelId {
        ModelId::Value
    }

    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError> {
        assign_whole(sc, work, ModelId::Value, |b, cs, ms| {
            staff(b, sc, work, cs, ms, "", false)
        })
    }
}
