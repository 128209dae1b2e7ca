//! The bottleneck search: minimise the largest territory diameter under the balance band.
//!
//! A largest diameter below T means no two units at distance ≥ T share a territory. So the
//! search lowers a threshold T and, at each T, looks for a balanced partition without such a
//! "conflicting" pair: a tabu search over single moves (TabuCol's scheme: conflict counts per
//! unit and territory, the best non-tabu move each step, a tabu tenure that grows with the
//! conflicts) on conflicts + α · infeasibility, α adapting to how often the band holds. Each
//! success is a new best partition; T then drops to its largest diameter, so the next pairs to
//! part are exactly the ones that made it. Conflict counts change incrementally as pairs become
//! conflicts (all pairs are sorted by distance once).

use rand::RngExt;

use super::balance::Balance;
use super::connect::{disconnected_territories, repair, Walker};
use super::graph::DistMatrix;
use super::problem::{Problem, Solution};
use crate::core::rng::seeded;

/// The largest distance between two units of one territory, over all territories.
pub fn largest_diameter(d: &DistMatrix, territory: &[usize], p: usize) -> f64 {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); p];
    for (i, &k) in territory.iter().enumerate() {
        if let Some(m) = members.get_mut(k) {
            m.push(i);
        }
    }
    let mut best: f64 = 0.0;
    for m in &members {
        for (x, &i) in m.iter().enumerate() {
            let row = d.row(i);
            for &j in &m[x + 1..] {
                best = best.max(row[j]);
            }
        }
    }
    best
}

/// Units nearest first to each of `p` seeds spread far apart: the start when none is given.
/// Locked units go to their lock. Cells of a graph's shortest-path Voronoi split are connected.
fn construct(pr: &Problem, d: &DistMatrix, rng: &mut crate::core::rng::CoreRng) -> Vec<usize> {
    let n = d.len();
    let p = pr.territories;
    let mut seeds = vec![rng.random_range(0..n)];
    let mut near: Vec<f64> = d.row(seeds[0]).to_vec();
    while seeds.len() < p {
        let next = (0..n)
            .filter(|i| !seeds.contains(i))
            .max_by(|&a, &b| near[a].total_cmp(&near[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        seeds.push(next);
        for (x, &v) in near.iter_mut().zip(d.row(next)) {
            *x = x.min(v);
        }
    }
    (0..n)
        .map(|i| {
            pr.lock(i).unwrap_or_else(|| {
                (0..p)
                    .min_by(|&a, &b| {
                        d.get(i, seeds[a])
                            .total_cmp(&d.get(i, seeds[b]))
                            .then(a.cmp(&b))
                    })
                    .unwrap_or(0)
            })
        })
        .collect()
}

struct State<'a> {
    p: usize,
    t: Vec<usize>,
    size: Vec<usize>,
    /// `conf[v * p + k]`: units of territory k at distance ≥ T from v.
    conf: Vec<u32>,
    /// Pairs in conflict within a territory.
    conflicts: u64,
    bal: Balance<'a>,
    d: &'a DistMatrix,
    threshold: f64,
}

impl<'a> State<'a> {
    fn new(pr: &'a Problem, d: &'a DistMatrix, t: Vec<usize>) -> Self {
        let p = pr.territories;
        let mut size = vec![0; p];
        for &k in &t {
            size[k] += 1;
        }
        let bal = Balance::new(pr.measures, &t, p, pr.tolerance);
        State {
            p,
            conf: vec![0; t.len() * p],
            t,
            size,
            conflicts: 0,
            bal,
            d,
            threshold: f64::INFINITY,
        }
    }

    /// Pair (i, j) becomes a conflict.
    fn add_pair(&mut self, i: usize, j: usize) {
        let p = self.p;
        self.conf[i * p + self.t[j]] += 1;
        self.conf[j * p + self.t[i]] += 1;
        if self.t[i] == self.t[j] {
            self.conflicts += 1;
        }
    }

    fn apply(&mut self, v: usize, to: usize) {
        let p = self.p;
        let from = self.t[v];
        let before = self.conf[v * p + from];
        let after = self.conf[v * p + to];
        self.conflicts = self.conflicts + after as u64 - before as u64;
        let row = self.d.row(v);
        for (u, &duv) in row.iter().enumerate() {
            if duv >= self.threshold && u != v {
                self.conf[u * p + from] -= 1;
                self.conf[u * p + to] += 1;
            }
        }
        self.bal.apply(v, from, to);
        self.size[from] -= 1;
        self.size[to] += 1;
        self.t[v] = to;
    }
}

/// With connectivity asked for, the start's stray pieces join the territory around them.
fn connect_start(pr: &Problem, t: &mut [usize]) {
    if let (true, Some(adj)) = (pr.connected, pr.adjacency) {
        repair(adj, t, pr.territories, |i| pr.lock(i).is_some());
    }
}

/// Iterations without a new best after which the search starts again from a new construction
/// (at the threshold it has reached): diversification for a plateau the tabu cannot leave.
fn stall_limit(n: usize) -> u64 {
    (40 * n as u64).max(10_000)
}

/// Swaps are tried (when no move improves) for at most this many units in conflict: past it,
/// single moves still have plenty to do and a swap scan (units in conflict × all units) costs
/// more than it finds.
const SWAP_LIMIT: usize = 8;

pub(super) fn search(pr: &Problem, d: &DistMatrix, stop: &mut dyn FnMut() -> bool) -> Solution {
    let n = d.len();
    let p = pr.territories;
    let mut rng = seeded(pr.seed);
    let mut start: Vec<usize> = match pr.start {
        Some(s) => (0..n).map(|i| pr.lock(i).unwrap_or(s[i])).collect(),
        None => construct(pr, d, &mut rng),
    };
    connect_start(pr, &mut start);
    // Every pair once, farthest first; the first `cut` pairs (distance ≥ T) are conflicts.
    let mut pairs: Vec<(f64, u32, u32)> = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        let row = d.row(i);
        for (j, &dij) in row.iter().enumerate().skip(i + 1) {
            pairs.push((dij, i as u32, j as u32));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut cut = 0;

    let mut s = State::new(pr, d, start);
    let mut walker = Walker::new(n);
    let movable: Vec<bool> = (0..n).map(|i| pr.lock(i).is_none()).collect();
    let stab = |v: usize, k: usize| -> f64 { pr.stability_price(v, k) };

    let mut best: Option<(Vec<usize>, f64, f64)> = None; // (territory, objective, infeasibility)
    let mut least_inf = f64::INFINITY;
    let mut alpha: f64 = 50.0;
    let mut feasible_streak = 0u32;
    let mut infeasible_streak = 0u32;
    let mut tabu = vec![0u64; n * p];
    let mut it: u64 = 0;
    let mut last_success: u64 = 0;
    let mut cand: Vec<(f64, usize, usize)> = Vec::new();
    let mut conflicted: Vec<usize> = Vec::new();
    let mut inf = s.bal.total();
    while it < pr.max_iterations {
        if it.is_multiple_of(256) && stop() {
            break;
        }
        if it - last_success > stall_limit(n) && pr.start.is_none() {
            // A plateau: descend again from a new construction, down to where the best is.
            let mut fresh = construct(pr, d, &mut rng);
            connect_start(pr, &mut fresh);
            s = State::new(pr, d, fresh);
            cut = 0;
            tabu.iter_mut().for_each(|x| *x = 0);
            inf = s.bal.total();
            alpha = 50.0;
            last_success = it;
        }
        let feasible = inf < 1e-9;
        // A partition counts only when it keeps its promises: with connectivity asked for, a
        // start the repair could not make whole (locks in separate pieces) is not a success.
        let whole = || {
            !pr.connected
                || pr
                    .adjacency
                    .is_some_and(|adj| disconnected_territories(adj, &s.t, p).is_empty())
        };
        if s.conflicts == 0 && feasible && whole() {
            let obj = largest_diameter(d, &s.t, p);
            if best.as_ref().is_none_or(|b| b.2 > 0.0 || obj < b.1) {
                best = Some((s.t.clone(), obj, 0.0));
            }
            last_success = it;
            // Lower the threshold to this diameter: the pairs that attain it now conflict.
            s.threshold = obj;
            while cut < pairs.len() && pairs[cut].0 >= obj {
                let (_, i, j) = pairs[cut];
                s.add_pair(i as usize, j as usize);
                cut += 1;
            }
            if s.conflicts == 0 {
                // Nothing left to part (every territory is a single unit): optimal.
                break;
            }
        } else if best.as_ref().is_none_or(|b| b.2 > 0.0) && inf < least_inf {
            // Before any balanced partition, keep the least unbalanced one.
            least_inf = inf;
            best = Some((s.t.clone(), largest_diameter(d, &s.t, p), inf));
        }
        // Strategic oscillation of the band's price.
        if feasible {
            feasible_streak += 1;
            infeasible_streak = 0;
            if feasible_streak > 50 {
                alpha = (alpha / 1.2).max(5.0);
                feasible_streak = 0;
            }
        } else {
            infeasible_streak += 1;
            feasible_streak = 0;
            if infeasible_streak > 50 {
                alpha = (alpha * 1.2).min(5000.0);
                infeasible_streak = 0;
            }
        }
        let f_now = s.conflicts as f64 + alpha * inf;
        let aspire = |delta: f64| f_now + delta < f_now - 1e-12 && delta < -0.5;
        // Moves: units in conflict, and every unit while the band is broken.
        cand.clear();
        conflicted.clear();
        let mut best_delta = f64::INFINITY;
        let mut ties = 0u32;
        let mut pick: Option<(usize, usize, Option<usize>)> = None;
        let mut evaluated = 0usize;
        for v in 0..n {
            let a = s.t[v];
            let cv = s.conf[v * p + a];
            if cv > 0 {
                conflicted.push(v);
            }
            if !movable[v] || (cv == 0 && feasible) || s.size[a] <= 1 {
                continue;
            }
            let base_stab = stab(v, a);
            for k in 0..p {
                if k == a {
                    continue;
                }
                evaluated += 1;
                let delta = s.conf[v * p + k] as f64 - cv as f64
                    + alpha * s.bal.delta(v, a, k)
                    + stab(v, k)
                    - base_stab;
                if tabu[v * p + k] > it && !aspire(delta) {
                    continue;
                }
                if pr.connected {
                    // Only a unit on k's border can join k. Filtered here, not after the
                    // truncation below: with one territory far over the band, its 64 best
                    // moves can all be inner units, and then nothing would ever move.
                    if pr
                        .adjacency
                        .is_some_and(|adj| adj[v].iter().any(|&u| s.t[u] == k))
                    {
                        cand.push((delta, v, k));
                    }
                    continue;
                }
                consider(
                    &mut pick,
                    &mut best_delta,
                    &mut ties,
                    &mut rng,
                    delta,
                    (v, k, None),
                );
            }
        }
        // Swaps of a unit in conflict with a unit of another territory: what a tight band
        // needs when every single move would break it.
        // Out of the band with no conflict, the units of the territories outside it.
        if conflicted.is_empty() && !feasible {
            conflicted.extend((0..n).filter(|&v| s.bal.over(s.t[v]) || s.bal.under(s.t[v])));
        }
        if !pr.connected
            && conflicted.len() <= SWAP_LIMIT.max(if feasible { 0 } else { n })
            && best_delta >= 0.0
        {
            for &v in &conflicted {
                if !movable[v] {
                    continue;
                }
                let a = s.t[v];
                let cv = s.conf[v * p + a] as f64;
                let row = d.row(v);
                for u in 0..n {
                    let k = s.t[u];
                    if k == a || !movable[u] {
                        continue;
                    }
                    let both = f64::from(u8::from(row[u] >= s.threshold));
                    let delta = s.conf[v * p + k] as f64 - both - cv + s.conf[u * p + a] as f64
                        - both
                        - s.conf[u * p + k] as f64
                        + alpha * s.bal.swap_delta(v, a, u, k)
                        + stab(v, k)
                        - stab(v, a)
                        + stab(u, a)
                        - stab(u, k);
                    evaluated += 1;
                    if (tabu[v * p + k] > it || tabu[u * p + a] > it) && !aspire(delta) {
                        continue;
                    }
                    consider(
                        &mut pick,
                        &mut best_delta,
                        &mut ties,
                        &mut rng,
                        delta,
                        (v, k, Some(u)),
                    );
                }
            }
        }
        if pr.connected {
            pick = None;
            cand.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
            if let Some(adj) = pr.adjacency {
                for &(_, v, k) in cand.iter().take(64) {
                    let a = s.t[v];
                    if walker.stays_connected_without(adj, &s.t, a, v, s.size[a]) {
                        pick = Some((v, k, None));
                        break;
                    }
                }
            }
        }
        let Some((v, k, swap)) = pick else {
            // No move at all (what is in conflict is locked): nothing more to try. Every
            // move tabu: wait for the tenures to run out.
            if evaluated == 0 {
                break;
            }
            it += 1;
            continue;
        };
        let a = s.t[v];
        let tenure = 7 + rng.random_range(0..10u64) + conflicted.len() as u64 * 6 / 10;
        tabu[v * p + a] = it + tenure;
        inf += s.bal.delta(v, a, k);
        s.apply(v, k);
        if let Some(u) = swap {
            tabu[u * p + k] = it + tenure;
            inf += s.bal.delta(u, k, a);
            s.apply(u, a);
        }
        if it.is_multiple_of(64) {
            inf = s.bal.total(); // against drift of the running sum
        }
        it += 1;
    }
    match best {
        Some((t, obj, inf)) => Solution {
            territory: t,
            objective: obj,
            infeasibility: inf,
            iterations: it,
        },
        None => {
            let inf = s.bal.total();
            Solution {
                objective: largest_diameter(d, &s.t, p),
                territory: s.t,
                infeasibility: inf,
                iterations: it,
            }
        }
    }
}

/// Keeps the lowest `delta`, ties broken at random (reservoir sampling, so each is equally
/// likely).
fn consider<T>(
    pick: &mut Option<T>,
    best: &mut f64,
    ties: &mut u32,
    rng: &mut crate::core::rng::CoreRng,
    delta: f64,
    what: T,
) {
    if delta < *best - 1e-12 {
        *best = delta;
        *pick = Some(what);
        *ties = 1;
    } else if (delta - *best).abs() <= 1e-12 {
        *ties += 1;
        if rng.random_range(0..*ties) == 0 {
            *pick = Some(what);
        }
    }
}
