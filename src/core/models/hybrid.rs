//! 混合模式: each zone (urban / town / rural) runs its own model, including the nested
//! combinations the study proposes (specialisation × region in rural markets, specialisation ×
//! value group or format in urban ones). Each department splits its managers between the
//! zones of its customers by their workload.

use super::common::{balanced_departments, managers_in, serve_by_nearest, Builder};
use super::{format, region, specialised, value, Assignment, ModelId, StaffingModel};
use crate::core::error::CoreError;
use crate::core::generate::apportion;
use crate::core::scenario::{Scenario, Zone};
use crate::core::settings::ZoneModel;
use crate::core::workload::Work;

pub struct Hybrid;

/// Runs `model` on one zone's customers and managers.
pub fn staff_zone(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    model: ZoneModel,
    prefix: &str,
) {
    match model {
        ZoneModel::Region => region::staff(b, sc, work, customers, managers, prefix),
        ZoneModel::Format => format::staff(b, sc, work, customers, managers, prefix, false),
        ZoneModel::Value => value::staff(b, sc, work, customers, managers, prefix, false),
        ZoneModel::Specialised => specialised::staff(b, sc, work, customers, managers, prefix),
        ZoneModel::SpecialisedValue => value::staff(b, sc, work, customers, managers, prefix, true),
        ZoneModel::SpecialisedFormat => {
            format::staff(b, sc, work, customers, managers, prefix, true)
        }
    }
}

impl StaffingModel for Hybrid {
    fn id(&self) -> ModelId {
        ModelId::Hybrid
    }

    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError> {
        super::require_people(sc)?;
        let all: Vec<usize> = (0..sc.customers.len()).collect();
        let everyone: Vec<usize> = (0..sc.managers.len()).collect();
        // Each department splits its own people between the zones of its own customers, by
        // their workload: a zone's posts are then staffed from the departments whose customers
        // they serve (a city's rural posts from every county, not from the one nearest the
        // city-wide rural centre).
        let mut zone_managers: Vec<Vec<usize>> = vec![Vec::new(); Zone::ALL.len()];
        for (d, mine) in balanced_departments(sc, work, &all, &everyone) {
            let load: Vec<f64> = Zone::ALL
                .iter()
                .map(|&z| {
                    mine.iter()
                        .filter(|&&c| sc.customers[c].zone == z)
                        .map(|&c| work[c].minutes_per_month())
                        .sum()
                })
                .collect();
            let ms = managers_in(sc, &everyone, d);
            let counts = apportion(ms.len(), &load);
            let mut next = ms.into_iter();
            for (z, &n) in counts.iter().enumerate() {
                zone_managers[z].extend(next.by_ref().take(n));
            }
        }
        let mut b = Builder::new(sc.customers.len());
        let mut orphans = Vec::new();
        for (zi, &zone) in Zone::ALL.iter().enumerate() {
            let cs: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&c| sc.customers[c].zone == zone)
                .collect();
            if cs.is_empty() {
                continue;
            }
            let ms = &zone_managers[zi];
            if ms.is_empty() {
                orphans.extend_from_slice(&cs);
                continue;
            }
            let model = sc.settings.hybrid.get(zone);
            let prefix = format!("zone:{}/", zone_id(zone));
            staff_zone(&mut b, sc, work, &cs, ms, model, &prefix);
        }
        serve_by_nearest(&mut b, sc, &orphans);
        b.finish(ModelId::Hybrid)
    }
}

fn zone_id(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban",
        Zone::Town => "town",
        Zone::Rural => "rural",
    }
}
