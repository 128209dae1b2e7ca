//! Building blocks the staffing models share: the assignment builder, balanced compact
//! territories, optimal matching (Hungarian), ranking managers into segments, and the two ways
//! of staffing a segment (generalists; specialist posts).

use std::collections::BTreeMap;

use super::territories::cut;
pub use super::territories::{centres, hungarian_min, match_parts};
use crate::core::apportion::apportion;
use crate::core::assignment::{Assignment, ModelId, Shift, Staff};
use crate::core::error::CoreError;
use crate::core::geo::{BBox, Point};
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, SegmentScope};
pub use crate::core::territory::bisection as territories;
use crate::core::workload::{minutes_for, Work};

/// Collects staff and responsibilities; every (customer, function) must be given exactly once.
pub struct Builder {
    staff: Vec<Staff>,
    index: BTreeMap<(usize, Option<Function>), usize>,
    responsible: Vec<[Option<usize>; 4]>,
}

impl Builder {
    pub fn new(customers: usize) -> Self {
        Builder {
            staff: Vec::new(),
            index: BTreeMap::new(),
            responsible: vec![[None; 4]; customers],
        }
    }

    /// The staff index of `manager` in `post`, created on first use.
    pub fn staff(
        &mut self,
        manager: usize,
        post: Option<Function>,
        shift: Shift,
        group: &str,
    ) -> usize {
        if let Some(&i) = self.index.get(&(manager, post)) {
            return i;
        }
        let i = self.staff.len();
        self.staff.push(Staff {
            manager,
            post,
            shift,
            group: group.to_string(),
        });
        self.index.insert((manager, post), i);
        i
    }

    pub fn give(&mut self, customer: usize, f: Function, staff: usize) {
        self.responsible[customer][f.index()] = Some(staff);
    }

    pub fn give_all(&mut self, customer: usize, staff: usize) {
        self.responsible[customer] = [Some(staff); 4];
    }

    /// The staff responsible for `customer`'s function `f`, if given yet.
    pub fn get(&self, customer: usize, f: Function) -> Option<usize> {
        self.responsible[customer][f.index()]
    }

    /// The assignment, keeping only the functions that reach each customer (`work`): a
    /// model gives every function to someone, and what the customer needs decides which of
    /// them are duties. A reached function nobody was given is an error.
    pub fn finish(self, model: ModelId, work: &[Work]) -> Result<Assignment, CoreError> {
        let mut responsible = Vec::with_capacity(self.responsible.len());
        for (c, row) in self.responsible.iter().enumerate() {
            let mut out = [None; 4];
            for (f, s) in row.iter().enumerate() {
                let reached = work.get(c).is_none_or(|w| w.reaches(Function::ALL[f]));
                if reached {
                    out[f] = Some(s.ok_or(CoreError::Unstaffed {
                        customer: c,
                        function: f,
                    })?);
                }
            }
            responsible.push(out);
        }
        Ok(Assignment {
            model,
            staff: self.staff,
            responsible,
        })
    }
}

/// `managers` sorted by `skill` (highest first), cut into consecutive chunks of `counts`.
pub fn rank_split(
    managers: &[usize],
    counts: &[usize],
    skill: impl Fn(usize) -> f64,
) -> Vec<Vec<usize>> {
    let mut sorted = managers.to_vec();
    sorted.sort_by(|&a, &b| skill(b).total_cmp(&skill(a)).then(a.cmp(&b)));
    let mut out = Vec::with_capacity(counts.len());
    let mut at = 0;
    for &n in counts {
        let end = (at + n).min(sorted.len());
        out.push(sorted[at..end].to_vec());
        at = end;
    }
    out
}

/// Generalists: `managers.len()` balanced compact territories over `customers`, one each.
pub fn staff_generalists(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    shift: Shift,
    group: &str,
) {
    if customers.is_empty() || managers.is_empty() {
        return;
    }
    let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
    let w: Vec<f64> = work.iter().map(Work::minutes_per_month).collect();
    for (part, m) in cut(sc, customers, &pts, &w, managers) {
        let s = b.staff(m, None, shift, group);
        for c in part {
            b.give_all(c, s);
        }
    }
}

/// The post that does each function: its own post when it has one, otherwise the service post
/// (or the first post when service has none).
pub fn post_of(posts: &[Function]) -> [Function; 4] {
    let catch_all = if posts.contains(&Function::Service) {
        Function::Service
    } else {
        posts.first().copied().unwrap_or(Function::Service)
    };
    Function::ALL.map(|f| if posts.contains(&f) { f } else { catch_all })
}

/// The functions post `p` does when `owner` (from `post_of`) says who does each.
fn functions_of(owner: &[Function; 4], p: Function) -> Vec<Function> {
    Function::ALL
        .into_iter()
        .filter(|f| owner[f.index()] == p)
        .collect()
}

/// Specialists: posts staffed from workload (定编), managers placed in posts by the optimal
/// assignment that maximises the total post skill of the segment (定员), then balanced compact
/// territories per post. With fewer managers than posts, the smallest posts merge into service.
#[allow(clippy::too_many_arguments)] // one call site per model; a struct would only rename them
pub fn staff_specialists(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    posts: &[Function],
    shift: Shift,
    group: &str,
) {
    if customers.is_empty() || managers.is_empty() {
        return;
    }
    if managers.iter().any(|&m| sc.managers[m].post.is_some()) {
        staff_pinned(b, sc, work, customers, managers, shift, group);
        return;
    }
    let mut active: Vec<Function> = if posts.is_empty() {
        vec![Function::Service]
    } else {
        posts.to_vec()
    };
    active.sort();
    active.dedup();
    let load = |active: &[Function]| post_loads(sc, work, customers, active);
    let mut loads = load(&active);
    // Drop the least-loaded post other than the catch-all while it is below the small-segment
    // threshold (default half a manager: not worth a person, the study's 先少后多) or while
    // there are more posts than managers; its functions join the catch-all post.
    let seg_total: f64 = loads.iter().map(|(_, w)| w.iter().sum::<f64>()).sum();
    let threshold = sc.settings.format.small_class_managers * seg_total / managers.len() as f64;
    loop {
        let keep = post_of(&active)[Function::Service.index()];
        let smallest = loads
            .iter()
            .filter(|(p, _)| *p != keep)
            .map(|(p, w)| (*p, w.iter().sum::<f64>()))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        match smallest {
            Some((p, load_p)) if load_p < threshold || active.len() > managers.len() => {
                active.retain(|&x| x != p);
                loads = load(&active);
            }
            _ => break,
        }
    }
    // 定编: people per post follow the post's work, and a research specialist has only part
    // of its day for the road (the rest at the desk).
    let day = sc.settings.day_minutes.max(1.0);
    let totals: Vec<f64> = loads
        .iter()
        .map(|(p, w)| {
            let field = 1.0 - sc.settings.desk_minutes(Some(*p)) / day;
            w.iter().sum::<f64>() / field.max(0.1)
        })
        .collect();
    let counts = apportion(managers.len(), &totals);
    // 定员: slot j belongs to post post_slot[j]; maximise Σ skill by minimising −skill.
    let post_slot: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(p, &n)| std::iter::repeat_n(p, n))
        .collect();
    let cost: Vec<Vec<f64>> = managers
        .iter()
        .map(|&m| {
            post_slot
                .iter()
                .map(|&p| -sc.managers[m].skills[loads[p].0.index()])
                .collect()
        })
        .collect();
    let slot_of = hungarian_min(&cost);
    let people: Vec<Vec<usize>> = (0..loads.len())
        .map(|p| {
            managers
                .iter()
                .zip(&slot_of)
                .filter(|(_, &s)| post_slot.get(s) == Some(&p))
                .map(|(&m, _)| m)
                .collect()
        })
        .collect();
    staff_posts(
        b, sc, work, customers, &active, &loads, &people, shift, group,
    );
}

/// The work of each post of `active` over `customers` (a vector over every customer of the
/// scenario, zero outside them): the minutes of the functions the post does.
fn post_loads(
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    active: &[Function],
) -> Vec<(Function, Vec<f64>)> {
    let owner = post_of(active);
    active
        .iter()
        .map(|&p| {
            let fs = functions_of(&owner, p);
            let mut w = vec![0.0; sc.customers.len()];
            for &c in customers {
                w[c] = minutes_for(sc, work, c, &fs, true);
            }
            (p, w)
        })
        .collect()
}

/// Specialists whose posts are fixed (`Manager::post`): each person works in the post it holds
/// (an unpinned one in the catch-all post), and a post nobody holds hands its functions to the
/// catch-all, as a merged post does. What the establishment search varies one post at a time.
fn staff_pinned(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    shift: Shift,
    group: &str,
) {
    let mut active: Vec<Function> = managers
        .iter()
        .filter_map(|&m| sc.managers[m].post)
        .collect();
    if managers.iter().any(|&m| sc.managers[m].post.is_none()) {
        active.push(Function::Service);
    }
    active.sort();
    active.dedup();
    let owner = post_of(&active);
    let loads = post_loads(sc, work, customers, &active);
    let people: Vec<Vec<usize>> = active
        .iter()
        .map(|&p| {
            managers
                .iter()
                .copied()
                .filter(|&m| {
                    sc.managers[m]
                        .post
                        .unwrap_or(owner[Function::Service.index()])
                        == p
                })
                .collect()
        })
        .collect();
    staff_posts(
        b, sc, work, customers, &active, &loads, &people, shift, group,
    );
}

/// Balanced compact territories per post: `people[p]` staff post `active[p]`, whose work is
/// `loads[p]`.
#[allow(clippy::too_many_arguments)] // the two callers' shared tail; a struct would only rename them
fn staff_posts(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    active: &[Function],
    loads: &[(Function, Vec<f64>)],
    people: &[Vec<usize>],
    shift: Shift,
    group: &str,
) {
    let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
    let owner = post_of(active);
    for ((post, w), mine) in loads.iter().zip(people) {
        if mine.is_empty() {
            continue;
        }
        // A post's territories hold the customers its functions reach (the service post
        // reaches every one), so a specialist's book is where it actually goes.
        let reached: Vec<usize> = customers
            .iter()
            .copied()
            .filter(|&c| {
                Function::ALL
                    .into_iter()
                    .any(|f| owner[f.index()] == *post && work.get(c).is_some_and(|x| x.reaches(f)))
            })
            .collect();
        for (part, m) in cut(sc, &reached, &pts, w, mine) {
            let s = b.staff(m, Some(*post), shift, group);
            for c in part {
                for f in Function::ALL {
                    if owner[f.index()] == *post {
                        b.give(c, f, s);
                    }
                }
            }
        }
    }
}

/// Splits `managers` between units (value groups, format classes: `units[u]` their customers,
/// `load[u]` their work), the strongest by `rank` to the first units. Without fixed posts the
/// units get people by their work (`apportion`); with fixed posts (`Manager::post`, the
/// establishment search) each post's people go to the units by that post's work there, ranked
/// by their skill in the post, so a post's establishment is spread where its work is.
pub fn split_managers(
    sc: &Scenario,
    work: &[Work],
    units: &[Vec<usize>],
    load: &[f64],
    managers: &[usize],
    rank: impl Fn(usize) -> f64,
) -> Vec<Vec<usize>> {
    if managers.iter().all(|&m| sc.managers[m].post.is_none()) {
        let counts = apportion(managers.len(), load);
        return rank_split(managers, &counts, rank);
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let held: Vec<Function> = managers
        .iter()
        .filter_map(|&m| sc.managers[m].post)
        .collect();
    let owner = post_of(&held);
    let mut keys: Vec<Option<Function>> = managers.iter().map(|&m| sc.managers[m].post).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let people: Vec<usize> = managers
            .iter()
            .copied()
            .filter(|&m| sc.managers[m].post == key)
            .collect();
        let weights: Vec<f64> = match key {
            None => load.to_vec(),
            Some(p) => {
                let fs = functions_of(&owner, p);
                units
                    .iter()
                    .map(|cs| {
                        cs.iter()
                            .map(|&c| minutes_for(sc, work, c, &fs, true))
                            .sum()
                    })
                    .collect()
            }
        };
        // A post with no work in any unit still has its people: they follow the units' work.
        let weights = if weights.iter().sum::<f64>() > 0.0 {
            weights
        } else {
            load.to_vec()
        };
        let mut counts = apportion(people.len(), &weights);
        let short = people.len().saturating_sub(counts.iter().sum());
        if let Some(first) = counts.first_mut() {
            *first += short;
        }
        let ranked = match key {
            None => rank_split(&people, &counts, &rank),
            Some(p) => rank_split(&people, &counts, |m| sc.managers[m].skills[p.index()]),
        };
        for (u, ms) in ranked.into_iter().enumerate() {
            if let Some(slot) = out.get_mut(u) {
                slot.extend(ms);
            }
        }
    }
    out
}

/// Runs `staff_segment` per department (the departments of `managers`, customers split as the
/// region model splits them) when the settings draw segments per department, or once on the
/// whole of `customers` and `managers` when they draw them company-wide. The prefix of each
/// call names the department, so the groups of one department's segments stay apart.
pub fn per_segment_scope(
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    prefix: &str,
    mut staff_segment: impl FnMut(&[usize], &[usize], &str),
) {
    match sc.settings.segments {
        SegmentScope::Company => staff_segment(customers, managers, prefix),
        SegmentScope::Department => {
            for (d, mine) in balanced_departments(sc, work, customers, managers) {
                let ms = managers_in(sc, managers, d);
                staff_segment(&mine, &ms, &format!("{prefix}dept:{d}/"));
            }
        }
    }
}

/// Offices kept per customer, nearest first, by `balanced_departments`' price rounds.
const NEAREST_OFFICES: usize = 16;

/// Assigns `customers` to the departments of `managers` so that each department's workload is
/// proportional to its managers: nearest office plus a per-department price, adjusted until the
/// loads match (an additively weighted Voronoi partition). A customer whose department is fixed
/// (`Customer::department`, a department with managers here) stays in it. Returns (department,
/// customers) for departments that have managers.
pub fn balanced_departments(
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
) -> Vec<(usize, Vec<usize>)> {
    let mut count: BTreeMap<usize, usize> = BTreeMap::new();
    for &m in managers {
        *count.entry(sc.managers[m].department).or_default() += 1;
    }
    let depts: Vec<(usize, usize)> = count.into_iter().collect();
    if depts.len() <= 1 {
        return depts
            .into_iter()
            .map(|(d, _)| (d, customers.to_vec()))
            .collect();
    }
    let office: Vec<Point> = depts
        .iter()
        .map(|&(d, _)| sc.departments.get(d).map(|x| x.office).unwrap_or_default())
        .collect();
    let w: Vec<f64> = customers
        .iter()
        .map(|&c| work[c].minutes_per_month())
        .collect();
    let total: f64 = w.iter().sum();
    let n_mgr: usize = depts.iter().map(|x| x.1).sum();
    let target: Vec<f64> = depts
        .iter()
        .map(|&(_, n)| total * n as f64 / n_mgr as f64)
        .collect();
    let spread = BBox::around(customers.iter().map(|&c| sc.customers[c].pos))
        .map(|b| crate::core::geo::hypot(b.width(), b.height()))
        .unwrap_or(1.0)
        .max(1e-3);
    // A customer whose department is fixed (and has managers here) stays in it; the price
    // iteration places the others around them.
    let fixed: Vec<Option<usize>> = customers
        .iter()
        .map(|&c| {
            let d = sc.customers[c].department?;
            depts.iter().position(|&(x, _)| x == d)
        })
        .collect();
    let all_fixed = fixed.iter().all(Option::is_some);
    let mut price = vec![0.0; depts.len()];
    let mut choice = vec![0usize; customers.len()];
    let mut best: (f64, Vec<usize>) = (f64::INFINITY, Vec::new());
    let rounds = if all_fixed {
        1
    } else if customers.len() > 20_000 {
        120
    } else {
        300
    };
    // Each free customer's nearest offices, nearest first (ties by index), found once. A round
    // then scans them in that order and stops as soon as no further office can win: its price
    // is at least the lowest price, so an office farther than the best value less that price
    // cannot beat it. Only when all the kept ones might be beaten are all the offices scanned.
    // The choice is the same as scanning every office (lowest value, lowest index on a tie),
    // at a cost that no longer grows with the number of departments.
    let nd = depts.len();
    // (Office numbers are kept as u16: past that many departments every office is scanned.)
    let m = if nd > usize::from(u16::MAX) {
        0
    } else {
        nd.min(NEAREST_OFFICES)
    };
    let mut order: Vec<u16> = Vec::new();
    // Their distances, measured once rather than in every round.
    let mut order_d: Vec<f64> = Vec::new();
    if !all_fixed {
        order.reserve(customers.len() * m);
        order_d.reserve(customers.len() * m);
        let mut ds: Vec<(f64, usize)> = Vec::with_capacity(nd);
        for (&c, f) in customers.iter().zip(&fixed) {
            if f.is_some() {
                order.extend(std::iter::repeat_n(0, m));
                order_d.extend(std::iter::repeat_n(0.0, m));
                continue;
            }
            let p = sc.customers[c].pos;
            ds.clear();
            ds.extend(office.iter().enumerate().map(|(k, o)| (p.dist(*o), k)));
            let by = |x: &(f64, usize), y: &(f64, usize)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
            if m < nd {
                ds.select_nth_unstable_by(m - 1, by);
            }
            ds[..m].sort_by(by);
            order.extend(ds[..m].iter().map(|&(_, k)| k as u16));
            order_d.extend(ds[..m].iter().map(|&(d, _)| d));
        }
    }
    for round in 0..rounds {
        let mut load = vec![0.0; depts.len()];
        let lowest = price.iter().copied().fold(f64::INFINITY, f64::min);
        for i in 0..customers.len() {
            if let Some(k) = fixed[i] {
                choice[i] = k;
                load[k] += w[i];
                continue;
            }
            let p = sc.customers[customers[i]].pos;
            let near = (&order[i * m..(i + 1) * m], &order_d[i * m..(i + 1) * m]);
            let k = priced_nearest(p, &office, &price, lowest, near);
            choice[i] = k;
            load[k] += w[i];
        }
        let err = load
            .iter()
            .zip(&target)
            .map(|(l, t)| if *t > 0.0 { (l / t - 1.0).abs() } else { 0.0 })
            .fold(0.0, f64::max);
        if err < best.0 {
            best = (err, choice.clone());
        }
        if err < 0.01 {
            break;
        }
        // Over-loaded departments get dearer; the step shrinks so the prices settle.
        let step = spread * 0.05 * (1.0 - round as f64 / rounds as f64);
        for k in 0..depts.len() {
            if target[k] > 0.0 {
                price[k] += step * (load[k] / target[k] - 1.0);
            }
        }
    }
    let mut out: Vec<(usize, Vec<usize>)> = depts.iter().map(|&(d, _)| (d, Vec::new())).collect();
    for (i, &c) in customers.iter().enumerate() {
        out[best.1[i]].1.push(c);
    }
    out
}

/// The office with the lowest distance from `p` plus price (the lowest index on a tie), as a
/// scan of every office finds it. `near` holds some offices nearest first (ties by index);
/// `lowest` is the lowest price. The scan of `near` stops once an office's distance plus the
/// lowest price exceeds the best value (no farther office can reach it); every office is
/// scanned only when `near` ran out before that. `near` comes with each office's distance from
/// `p` (`p.dist(office)`, measured once by the caller).
fn priced_nearest(
    p: Point,
    office: &[Point],
    price: &[f64],
    lowest: f64,
    (near, near_d): (&[u16], &[f64]),
) -> usize {
    let better = |v: f64, k: usize, pick: (usize, f64)| v < pick.1 || (v == pick.1 && k < pick.0);
    let mut pick = (0, f64::INFINITY);
    for (&k, &d) in near.iter().zip(near_d) {
        let k = usize::from(k);
        if d + lowest > pick.1 {
            return pick.0;
        }
        let v = d + price[k];
        if better(v, k, pick) {
            pick = (k, v);
        }
    }
    if near.len() < office.len() {
        for (k, o) in office.iter().enumerate() {
            let v = p.dist(*o) + price[k];
            if better(v, k, pick) {
                pick = (k, v);
            }
        }
    }
    pick.0
}

/// The managers of `managers` in department `d`.
pub fn managers_in(sc: &Scenario, managers: &[usize], d: usize) -> Vec<usize> {
    managers
        .iter()
        .copied()
        .filter(|&m| sc.managers[m].department == d)
        .collect()
}

/// Serves each of `customers` by the territory it lies in: it takes the staff of the nearest
/// customer of `within` (its segment: a department, or the company) that already has staff
/// (measured to territories, not to bases). Used for the territorial rule (属地管理) and for
/// segments left without a manager.
pub fn serve_by_nearest(b: &mut Builder, sc: &Scenario, customers: &[usize], within: &[usize]) {
    let mut moving = vec![false; sc.customers.len()];
    for &c in customers {
        moving[c] = true;
    }
    let everyone: Vec<usize> = (0..sc.customers.len()).collect();
    // Each function from the nearest shop that has someone doing it: with reach, a specialist
    // post's book holds only the shops its function reaches, so the nearest served shop may
    // have no brand specialist while the next one has.
    for f in Function::ALL {
        let has = |c: &usize| b.get(*c, f).is_some() && !moving[*c];
        let mut served: Vec<usize> = within.iter().copied().filter(has).collect();
        if served.is_empty() {
            // Nobody in the segment does f: the nearest shop anywhere that has it.
            served = everyone.iter().copied().filter(has).collect();
        }
        let pts: Vec<Point> = served.iter().map(|&c| sc.customers[c].pos).collect();
        let Some(grid) = crate::core::geo::Grid::new(&pts, 4) else {
            continue;
        };
        for &c in customers {
            let p = sc.customers[c].pos;
            let near = grid.nearest_to(&pts, p, 1).first().map(|x| served[x.0]);
            if let Some(s) = near.and_then(|n| b.get(n, f)) {
                b.give(c, f, s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute_min(cost: &[Vec<f64>]) -> f64 {
        fn rec(cost: &[Vec<f64>], row: usize, used: &mut Vec<bool>) -> f64 {
            if row == cost.len() {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for j in 0..cost.len() {
                if !used[j] {
                    used[j] = true;
                    best = best.min(cost[row][j] + rec(cost, row + 1, used));
                    used[j] = false;
                }
            }
            best
        }
        rec(cost, 0, &mut vec![false; cost.len()])
    }

    proptest! {
        /// The pruned choice of an office equals the scan of every office, whatever the number
        /// kept nearest and with ties (offices on a coarse grid, prices from a few values).
        #[test]
        fn priced_nearest_equals_a_scan_of_every_office(
            offices in prop::collection::vec((0u8..6, 0u8..6), 1..40),
            prices in prop::collection::vec(0u8..4, 40),
            at in (0u8..6, 0u8..6),
            keep in 0usize..40,
        ) {
            let office: Vec<Point> = offices
                .iter()
                .map(|&(x, y)| Point::new(f64::from(x), f64::from(y)))
                .collect();
            let price: Vec<f64> = prices[..office.len()].iter().map(|&q| f64::from(q) * 0.5).collect();
            let p = Point::new(f64::from(at.0) + 0.25, f64::from(at.1));
            let mut all = (0, f64::INFINITY);
            for (k, o) in office.iter().enumerate() {
                let v = p.dist(*o) + price[k];
                if v < all.1 {
                    all = (k, v);
                }
            }
            let mut ds: Vec<(f64, usize)> = office.iter().enumerate().map(|(k, o)| (p.dist(*o), k)).collect();
            ds.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let near: Vec<u16> = ds.iter().take(keep.min(office.len())).map(|&(_, k)| k as u16).collect();
            let lowest = price.iter().copied().fold(f64::INFINITY, f64::min);
            let near_d: Vec<f64> = near.iter().map(|&k| p.dist(office[usize::from(k)])).collect();
            prop_assert_eq!(priced_nearest(p, &office, &price, lowest, (&near, &near_d)), all.0);
        }

        #[test]
        fn hungarian_equals_brute_force(n in 1usize..7, seed in prop::collection::vec(0.0f64..100.0, 49)) {
            let cost: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| seed[i * 7 + j]).collect()).collect();
            let m = hungarian_min(&cost);
            let mut cols = m.clone();
            cols.sort_unstable();
            prop_assert_eq!(cols, (0..n).collect::<Vec<_>>());
            let got: f64 = m.iter().enumerate().map(|(i, &j)| cost[i][j]).sum();
            prop_assert!((got - brute_min(&cost)).abs() < 1e-9);
        }

        #[test]
        fn territories_partition_and_balance(
            pts in prop::collection::vec((0.0f64..30.0, 0.0f64..30.0), 1..300),
            k in 1usize..12,
        ) {
            let pts: Vec<Point> = pts.into_iter().map(|(x, y)| Point::new(x, y)).collect();
            let w = vec![1.0; pts.len()];
            let items: Vec<usize> = (0..pts.len()).collect();
            let parts = territories(&items, &pts, &w, k);
            prop_assert_eq!(parts.len(), k);
            let mut all: Vec<usize> = parts.concat();
            all.sort_unstable();
            prop_assert_eq!(all, items);
            if pts.len() >= 4 * k {
                let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
                let (lo, hi) = (sizes.iter().min().copied().unwrap_or(0), sizes.iter().max().copied().unwrap_or(0));
                // Equal weights: sizes differ by at most one item per level of bisection.
                prop_assert!(hi - lo <= 4, "{:?}", sizes);
            }
        }
    }

    #[test]
    fn rank_split_gives_the_strongest_first() {
        let skill = [50.0, 90.0, 70.0, 60.0];
        let s = rank_split(&[0, 1, 2, 3], &[1, 2, 1], |m| skill[m]);
        assert_eq!(s, vec![vec![1], vec![2, 3], vec![0]]);
    }
}
