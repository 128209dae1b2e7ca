//! Symmetric TSP: nearest-neighbour construction, then an iterated local search.
//!
//! Local search = 2-opt plus Or-opt (segments of 1..=3 nodes moved, either orientation), both
//! driven by k-nearest neighbour lists and don't-look bits (a work queue of "active" nodes).
//! Perturbation = a double bridge confined to a short window of the tour (two adjacent short
//! segments swapped), so the repair after each kick is local and cheap even for n ≈ 1500.
//! A kicked tour is kept when it is no longer than the current one, otherwise the changes are
//! undone from a journal (reversals are their own inverse), which costs only the work done.
//!
//! The tour is an array with a position array; a reversal flips whichever side of the cycle is
//! shorter. Costs are read through [`Costs`], and must be symmetric.

use super::matrix::{neighbour_lists, Costs};
use super::{Budget, Rng};

/// Settings of the TSP improver. One configuration serves every instance.
#[derive(Clone, Debug)]
pub struct TspParams {
    /// Neighbour-list length.
    pub neighbours: usize,
    /// Number of kicks (perturbation + local repair) after the first descent.
    pub max_kicks: u64,
    /// Longest segment moved by a kick.
    pub kick_segment: usize,
    /// Seed of the local random generator.
    pub seed: u64,
}

impl Default for TspParams {
    fn default() -> Self {
        TspParams {
            neighbours: 10,
            max_kicks: 20_000,
            kick_segment: 50,
            seed: 1,
        }
    }
}

/// A closed tour and its length.
#[derive(Clone, Debug, PartialEq)]
pub struct TspResult {
    /// Every node exactly once; the tour returns from the last to the first node.
    pub tour: Vec<usize>,
    /// Sum of arc costs around the cycle.
    pub length: f64,
    /// Kicks performed.
    pub kicks: u64,
}

/// Length of the closed tour (arc from the last node back to the first included).
pub fn tour_length<C: Costs + ?Sized>(c: &C, tour: &[usize]) -> f64 {
    if tour.len() < 2 {
        return 0.0;
    }
    let mut s = 0.0;
    for w in tour.windows(2) {
        s += c.cost(w[0], w[1]);
    }
    s + c.cost(tour[tour.len() - 1], tour[0])
}

/// Rotates a tour so that `start` comes first (e.g. the depot / the staff member's base).
pub fn rotate_to(tour: &mut [usize], start: usize) {
    if let Some(p) = tour.iter().position(|&v| v == start) {
        tour.rotate_left(p);
    }
}

/// Nearest-neighbour tour from node 0, using the neighbour lists first and a full scan only
/// when every listed neighbour is already in the tour.
pub fn nearest_neighbour<C: Costs + ?Sized>(c: &C, neigh: &[Vec<usize>]) -> Vec<usize> {
    let n = c.len();
    if n == 0 {
        return Vec::new();
    }
    let mut used = vec![false; n];
    let mut tour = Vec::with_capacity(n);
    let mut cur = 0;
    used[0] = true;
    tour.push(0);
    for _ in 1..n {
        let next = neigh[cur]
            .iter()
            .copied()
            .find(|&j| !used[j])
            .unwrap_or_else(|| {
                let mut best = usize::MAX;
                let mut bd = f64::INFINITY;
                for (j, &u) in used.iter().enumerate() {
                    if !u && c.cost(cur, j) < bd {
                        bd = c.cost(cur, j);
                        best = j;
                    }
                }
                best
            });
        used[next] = true;
        tour.push(next);
        cur = next;
    }
    tour
}

/// Solves a symmetric TSP over all nodes of `c`: construction, descent, then kicks until the
/// budget is spent or `stop()` returns true (checked between kicks).
pub fn solve_tsp<C: Costs + ?Sized>(
    c: &C,
    params: &TspParams,
    stop: &mut dyn FnMut() -> bool,
) -> TspResult {
    let neigh = neighbour_lists(c, params.neighbours);
    let start = nearest_neighbour(c, &neigh);
    improve_with(c, &neigh, start, params, stop)
}

/// Like [`solve_tsp`] with caller-supplied neighbour lists (e.g.
/// [`quadrant_neighbour_lists`](super::matrix::quadrant_neighbour_lists) when coordinates exist).
pub fn solve_tsp_with_neighbours<C: Costs + ?Sized>(
    c: &C,
    neigh: &[Vec<usize>],
    params: &TspParams,
    stop: &mut dyn FnMut() -> bool,
) -> TspResult {
    let start = nearest_neighbour(c, neigh);
    improve_with(c, neigh, start, params, stop)
}

/// Improves a given tour (a permutation of all nodes); the result is never longer.
pub fn improve_tour<C: Costs + ?Sized>(
    c: &C,
    tour: Vec<usize>,
    params: &TspParams,
    stop: &mut dyn FnMut() -> bool,
) -> TspResult {
    let neigh = neighbour_lists(c, params.neighbours);
    improve_with(c, &neigh, tour, params, stop)
}

fn improve_with<C: Costs + ?Sized>(
    c: &C,
    neigh: &[Vec<usize>],
    tour: Vec<usize>,
    params: &TspParams,
    stop: &mut dyn FnMut() -> bool,
) -> TspResult {
    let n = tour.len();
    if n <= 3 {
        let length = tour_length(c, &tour);
        return TspResult {
            tour,
            length,
            kicks: 0,
        };
    }
    let initial = tour.clone();
    let initial_len = tour_length(c, &initial);
    let mut s = Search::new(c, neigh, tour);
    for v in 0..n {
        s.activate(v);
    }
    s.journal_on = false;
    s.descend();
    let mut cur = tour_length(c, &s.tour);
    let mut rng = Rng::new(params.seed);
    let mut budget = Budget::new(params.max_kicks);
    let mut kicks = 0;
    let max_seg = params.kick_segment.min((n - 1) / 3).max(1);
    while budget.take(stop) {
        kicks += 1;
        s.journal.clear();
        s.journal_on = true;
        let delta_kick = s.kick(&mut rng, max_seg);
        let delta_ls = s.descend();
        let cand = cur + delta_kick + delta_ls;
        if cand <= cur + 1e-9 * cur.abs().max(1.0) {
            cur = cand;
            debug_assert!(
                (cur - tour_length(c, &s.tour)).abs() < 1e-6,
                "drift {cur} {}",
                tour_length(c, &s.tour)
            );
        } else {
            s.undo();
        }
    }
    let length = tour_length(c, &s.tour);
    // Floating drift or a pathological non-metric input must never make the result worse.
    if length > initial_len {
        return TspResult {
            tour: initial,
            length: initial_len,
            kicks,
        };
    }
    TspResult {
        tour: s.tour,
        length,
        kicks,
    }
}

/// An undoable change of the tour array.
enum Op {
    /// Positions `i..=j` (cyclic) were reversed.
    Reverse(usize, usize),
    /// Positions `start..start + old.len()` held `old`.
    Window(usize, Vec<usize>),
}

struct Search<'a, C: Costs + ?Sized> {
    c: &'a C,
    neigh: &'a [Vec<usize>],
    n: usize,
    tour: Vec<usize>,
    pos: Vec<usize>,
    active: Vec<bool>,
    queue: std::collections::VecDeque<usize>,
    journal: Vec<Op>,
    journal_on: bool,
}

const EPS: f64 = 1e-9;

impl<'a, C: Costs + ?Sized> Search<'a, C> {
    fn new(c: &'a C, neigh: &'a [Vec<usize>], tour: Vec<usize>) -> Self {
        let n = tour.len();
        let mut pos = vec![0; n];
        for (i, &v) in tour.iter().enumerate() {
            pos[v] = i;
        }
        Search {
            c,
            neigh,
            n,
            tour,
            pos,
            active: vec![false; n],
            queue: std::collections::VecDeque::new(),
            journal: Vec::new(),
            journal_on: false,
        }
    }

    #[inline]
    fn d(&self, a: usize, b: usize) -> f64 {
        self.c.cost(a, b)
    }
    #[inline]
    fn next(&self, v: usize) -> usize {
        let p = self.pos[v] + 1;
        self.tour[if p == self.n { 0 } else { p }]
    }
    #[inline]
    fn prev(&self, v: usize) -> usize {
        let p = self.pos[v];
        self.tour[if p == 0 { self.n - 1 } else { p - 1 }]
    }

    fn activate(&mut self, v: usize) {
        if !self.active[v] {
            self.active[v] = true;
            self.queue.push_back(v);
        }
    }

    /// Reverses the cyclic position range `i..=j`.
    fn reverse_positions(&mut self, i: usize, j: usize) {
        let n = self.n;
        let len = (j + n - i) % n + 1;
        let (mut a, mut b) = (i, j);
        for _ in 0..len / 2 {
            let va = self.tour[a];
            let vb = self.tour[b];
            self.tour[a] = vb;
            self.pos[vb] = a;
            self.tour[b] = va;
            self.pos[va] = b;
            a = if a + 1 == n { 0 } else { a + 1 };
            b = if b == 0 { n - 1 } else { b - 1 };
        }
    }

    /// Reverses the forward path `x ..= y`, or equivalently its complement if that is shorter.
    fn reverse_path(&mut self, x: usize, y: usize) {
        let n = self.n;
        let (i, j) = (self.pos[x], self.pos[y]);
        let len = (j + n - i) % n + 1;
        let (i, j) = if 2 * len > n {
            if len >= n - 1 {
                return; // the complement has at most one node: same cycle
            }
            ((j + 1) % n, (i + n - 1) % n)
        } else {
            (i, j)
        };
        self.reverse_positions(i, j);
        if self.journal_on {
            self.journal.push(Op::Reverse(i, j));
        }
    }

    /// Replaces edges (a,b),(c,d) by (a,c),(b,d), where the tour reads a→b … c→d in some
    /// direction.
    fn move2(&mut self, a: usize, b: usize, c: usize, _d: usize) {
        if self.next(a) == b {
            self.reverse_path(b, c);
        } else {
            self.reverse_path(c, b);
        }
    }

    fn undo(&mut self) {
        while let Some(op) = self.journal.pop() {
            match op {
                Op::Reverse(i, j) => self.reverse_positions(i, j),
                Op::Window(start, old) => {
                    for (k, &v) in old.iter().enumerate() {
                        self.tour[start + k] = v;
                        self.pos[v] = start + k;
                    }
                }
            }
        }
        for v in self.queue.drain(..) {
            self.active[v] = false;
        }
    }

    /// Swaps two adjacent short segments at a random place; returns the length change.
    fn kick(&mut self, rng: &mut Rng, max_seg: usize) -> f64 {
        let n = self.n;
        let lb = 1 + rng.below(max_seg);
        let lc = 1 + rng.below(max_seg);
        if lb + lc + 1 > n {
            return 0.0;
        }
        let i = rng.below(n - lb - lc);
        // Segments B = i+1 ..= i+lb and C = i+lb+1 ..= i+lb+lc; D starts after (cyclic).
        let a = self.tour[i];
        let b1 = self.tour[i + 1];
        let b2 = self.tour[i + lb];
        let c1 = self.tour[i + lb + 1];
        let c2 = self.tour[i + lb + lc];
        let d1 = self.tour[(i + lb + lc + 1) % n];
        let delta = self.d(a, c1) + self.d(c2, b1) + self.d(b2, d1)
            - self.d(a, b1)
            - self.d(b2, c1)
            - self.d(c2, d1);
        let old: Vec<usize> = self.tour[i + 1..=i + lb + lc].to_vec();
        for (k, &v) in (i + 1..).zip(old[lb..].iter().chain(old[..lb].iter())) {
            self.tour[k] = v;
            self.pos[v] = k;
        }
        self.journal.push(Op::Window(i + 1, old));
        for v in [a, b1, b2, c1, c2, d1] {
            self.activate(v);
        }
        delta
    }

    /// Runs the local search until no active node remains; returns the length change.
    fn descend(&mut self) -> f64 {
        let mut total = 0.0;
        while let Some(a) = self.queue.pop_front() {
            self.active[a] = false;
            if let Some(g) = self.improve_node(a) {
                total += g;
                self.activate(a);
            }
        }
        total
    }

    /// Tries 2-opt then Or-opt moves around `a`; applies the first improving one.
    fn improve_node(&mut self, a: usize) -> Option<f64> {
        if let Some(g) = self.two_opt(a) {
            return Some(g);
        }
        self.or_opt(a)
    }

    fn two_opt(&mut self, a: usize) -> Option<f64> {
        let neigh = self.neigh;
        for dir in 0..2 {
            let b = if dir == 0 { self.next(a) } else { self.prev(a) };
            let dab = self.d(a, b);
            for &c in &neigh[a] {
                let dac = self.d(a, c);
                if dac >= dab - EPS {
                    break;
                }
                let dd = if dir == 0 { self.next(c) } else { self.prev(c) };
                if c == b || dd == a {
                    continue;
                }
                let delta = dac + self.d(b, dd) - dab - self.d(c, dd);
                if delta < -EPS {
                    if dir == 0 {
                        self.move2(a, b, c, dd);
                    } else {
                        self.move2(b, a, dd, c);
                    }
                    for v in [a, b, c, dd] {
                        self.activate(v);
                    }
                    return Some(delta);
                }
            }
        }
        None
    }

    /// Moves a segment of 1..=3 nodes with `a` at one end next to a neighbour of an end.
    fn or_opt(&mut self, a: usize) -> Option<f64> {
        let n = self.n;
        let neigh = self.neigh;
        for len in 1..=3usize {
            if n < len + 3 {
                break;
            }
            for side in 0..2 {
                if len == 1 && side == 1 {
                    continue;
                }
                // Segment s1..=s2 in forward order with `a` at its start or its end.
                let (s1, s2) = if side == 0 {
                    (a, self.tour[(self.pos[a] + len - 1) % n])
                } else {
                    (self.tour[(self.pos[a] + n - (len - 1)) % n], a)
                };
                let p = self.prev(s1);
                let nx = self.next(s2);
                let g_rem = self.d(p, s1) + self.d(s2, nx) - self.d(p, nx);
                if g_rem <= EPS {
                    continue;
                }
                let ps1 = self.pos[s1];
                let in_seg = |pos: &[usize], v: usize| (pos[v] + n - ps1) % n < len;
                for &e in &[s1, s2] {
                    for &c in &neigh[e] {
                        if self.d(e, c) >= g_rem - EPS {
                            break;
                        }
                        if in_seg(&self.pos, c) {
                            continue;
                        }
                        for (u, v) in [(self.prev(c), c), (c, self.next(c))] {
                            if in_seg(&self.pos, u) || in_seg(&self.pos, v) {
                                continue;
                            }
                            let duv = self.d(u, v);
                            let add_rev = self.d(u, s2) + self.d(s1, v) - duv;
                            let add_fwd = self.d(u, s1) + self.d(s2, v) - duv;
                            let (add, reversed) = if add_rev <= add_fwd {
                                (add_rev, true)
                            } else {
                                (add_fwd, false)
                            };
                            let delta = add - g_rem;
                            if delta < -EPS {
                                // Tour reads p s1..s2 nx … u v (v may be p, u may be nx).
                                self.move2(p, s1, u, v);
                                self.move2(p, u, nx, s2);
                                if !reversed {
                                    self.move2(u, s2, s1, v);
                                }
                                for w in [p, nx, s1, s2, u, v] {
                                    self.activate(w);
                                }
                                return Some(delta);
                            }
                        }
                    }
                }
            }
        }
        None
    }
}
