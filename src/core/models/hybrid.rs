//! 混合模式: each zone (urban / town / rural) runs its own model, including the nested
//! combinations the study proposes (specialisation × region in rural markets, specialisation ×
//! value group or format in urban ones). Managers are split between zones by workload, each
//! to the zone nearest its base.

use super::common::{hungarian_min, serve_by_nearest, Builder};
use super::{format, region, specialised, value, Assignment, ModelId, StaffingModel};
use crate::core::error::CoreError;
use crate::core::generate::apportion;
use crate::core::geo::{weighted_centroid, Point};
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
        let zones: Vec<(Zone, Vec<usize>)> = Zone::ALL
            .iter()
            .map(|&z| {
                (
                    z,
                    (0..sc.customers.len())
                        .filter(|&c| sc.customers[c].zone == z)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, cs)| !cs.is_empty())
            .collect();
        let load: Vec<f64> = zones
            .iter()
            .map(|(_, cs)| cs.iter().map(|&c| work[c].minutes_per_month()).sum())
            .collect();
        let counts = apportion(sc.managers.len(), &load);
        // Slots per zone; each manager takes the slot whose zone centre is nearest its base.
        let centre: Vec<Point> = zones
            .iter()
            .map(|(_, cs)| {
                let ps: Vec<Point> = cs.iter().map(|&c| sc.customers[c].pos).collect();
                let ws: Vec<f64> = cs.iter().map(|&c| work[c].minutes_per_month()).collect();
                weighted_centroid(&ps, &ws).unwrap_or_default()
            })
            .collect();
        let slot_zone: Vec<usize> = counts
            .iter()
            .enumerate()
            .flat_map(|(z, &n)| std::iter::repeat_n(z, n))
            .collect();
        let cost: Vec<Vec<f64>> = (0..sc.managers.len())
            .map(|m| {
                slot_zone
                    .iter()
                    .map(|&z| sc.base_of(m).dist(centre[z]))
                    .collect()
            })
            .collect();
        let slot_of = hungarian_min(&cost);
        let mut b = Builder::new(sc.customers.len());
        let mut orphans = Vec::new();
        for (zi, (zone, cs)) in zones.iter().enumerate() {
            let ms: Vec<usize> = (0..sc.managers.len())
                .filter(|&m| slot_zone.get(slot_of[m]) == Some(&zi))
                .collect();
            if ms.is_empty() {
                orphans.extend_from_slice(cs);
                continue;
            }
            let model = sc.settings.hybrid.get(*zone);
            let prefix = format!("zone:{}/", zone_id(*zone));
            staff_zone(&mut b, sc, work, cs, &ms, model, &prefix);
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
