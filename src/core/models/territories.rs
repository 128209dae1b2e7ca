//! The models' territories (片区): the territory engine over a set of customers, each part
//! given a manager. Required hours, customers and monthly sales are balanced within
//! `Settings::territory_tolerance` of the parts' mean; compactness is the mean distance to the
//! part's centre weighted by hours; with `territory_connected` each part is one piece in the
//! customers' neighbour graph. The search starts from the weighted bisection (balanced in hours
//! alone), so a problem it cannot search still gets that.

use super::cut_memo;
use crate::core::geo::{weighted_centroid, Point};
use crate::core::scenario::Scenario;
use crate::core::territory::{bisection, neighbour_graph, solve, Compactness, Problem};

/// Each customer linked to this many nearest: enough for a connected graph inside a cluster and
/// for every territory border to be seen, few enough for a quick search.
const NEIGHBOURS: usize = 6;

/// The engine's move budget per customer.
const MOVES_PER_CUSTOMER: u64 = 60;

/// The measures of `items` (local order) the territories balance, of required minutes `w[c]`,
/// one per customer and monthly sales in cartons, in that order: as many as
/// `Settings::territory_measures` asks.
fn measures_of(sc: &Scenario, items: &[usize], w: &[f64]) -> Vec<Vec<f64>> {
    let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
    let all = [
        items.iter().map(|&c| clean(w[c])).collect(),
        vec![1.0; items.len()],
        items
            .iter()
            .map(|&c| clean(sc.customers[c].monthly_sales))
            .collect(),
    ];
    all.into_iter()
        .take(sc.settings.territory_measures.count())
        .collect()
}

/// Cuts `items` into one balanced compact territory per manager of `managers` and returns each
/// part with its manager (parts may be empty when there are more managers than customers).
/// `w[c]` is customer c's required minutes for the work being split.
/// Remembered while the establishment search runs (`cut_memo`).
pub fn cut(
    sc: &Scenario,
    items: &[usize],
    pts: &[Point],
    w: &[f64],
    managers: &[usize],
) -> Vec<(Vec<usize>, usize)> {
    if let Some(parts) = cut_memo::recall(sc, items, pts, w, managers) {
        return parts;
    }
    let parts = cut_fresh(sc, items, pts, w, managers);
    cut_memo::keep(sc, items, pts, w, managers, &parts);
    parts
}

/// `cut`, computed.
fn cut_fresh(
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
    // Today's plan (`Customer::current_manager`), when territories are cut from it
    // (`territory_from_today`, as a pilot's stages are), stability is priced and some customer's
    // manager of today is among these managers: part k is `managers[k]` from the start, each
    // customer starts with today's manager (one whose manager is not here, beside its nearest
    // such neighbour), and leaving today's manager costs `territory_stability` km.
    let today = todays_parts(sc, items, managers);
    let anchored_mode = sc.settings.territory_from_today
        && sc.settings.territory_stability > 0.0
        && today.iter().any(Option::is_some);
    let mut first = vec![0usize; n];
    let who_first = if anchored_mode {
        let known: Vec<usize> = (0..n).filter(|&i| today[i].is_some()).collect();
        for i in 0..n {
            first[i] = match today[i] {
                Some(k) => k,
                None => known
                    .iter()
                    .min_by(|&&a, &&b| {
                        local_pts[i]
                            .dist(local_pts[a])
                            .total_cmp(&local_pts[i].dist(local_pts[b]))
                            .then(a.cmp(&b))
                    })
                    .and_then(|&j| today[j])
                    .unwrap_or(0),
            };
        }
        managers.to_vec()
    } else {
        for (part, members) in start.iter().enumerate() {
            for c in members {
                if let Some(&i) = local.get(c) {
                    first[i] = part;
                }
            }
        }
        match_parts(sc, &start, pts, w, managers)
    };
    // A locked customer (`Customer::locked_to`) stays in the part of its manager, so the
    // balance counts it where it will be; the parts then keep the managers they started with.
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
    if anchored_mode {
        seed_empty_parts(&mut first, k, &local_pts, &measures[0], &locked);
    }
    let anchored: Vec<bool> = today.iter().map(Option::is_some).collect();
    // The neighbour graph only when territories must be connected: otherwise the search
    // tries each customer in the territories of the nearest centres, which costs less.
    let adjacency = sc
        .settings
        .territory_connected
        .then(|| neighbour_graph(&local_pts, NEIGHBOURS));
    let problem = Problem {
        territories: k,
        measures: &measures,
        tolerance: sc.settings.territory_tolerance,
        compactness: Compactness::Centre {
            pts: &local_pts,
            weight: &measures[0],
        },
        adjacency: adjacency.as_deref(),
        connected: sc.settings.territory_connected,
        locked: if any_lock { &locked } else { &[] },
        start: Some(&first),
        stability: if anchored_mode {
            sc.settings.territory_stability
        } else {
            0.0
        },
        anchored: &anchored,
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
    let who = if any_lock || anchored_mode {
        who_first
    } else {
        match_parts(sc, &parts, pts, w, managers)
    };
    parts.into_iter().zip(who).collect()
}

/// Gives each part that starts empty (a manager with no customer today: a person new to the
/// post) one customer to grow from: the busiest part's customer farthest from that part's
/// centre, so the new territory opens at an edge of the book it relieves. An empty part has
/// no centre, and the search, which tries a customer in the territories of the nearest
/// centres, would never move anything into it.
fn seed_empty_parts(
    first: &mut [usize],
    k: usize,
    pts: &[Point],
    w: &[f64],
    locked: &[Option<usize>],
) {
    let mut load = vec![0.0; k];
    let mut size = vec![0usize; k];
    for (i, &p) in first.iter().enumerate() {
        load[p] += w.get(i).copied().unwrap_or(0.0);
        size[p] += 1;
    }
    for j in 0..k {
        if size[j] > 0 {
            continue;
        }
        let Some(b) = (0..k)
            .filter(|&b| size[b] > 1)
            .max_by(|&a, &b| load[a].total_cmp(&load[b]).then(b.cmp(&a)))
        else {
            return;
        };
        let members: Vec<usize> = (0..first.len()).filter(|&i| first[i] == b).collect();
        let ws: Vec<f64> = members
            .iter()
            .map(|&i| w.get(i).copied().unwrap_or(0.0))
            .collect();
        let ps: Vec<Point> = members.iter().map(|&i| pts[i]).collect();
        let Some(centre) = weighted_centroid(&ps, &ws) else {
            continue;
        };
        let far = members
            .iter()
            .copied()
            .filter(|&i| locked.get(i).copied().flatten().is_none())
            .max_by(|&a, &b| {
                pts[a]
                    .dist(centre)
                    .total_cmp(&pts[b].dist(centre))
                    .then(b.cmp(&a))
            });
        if let Some(i) = far {
            first[i] = j;
            let wi = w.get(i).copied().unwrap_or(0.0);
            load[b] -= wi;
            load[j] += wi;
            size[b] -= 1;
            size[j] += 1;
        }
    }
}

/// For each customer of `items`, the position in `managers` of its manager of today
/// (`Customer::current_manager`, by id, else by name), when that manager is among them.
fn todays_parts(sc: &Scenario, items: &[usize], managers: &[usize]) -> Vec<Option<usize>> {
    let mut by_key = std::collections::BTreeMap::new();
    for (k, &m) in managers.iter().enumerate() {
        by_key.entry(sc.managers[m].name.as_str()).or_insert(k);
    }
    // Ids win over names: inserted last, they replace a name that happens to equal one.
    for (k, &m) in managers.iter().enumerate() {
        by_key.insert(sc.managers[m].id.as_str(), k);
    }
    items
        .iter()
        .map(|&c| {
            let today = sc.customers[c].current_manager.as_deref()?;
            by_key.get(today).copied()
        })
        .collect()
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

/// One staff member's territory measured as the engine balanced it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TerritoryFigures {
    /// Index into the assignment's staff.
    pub staff: usize,
    /// The manager's id.
    pub manager: String,
    /// The segment the territory was cut in (`Staff::group`) and the post, if any: the
    /// territories balanced together are those of one group and post.
    pub group: String,
    pub post: Option<crate::core::settings::Function>,
    /// Customers the staff member is responsible for (any function).
    pub customers: usize,
    /// Required hours per month of those customers for what this staff member does for them.
    pub required_hours: f64,
    /// Monthly sales of those customers, cartons.
    pub monthly_sales: f64,
    /// Relative deviation from the mean of the territories cut together, per measure.
    pub deviation: Deviation,
}

/// A territory's deviation per measure: total ÷ the group's mean − 1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Deviation {
    pub hours: f64,
    pub customers: f64,
    pub sales: f64,
}

impl Deviation {
    /// The largest deviation in absolute value among the first `measures` of hours,
    /// customers and sales (those the territories were balanced in).
    pub fn largest(&self, measures: usize) -> f64 {
        [self.hours, self.customers, self.sales]
            .iter()
            .take(measures)
            .fold(0.0, |m, d| m.max(d.abs()))
    }
}

/// Every staff member's territory with its three figures and deviations.
pub fn figures(
    sc: &Scenario,
    work: &[crate::core::workload::Work],
    a: &crate::core::assignment::Assignment,
) -> Vec<TerritoryFigures> {
    use crate::core::settings::Function;
    use crate::core::workload::minutes_for;
    let n_staff = a.staff.len();
    let mut customers = vec![0usize; n_staff];
    let mut minutes = vec![0.0; n_staff];
    let mut sales = vec![0.0; n_staff];
    for (c, row) in a.responsible.iter().enumerate() {
        let mut by_staff: Vec<(usize, Vec<Function>)> = Vec::new();
        for (fi, st) in row.iter().enumerate() {
            if let Some(st) = *st {
                match by_staff.iter_mut().find(|x| x.0 == st) {
                    Some(x) => x.1.push(Function::ALL[fi]),
                    None => by_staff.push((st, vec![Function::ALL[fi]])),
                }
            }
        }
        for (st, fs) in by_staff {
            let Some(staff) = a.staff.get(st) else {
                continue;
            };
            customers[st] += 1;
            sales[st] += sc.customers[c].monthly_sales.max(0.0);
            minutes[st] += match staff.post {
                None => work.get(c).map_or(0.0, |w| w.minutes_per_month()),
                Some(_) => minutes_for(sc, work, c, &fs, true),
            };
        }
    }
    // The mean of each group (and post) the territories were cut in.
    let key = |s: &crate::core::assignment::Staff| (s.group.clone(), s.post.map(Function::index));
    // (territories, minutes, customers, sales) per group and post.
    type Sums = (f64, f64, f64, f64);
    let mut groups: std::collections::BTreeMap<(String, Option<usize>), Sums> =
        std::collections::BTreeMap::new();
    for (st, s) in a.staff.iter().enumerate() {
        let g = groups.entry(key(s)).or_default();
        g.0 += 1.0;
        g.1 += minutes[st];
        g.2 += customers[st] as f64;
        g.3 += sales[st];
    }
    let dev = |x: f64, total: f64, n: f64| {
        let mean = total / n.max(1.0);
        if mean > 0.0 {
            x / mean - 1.0
        } else {
            0.0
        }
    };
    a.staff
        .iter()
        .enumerate()
        .map(|(st, s)| {
            let g = groups.get(&key(s)).copied().unwrap_or_default();
            TerritoryFigures {
                staff: st,
                manager: sc
                    .managers
                    .get(s.manager)
                    .map(|m| m.id.clone())
                    .unwrap_or_default(),
                group: s.group.clone(),
                post: s.post,
                customers: customers[st],
                required_hours: minutes[st] / 60.0,
                monthly_sales: sales[st],
                deviation: Deviation {
                    hours: dev(minutes[st], g.1, g.0),
                    customers: dev(customers[st] as f64, g.2, g.0),
                    sales: dev(sales[st], g.3, g.0),
                },
            }
        })
        .collect()
}
