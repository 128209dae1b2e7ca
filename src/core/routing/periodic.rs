//! Periodic planner: each customer's visit days (one of its allowed patterns) and every day's
//! routes, improved together.
//!
//! A pattern is a bit mask over the horizon's days (bit `d` = day index `d`, 0-based). Each day
//! is a [`DayPlan`] (several vehicles, capacity, duration, windows) from [`super::tw`], so the
//! product's month (one vehicle per staff member per day) and the Cordeau PVRP benchmark run the
//! same code.
//!
//! Search: customers are inserted one by one with the pattern whose days' cheapest insertions
//! cost least; then a descent alternates the day-level local search (relocate, swap, 2-opt*,
//! intra-route moves) with pattern changes (a customer leaves the days it no longer needs and is
//! inserted cheapest into its new days). Kicks remove a cluster of customers from every day and
//! re-insert them with their best pattern, followed by the descent on the touched days; a kicked
//! plan is kept when no worse, and the best plan seen is returned.

use super::matrix::{neighbour_lists, Costs};
use super::tw::{shuffle, Ctx, DayLimits, DayPlan, Site};
use super::{Budget, Rng};

/// A periodic routing problem over `days.len()` days.
pub struct PeriodicProblem<'a, C: Costs + ?Sized> {
    pub costs: &'a C,
    /// Per node (matrix index): service, demand, window.
    pub sites: &'a [Site],
    /// Depot node (the staff member's base).
    pub depot: usize,
    /// Limits of each day (vehicles, capacity, duration, hours).
    pub days: Vec<DayLimits>,
    /// Allowed day masks per node; an empty list means "not a customer" (never visited).
    pub patterns: Vec<Vec<u64>>,
}

/// Settings of the periodic planner. One configuration serves every instance.
#[derive(Clone, Debug)]
pub struct PeriodicParams {
    pub neighbours: usize,
    /// Kicks after the first descent.
    pub max_kicks: u64,
    /// Largest number of customers removed by a kick.
    pub ruin_size: usize,
    /// Record-to-record acceptance: a kicked plan is kept if within this fraction of the best.
    pub rrt_margin: f64,
    pub seed: u64,
    /// Descent order: pattern passes until one moves nothing, then one local search of every
    /// day touched, and stop (instead of a local search of the touched days after every
    /// pass, until a pass moves nothing). The routes then get one local search each, on their
    /// final customers; the plan is not a local optimum of the pattern moves against the
    /// searched routes.
    pub late_local_search: bool,
    /// Stop summing a pattern's insertion costs once the partial sum cannot beat the best
    /// pattern so far. Exact when insertion costs are never negative (triangle inequality);
    /// with road legs they rarely are, so plans may differ slightly.
    pub prune_patterns: bool,
}

impl Default for PeriodicParams {
    fn default() -> Self {
        PeriodicParams {
            neighbours: 15,
            max_kicks: 1_000,
            ruin_size: 10,
            rrt_margin: 0.005,
            seed: 1,
            late_local_search: false,
            prune_patterns: false,
        }
    }
}

/// A periodic plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodicSolution {
    /// Chosen mask per node (`None` for non-customers).
    pub pattern: Vec<Option<u64>>,
    /// `days[d]` = customer sequences of the vehicles used on day `d`.
    pub days: Vec<Vec<Vec<usize>>>,
    /// Total distance.
    pub cost: f64,
    /// Total violation of capacity/duration/windows; 0 when feasible.
    pub violation: f64,
    /// Kicks performed.
    pub kicks: u64,
}

struct State {
    plans: Vec<DayPlan>,
    chosen: Vec<Option<u64>>,
    /// Cheapest insertion costs already computed: a node's cost on a day stays valid while the
    /// day is unchanged, and pattern moves ask for the same (day, node) pairs round after round
    /// of the descent while only a few days change between them.
    ins: InsertionCache,
    /// [`PeriodicParams::prune_patterns`].
    prune: bool,
    /// [`PeriodicParams::late_local_search`].
    late: bool,
}

impl State {
    fn cost<C: Costs + ?Sized>(&self, ctxs: &[Ctx<C>]) -> f64 {
        self.plans.iter().zip(ctxs).map(|(p, c)| p.cost(c)).sum()
    }

    /// Cost of inserting `v` at its cheapest place on day `d` (`INFINITY` if nowhere).
    fn insertion<C: Costs + ?Sized>(&mut self, ctxs: &[Ctx<C>], d: usize, v: usize) -> f64 {
        let plans = &self.plans;
        self.ins.get(d, v, || {
            plans[d]
                .best_insertion(&ctxs[d], v)
                .map_or(f64::INFINITY, |b| b.0)
        })
    }

    fn insert_best<C: Costs + ?Sized>(&mut self, ctxs: &[Ctx<C>], d: usize, v: usize) {
        self.plans[d].insert_best(&ctxs[d], v);
        self.ins.changed(d);
    }

    fn remove<C: Costs + ?Sized>(&mut self, ctxs: &[Ctx<C>], d: usize, v: usize) {
        self.plans[d].remove(&ctxs[d], v);
        self.ins.changed(d);
    }
}

/// Memo of (day, node) insertion costs, each stamped with its day's version; a day's version
/// changes with every change to the day, which invalidates its entries.
struct InsertionCache {
    n: usize,
    /// Per day: the version of its current content.
    version: Vec<u64>,
    /// Next version to hand out (versions are never reused, so a restored day is new).
    clock: u64,
    /// `d * n + v` -> (day version when computed, cost).
    memo: Vec<(u64, f64)>,
}

impl InsertionCache {
    fn new(days: usize, n: usize) -> Self {
        InsertionCache {
            n,
            version: vec![1; days],
            clock: 2,
            memo: vec![(0, 0.0); days * n],
        }
    }

    fn get(&mut self, d: usize, v: usize, compute: impl FnOnce() -> f64) -> f64 {
        let slot = &mut self.memo[d * self.n + v];
        if slot.0 != self.version[d] {
            *slot = (self.version[d], compute());
        }
        slot.1
    }

    fn changed(&mut self, d: usize) {
        self.version[d] = self.clock;
        self.clock += 1;
    }

    fn changed_all(&mut self) {
        for d in 0..self.version.len() {
            self.changed(d);
        }
    }
}

fn days_of(mask: u64, t: usize) -> impl Iterator<Item = usize> {
    (0..t).filter(move |&d| mask & (1u64 << d) != 0)
}

/// Cheapest insertion of `v` over the days of each allowed pattern; returns (cost, mask).
fn best_pattern<C: Costs + ?Sized>(
    ctxs: &[Ctx<C>],
    st: &mut State,
    allowed: &[u64],
    v: usize,
) -> Option<(f64, u64)> {
    let t = st.plans.len();
    let mut best: Option<(f64, u64)> = None;
    for &mask in allowed {
        let bar = match best {
            Some(b) if st.prune => b.0 - 1e-12,
            _ => f64::INFINITY,
        };
        let mut sum = 0.0;
        for d in days_of(mask, t) {
            sum += st.insertion(ctxs, d, v);
            if sum >= bar {
                break;
            }
        }
        if best.is_none_or(|b| sum < b.0 - 1e-12) {
            best = Some((sum, mask));
        }
    }
    best
}

fn insert_with_pattern<C: Costs + ?Sized>(
    ctxs: &[Ctx<C>],
    st: &mut State,
    allowed: &[u64],
    v: usize,
) {
    if let Some((_, mask)) = best_pattern(ctxs, st, allowed, v) {
        let t = st.plans.len();
        for d in days_of(mask, t) {
            st.insert_best(ctxs, d, v);
        }
        st.chosen[v] = Some(mask);
    }
}

/// Tries every other pattern of `v`; applies the best improving one. Returns the gain.
fn pattern_move<C: Costs + ?Sized>(
    ctxs: &[Ctx<C>],
    st: &mut State,
    allowed: &[u64],
    v: usize,
) -> Option<f64> {
    let cur = st.chosen[v]?;
    if allowed.len() < 2 {
        return None;
    }
    let t = st.plans.len();
    let mut rem = vec![0.0; t];
    for d in days_of(cur, t) {
        rem[d] = st.plans[d].removal_delta(&ctxs[d], v).unwrap_or(0.0);
    }
    let mut best: Option<(f64, u64)> = None;
    for &mask in allowed {
        if mask == cur {
            continue;
        }
        // Only a delta below `bar` can be applied; with pruning, the (possibly uncached)
        // insertion costs of a mask are not computed once its partial sum reaches it.
        let bar = if st.prune {
            best.map_or(-1e-7, |b| b.0)
        } else {
            f64::INFINITY
        };
        let mut delta = 0.0;
        for d in days_of(cur & !mask, t) {
            delta += rem[d];
        }
        if delta >= bar {
            continue;
        }
        for d in days_of(mask & !cur, t) {
            delta += st.insertion(ctxs, d, v);
            if delta >= bar {
                break;
            }
        }
        if delta < -1e-7 && best.is_none_or(|b| delta < b.0) {
            best = Some((delta, mask));
        }
    }
    let (delta, mask) = best?;
    for d in days_of(cur & !mask, t) {
        st.remove(ctxs, d, v);
    }
    for d in days_of(mask & !cur, t) {
        st.insert_best(ctxs, d, v);
    }
    st.chosen[v] = Some(mask);
    Some(delta)
}

/// Local search of the days in `touched`.
fn search_days<C: Costs + ?Sized>(
    ctxs: &[Ctx<C>],
    st: &mut State,
    neigh: &[Vec<usize>],
    touched: u64,
    rng: &mut Rng,
) {
    for d in days_of(touched, st.plans.len()) {
        // Every applied move gains more than the search's epsilon, so a zero gain means
        // the day is unchanged and its cached insertion costs stay valid.
        if st.plans[d].local_search(&ctxs[d], neigh, rng) != 0.0 {
            st.ins.changed(d);
        }
    }
}

/// One pass of pattern moves over `customers`; returns the days changed.
fn pattern_pass<C: Costs + ?Sized>(
    ctxs: &[Ctx<C>],
    st: &mut State,
    p: &PeriodicProblem<C>,
    customers: &[usize],
) -> u64 {
    let mut touched = 0;
    for &v in customers {
        let before = st.chosen[v].unwrap_or(0);
        if pattern_move(ctxs, st, &p.patterns[v], v).is_some() {
            touched |= before | st.chosen[v].unwrap_or(0);
        }
    }
    touched
}

/// Descent: day local searches and pattern moves until neither improves (or, with
/// `late_local_search`, pattern moves until none improves, then the local searches).
fn descend<C: Costs + ?Sized>(
    ctxs: &[Ctx<C>],
    st: &mut State,
    p: &PeriodicProblem<C>,
    neigh: &[Vec<usize>],
    customers: &[usize],
    mut touched: u64,
    rng: &mut Rng,
) {
    if st.late {
        loop {
            let moved = pattern_pass(ctxs, st, p, customers);
            touched |= moved;
            if moved == 0 {
                break;
            }
        }
        search_days(ctxs, st, neigh, touched, rng);
        return;
    }
    loop {
        search_days(ctxs, st, neigh, touched, rng);
        touched = pattern_pass(ctxs, st, p, customers);
        if touched == 0 {
            break;
        }
    }
}

/// Solves a periodic problem: insertion with pattern choice, descent, then kicks until the
/// budget is spent or `stop()` returns true. Deterministic for a given seed.
pub fn solve_periodic<C: Costs + ?Sized>(
    p: &PeriodicProblem<C>,
    params: &PeriodicParams,
    stop: &mut dyn FnMut() -> bool,
) -> PeriodicSolution {
    let t = p.days.len().min(64);
    let ctxs: Vec<Ctx<C>> = p.days[..t]
        .iter()
        .map(|&limits| Ctx {
            costs: p.costs,
            sites: p.sites,
            depot: p.depot,
            limits,
        })
        .collect();
    let n = p.costs.len();
    let neigh = neighbour_lists(p.costs, params.neighbours);
    let all_days: u64 = if t == 64 { u64::MAX } else { (1u64 << t) - 1 };
    let customers: Vec<usize> = (0..n)
        .filter(|&v| v != p.depot && p.patterns.get(v).is_some_and(|a| !a.is_empty()))
        .collect();
    let mut rng = Rng::new(params.seed);
    let mut st = State {
        plans: ctxs.iter().map(DayPlan::empty).collect(),
        chosen: vec![None; n],
        ins: InsertionCache::new(t, n),
        prune: params.prune_patterns,
        late: params.late_local_search,
    };
    // Most constrained first: large demand (hard to pack), then few patterns, then far away.
    let mut order = customers.clone();
    order.sort_by(|&a, &b| {
        let da = p.sites[a].demand * p.patterns[a][0].count_ones() as f64;
        let db = p.sites[b].demand * p.patterns[b][0].count_ones() as f64;
        db.total_cmp(&da)
            .then(p.patterns[a].len().cmp(&p.patterns[b].len()))
            .then(
                p.costs
                    .cost(p.depot, b)
                    .total_cmp(&p.costs.cost(p.depot, a)),
            )
            .then(a.cmp(&b))
    });
    for &v in &order {
        let allowed: Vec<u64> = p.patterns[v].iter().map(|m| m & all_days).collect();
        insert_with_pattern(&ctxs, &mut st, &allowed, v);
    }
    descend(&ctxs, &mut st, p, &neigh, &customers, all_days, &mut rng);
    let mut cur = st.cost(&ctxs);
    let mut best_plans = st.plans.clone();
    let mut best_chosen = st.chosen.clone();
    let mut best_cost = cur;
    let mut budget = Budget::new(params.max_kicks);
    let mut kicks = 0;
    while customers.len() > 1 && budget.take(stop) {
        kicks += 1;
        let saved_plans = st.plans.clone();
        let saved_chosen = st.chosen.clone();
        let k = 2 + rng.below(params.ruin_size.min(customers.len()).max(2) - 1);
        let seed = customers[rng.below(customers.len())];
        let mut removed = vec![seed];
        for &v in &neigh[seed] {
            if removed.len() >= k {
                break;
            }
            if st.chosen[v].is_some() {
                removed.push(v);
            }
        }
        let mut touched = 0u64;
        for &v in &removed {
            if let Some(m) = st.chosen[v].take() {
                touched |= m;
                for d in days_of(m, t) {
                    st.remove(&ctxs, d, v);
                }
            }
        }
        shuffle(&mut removed, &mut rng);
        for &v in &removed {
            insert_with_pattern(&ctxs, &mut st, &p.patterns[v], v);
            touched |= st.chosen[v].unwrap_or(0);
        }
        descend(&ctxs, &mut st, p, &neigh, &removed, touched, &mut rng);
        let c = st.cost(&ctxs);
        // Record-to-record travel: accept anything within a small margin of the best plan.
        if c <= cur + 1e-9 || c <= best_cost * (1.0 + params.rrt_margin) {
            cur = c;
            if c < best_cost - 1e-9 {
                best_cost = c;
                best_plans = st.plans.clone();
                best_chosen = st.chosen.clone();
            }
        } else {
            st.plans = saved_plans;
            st.chosen = saved_chosen;
            st.ins.changed_all();
        }
    }
    let days: Vec<Vec<Vec<usize>>> = best_plans
        .iter()
        .map(|pl| {
            pl.routes
                .iter()
                .filter(|r| !r.is_empty())
                .map(|r| r.customers().to_vec())
                .collect()
        })
        .collect();
    PeriodicSolution {
        pattern: best_chosen,
        days,
        cost: best_plans.iter().map(|pl| pl.distance()).sum(),
        violation: best_plans
            .iter()
            .zip(&ctxs)
            .map(|(pl, c)| pl.violation(c))
            .sum(),
        kicks,
    }
}
