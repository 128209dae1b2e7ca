//! What each customer needs, per function: whether the function reaches it at all, on which
//! cycle and for how many minutes a visit (docs/domain.md "The same work in every model" and
//! "Reach follows practice"). Decided by the customer's attributes alone (class, 档位, value
//! group, flags, a seeded stratified sample), never by the model, so every model is asked for
//! the same work.

use super::rng::{rng, Stream};
use super::scenario::{nearest_office, Customer, Scenario};
use super::settings::{Function, Settings};
use super::value_group::{groups, ValueGroup};
use rand::RngExt;

/// One (customer, function) requirement: a visit every `cycle_weeks` weeks of `minutes`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Need {
    pub cycle_weeks: u32,
    pub minutes: f64,
}

/// Per function (`Function::ALL` order): the need, or `None` when the function does not reach
/// the customer.
pub type Needs = [Option<Need>; 4];

/// The needs of every customer of `sc`, in customer order.
pub fn table(sc: &Scenario) -> Vec<Needs> {
    let s = &sc.settings;
    let group = groups(sc);
    // Each customer's department (its nearest office), found once for every sample.
    let mut offices: Option<Vec<usize>> = None;
    let sampled: Vec<Vec<bool>> = Function::ALL
        .iter()
        .map(|&f| {
            let share = s.reach_of(f).sample_share;
            if s.reach.every_shop || f == Function::Service || share <= 0.0 {
                Vec::new()
            } else {
                let offices = offices.get_or_insert_with(|| {
                    sc.customers
                        .iter()
                        .map(|cu| nearest_office(&sc.departments, cu.pos))
                        .collect()
                });
                sample(sc, f, share, offices)
            }
        })
        .collect();
    sc.customers
        .iter()
        .enumerate()
        .map(|(c, cu)| {
            Function::ALL.map(|f| {
                let in_sample = sampled[f.index()].get(c).copied().unwrap_or(false);
                reaches(s, f, cu, group[c], in_sample).then(|| Need {
                    cycle_weeks: cycle_weeks(s, f, cu, group[c]),
                    minutes: s.minutes(f, cu.class),
                })
            })
        })
        .collect()
}

/// Whether `f` reaches customer `cu` of value group `g` (`in_sample`: drawn into the function's
/// sample).
fn reaches(s: &Settings, f: Function, cu: &Customer, g: ValueGroup, in_sample: bool) -> bool {
    if f == Function::Service || s.reach.every_shop {
        return true;
    }
    let r = s.reach_of(f);
    r.all
        || cu.class < r.top_classes
        || (r.core && g == ValueGroup::Core)
        || (r.key && g == ValueGroup::Key)
        || (r.growth && cu.team.growth_potential)
        || (r.volatile && cu.team.volatile_sales)
        || (r.difficulty && cu.team.special_difficulty)
        || (r.low_grade && cu.grade <= s.low_grade)
        || in_sample
}

/// The cycle of `f` for customer `cu` of value group `g`: by class, replaced by the group's
/// override when set, and by the last 档位 band that holds the shop's grade.
fn cycle_weeks(s: &Settings, f: Function, cu: &Customer, g: ValueGroup) -> u32 {
    let mut weeks = s.cycle_weeks(f, cu.class);
    let by_group = s
        .cycle_overrides
        .by_group
        .get(f.index())
        .and_then(|row| row.get(g as usize))
        .copied()
        .unwrap_or(0);
    if by_group > 0 {
        weeks = by_group;
    }
    for band in &s.cycle_overrides.by_grade {
        if band.function == f
            && band.cycle_weeks > 0
            && (band.min_grade..=band.max_grade).contains(&cu.grade)
        {
            weeks = band.cycle_weeks;
        }
    }
    weeks.max(1)
}

/// A seeded systematic sample of `share` of the customers, stratified by department (its
/// nearest office, `offices[c]`) and class: customers are ordered by stratum and, within it,
/// by a random key, and every `1 / share`-th is taken from a random start, so each stratum
/// gets its share to within one customer.
fn sample(sc: &Scenario, f: Function, share: f64, offices: &[usize]) -> Vec<bool> {
    let share = share.clamp(0.0, 1.0);
    let mut r = rng(sc.seed, Stream::Reach, f.index() as u64);
    let mut keyed: Vec<(usize, u8, u64, usize)> = sc
        .customers
        .iter()
        .enumerate()
        .map(|(c, cu)| {
            (
                offices.get(c).copied().unwrap_or(0),
                cu.class,
                r.random::<u64>(),
                c,
            )
        })
        .collect();
    keyed.sort_unstable();
    let start: f64 = r.random::<f64>();
    let mut out = vec![false; sc.customers.len()];
    for (i, &(_, _, _, c)) in keyed.iter().enumerate() {
        let before = (i as f64 * share + start).floor();
        let after = ((i + 1) as f64 * share + start).floor();
        out[c] = after > before;
    }
    out
}
