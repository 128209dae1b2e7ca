//! The models' territories (片区): the territory engine over a set of customers, each part
//! given a manager. Required hours, customers and monthly sales are balanced within
//! `Settings::territory_tolerance` of the parts' mean; compactness is the mean distance to the
//! part's centre weighted by hours; with `territory_connected` each part is one piece in the
//! customers' neighbour graph. The search starts from the weighted bisection (balanced in hours
//! alone), so a problem it cannot search still gets that.

use crate::core::geo::{weighted_centroid, Point};
use crate::core::scenario::Scenario;
use crate::core::territory::{bisection, neighbour_graph, solve, Compactness, Problem};

/// Each customer linked to this many nearest: enough for a connected graph inside a cluster and
/// for every territory border to be seen, few enough for a quick search.
const NEIGHBOURS: usize = 6;

/// The engine's move budget per customer.
const MOVES_PER_CUSTOMER: u64 = 60;

/// The measures a territory is balanced in, in this order (the `plan` figures use it too).
pub const MEASURES: [&str; 3] = ["hours", "customers", "sales"];

/// The three measures of `items` (local order): required minutes `w[c]`, one per customer,
/// monthly sales in cartons.
pub fn measures_of(sc: &Scenario, items: &[usize], w: &[f64]) -> Vec<Vec<f64>> {
    let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
    vec![
        items.iter().map(|&c| clean(w[c])).collect(),
        vec![1.0; items.len()],
        items
            .iter()
            .map(|&c| clean(sc.customers[c].monthly_sales))
            .collect(),
    ]
}

/// Cuts `items` into one balanced compact territory per manager of `managers` and returns each
/// part with its manager (parts may be empty when there are more managers than customers).
/// `w[c]` is customer c's required minutes for the work being split.
pub fn cut(
    sc: &Scenario,
    items: &[usize],
    pts: &[Point],
    w: &[f64],
    managers: &[usize],
) -> Vec<(Vec<usize>, usize)> {
    let k = managers.len();
    let start = bisection(items, pts, w, k);
    let n = items.len();
    if k <= 1 || n <= k {
        let who = match_parts(sc, &start, pts, w, managers);
        return start.into_iter().zip(who).collect();
    }
    let local_pts: Vec<Point> = items.iter().map(|&c| pts[c]).collect();
    let measures = measures_of(sc, items, w);
    let mut local = std::collections::BTreeMap::new();
    for (i, &c) in items.iter().enumerate() {
        local.insert(c, i);
    }
    let mut first = vec![0usize; n];
    for (part, members) in start.iter().enumerate() {
        for c in members {
            if let Some(&i) = local.get(c) {
                first[i] = part;
            }
        }
    }
    // A locked customer (`Customer::locked_to`) stays in the part of its manager, so the
    // balance counts it where it will be; the parts then keep the managers they started with.
    let who_first = match_parts(sc, &start, pts, w, managers);
    let locked: Vec<Option<usize>> = items
        .iter()
        .map(|&c| {
            let id = sc.customers[c].locked_to.as_deref()?;
            who_first.iter().position(|&m| sc.managers[m].id == id)
        })
        .collect();
    let any_lock = locked.iter().any(Option::is_some);
    for (i, l) in locked.iter().enumerate() {
        if let Some(part) = l {
            first[i] = *part;
        }
    }
    let adjacency = neighbour_graph(&local_pts, NEIGHBOURS);
    let problem = Problem {
        territories: k,
        measures: &measures,
        tolerance: sc.settings.territory_tolerance,
        compactness: Compactness::Centre {
            pts: &local_pts,
            weight: &measures[0],
        },
        adjacency: Some(&adjacency),
        connected: sc.settings.territory_connected,
        locked: if any_lock { &locked } else { &[] },
        start: Some(&first),
        stability: 0.0,
        seed: sc.seed,
        max_iterations: MOVES_PER_CUSTOMER * n as u64,
    };
    let parts = match solve(&problem, &mut || false) {
        Ok(sol) => {
            let mut parts = vec![Vec::new(); k];
            for (i, &t) in sol.territory.iter().enumerate() {
                parts[t].push(items[i]);
            }
            parts
        }
        // Out-of-range settings are refused where they are entered; should one slip through,
        // the bisection still gives every customer a territory.
        Err(_) => start,
    };
    let who = if any_lock {
        who_first
    } else {
        match_parts(sc, &parts, pts, w, managers)
    };
    parts.into_iter().zip(who).collect()
}

/// Minimum-cost perfect matching of a square cost matrix (Hungarian algorithm with potentials,
/// O(n³)); returns the column of each row. Deterministic: ties go to the lower index.
pub fn hungarian_min(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    if n == 0 {
        return Vec::new();
    }
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let mut p = vec![0usize; n + 1]; // p[j] = row matched to column j (1-based; 0 = none)
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            if j1 == 0 {
                break; // only non-finite costs remain; the caller's matrix is malformed
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut row_to_col = vec![0usize; n];
    for j in 1..=n {
        if p[j] > 0 {
            row_to_col[p[j] - 1] = j - 1;
        }
    }
    row_to_col
}

/// The weighted centre of each part.
pub fn centres(parts: &[Vec<usize>], pts: &[Point], w: &[f64]) -> Vec<Point> {
    parts
        .iter()
        .map(|p| {
            let ps: Vec<Point> = p.iter().map(|&i| pts[i]).collect();
            let ws: Vec<f64> = p.iter().map(|&i| w[i]).collect();
            weighted_centroid(&ps, &ws).unwrap_or_default()
        })
        .collect()
}

/// Gives each part a manager so that the total distance from bases to part centres is least.
/// `parts.len()` must equal `managers.len()`.
pub fn match_parts(
    sc: &Scenario,
    parts: &[Vec<usize>],
    pts: &[Point],
    w: &[f64],
    managers: &[usize],
) -> Vec<usize> {
    let c = centres(parts, pts, w);
    let cost: Vec<Vec<f64>> = c
        .iter()
        .map(|p| managers.iter().map(|&m| p.dist(sc.base_of(m))).collect())
        .collect();
    hungarian_min(&cost)
        .into_iter()
        .map(|j| managers[j])
        .collect()
}
