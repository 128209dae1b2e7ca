//! Cost and travel-time matrices: the only way the engine sees geography.
//!
//! The product passes road kilometres (cost) and minutes (time); the benchmarks pass Euclidean
//! distances with their own rounding rule, where time equals distance. Every solver is generic
//! over [`Costs`], so the same code serves both.

/// A square matrix of arc costs and arc travel times between nodes `0..len()`.
///
/// `cost` is what the optimiser minimises (km, or benchmark distance); `time` is what schedules
/// and time windows use (minutes). Both must be finite and non-negative.
pub trait Costs {
    /// Number of nodes.
    fn len(&self) -> usize;
    /// Cost of the arc `i -> j`.
    fn cost(&self, i: usize, j: usize) -> f64;
    /// Travel time of the arc `i -> j`; by default equal to the cost.
    fn time(&self, i: usize, j: usize) -> f64 {
        self.cost(i, j)
    }
    /// True when there are no nodes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A planar point (benchmark coordinates, or projected kilometres in the product).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// Euclidean distance in double precision (portable: square root is correctly rounded in
/// IEEE 754, so every target gives the same bits).
pub fn euclid(a: Point, b: Point) -> f64 {
    let dx = a.x - b.x;
    let dy = a.y - b.y;
    (dx * dx + dy * dy).sqrt()
}

/// How a Euclidean distance is turned into an arc cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Double precision (Solomon "exact", Cordeau PVRP).
    Exact,
    /// TSPLIB `EUC_2D`: `floor(d + 0.5)`, i.e. round half up.
    Nint,
    /// DIMACS VRPTW convention: `floor(10 d) / 10`.
    TruncOneDecimal,
}

impl Rounding {
    /// Applies the rule to an exact distance.
    pub fn apply(self, d: f64) -> f64 {
        match self {
            Rounding::Exact => d,
            Rounding::Nint => (d + 0.5).floor(),
            Rounding::TruncOneDecimal => (10.0 * d + 1e-9).floor() / 10.0,
        }
    }
}

/// A dense matrix with separate cost and (optional) time tables, row-major.
#[derive(Clone, Debug)]
pub struct Matrix {
    n: usize,
    cost: Vec<f64>,
    time: Option<Vec<f64>>,
}

impl Matrix {
    /// Builds a matrix where time equals cost, from a function of `(i, j)`.
    pub fn from_fn(n: usize, mut f: impl FnMut(usize, usize) -> f64) -> Self {
        let mut cost = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                cost.push(if i == j { 0.0 } else { f(i, j) });
            }
        }
        Matrix {
            n,
            cost,
            time: None,
        }
    }

    /// Builds a matrix with distinct cost (e.g. km) and time (e.g. minutes) functions.
    pub fn with_times(
        n: usize,
        cost: impl FnMut(usize, usize) -> f64,
        mut time: impl FnMut(usize, usize) -> f64,
    ) -> Self {
        let mut m = Matrix::from_fn(n, cost);
        let mut t = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                t.push(if i == j { 0.0 } else { time(i, j) });
            }
        }
        m.time = Some(t);
        m
    }

    /// Builds a symmetric matrix from a function giving `(cost, time)` of the pair `(i, j)`,
    /// called once per unordered pair (`i < j`): each call may cost a distance computation,
    /// and [`Matrix::with_times`] would make four per pair.
    pub fn symmetric(n: usize, mut f: impl FnMut(usize, usize) -> (f64, f64)) -> Self {
        let mut cost = vec![0.0; n * n];
        let mut time = vec![0.0; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let (c, t) = f(i, j);
                cost[i * n + j] = c;
                cost[j * n + i] = c;
                time[i * n + j] = t;
                time[j * n + i] = t;
            }
        }
        Matrix {
            n,
            cost,
            time: Some(time),
        }
    }

    /// Builds a matrix from row-major tables (`cost.len() == n * n`); `None` if sizes differ.
    pub fn from_tables(n: usize, cost: Vec<f64>, time: Option<Vec<f64>>) -> Option<Self> {
        if cost.len() != n * n || time.as_ref().is_some_and(|t| t.len() != n * n) {
            return None;
        }
        Some(Matrix { n, cost, time })
    }

    /// Euclidean distances between points under a rounding rule; time equals cost.
    pub fn euclidean(points: &[Point], rounding: Rounding) -> Self {
        Matrix::from_fn(points.len(), |i, j| {
            rounding.apply(euclid(points[i], points[j]))
        })
    }
}

impl Costs for Matrix {
    #[inline]
    fn len(&self) -> usize {
        self.n
    }
    #[inline]
    fn cost(&self, i: usize, j: usize) -> f64 {
        self.cost[i * self.n + j]
    }
    #[inline]
    fn time(&self, i: usize, j: usize) -> f64 {
        match &self.time {
            Some(t) => t[i * self.n + j],
            None => self.cost[i * self.n + j],
        }
    }
}

/// For each node, the `k` nearest other nodes by cost, nearest first (ties by index, so the
/// order is deterministic).
pub fn neighbour_lists<C: Costs + ?Sized>(c: &C, k: usize) -> Vec<Vec<usize>> {
    let n = c.len();
    let k = k.min(n.saturating_sub(1));
    // Nearer first, the lower index among equals: a total order, so the k nearest are one set
    // in one order however they are found.
    let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    let mut out = Vec::with_capacity(n);
    // The k nearest so far, in order: one pass over the row, a candidate kept only when it
    // beats the k-th. The route lines ask for 3 of up to 250 nodes per book, where collecting
    // every candidate and selecting among them cost 1.5 % more of the county's instructions.
    let mut top: Vec<(f64, usize)> = Vec::with_capacity(k + 1);
    for i in 0..n {
        top.clear();
        if k > 0 {
            for j in (0..n).filter(|&j| j != i) {
                let x = (c.cost(i, j).min(c.cost(j, i)), j);
                if top.len() == k && top.last().is_some_and(|w| cmp(&x, w).is_ge()) {
                    continue;
                }
                let at = top.partition_point(|y| cmp(y, &x).is_lt());
                top.insert(at, x);
                top.truncate(k);
            }
        }
        out.push(top.iter().map(|&(_, j)| j).collect());
    }
    out
}

/// Neighbour lists that mix the `per_quadrant` nearest nodes in each of the four quadrants
/// around a node with its nearest nodes overall, `k` in total, nearest first.
///
/// Pure nearest lists fail on clustered inputs (all `k` neighbours inside the same cluster, so
/// no move can ever reconnect clusters); quadrant picks keep a few links in every direction.
pub fn quadrant_neighbour_lists<C: Costs + ?Sized>(
    c: &C,
    points: &[Point],
    k: usize,
    per_quadrant: usize,
) -> Vec<Vec<usize>> {
    let n = c.len().min(points.len());
    let k = k.min(n.saturating_sub(1));
    let mut out = Vec::with_capacity(n);
    // Small sorted lists (cost, index): insertion keeps them ordered without sorting n items.
    fn insert(list: &mut Vec<(f64, usize)>, cap: usize, item: (f64, usize)) {
        if cap == 0 {
            return;
        }
        let worse = |a: &(f64, usize), b: &(f64, usize)| a.0 > b.0 || (a.0 == b.0 && a.1 > b.1);
        if list.len() == cap {
            match list.last() {
                Some(last) if worse(&item, last) => return,
                _ => {}
            }
            list.pop();
        }
        let at = list
            .iter()
            .position(|x| worse(x, &item))
            .unwrap_or(list.len());
        list.insert(at, item);
    }
    for i in 0..n {
        let mut quads: [Vec<(f64, usize)>; 4] = Default::default();
        let mut near: Vec<(f64, usize)> = Vec::with_capacity(k + 1);
        for j in 0..n {
            if j == i {
                continue;
            }
            let d = c.cost(i, j).min(c.cost(j, i));
            let dx = points[j].x - points[i].x;
            let dy = points[j].y - points[i].y;
            let q = match (dx >= 0.0, dy >= 0.0) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            insert(&mut quads[q], per_quadrant, (d, j));
            insert(&mut near, k, (d, j));
        }
        let mut pick: Vec<(f64, usize)> = quads.iter().flatten().copied().collect();
        for &x in &near {
            if pick.len() >= k.max(pick.len().min(k)) {
                break;
            }
            if !pick.iter().any(|p| p.1 == x.1) {
                pick.push(x);
            }
        }
        pick.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        pick.truncate(k);
        out.push(pick.into_iter().map(|(_, j)| j).collect());
    }
    out
}
