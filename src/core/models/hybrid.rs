//! 混合模式: each zone (urban / town / rural) runs its own model, including the nested
//! combinations the study proposes (specialisation × region in rural markets, specialisation ×
//! value group or format in urban ones). The zones get managers by their share of the work,
//! drawn from the departments whose customers are in them.

use std::collections::{BTreeMap, BTreeSet};

use super::common::{balanced_departments, managers_in, serve_by_nearest, split_managers, Builder};
use super::model::{finish, require_people, StaffingModel};
use super::{format, region, specialised, value};
use crate::core::apportion::apportion;
use crate::core::assignment::{Assignment, ModelId};
use crate::core::error::CoreError;
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
        require_people(sc)?;
        let all: Vec<usize> = (0..sc.customers.len()).collect();
        let everyone: Vec<usize> = (0..sc.managers.len()).collect();
        // Departments hold their customers (the establishment search, or a list that names
        // them): people are spread over the zones per department, never traded between them.
        let pinned = everyone.iter().any(|&m| sc.managers[m].post.is_some());
        let held = pinned || all.iter().all(|&c| sc.customers[c].department.is_some());
        let zone_managers = if held {
            place_held(sc, work, &all, &everyone, pinned)
        } else {
            place_free(sc, work, &all, &everyone)
        };
        let mut b = Builder::new(sc.customers.len());
        let mut orphans = Vec::new();
        // Held customers of a department with nobody in their zone: served by their own
        // department's people elsewhere (by the territory they lie in), not by a neighbour's.
        let mut stranded: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (zi, &zone) in Zone::ALL.iter().enumerate() {
            let ms = &zone_managers[zi];
            let present: BTreeSet<usize> = ms.iter().map(|&m| sc.managers[m].department).collect();
            let mut cs: Vec<usize> = Vec::new();
            for c in all
                .iter()
                .copied()
                .filter(|&c| sc.customers[c].zone == zone)
            {
                match sc.customers[c].department {
                    Some(d) if held && !present.contains(&d) => {
                        stranded.entry(d).or_default().push(c)
                    }
                    _ => cs.push(c),
                }
            }
            if cs.is_empty() {
                continue;
            }
            if ms.is_empty() {
                orphans.extend_from_slice(&cs);
                continue;
            }
            let model = sc.settings.hybrid.get(zone);
            let prefix = format!("zone:{}/", zone_id(zone));
            staff_zone(&mut b, sc, work, &cs, ms, model, &prefix);
        }
        for (d, cs) in &stranded {
            let own: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&c| sc.customers[c].department == Some(*d))
                .collect();
            serve_by_nearest(&mut b, sc, cs, &own);
        }
        serve_by_nearest(&mut b, sc, &orphans, &all);
        finish(b, sc, work, ModelId::Hybrid)
    }
}

/// Managers per zone: the zones' totals by their share of the whole scenario's work, each
/// department giving its people where its own customers' work is. A zone's posts are so
/// staffed from the departments whose customers they serve (a city's rural posts from every
/// county, not from the department nearest the city-wide rural centre).
fn place_free(sc: &Scenario, work: &[Work], all: &[usize], everyone: &[usize]) -> Vec<Vec<usize>> {
    let nz = Zone::ALL.len();
    // Each department's work in each zone and its managers.
    let depts: Vec<(Vec<f64>, Vec<usize>)> = balanced_departments(sc, work, all, everyone)
        .into_iter()
        .map(|(d, mine)| {
            let load: Vec<f64> = Zone::ALL
                .iter()
                .map(|&z| {
                    mine.iter()
                        .filter(|&&c| sc.customers[c].zone == z)
                        .map(|&c| work[c].minutes_per_month())
                        .sum()
                })
                .collect();
            (load, managers_in(sc, everyone, d))
        })
        .collect();
    let zone_load: Vec<f64> = (0..nz)
        .map(|z| depts.iter().map(|(l, _)| l[z]).sum())
        .collect();
    let placed: usize = depts.iter().map(|(_, ms)| ms.len()).sum();
    let counts = zone_counts(placed, &zone_load);
    let given = place(&depts, &counts);
    let mut zone_managers: Vec<Vec<usize>> = vec![Vec::new(); nz];
    for ((_, ms), row) in depts.iter().zip(&given) {
        let mut next = ms.iter().copied();
        for (z, &n) in row.iter().enumerate() {
            zone_managers[z].extend(next.by_ref().take(n));
        }
    }
    zone_managers
}

/// Managers per zone when posts are fixed (`Manager::post`, the establishment search): each
/// department spreads each post's people over the zones by that post's work among its own
/// customers there (a generalist's in the zones that run a generalist model, a specialist
/// post's in the zones that run posts), so a person added to a department's post works where
/// that post's work is, and the departments do not trade people through the zones.
fn place_held(
    sc: &Scenario,
    work: &[Work],
    all: &[usize],
    everyone: &[usize],
    pinned: bool,
) -> Vec<Vec<usize>> {
    let mut zone_managers: Vec<Vec<usize>> = vec![Vec::new(); Zone::ALL.len()];
    for (d, mine) in balanced_departments(sc, work, all, everyone) {
        let ms = managers_in(sc, everyone, d);
        let units: Vec<Vec<usize>> = Zone::ALL
            .iter()
            .map(|&z| {
                mine.iter()
                    .copied()
                    .filter(|&c| sc.customers[c].zone == z)
                    .collect()
            })
            .collect();
        // Generalists go where a generalist model runs, specialists where posts do; without
        // any fixed post, everyone goes where the work is.
        let load = |posts: bool| -> Vec<f64> {
            Zone::ALL
                .iter()
                .zip(&units)
                .map(|(&z, cs)| {
                    if !pinned || sc.settings.hybrid.get(z).has_posts() == posts {
                        cs.iter().map(|&c| work[c].minutes_per_month()).sum()
                    } else {
                        0.0
                    }
                })
                .collect()
        };
        let (generalists, specialists): (Vec<usize>, Vec<usize>) =
            ms.iter().partition(|&&m| sc.managers[m].post.is_none());
        let split_g = zone_split(&load(false), generalists);
        let spec_units: Vec<Vec<usize>> = Zone::ALL
            .iter()
            .zip(&units)
            .map(|(&z, cs)| {
                if sc.settings.hybrid.get(z).has_posts() {
                    cs.clone()
                } else {
                    Vec::new()
                }
            })
            .collect();
        let split_s = split_managers(sc, work, &spec_units, &load(true), &specialists, |m| {
            sc.managers[m].competence
        });
        for (z, slot) in zone_managers.iter_mut().enumerate() {
            slot.extend(split_g.get(z).into_iter().flatten().copied());
            slot.extend(split_s.get(z).into_iter().flatten().copied());
        }
    }
    zone_managers
}

/// `people` over the zones by `load`, at least one to a zone with work while another has two.
fn zone_split(load: &[f64], people: Vec<usize>) -> Vec<Vec<usize>> {
    let counts = zone_counts(people.len(), load);
    let mut next = people.into_iter();
    let mut out: Vec<Vec<usize>> = counts
        .iter()
        .map(|&n| next.by_ref().take(n).collect())
        .collect();
    // Zones without work get nobody: people apportion cannot place stay in the first zone.
    if let Some(first) = out.first_mut() {
        first.extend(next);
    }
    out
}

/// Managers per zone: by workload over the whole scenario, and at least one for a zone with
/// work while some zone has two (so every zone runs the model chosen for it).
fn zone_counts(n: usize, load: &[f64]) -> Vec<usize> {
    let mut counts = apportion(n, load);
    for z in 0..counts.len() {
        if counts[z] == 0 && load[z] > 0.0 {
            let donor = (0..counts.len())
                .filter(|&y| counts[y] > 1)
                .max_by_key(|&y| (counts[y], std::cmp::Reverse(y)));
            if let Some(y) = donor {
                counts[y] -= 1;
                counts[z] += 1;
            }
        }
    }
    counts
}

/// How many of each department's managers go to each zone: the zones' totals are `counts`,
/// and each department gives its people where its own customers' work is (its share of the
/// zone's work), so a zone is staffed by the departments whose customers it serves. Whole
/// people: the largest unmet share is filled first, one manager at a time.
fn place(depts: &[(Vec<f64>, Vec<usize>)], counts: &[usize]) -> Vec<Vec<usize>> {
    let nz = counts.len();
    let mut row: Vec<usize> = depts.iter().map(|(_, ms)| ms.len()).collect();
    let mut col = counts.to_vec();
    // The ideal (fractional) number of department d's managers in zone z.
    let ideal: Vec<Vec<f64>> = depts
        .iter()
        .map(|(load, ms)| {
            let total: f64 = load.iter().sum();
            load.iter()
                .map(|&l| {
                    if total > 0.0 {
                        ms.len() as f64 * l / total
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    let mut given = vec![vec![0usize; nz]; depts.len()];
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for (d, r) in row.iter().enumerate() {
            if *r == 0 {
                continue;
            }
            for z in (0..nz).filter(|&z| col[z] > 0) {
                let need = ideal[d][z] - given[d][z] as f64;
                if best.is_none_or(|(b, _, _)| need > b) {
                    best = Some((need, d, z));
                }
            }
        }
        let Some((_, d, z)) = best else {
            break;
        };
        given[d][z] += 1;
        row[d] -= 1;
        col[z] -= 1;
    }
    given
}

fn zone_id(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban",
        Zone::Town => "town",
        Zone::Rural => "rural",
    }
}
