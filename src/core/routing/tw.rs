//! Vehicle routes with time windows, capacity and a duration limit, for one day.
//!
//! A [`DayPlan`] holds the routes of one day (one route = one vehicle, depot to depot; a staff
//! member's working day is a single-vehicle `DayPlan`). Each route keeps prefix and suffix
//! [`Seg`] summaries (Vidal et al.'s concatenation of duration, time warp, earliest/latest
//! start, load and distance), so inserting, removing, relocating, swapping or exchanging tails
//! between routes is evaluated in O(1). Intra-route moves sum only the stretch between the two
//! positions involved.
//!
//! The objective is distance plus a large penalty per unit of violation (time warp = lateness
//! against a window, load above capacity, duration above the limit). A solution with zero
//! violation is feasible; the local search never accepts a move that increases the penalised
//! cost, so a feasible start stays feasible.
//!
//! Solving: cheapest insertion, then local search (relocate, swap, 2-opt*, intra-route 2-opt
//! and relocate) over neighbour lists, then ruin-and-recreate kicks (remove customers near a
//! random one, reinsert cheapest first) each followed by local search, keeping a kicked plan
//! only if it is no worse.

use super::matrix::Costs;
use super::{Budget, Rng};

/// Attributes of a node (customer or depot), indexed like the matrix.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Site {
    /// Service duration (minutes in the product).
    pub service: f64,
    /// Load taken (benchmarks) — 0 in the product.
    pub demand: f64,
    /// Earliest start of service.
    pub ready: f64,
    /// Latest start of service.
    pub due: f64,
}

impl Site {
    /// A site without a time window.
    pub fn open(service: f64, demand: f64) -> Self {
        Site {
            service,
            demand,
            ready: 0.0,
            due: f64::INFINITY,
        }
    }
}

/// What one day allows: vehicles, their capacity and duration limit, depot hours.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DayLimits {
    /// Number of vehicles (routes) available.
    pub vehicles: usize,
    /// Capacity of each vehicle (`INFINITY` for none).
    pub capacity: f64,
    /// Longest route from leaving to re-entering the depot, waiting included, with the best
    /// departure time (`INFINITY` for none). Product: 8 h + 30 min overtime.
    pub max_duration: f64,
    /// Depot opening: earliest departure.
    pub start: f64,
    /// Depot closing: latest return.
    pub end: f64,
}

impl DayLimits {
    /// Limits with no capacity, duration or depot-hour constraint.
    pub fn unlimited(vehicles: usize) -> Self {
        DayLimits {
            vehicles,
            capacity: f64::INFINITY,
            max_duration: f64::INFINITY,
            start: 0.0,
            end: f64::INFINITY,
        }
    }
}

/// Penalty per unit of violation (time warp, excess load, excess duration).
pub const PENALTY: f64 = 10_000.0;

/// Summary of a route segment, concatenable in O(1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seg {
    pub first: usize,
    pub last: usize,
    /// Minimal duration (travel, service, necessary waiting).
    pub dur: f64,
    /// Time warp (sum of lateness that had to be "undone").
    pub tw: f64,
    /// Earliest and latest start of the first service without extra waiting / warp.
    pub e: f64,
    pub l: f64,
    /// Distance (cost) inside the segment.
    pub dist: f64,
    pub load: f64,
}

/// Read-only context shared by the routes of a plan.
#[derive(Clone, Copy)]
pub struct Ctx<'a, C: Costs + ?Sized> {
    pub costs: &'a C,
    pub sites: &'a [Site],
    pub depot: usize,
    pub limits: DayLimits,
}

impl<'a, C: Costs + ?Sized> Ctx<'a, C> {
    /// Segment of a single node (the depot gets the day's opening hours).
    #[inline]
    pub fn single(&self, v: usize) -> Seg {
        let s = &self.sites[v];
        let (e, l, service) = if v == self.depot {
            (self.limits.start, self.limits.end, 0.0)
        } else {
            (s.ready, s.due, s.service)
        };
        Seg {
            first: v,
            last: v,
            dur: service,
            tw: 0.0,
            e,
            l,
            dist: 0.0,
            load: if v == self.depot { 0.0 } else { s.demand },
        }
    }

    /// Concatenation `a ⊕ b`.
    #[inline]
    pub fn cat(&self, a: &Seg, b: &Seg) -> Seg {
        let t = self.costs.time(a.last, b.first);
        let delta = a.dur - a.tw + t;
        let wt = (b.e - delta - a.l).max(0.0);
        let tw_add = (a.e + delta - b.l).max(0.0);
        Seg {
            first: a.first,
            last: b.last,
            dur: a.dur + b.dur + t + wt,
            tw: a.tw + b.tw + tw_add,
            e: (b.e - delta).max(a.e) - wt,
            l: (b.l - delta).min(a.l) + tw_add,
            dist: a.dist + b.dist + self.costs.cost(a.last, b.first),
            load: a.load + b.load,
        }
    }

    /// Violation of a complete route (depot to depot).
    #[inline]
    pub fn violation(&self, s: &Seg) -> f64 {
        s.tw + (s.load - self.limits.capacity).max(0.0)
            + (s.dur - self.limits.max_duration).max(0.0)
    }

    /// Penalised cost of a complete route; an empty route (depot, depot) costs nothing.
    #[inline]
    pub fn route_cost(&self, s: &Seg) -> f64 {
        s.dist + PENALTY * self.violation(s)
    }

    /// `s` followed by `nodes`, one node at a time (generic rather than a `dyn Iterator`: the
    /// intra-route moves call it in their innermost loop).
    #[inline]
    fn extend<'n>(&self, s: Seg, nodes: impl Iterator<Item = &'n usize>) -> Seg {
        nodes.fold(s, |acc, &w| self.cat(&acc, &self.single(w)))
    }

    /// Segment of a whole sequence of nodes.
    pub fn eval(&self, nodes: impl IntoIterator<Item = usize>) -> Option<Seg> {
        let mut it = nodes.into_iter();
        let mut s = self.single(it.next()?);
        for v in it {
            s = self.cat(&s, &self.single(v));
        }
        Some(s)
    }
}

/// One vehicle's route with its prefix/suffix summaries.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Depot, customers…, depot.
    pub nodes: Vec<usize>,
    pre: Vec<Seg>,
    suf: Vec<Seg>,
    /// Running sums of the arcs along the route, forward (`k -> k+1`) and backward
    /// (`k+1 -> k`): `arcs[k]` covers the arcs between positions `0..=k`. They give any
    /// stretch's distance and travel time (also reversed) in O(1), for the lower bounds that
    /// skip the node-by-node evaluation of moves that cannot improve.
    arcs: Vec<Arcs>,
    /// Service minutes of the whole route (unchanged by intra-route moves).
    service: f64,
}

/// Cumulative arc cost and time, forward and backward, up to a position of a route.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Arcs {
    dist: f64,
    time: f64,
    rdist: f64,
    rtime: f64,
}

/// A run of a route's positions `from..=to` (never empty), possibly traversed backwards.
#[derive(Clone, Copy)]
struct Run {
    from: usize,
    to: usize,
    rev: bool,
}

impl Run {
    fn fwd(from: usize, to: usize) -> Option<Run> {
        (from <= to).then_some(Run {
            from,
            to,
            rev: false,
        })
    }

    fn rev(from: usize, to: usize, rev: bool) -> Option<Run> {
        (from <= to).then_some(Run { from, to, rev })
    }
}

/// Slack for the lower-bound tests: the bound sums the same arcs in another order, so it may
/// differ from the exact evaluation by rounding; a move is skipped only when its bound clears
/// the acceptance threshold by more than that.
fn bound_slack(old: f64, route: &Seg) -> f64 {
    1e-9 * (1.0 + old.abs() + route.dist.abs() + route.dur.abs())
}

impl Route {
    fn new<C: Costs + ?Sized>(ctx: &Ctx<C>, customers: &[usize]) -> Self {
        let mut nodes = Vec::with_capacity(customers.len() + 2);
        nodes.push(ctx.depot);
        nodes.extend_from_slice(customers);
        nodes.push(ctx.depot);
        let mut r = Route {
            nodes,
            pre: Vec::new(),
            suf: Vec::new(),
            arcs: Vec::new(),
            service: 0.0,
        };
        r.update(ctx);
        r
    }

    fn update<C: Costs + ?Sized>(&mut self, ctx: &Ctx<C>) {
        let m = self.nodes.len();
        self.pre.clear();
        self.suf.clear();
        let mut s = ctx.single(self.nodes[0]);
        self.pre.push(s);
        for &v in &self.nodes[1..] {
            s = ctx.cat(&s, &ctx.single(v));
            self.pre.push(s);
        }
        self.suf.resize(m, s);
        let mut s = ctx.single(self.nodes[m - 1]);
        self.suf[m - 1] = s;
        for k in (0..m - 1).rev() {
            s = ctx.cat(&ctx.single(self.nodes[k]), &s);
            self.suf[k] = s;
        }
        self.arcs.clear();
        let mut acc = Arcs::default();
        self.arcs.push(acc);
        let mut service = 0.0;
        for w in self.nodes.windows(2) {
            let (a, b) = (w[0], w[1]);
            acc.dist += ctx.costs.cost(a, b);
            acc.time += ctx.costs.time(a, b);
            acc.rdist += ctx.costs.cost(b, a);
            acc.rtime += ctx.costs.time(b, a);
            self.arcs.push(acc);
        }
        for &v in &self.nodes {
            service += ctx.single(v).dur;
        }
        self.service = service;
    }

    /// Lower bound of the penalised cost of the route rearranged as `runs` (consecutive runs
    /// of its own positions, covering each once): exact distance, and of the violation only
    /// what cannot be avoided — excess load, and excess duration counting travel and service
    /// but no waiting (a segment's duration is at least that; time warp is at least 0).
    fn bound<C: Costs + ?Sized>(&self, ctx: &Ctx<C>, runs: &[Option<Run>]) -> f64 {
        let (mut dist, mut time) = (0.0, 0.0);
        let mut prev: Option<usize> = None;
        for r in runs.iter().flatten() {
            let (lo, hi) = (&self.arcs[r.from], &self.arcs[r.to]);
            let (first, last) = if r.rev {
                dist += hi.rdist - lo.rdist;
                time += hi.rtime - lo.rtime;
                (self.nodes[r.to], self.nodes[r.from])
            } else {
                dist += hi.dist - lo.dist;
                time += hi.time - lo.time;
                (self.nodes[r.from], self.nodes[r.to])
            };
            if let Some(p) = prev {
                dist += ctx.costs.cost(p, first);
                time += ctx.costs.time(p, first);
            }
            prev = Some(last);
        }
        let total = self.total();
        let over = (total.load - ctx.limits.capacity).max(0.0)
            + (time + self.service - ctx.limits.max_duration).max(0.0);
        dist + PENALTY * over
    }

    /// Customers in visiting order (depots excluded).
    pub fn customers(&self) -> &[usize] {
        &self.nodes[1..self.nodes.len() - 1]
    }

    /// Summary of the whole route.
    pub fn total(&self) -> &Seg {
        &self.pre[self.pre.len() - 1]
    }

    /// True when the route visits nobody.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 2
    }
}

/// Where a customer sits in a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Loc {
    route: u32,
    pos: u32,
}

/// The routes of one day (exactly `limits.vehicles` routes, some possibly empty).
#[derive(Clone, Debug, PartialEq)]
pub struct DayPlan {
    pub routes: Vec<Route>,
    loc: Vec<Option<Loc>>,
}

/// A timed stop of a route (for schedules shown to users).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Stop {
    pub node: usize,
    pub arrival: f64,
    pub start: f64,
    pub end: f64,
}

impl DayPlan {
    /// An empty plan with `limits.vehicles` empty routes over a matrix of `n` nodes.
    pub fn empty<C: Costs + ?Sized>(ctx: &Ctx<C>) -> Self {
        let routes = (0..ctx.limits.vehicles.max(1))
            .map(|_| Route::new(ctx, &[]))
            .collect();
        DayPlan {
            routes,
            loc: vec![None; ctx.costs.len()],
        }
    }

    /// A plan from explicit routes (customer sequences); extra empty routes fill the fleet.
    pub fn from_routes<C: Costs + ?Sized>(ctx: &Ctx<C>, routes: &[Vec<usize>]) -> Self {
        let mut p = DayPlan::empty(ctx);
        p.routes = routes.iter().map(|r| Route::new(ctx, r)).collect();
        while p.routes.len() < ctx.limits.vehicles {
            p.routes.push(Route::new(ctx, &[]));
        }
        p.reindex_all();
        p
    }

    fn reindex_all(&mut self) {
        for l in self.loc.iter_mut() {
            *l = None;
        }
        for r in 0..self.routes.len() {
            self.reindex(r);
        }
    }

    fn reindex(&mut self, r: usize) {
        let nodes = &self.routes[r].nodes;
        for (k, &v) in nodes.iter().enumerate().take(nodes.len() - 1).skip(1) {
            self.loc[v] = Some(Loc {
                route: r as u32,
                pos: k as u32,
            });
        }
    }

    fn set_route<C: Costs + ?Sized>(&mut self, ctx: &Ctx<C>, r: usize, nodes: Vec<usize>) {
        self.routes[r].nodes = nodes;
        self.routes[r].update(ctx);
        self.reindex(r);
    }

    /// True when `v` is visited by some route of this day.
    pub fn contains(&self, v: usize) -> bool {
        self.loc.get(v).is_some_and(|l| l.is_some())
    }

    /// Customers visited this day, in route order.
    pub fn visited(&self) -> Vec<usize> {
        self.routes
            .iter()
            .flat_map(|r| r.customers().iter().copied())
            .collect()
    }

    /// Penalised cost (distance + PENALTY × violation) summed over routes.
    pub fn cost<C: Costs + ?Sized>(&self, ctx: &Ctx<C>) -> f64 {
        self.routes.iter().map(|r| ctx.route_cost(r.total())).sum()
    }

    /// Total distance.
    pub fn distance(&self) -> f64 {
        self.routes.iter().map(|r| r.total().dist).sum()
    }

    /// Total violation (0 when feasible).
    pub fn violation<C: Costs + ?Sized>(&self, ctx: &Ctx<C>) -> f64 {
        self.routes.iter().map(|r| ctx.violation(r.total())).sum()
    }

    /// Best place to insert `v`: (cost increase, route, position before which to insert).
    pub fn best_insertion<C: Costs + ?Sized>(
        &self,
        ctx: &Ctx<C>,
        v: usize,
    ) -> Option<(f64, usize, usize)> {
        let sv = ctx.single(v);
        let mut best: Option<(f64, usize, usize)> = None;
        let mut tried_empty = false;
        for (r, route) in self.routes.iter().enumerate() {
            if route.is_empty() {
                // All empty routes are alike: try one.
                if tried_empty {
                    continue;
                }
                tried_empty = true;
            }
            let old = ctx.route_cost(route.total());
            // With a best place known, a place whose added distance alone, less the route's
            // current penalty, cannot beat it is skipped (violations are never negative).
            let penalty = old - route.total().dist;
            let slack = bound_slack(old, route.total());
            // A second, tighter bound for places that pass the first: the new route's
            // violation is at least its excess load plus its excess duration counting travel
            // and service only (as in `Route::bound`). On a route already over its duration
            // limit the first bound prunes nothing, this one most places.
            let total = route.total();
            let load_over = (total.load + sv.load - ctx.limits.capacity).max(0.0);
            let dur_base = route.arcs[route.arcs.len() - 1].time + route.service + sv.dur
                - ctx.limits.max_duration;
            for j in 1..route.nodes.len() {
                if let Some(b) = best {
                    let (p, q) = (route.nodes[j - 1], route.nodes[j]);
                    let added = ctx.costs.cost(p, v) + ctx.costs.cost(v, q) - ctx.costs.cost(p, q);
                    if added - penalty >= b.0 + slack {
                        continue;
                    }
                    let time = ctx.costs.time(p, v) + ctx.costs.time(v, q) - ctx.costs.time(p, q);
                    let over = load_over + (dur_base + time).max(0.0);
                    if total.dist + added + PENALTY * over - old >= b.0 + slack {
                        continue;
                    }
                }
                let s = ctx.cat(&ctx.cat(&route.pre[j - 1], &sv), &route.suf[j]);
                let d = ctx.route_cost(&s) - old;
                if best.is_none_or(|b| d < b.0 - 1e-12) {
                    best = Some((d, r, j));
                }
            }
        }
        best
    }

    /// Inserts `v` at `(route, position)`.
    pub fn insert_at<C: Costs + ?Sized>(&mut self, ctx: &Ctx<C>, v: usize, r: usize, j: usize) {
        let mut nodes = std::mem::take(&mut self.routes[r].nodes);
        nodes.insert(j, v);
        self.set_route(ctx, r, nodes);
    }

    /// Inserts `v` at its cheapest place; returns the cost increase.
    pub fn insert_best<C: Costs + ?Sized>(&mut self, ctx: &Ctx<C>, v: usize) -> f64 {
        match self.best_insertion(ctx, v) {
            Some((d, r, j)) => {
                self.insert_at(ctx, v, r, j);
                d
            }
            None => f64::INFINITY,
        }
    }

    /// Cost change if `v` were removed (negative = saving); `None` if `v` is not visited.
    pub fn removal_delta<C: Costs + ?Sized>(&self, ctx: &Ctx<C>, v: usize) -> Option<f64> {
        let l = self.loc.get(v).copied().flatten()?;
        let route = &self.routes[l.route as usize];
        let p = l.pos as usize;
        let s = ctx.cat(&route.pre[p - 1], &route.suf[p + 1]);
        Some(ctx.route_cost(&s) - ctx.route_cost(route.total()))
    }

    /// Removes `v` if present.
    pub fn remove<C: Costs + ?Sized>(&mut self, ctx: &Ctx<C>, v: usize) {
        if let Some(l) = self.loc.get(v).copied().flatten() {
            let r = l.route as usize;
            let mut nodes = std::mem::take(&mut self.routes[r].nodes);
            nodes.remove(l.pos as usize);
            self.loc[v] = None;
            self.set_route(ctx, r, nodes);
        }
    }

    /// Arrival and service times of a route, leaving the depot as late as possible without
    /// making the route longer (so the duration is the minimal one).
    pub fn schedule<C: Costs + ?Sized>(&self, ctx: &Ctx<C>, r: usize) -> Vec<Stop> {
        let route = &self.routes[r];
        let total = route.total();
        // Departing at the earliest start that needs no waiting gives the minimal duration.
        let mut t = total.e.max(ctx.limits.start);
        if !t.is_finite() {
            t = ctx.limits.start;
        }
        let mut out = Vec::with_capacity(route.nodes.len());
        let mut prev = route.nodes[0];
        out.push(Stop {
            node: prev,
            arrival: t,
            start: t,
            end: t,
        });
        for &v in &route.nodes[1..] {
            let arrival = t + ctx.costs.time(prev, v);
            let s = ctx.single(v);
            let start = arrival.max(s.e);
            let end = start + s.dur;
            out.push(Stop {
                node: v,
                arrival,
                start,
                end,
            });
            t = end;
            prev = v;
        }
        out
    }

    /// Local search to a local optimum; returns the cost change (≤ 0).
    pub fn local_search<C: Costs + ?Sized>(
        &mut self,
        ctx: &Ctx<C>,
        neigh: &[Vec<usize>],
        rng: &mut Rng,
    ) -> f64 {
        let mut total = 0.0;
        let mut order: Vec<usize> = self.visited();
        let mut buf: Vec<usize> = Vec::new();
        loop {
            let mut improved = false;
            shuffle(&mut order, rng);
            for &u in &order {
                if !self.contains(u) {
                    continue;
                }
                if let Some(g) = self.improve_customer(ctx, neigh, u, &mut buf) {
                    total += g;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
            order = self.visited();
        }
        total
    }

    /// Tries the moves involving `u` and its neighbours; applies the first improving one.
    fn improve_customer<C: Costs + ?Sized>(
        &mut self,
        ctx: &Ctx<C>,
        neigh: &[Vec<usize>],
        u: usize,
        buf: &mut Vec<usize>,
    ) -> Option<f64> {
        const EPS: f64 = 1e-7;
        let mut applied = None;
        // Candidates: neighbours visited today, then the depot (= the first empty route).
        let empty = self.routes.iter().position(|r| r.is_empty());
        self.loc[u]?;
        let cands = neigh[u].iter().copied().filter(|&v| v != u);
        for v in cands.chain(std::iter::once(usize::MAX)) {
            let lu = self.loc[u]?;
            let (ru, iu) = (lu.route as usize, lu.pos as usize);
            let (rv, iv) = if v == usize::MAX {
                match empty {
                    Some(e) if e != ru => (e, 0),
                    _ => continue,
                }
            } else {
                match self.loc[v] {
                    Some(l) => (l.route as usize, l.pos as usize),
                    None => continue,
                }
            };
            let a = &self.routes[ru];
            let b = &self.routes[rv];
            let old = ctx.route_cost(a.total())
                + if ru != rv {
                    ctx.route_cost(b.total())
                } else {
                    0.0
                };
            if ru != rv {
                let su = ctx.single(u);
                let a_wo = ctx.cat(&a.pre[iu - 1], &a.suf[iu + 1]);
                let ca_wo = ctx.route_cost(&a_wo);
                // Relocate u after v, and before v.
                let places: &[usize] = if v == usize::MAX { &[1] } else { &[iv + 1, iv] };
                let mut found = None;
                for &at in places {
                    let nb = ctx.cat(&ctx.cat(&b.pre[at - 1], &su), &b.suf[at]);
                    let d = ca_wo + ctx.route_cost(&nb) - old;
                    if d < -EPS {
                        found = Some((d, at));
                        break;
                    }
                }
                if let Some((d, at)) = found {
                    let mut na = a.nodes.clone();
                    na.remove(iu);
                    let mut nbv = b.nodes.clone();
                    nbv.insert(at, u);
                    self.loc[u] = None;
                    self.set_route(ctx, ru, na);
                    self.set_route(ctx, rv, nbv);
                    applied = Some(d);
                    break;
                }
                if v == usize::MAX {
                    continue;
                }
                // Swap u and v.
                let sv = ctx.single(v);
                let na = ctx.cat(&ctx.cat(&a.pre[iu - 1], &sv), &a.suf[iu + 1]);
                let nb = ctx.cat(&ctx.cat(&b.pre[iv - 1], &su), &b.suf[iv + 1]);
                let d = ctx.route_cost(&na) + ctx.route_cost(&nb) - old;
                if d < -EPS {
                    let mut x = a.nodes.clone();
                    x[iu] = v;
                    let mut y = b.nodes.clone();
                    y[iv] = u;
                    self.set_route(ctx, ru, x);
                    self.set_route(ctx, rv, y);
                    applied = Some(d);
                    break;
                }
                // 2-opt*: tails after u and after v exchanged (u then v's successor), and
                // u's head joined to v's head reversed is skipped (windows dislike reversal).
                for (ka, kb) in [(iu, iv), (iu - 1, iv - 1)] {
                    let na = ctx.cat(&a.pre[ka], &b.suf[kb + 1]);
                    let nb = ctx.cat(&b.pre[kb], &a.suf[ka + 1]);
                    let d = ctx.route_cost(&na) + ctx.route_cost(&nb) - old;
                    if d < -EPS {
                        let mut x: Vec<usize> = a.nodes[..=ka].to_vec();
                        x.extend_from_slice(&b.nodes[kb + 1..]);
                        let mut y: Vec<usize> = b.nodes[..=kb].to_vec();
                        y.extend_from_slice(&a.nodes[ka + 1..]);
                        self.set_route(ctx, ru, x);
                        self.set_route(ctx, rv, y);
                        applied = Some(d);
                        break;
                    }
                }
                if applied.is_some() {
                    break;
                }
            } else {
                // Intra-route: relocate a segment of 1..=3 starting at u next to v, and 2-opt.
                // Each move is the route's prefix, the moved or reversed part, the untouched
                // stretch between, and the suffix: only the stretch between u and v is summed
                // node by node, so a move near u costs O(|iu - iv|), not O(route).
                let nodes = &a.nodes;
                let m = nodes.len();
                let old = ctx.route_cost(a.total());
                let slack = bound_slack(old, a.total());
                let mut best: Option<(f64, Vec<usize>)> = None;
                for len in 1..=3usize {
                    if iu + len > m - 1 {
                        break;
                    }
                    let seg = &nodes[iu..iu + len];
                    if seg.contains(&v) {
                        continue;
                    }
                    for at in [iv, iv + 1] {
                        // Insert before position `at` of the original sequence.
                        if at > iu && at <= iu + len {
                            continue;
                        }
                        for rev in [false, true] {
                            // A single customer reversed is the same move.
                            if rev && len == 1 {
                                continue;
                            }
                            let moved = |s: Seg| {
                                if rev {
                                    ctx.extend(s, seg.iter().rev())
                                } else {
                                    ctx.extend(s, seg.iter())
                                }
                            };
                            // Cheap bound first: most moves cannot beat the threshold.
                            let runs = if at <= iu {
                                [
                                    Run::fwd(0, at - 1),
                                    Run::rev(iu, iu + len - 1, rev),
                                    Run::fwd(at, iu - 1),
                                    Run::fwd(iu + len, m - 1),
                                ]
                            } else {
                                [
                                    Run::fwd(0, iu - 1),
                                    Run::fwd(iu + len, at - 1),
                                    Run::rev(iu, iu + len - 1, rev),
                                    Run::fwd(at, m - 1),
                                ]
                            };
                            let bar = best.as_ref().map_or(-EPS, |b| b.0.min(-EPS));
                            if a.bound(ctx, &runs) - old >= bar + slack {
                                continue;
                            }
                            let total = if at <= iu {
                                let s = moved(a.pre[at - 1]);
                                let s = ctx.extend(s, nodes[at..iu].iter());
                                ctx.cat(&s, &a.suf[iu + len])
                            } else {
                                let s = ctx.extend(a.pre[iu - 1], nodes[iu + len..at].iter());
                                ctx.cat(&moved(s), &a.suf[at])
                            };
                            let d = ctx.route_cost(&total) - old;
                            if d < -EPS && best.as_ref().is_none_or(|b| d < b.0) {
                                buf.clear();
                                for (k, &w) in nodes.iter().enumerate() {
                                    if k == at {
                                        push_seg(buf, seg, rev);
                                    }
                                    if k >= iu && k < iu + len {
                                        continue;
                                    }
                                    buf.push(w);
                                }
                                best = Some((d, buf.clone()));
                            }
                        }
                    }
                }
                // 2-opt: reverse the path between u and v (inclusive).
                let (i, j) = if iu < iv { (iu, iv) } else { (iv, iu) };
                if j > i {
                    for (x, y) in [(i, j), (i + 1, j), (i, j - 1)] {
                        if y <= x {
                            continue;
                        }
                        let runs = [
                            Run::fwd(0, x - 1),
                            Run::rev(x, y, true),
                            Run::fwd(y + 1, m - 1),
                        ];
                        let bar = best.as_ref().map_or(-EPS, |b| b.0.min(-EPS));
                        if a.bound(ctx, &runs) - old >= bar + slack {
                            continue;
                        }
                        let s = ctx.extend(a.pre[x - 1], nodes[x..=y].iter().rev());
                        let d = ctx.route_cost(&ctx.cat(&s, &a.suf[y + 1])) - old;
                        if d < -EPS && best.as_ref().is_none_or(|b| d < b.0) {
                            buf.clear();
                            buf.extend_from_slice(&nodes[..x]);
                            buf.extend(nodes[x..=y].iter().rev());
                            buf.extend_from_slice(&nodes[y + 1..]);
                            best = Some((d, buf.clone()));
                        }
                    }
                }
                if let Some((d, nodes)) = best {
                    self.set_route(ctx, ru, nodes);
                    applied = Some(d);
                    break;
                }
            }
        }
        applied
    }

    /// Ruin and recreate: removes up to `k` customers close to a random one, reinserts them
    /// (random order, cheapest place). Returns the removed customers.
    pub fn ruin_recreate<C: Costs + ?Sized>(
        &mut self,
        ctx: &Ctx<C>,
        neigh: &[Vec<usize>],
        k: usize,
        rng: &mut Rng,
    ) -> Vec<usize> {
        let visited = self.visited();
        if visited.is_empty() {
            return Vec::new();
        }
        let seed = visited[rng.below(visited.len())];
        let mut removed = vec![seed];
        for &v in &neigh[seed] {
            if removed.len() >= k {
                break;
            }
            if self.contains(v) && !removed.contains(&v) {
                removed.push(v);
            }
        }
        for &v in &removed {
            self.remove(ctx, v);
        }
        shuffle(&mut removed, rng);
        for &v in &removed {
            self.insert_best(ctx, v);
        }
        removed
    }
}

fn push_seg(buf: &mut Vec<usize>, seg: &[usize], rev: bool) {
    if rev {
        buf.extend(seg.iter().rev());
    } else {
        buf.extend_from_slice(seg);
    }
}

/// Fisher–Yates shuffle with the engine's generator.
pub(crate) fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

/// Settings of the day-route solver. One configuration serves every instance.
#[derive(Clone, Debug)]
pub struct DayParams {
    /// Neighbour-list length for moves.
    pub neighbours: usize,
    /// Ruin-and-recreate kicks after the first descent.
    pub max_kicks: u64,
    /// Largest number of customers removed by a kick.
    pub ruin_size: usize,
    pub seed: u64,
}

impl Default for DayParams {
    fn default() -> Self {
        DayParams {
            neighbours: 15,
            max_kicks: 2_000,
            ruin_size: 12,
            seed: 1,
        }
    }
}

/// The result of [`solve_day`].
#[derive(Clone, Debug, PartialEq)]
pub struct DaySolution {
    /// Customer sequences, one per used vehicle (empty vehicles dropped).
    pub routes: Vec<Vec<usize>>,
    /// Total distance (cost).
    pub distance: f64,
    /// Total violation; 0 means every window, capacity and duration limit holds.
    pub violation: f64,
    /// Customers left out because they could not be fitted (only with `optional` set).
    pub unvisited: Vec<usize>,
}

/// Routes `customers` for one day: insertion, local search, ruin-and-recreate kicks.
///
/// Customers listed in `optional` may be left out when keeping them would violate a limit
/// (the product's "capacity" reason); all others are always routed, penalised if they cannot
/// fit. Deterministic for a given seed; `stop` can end the kicks early.
pub fn solve_day<C: Costs + ?Sized>(
    ctx: &Ctx<C>,
    customers: &[usize],
    optional: &[usize],
    neigh: &[Vec<usize>],
    params: &DayParams,
    stop: &mut dyn FnMut() -> bool,
) -> DaySolution {
    let mut rng = Rng::new(params.seed);
    let mut plan = DayPlan::empty(ctx);
    // Hardest first: tight windows, then far from the depot, so late insertions have room.
    let mut order: Vec<usize> = customers.to_vec();
    order.sort_by(|&a, &b| {
        let wa = ctx.sites[a].due - ctx.sites[a].ready;
        let wb = ctx.sites[b].due - ctx.sites[b].ready;
        wa.total_cmp(&wb)
            .then(
                ctx.costs
                    .cost(ctx.depot, b)
                    .total_cmp(&ctx.costs.cost(ctx.depot, a)),
            )
            .then(a.cmp(&b))
    });
    for &v in &order {
        plan.insert_best(ctx, v);
    }
    plan.local_search(ctx, neigh, &mut rng);
    let mut cur = plan.cost(ctx);
    let mut best = plan.clone();
    let mut best_cost = cur;
    let mut budget = Budget::new(params.max_kicks);
    let n_vis = customers.len();
    while n_vis > 1 && budget.take(stop) {
        let saved = plan.clone();
        let k = 2 + rng.below(params.ruin_size.min(n_vis).max(2) - 1);
        plan.ruin_recreate(ctx, neigh, k, &mut rng);
        plan.local_search(ctx, neigh, &mut rng);
        let c = plan.cost(ctx);
        if c <= cur + 1e-9 {
            cur = c;
            if c < best_cost - 1e-9 {
                best_cost = c;
                best = plan.clone();
            }
        } else {
            plan = saved;
        }
    }
    // Optional customers are dropped, worst first, while the plan violates a limit.
    let mut unvisited = Vec::new();
    while best.violation(ctx) > 1e-9 {
        let mut worst: Option<(f64, usize)> = None;
        for &v in optional {
            if let Some(d) = best.removal_delta(ctx, v) {
                if worst.is_none_or(|w| d < w.0) {
                    worst = Some((d, v));
                }
            }
        }
        match worst {
            Some((_, v)) => {
                best.remove(ctx, v);
                unvisited.push(v);
            }
            None => break,
        }
    }
    unvisited.sort_unstable();
    DaySolution {
        routes: best
            .routes
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| r.customers().to_vec())
            .collect(),
        distance: best.distance(),
        violation: best.violation(ctx),
        unvisited,
    }
}
