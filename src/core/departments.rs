//! Departments for a customer list imported without managers (docs/data.md "Departments of a
//! list without managers"): one per name in the list's department column (部门, 区县, 片区 …)
//! when it has one, else compact clusters of a department's usual size in managers, balanced
//! by work, cut by the territory engine. Each office sits at its department's work-weighted
//! medoid (a shop, never a lake), and every customer is fixed to its department.
//!
//! `derive_departments` is pure over the scenario and the rules: the import calls it, and a
//! caller may call it again with other rules (another usual size, the column ignored).

use serde::{Deserialize, Serialize};

use crate::core::geo::{weighted_centroid, Grid, Point};
use crate::core::io::derive::DeriveRules;
use crate::core::scenario::{Department, DepartmentsRule, Scenario};
use crate::core::territory::{bisection, solve, Compactness, Problem};
use crate::core::workload;

/// What `derive_departments` did, for the import review to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentsDerived {
    /// The rule used (also kept on the scenario as `Scenario::departments_rule`).
    pub rule: DepartmentsRule,
    /// Departments made.
    pub count: usize,
    /// Customers of each department, in department order.
    pub customers: Vec<usize>,
    /// Customers whose department cell was blank and took their nearest named neighbour's.
    pub blank_filled: usize,
}

/// A department's work may stray this far from the mean (±15 %: with a usual size of six
/// managers, five to seven) so that the clusters can follow towns and valleys.
const TOLERANCE: f64 = 0.15;

/// Each customer linked to this many nearest for the cluster search's moves (as the models'
/// territories do).
const NEIGHBOURS: usize = 6;

/// The cluster search's move budget per customer.
const MOVES_PER_CUSTOMER: u64 = 60;

/// Headcount estimates tried before the count of departments is taken as it is: the first
/// with one provisional office, the next with the offices found.
const ROUNDS: usize = 3;

/// Replaces the departments of `sc` with ones derived from its customers by `rules` and fixes
/// every customer to one (`Customer::department`); records the rule on the scenario.
///
/// - The list's department column (`Customer::listed_department`), when
///   `rules.departments_from_column` and some customer has one: a department per distinct
///   name in order of first mention; a blank cell takes its nearest named neighbour's.
/// - Otherwise geography: k = ceil(headcount ÷ `rules.department_managers`) compact clusters
///   balanced by required minutes (`workload`), cut by the territory engine from a weighted
///   bisection within regions separated by stretches without shops. The headcount is the
///   workload method's with one provisional office at the medoid of the whole list, then
///   again with the offices found (the drive out from one office overstates a spread list's
///   work), until k settles. A list with fewer managers than the usual size gets one
///   department.
///
/// Managers, if any, move to the department whose office is nearest their old base, so the
/// scenario stays valid; callers re-staff with `generate::staff_by_workload`. Deterministic:
/// the same scenario and rules give the same departments.
pub fn derive_departments(sc: &mut Scenario, rules: &DeriveRules) -> DepartmentsDerived {
    let old_bases: Vec<Point> = (0..sc.managers.len()).map(|m| sc.base_of(m)).collect();
    let derived = match by_column(sc, rules) {
        Some(d) => d,
        None => by_geography(sc, rules),
    };
    for (m, base) in sc.managers.iter_mut().zip(old_bases) {
        m.department = crate::core::scenario::nearest_office(&sc.departments, base);
    }
    sc.departments_rule = Some(derived.rule.clone());
    derived
}

/// Derives again by the rule the scenario's departments were made with (after customers were
/// dropped, say); `None` when they were not derived.
pub fn rederive(sc: &mut Scenario) -> Option<DepartmentsDerived> {
    let rules = match sc.departments_rule.as_ref()? {
        DepartmentsRule::Column { .. } => DeriveRules::default(),
        DepartmentsRule::Geography { managers, .. } => DeriveRules {
            department_managers: *managers,
            departments_from_column: false,
            ..DeriveRules::default()
        },
    };
    Some(derive_departments(sc, &rules))
}

/// One department per name in the department column, or `None` when the rules say not to
/// use it or no customer has a name there.
fn by_column(sc: &mut Scenario, rules: &DeriveRules) -> Option<DepartmentsDerived> {
    if !rules.departments_from_column || sc.customers.is_empty() {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut index: std::collections::BTreeMap<String, usize> = Default::default();
    let mut of: Vec<Option<usize>> = Vec::with_capacity(sc.customers.len());
    for c in sc.customers.iter() {
        let name = c
            .listed_department
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        of.push(name.map(|n| {
            *index.entry(n.to_string()).or_insert_with(|| {
                names.push(n.to_string());
                names.len() - 1
            })
        }));
    }
    if names.is_empty() {
        return None;
    }
    // A blank cell: the department of the nearest customer that names one.
    let named: Vec<usize> = (0..of.len()).filter(|&i| of[i].is_some()).collect();
    let named_pts: Vec<Point> = named.iter().map(|&i| sc.customers[i].pos).collect();
    let grid = Grid::new(&named_pts, 4);
    let mut blank_filled = 0;
    let filled: Vec<usize> = (0..of.len())
        .map(|i| match of[i] {
            Some(d) => d,
            None => {
                blank_filled += 1;
                grid.as_ref()
                    .and_then(|g| {
                        g.nearest_to(&named_pts, sc.customers[i].pos, 1)
                            .first()
                            .copied()
                    })
                    .and_then(|(j, _)| named.get(j))
                    .and_then(|&c| of[c])
                    .unwrap_or(0)
            }
        })
        .collect();
    let pts = positions(sc);
    let w: Vec<f64> = provisional_work(sc, &pts, &workload::Density::of(sc))
        .iter()
        .map(clean_minutes)
        .collect();
    let members = members_of(&filled, names.len());
    sc.departments = names
        .iter()
        .zip(&members)
        .map(|(name, mine)| Department {
            id: name.clone(),
            name: name.clone(),
            office: medoid(&pts, &w, mine),
            market_manager: String::new(),
            office_derived: true,
        })
        .collect();
    for (c, &d) in sc.customers_mut().iter_mut().zip(&filled) {
        c.department = Some(d);
    }
    let header = sc
        .department_column
        .clone()
        .unwrap_or_else(|| "department".to_string());
    Some(DepartmentsDerived {
        rule: DepartmentsRule::Column { header },
        count: names.len(),
        customers: members.iter().map(Vec::len).collect(),
        blank_filled,
    })
}

/// Compact clusters of about `rules.department_managers` managers each.
fn by_geography(sc: &mut Scenario, rules: &DeriveRules) -> DepartmentsDerived {
    let size = rules.department_managers.max(1);
    let n = sc.customers.len();
    let pts = positions(sc);
    // The positions stay: their density is measured once for every estimate below.
    let density = workload::Density::of(sc);
    let work = provisional_work(sc, &pts, &density);
    let mut headcount = workload::headcount(sc, &work);
    let mut w: Vec<f64> = work.iter().map(clean_minutes).collect();
    let mut k = headcount.div_ceil(size).clamp(1, n.max(1));
    let mut parts = vec![(0..n).collect::<Vec<usize>>()];
    for round in 0..ROUNDS {
        parts = regional_clusters(&pts, &w, k);
        let offices: Vec<Point> = parts.iter().map(|p| medoid(&pts, &w, p)).collect();
        set_departments(sc, &offices);
        fix(sc, &parts);
        if round + 1 == ROUNDS {
            break;
        }
        let work = workload::generalist_with(sc, &density);
        headcount = workload::headcount(sc, &work);
        w = work.iter().map(clean_minutes).collect();
        let next = headcount.div_ceil(size).clamp(1, n.max(1));
        if next == k {
            break;
        }
        k = next;
    }
    DepartmentsDerived {
        rule: DepartmentsRule::Geography {
            managers: size,
            headcount,
        },
        count: parts.len(),
        customers: parts.iter().map(Vec::len).collect(),
        blank_filled: 0,
    }
}

/// A stretch without shops about this wide starts another region (`regions`): a department
/// does not span it (two towns far apart, an island).
const GAP_KM: f64 = 10.0;

/// `k` departments over regions separated by gaps: each region with work for at least half a
/// department gets its share of `k` (at least one), cut by `clusters`; the shops of smaller
/// regions join the region of their nearest such shop.
fn regional_clusters(pts: &[Point], w: &[f64], k: usize) -> Vec<Vec<usize>> {
    let n = pts.len();
    let region = regions(pts);
    let nr = region.iter().copied().max().map_or(0, |m| m + 1);
    let mut rw = vec![0.0; nr];
    for (i, &r) in region.iter().enumerate() {
        rw[r] += w[i];
    }
    let total: f64 = rw.iter().sum();
    let is_big: Vec<bool> = (0..nr)
        .map(|r| total > 0.0 && rw[r] / total * k as f64 >= 0.5)
        .collect();
    let big: Vec<usize> = (0..nr).filter(|&r| is_big[r]).collect();
    if big.len() <= 1 {
        return clusters(pts, w, k);
    }
    // The shops of small regions join their nearest big region's. (Flags and one pass per
    // shop, not a search of the big regions per shop: a province has hundreds of them.)
    let in_big: Vec<usize> = (0..n).filter(|&i| is_big[region[i]]).collect();
    let big_pts: Vec<Point> = in_big.iter().map(|&i| pts[i]).collect();
    let grid = Grid::new(&big_pts, 4);
    let mut home = region.clone();
    for i in 0..n {
        if !is_big[region[i]] {
            if let Some((j, _)) = grid
                .as_ref()
                .and_then(|g| g.nearest_to(&big_pts, pts[i], 1).first().copied())
            {
                home[i] = region[in_big[j]];
            }
        }
    }
    let weights: Vec<f64> = big.iter().map(|&r| rw[r]).collect();
    let shares = crate::core::apportion::apportion(k, &weights);
    let mut by_region: Vec<Vec<usize>> = vec![Vec::new(); nr];
    for (i, &r) in home.iter().enumerate() {
        by_region[r].push(i);
    }
    let mut out = Vec::new();
    for (b, &r) in big.iter().enumerate() {
        let items = std::mem::take(&mut by_region[r]);
        let local_pts: Vec<Point> = items.iter().map(|&i| pts[i]).collect();
        let local_w: Vec<f64> = items.iter().map(|&i| w[i]).collect();
        for part in clusters(&local_pts, &local_w, shares[b].max(1)) {
            out.push(part.into_iter().map(|i| items[i]).collect());
        }
    }
    out
}

/// The region of each shop: shops binned in squares of `GAP_KM` ÷ 2, squares with shops that
/// touch (sides or corners) joined, numbered in order of their first shop. Shops under
/// `GAP_KM` ÷ 2 apart are always together; a stretch of more than `GAP_KM` × √2 without shops
/// always separates.
fn regions(pts: &[Point]) -> Vec<usize> {
    let n = pts.len();
    let side = GAP_KM / 2.0;
    let Some(bb) = crate::core::geo::BBox::around(pts.iter().copied()) else {
        return Vec::new();
    };
    let square = |p: Point| {
        (
            ((p.x - bb.min.x) / side).max(0.0) as i64,
            ((p.y - bb.min.y) / side).max(0.0) as i64,
        )
    };
    let mut index: std::collections::BTreeMap<(i64, i64), usize> = Default::default();
    let of: Vec<usize> = pts
        .iter()
        .map(|&p| {
            let next = index.len();
            *index.entry(square(p)).or_insert(next)
        })
        .collect();
    let m = index.len();
    let mut parent: Vec<usize> = (0..m).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (&(x, y), &a) in &index {
        for (dx, dy) in [(1, -1), (1, 0), (1, 1), (0, 1)] {
            if let Some(&b) = index.get(&(x + dx, y + dy)) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut number = vec![usize::MAX; m];
    let mut next = 0;
    (0..n)
        .map(|i| {
            let r = root(&mut parent, of[i]);
            if number[r] == usize::MAX {
                number[r] = next;
                next += 1;
            }
            number[r]
        })
        .collect()
}

/// `k` compact clusters of customers at `pts` balanced by `w`: the territory engine's centre
/// search from a weighted bisection (the bisection itself when the search cannot run). Empty
/// clusters are dropped (only possible with fewer customers than clusters).
fn clusters(pts: &[Point], w: &[f64], k: usize) -> Vec<Vec<usize>> {
    let n = pts.len();
    let all: Vec<usize> = (0..n).collect();
    let start_parts = bisection(&all, pts, w, k);
    let mut parts = start_parts.clone();
    if k > 1 && n > k {
        let mut first = vec![0usize; n];
        for (t, part) in start_parts.iter().enumerate() {
            for &i in part {
                first[i] = t;
            }
        }
        let measures = vec![w.to_vec()];
        let adjacency = knn_graph(pts);

        let problem = Problem {
            territories: k,
            measures: &measures,
            tolerance: TOLERANCE,
            compactness: Compactness::Centre { pts, weight: w },
            adjacency: Some(&adjacency),
            connected: false,
            locked: &[],
            start: Some(&first),
            stability: 0.0,
            anchored: &[],
            seed: 0,
            max_iterations: MOVES_PER_CUSTOMER * n as u64,
        };
        if let Ok(sol) = solve(&problem, &mut || false) {
            parts = members_of(&sol.territory, k);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Each shop linked to its `NEIGHBOURS` nearest, both ways: the moves the cluster search tries
/// first. (Not the engine's `neighbour_graph`, which also joins separate clusters for
/// connected territories: its quadratic fallback is too slow for 100,000 shops, and the
/// clusters need no connectivity.)
fn knn_graph(pts: &[Point]) -> Vec<Vec<usize>> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); pts.len()];
    // Small cells: a city core is far denser than the list's mean, and a query scans whole
    // cells around the shop.
    if let Some(grid) = Grid::new(pts, 1) {
        for i in 0..pts.len() {
            for (j, _) in grid.nearest(pts, i, NEIGHBOURS) {
                adj[i].push(j);
                adj[j].push(i);
            }
        }
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    adj
}

/// A customer's required minutes a month, as a weight (0 when not a finite positive number).
fn clean_minutes(w: &workload::Work) -> f64 {
    let m = w.minutes_per_month();
    if m.is_finite() && m > 0.0 {
        m
    } else {
        0.0
    }
}

/// Sets one provisional office at the list's medoid (every customer alike) and returns each
/// customer's work with it: weights that do not depend on the departments the
/// scenario had, so deriving twice gives the same departments.
fn provisional_work(
    sc: &mut Scenario,
    pts: &[Point],
    density: &workload::Density,
) -> Vec<workload::Work> {
    let all: Vec<usize> = (0..pts.len()).collect();
    set_departments(sc, &[medoid(pts, &vec![1.0; pts.len()], &all)]);
    workload::generalist_with(sc, density)
}

fn positions(sc: &Scenario) -> Vec<Point> {
    sc.customers.iter().map(|c| c.pos).collect()
}

/// The members of each of `k` parts from each item's part.
fn members_of(part: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); k];
    for (i, &p) in part.iter().enumerate() {
        if let Some(m) = out.get_mut(p) {
            m.push(i);
        }
    }
    out
}

/// Departments D1, D2 … (客户服务部1 …) with offices at `offices`, replacing the scenario's.
fn set_departments(sc: &mut Scenario, offices: &[Point]) {
    sc.departments = offices
        .iter()
        .enumerate()
        .map(|(k, &office)| Department {
            id: format!("D{}", k + 1),
            name: format!("客户服务部{}", k + 1),
            office,
            market_manager: String::new(),
            office_derived: true,
        })
        .collect();
}

/// Fixes each customer of `parts[d]` to department `d`.
fn fix(sc: &mut Scenario, parts: &[Vec<usize>]) {
    let customers = sc.customers_mut();
    for (d, part) in parts.iter().enumerate() {
        for &i in part {
            if let Some(c) = customers.get_mut(i) {
                c.department = Some(d);
            }
        }
    }
}

/// How many customers nearest the weighted median are tried as the office.
const MEDOID_CANDIDATES: usize = 32;

/// Weiszfeld steps towards the weighted median.
const MEDIAN_STEPS: usize = 40;

/// The work-weighted medoid of `members`: of the customers nearest the weighted geometric
/// median (Weiszfeld), the one from which the work-weighted distance to all members is least.
/// The office is where every day starts and ends, so it should sit where the driving to the
/// department's shops is least, and on a shop: a centroid can fall in a lake or between two
/// towns, and the customer nearest it can be a lone hamlet between them.
fn medoid(pts: &[Point], w: &[f64], members: &[usize]) -> Point {
    let ws: Vec<f64> = members
        .iter()
        .map(|&i| w.get(i).copied().unwrap_or(0.0))
        .collect();
    let total: f64 = ws.iter().sum();
    // Without work every member counts alike.
    let weight = |k: usize| if total > 0.0 { ws[k] } else { 1.0 };
    let mine: Vec<Point> = members.iter().map(|&i| pts[i]).collect();
    let uniform: Vec<f64> = (0..mine.len()).map(weight).collect();
    let Some(mut m) = weighted_centroid(&mine, &uniform) else {
        return Point::default();
    };
    for _ in 0..MEDIAN_STEPS {
        let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
        for (k, p) in mine.iter().enumerate() {
            let d = p.dist(m).max(1e-6);
            let f = weight(k) / d;
            sx += f * p.x;
            sy += f * p.y;
            sw += f;
        }
        if sw <= 0.0 {
            break;
        }
        let next = Point::new(sx / sw, sy / sw);
        let moved = next.dist(m);
        m = next;
        if moved < 1e-4 {
            break;
        }
    }
    let mut near: Vec<(f64, usize)> = mine
        .iter()
        .enumerate()
        .map(|(k, p)| (p.dist(m), k))
        .collect();
    let by = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    if near.len() > MEDOID_CANDIDATES {
        near.select_nth_unstable_by(MEDOID_CANDIDATES, by);
        near.truncate(MEDOID_CANDIDATES);
    }
    near.sort_by(by);
    let cost = |c: Point| -> f64 {
        mine.iter()
            .enumerate()
            .map(|(k, p)| weight(k) * p.dist(c))
            .sum()
    };
    let mut best = (f64::INFINITY, m);
    for &(_, k) in &near {
        let c = cost(mine[k]);
        if c < best.0 {
            best = (c, mine[k]);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_medoid_is_a_member_in_the_heavier_town() {
        // Two towns 20 km apart, the east one with twice the work: the centroid lies between
        // them on empty land; the office must be a shop in the east town.
        let mut pts = Vec::new();
        for i in 0..30 {
            pts.push(Point::new(0.0 + 0.01 * i as f64, 0.0));
        }
        for i in 0..60 {
            pts.push(Point::new(20.0 + 0.01 * i as f64, 0.0));
        }
        let w = vec![1.0; pts.len()];
        let all: Vec<usize> = (0..pts.len()).collect();
        let m = medoid(&pts, &w, &all);
        assert!(pts.contains(&m), "a shop");
        assert!(m.x >= 20.0, "in the heavier town, got {m:?}");
    }
}
