//! Plane geometry in kilometres: positions, distances, bounding boxes and a grid index.

use serde::{Deserialize, Serialize};

/// A position on the local plane, in km.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Straight-line distance in km.
    #[inline]
    pub fn dist(self, o: Point) -> f64 {
        hypot(self.x - o.x, self.y - o.y)
    }
}

/// A sum of squares at least this large lost nothing that counts to underflow: its larger
/// square is a normal number, and a subnormal smaller one is below its rounding.
const SQUARES_NORMAL: f64 = 1.0e-291;

/// `sqrt(x² + y²)`: the square root of the sum of the squares, each step rounded as IEEE 754
/// rounds it, so the same bits natively and in wasm (Rust never contracts `x * x + y * y` into
/// a fused multiply-add, and square root is correctly rounded on every target). Within two
/// units in the last place of the exact value, which no plan can tell from libm's careful
/// algorithm; that algorithm cost the city 9 % of its time (a dozen dependent operations around
/// every square root in the innermost loops). Where the squares overflow or sink below the
/// normal range, and for infinities and NaN, `careful_hypot` (libm's) answers instead.
#[inline]
pub fn hypot(x: f64, y: f64) -> f64 {
    let s = x * x + y * y;
    if s.is_finite() && s >= SQUARES_NORMAL {
        return s.sqrt();
    }
    careful_hypot(x, y)
}

/// `sqrt(x² + y²)` without overflow or underflow, bit for bit `libm::hypot` (musl's algorithm)
/// on every target, but with the hardware square root: `libm` computes square roots in software
/// on wasm32 (its wasm intrinsics need a nightly compiler). Square root is correctly rounded in
/// IEEE 754, so `f64::sqrt` gives the same bits as `libm::sqrt`; everything else here is exact
/// arithmetic in the same order as `libm`'s. The tests compare the two on edge cases and random
/// inputs.
#[inline(never)]
fn careful_hypot(x: f64, y: f64) -> f64 {
    /// Splits a double into high and low halves (Veltkamp), so `x²` is kept exactly as
    /// `hi + lo`. Rust never contracts `a * b + c` into a fused multiply-add, which this needs.
    fn sq(x: f64) -> (f64, f64) {
        const SPLIT: f64 = 134_217_728.0 + 1.0; // 2^27 + 1
        let xc = x * SPLIT;
        let xh = x - xc + xc;
        let xl = x - xh;
        let hi = x * x;
        let lo = xh * xh - hi + 2.0 * xh * xl + xl * xl;
        (hi, lo)
    }
    let two_700 = f64::from_bits(0x6bb0_0000_0000_0000);
    let two_minus_700 = f64::from_bits(0x1430_0000_0000_0000);
    // |x| >= |y|, compared as bits without the sign.
    let (mut ux, mut uy) = (x.to_bits() & (u64::MAX >> 1), y.to_bits() & (u64::MAX >> 1));
    if ux < uy {
        std::mem::swap(&mut ux, &mut uy);
    }
    let ex = (ux >> 52) as i64;
    let ey = (uy >> 52) as i64;
    let (mut x, mut y) = (f64::from_bits(ux), f64::from_bits(uy));
    // hypot(inf, nan) is inf.
    if ey == 0x7ff {
        return y;
    }
    if ex == 0x7ff || uy == 0 {
        return x;
    }
    if ex - ey > 64 {
        return x + y;
    }
    // Scale so that the squares neither overflow nor underflow.
    let mut z = 1.0;
    if ex > 0x3ff + 510 {
        z = two_700;
        x *= two_minus_700;
        y *= two_minus_700;
    } else if ey < 0x3ff - 450 {
        z = two_minus_700;
        x *= two_700;
        y *= two_700;
    }
    let (hx, lx) = sq(x);
    let (hy, ly) = sq(y);
    z * (ly + lx + hy + hx).sqrt()
}

/// The `m` nearest of the points `at(k)` for `k` in `keys`, as (distance, key), nearest first
/// and ties by key: bit for bit what measuring every one with `Point::dist` and sorting by
/// (distance, key) gives, at the cost of a squared distance for most. Only the points whose
/// squared distance is within a relative 1e-9 of the m-th smallest are measured exactly: a
/// distance is the root of that same square (or within two units in the last place of it, on
/// `hypot`'s careful path), so a point beyond that margin is strictly farther than m others and
/// cannot be among the m. (The margin, not the square alone, orders them: two squares a unit
/// apart can have the same root, and then the key decides.) When squares leave the range where
/// that holds (underflow, overflow, NaN), every point is measured. `scratch` and `out` are the
/// caller's, reused across calls.
pub fn nearest_sorted(
    from: Point,
    keys: impl Iterator<Item = usize>,
    at: impl Fn(usize) -> Point,
    m: usize,
    scratch: &mut Vec<(f64, usize)>,
    out: &mut Vec<(f64, usize)>,
) {
    let by = |x: &(f64, usize), y: &(f64, usize)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
    out.clear();
    scratch.clear();
    scratch.extend(keys.map(|k| (squared(from, at(k)), k)));
    if m == 0 || scratch.is_empty() {
        return;
    }
    if m < scratch.len() {
        if let Some(limit) = margin(mth_smallest(scratch, m)) {
            scratch.retain(|&(d2, _)| d2 <= limit);
        }
    }
    out.extend(scratch.iter().map(|&(_, k)| (from.dist(at(k)), k)));
    if m < out.len() {
        out.select_nth_unstable_by(m - 1, by);
        out.truncate(m);
    }
    out.sort_by(by);
}

/// The first of the `n` points `at(k)` nearest to `from`, and its distance ((0, infinity) for
/// none): bit for bit what measuring each with `Point::dist` in order and keeping the first
/// strictly nearer gives, at the cost of a squared distance for most. Only the points whose
/// squared distance is within a relative 1e-9 of the smallest square are measured (the margin
/// of `nearest_sorted`, for the same reason): any other is strictly farther than that one.
/// Every shop's nearest office is found this way, several times per workload estimate: a
/// province's 300,000 shops and 240 offices were 72 million square roots each time.
pub fn nearest_of(from: Point, n: usize, at: impl Fn(usize) -> Point) -> (usize, f64) {
    // Out of the range where the margin holds (a shop on its office, NaN), every point is
    // measured.
    let limit = margin(
        (0..n)
            .map(|k| squared(from, at(k)))
            .fold(f64::INFINITY, f64::min),
    );
    let mut best = (0, f64::INFINITY);
    for k in 0..n {
        if limit.is_some_and(|l| squared(from, at(k)) > l) {
            continue;
        }
        let d = from.dist(at(k));
        if d < best.1 {
            best = (k, d);
        }
    }
    best
}

/// The squared distance from `a` to `b`, which `nearest_sorted` and `nearest_of` compare
/// before measuring.
#[inline]
fn squared(a: Point, b: Point) -> f64 {
    let (dx, dy) = (a.x - b.x, a.y - b.y);
    dx * dx + dy * dy
}

/// The largest square still to be measured when `t` is the smallest (or the m-th smallest) of
/// them: within a relative 1e-9 of it. `None` when `t` is so near 0 or infinity that squares
/// no longer carry the relative rounding the margin assumes: then every point is measured.
fn margin(t: f64) -> Option<f64> {
    (1e-280..1e280).contains(&t).then_some(t * (1.0 + 1e-9))
}

/// The `m`-th smallest of the first values of `items` (`1 <= m <= items.len()`), by total
/// order. A few kept in a sorted buffer: callers ask for the few nearest of a few dozen.
fn mth_smallest(items: &mut [(f64, usize)], m: usize) -> f64 {
    const FEW: usize = 8;
    if m > FEW {
        items.select_nth_unstable_by(m - 1, |x, y| x.0.total_cmp(&y.0));
        return items[m - 1].0;
    }
    let mut low = [f64::INFINITY; FEW];
    let mut len = 0;
    for &(d, _) in items.iter() {
        if len == m && d.total_cmp(&low[m - 1]).is_ge() {
            continue;
        }
        // Insert d into the sorted low[..len], dropping the largest when full.
        let mut i = if len < m { len } else { m - 1 };
        while i > 0 && d.total_cmp(&low[i - 1]).is_lt() {
            low[i] = low[i - 1];
            i -= 1;
        }
        low[i] = d;
        len = (len + 1).min(m);
    }
    low[m - 1]
}

/// Axis-aligned bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min: Point,
    pub max: Point,
}

impl BBox {
    /// The box around `pts`, or `None` when there are none.
    pub fn around(pts: impl IntoIterator<Item = Point>) -> Option<BBox> {
        let mut it = pts.into_iter();
        let first = it.next()?;
        let mut b = BBox {
            min: first,
            max: first,
        };
        for p in it {
            b.min.x = b.min.x.min(p.x);
            b.min.y = b.min.y.min(p.y);
            b.max.x = b.max.x.max(p.x);
            b.max.y = b.max.y.max(p.y);
        }
        Some(b)
    }

    pub fn width(&self) -> f64 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f64 {
        self.max.y - self.min.y
    }
}

/// Centroid of `pts` weighted by `w`; the plain centroid when all weights are zero.
pub fn weighted_centroid(pts: &[Point], w: &[f64]) -> Option<Point> {
    if pts.is_empty() {
        return None;
    }
    let total: f64 = w.iter().sum();
    if total > 0.0 {
        let x = pts.iter().zip(w).map(|(p, w)| p.x * w).sum::<f64>() / total;
        let y = pts.iter().zip(w).map(|(p, w)| p.y * w).sum::<f64>() / total;
        Some(Point::new(x, y))
    } else {
        let n = pts.len() as f64;
        Some(Point::new(
            pts.iter().map(|p| p.x).sum::<f64>() / n,
            pts.iter().map(|p| p.y).sum::<f64>() / n,
        ))
    }
}

/// A uniform grid over points for nearest-neighbour queries (the city preset has 50,000 shops,
/// so the quadratic scan is not an option).
pub struct Grid {
    bbox: BBox,
    cell: f64,
    nx: usize,
    ny: usize,
    /// The points of cell `c` are `items[start[c]..start[c + 1]]`, in index order (one flat
    /// list: most of a fine grid's cells are empty).
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Grid {
    /// Builds the grid with about `per_cell` points in a point's cell on average; `None` for
    /// no points (or more than `u32` can count).
    pub fn new(pts: &[Point], per_cell: usize) -> Option<Grid> {
        let bbox = BBox::around(pts.iter().copied())?;
        u32::try_from(pts.len()).ok()?;
        let per_cell = per_cell.max(1) as f64;
        let area = (bbox.width() * bbox.height()).max(1e-9);
        let cells_wanted = (pts.len() as f64 / per_cell).max(1.0);
        let mut cell = (area / cells_wanted).sqrt().max(1e-6);
        // Shops cluster in towns: sized by the box, the cells in a town hold hundreds and each
        // query there reads them all. Sized again (twice: the crowding does not scale exactly
        // with the cells' area) so that a point's cell holds about `per_cell` points on
        // average over the points, with at most 16 cells per point and 4 million in all (16 MB).
        let floor = (area / (16 * pts.len()).min(4_000_000) as f64).sqrt();
        for _ in 0..2 {
            let crowd = Grid::crowding(pts, &bbox, cell);
            if crowd <= per_cell {
                break;
            }
            cell = (cell * (per_cell / crowd).sqrt()).max(floor).max(1e-6);
        }
        let (nx, ny) = Grid::dims(&bbox, cell);
        let of = |p: Point| {
            let (cx, cy) = Grid::index(&bbox, cell, (nx, ny), p);
            cy * nx + cx
        };
        // A counting sort of the points by cell.
        let mut start = vec![0u32; nx * ny + 1];
        for p in pts {
            start[of(*p) + 1] += 1;
        }
        for c in 0..nx * ny {
            start[c + 1] += start[c];
        }
        let mut next = start.clone();
        let mut items = vec![0u32; pts.len()];
        for (i, p) in (0u32..).zip(pts) {
            let c = of(*p);
            items[next[c] as usize] = i;
            next[c] += 1;
        }
        Some(Grid {
            bbox,
            cell,
            nx,
            ny,
            start,
            items,
        })
    }

    /// How many of `pts` share a point's cell on average, with cells of side `cell` over `bbox`.
    fn crowding(pts: &[Point], bbox: &BBox, cell: f64) -> f64 {
        let (nx, ny) = Grid::dims(bbox, cell);
        let mut count = vec![0u32; nx * ny];
        for p in pts {
            let (cx, cy) = Grid::index(bbox, cell, (nx, ny), *p);
            count[cy * nx + cx] += 1;
        }
        let sq: f64 = count.iter().map(|&c| f64::from(c) * f64::from(c)).sum();
        sq / pts.len().max(1) as f64
    }

    /// The grid's columns and rows for cells of side `cell` over `bbox`.
    fn dims(bbox: &BBox, cell: f64) -> (usize, usize) {
        let nx = ((bbox.width() / cell) as usize + 1).min(4096);
        let ny = ((bbox.height() / cell) as usize + 1).min(4096);
        (nx, ny)
    }

    /// The cell of `p` (the edge cells take everything beyond them).
    fn index(bbox: &BBox, cell: f64, (nx, ny): (usize, usize), p: Point) -> (usize, usize) {
        let cx = ((p.x - bbox.min.x) / cell).max(0.0) as usize;
        let cy = ((p.y - bbox.min.y) / cell).max(0.0) as usize;
        (cx.min(nx - 1), cy.min(ny - 1))
    }

    fn cell_of(&self, p: Point) -> (usize, usize) {
        Grid::index(&self.bbox, self.cell, (self.nx, self.ny), p)
    }

    /// The points of cell (x, y).
    fn members(&self, x: usize, y: usize) -> &[u32] {
        let c = y * self.nx + x;
        &self.items[self.start[c] as usize..self.start[c + 1] as usize]
    }

    /// The `k` nearest other points to point `i` as (index, distance), nearest first.
    pub fn nearest(&self, pts: &[Point], i: usize, k: usize) -> Vec<(usize, f64)> {
        self.query(pts, pts[i], Some(i), k)
    }

    /// The `k` points nearest to an arbitrary position `p`, nearest first.
    pub fn nearest_to(&self, pts: &[Point], p: Point, k: usize) -> Vec<(usize, f64)> {
        self.query(pts, p, None, k)
    }

    /// How far `p` is from every point outside the block of cells `lo..=hi`: the distance to
    /// the nearest side of the block that has cells beyond it (no point lies beyond the grid's
    /// edge cells, which take everything up to the bounding box). This is at least `ring ×
    /// cell` for a ring around p's cell, and usually more: in a dense cell the first ring
    /// often holds the k nearest already. Less a margin for the rounding of `cell_of`.
    fn clearance(&self, p: Point, lo: (usize, usize), hi: (usize, usize)) -> f64 {
        let (min, cell) = (self.bbox.min, self.cell);
        let mut safe = f64::INFINITY;
        if lo.0 > 0 {
            safe = safe.min(p.x - (min.x + lo.0 as f64 * cell));
        }
        if lo.1 > 0 {
            safe = safe.min(p.y - (min.y + lo.1 as f64 * cell));
        }
        if hi.0 + 1 < self.nx {
            safe = safe.min(min.x + (hi.0 + 1) as f64 * cell - p.x);
        }
        if hi.1 + 1 < self.ny {
            safe = safe.min(min.y + (hi.1 + 1) as f64 * cell - p.y);
        }
        safe - 1e-6 * cell
    }

    /// The cells exactly `ring` steps from (cx, cy) (Chebyshev), within the grid: the ring's
    /// top and bottom rows, then its left and right columns between them.
    fn ring_cells(
        &self,
        (cx, cy): (usize, usize),
        ring: usize,
        mut visit: impl FnMut(usize, usize),
    ) {
        if ring == 0 {
            visit(cx, cy);
            return;
        }
        let x0 = cx.saturating_sub(ring);
        let x1 = (cx + ring).min(self.nx - 1);
        let rows = [
            cy.checked_sub(ring),
            Some(cy + ring).filter(|&y| y < self.ny),
        ];
        for y in rows.into_iter().flatten() {
            for x in x0..=x1 {
                visit(x, y);
            }
        }
        let y0 = cy.saturating_sub(ring - 1);
        let y1 = (cy + ring - 1).min(self.ny - 1);
        let cols = [
            cx.checked_sub(ring),
            Some(cx + ring).filter(|&x| x < self.nx),
        ];
        for x in cols.into_iter().flatten() {
            for y in y0..=y1 {
                visit(x, y);
            }
        }
    }

    fn query(
        &self,
        pts: &[Point],
        p: Point,
        exclude: Option<usize>,
        k: usize,
    ) -> Vec<(usize, f64)> {
        let (cx, cy) = self.cell_of(p);
        let mut found: Vec<(usize, f64)> = Vec::new();
        let mut ring = 0usize;
        loop {
            self.ring_cells((cx, cy), ring, |x, y| {
                for &j in self.members(x, y) {
                    let j = j as usize;
                    if Some(j) != exclude {
                        found.push((j, p.dist(pts[j])));
                    }
                }
            });
            let lo = (cx.saturating_sub(ring), cy.saturating_sub(ring));
            let hi = ((cx + ring).min(self.nx - 1), (cy + ring).min(self.ny - 1));
            let covered_all = lo == (0, 0) && hi == (self.nx - 1, self.ny - 1);
            // Every point not yet found is at least `safe` away, so the points found closer
            // than that are all the points that close: k of them are the k nearest.
            let safe = self.clearance(p, lo, hi);
            let enough = found.iter().filter(|(_, d)| *d < safe).count() >= k;
            if enough || covered_all {
                break;
            }
            ring += 1;
        }
        // The k nearest first, then only they are sorted: the order (distance, then index) is
        // total, so this is the same list as sorting everything found (a dense ring finds many).
        let order = |a: &(usize, f64), b: &(usize, f64)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
        if k == 0 {
            found.clear();
        } else if found.len() > k {
            found.select_nth_unstable_by(k - 1, order);
            found.truncate(k);
        }
        found.sort_by(order);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `careful_hypot` against `libm::hypot` bit for bit (native `libm` uses the hardware
    /// square root too, so this checks the port; the browser tests check wasm against native
    /// plans), and `hypot` within two units in the last place of it: bit for bit where its
    /// squares leave the normal range.
    #[allow(clippy::disallowed_methods)] // reason: the reference this port must equal
    fn same_as_libm(x: f64, y: f64) -> Result<(), TestCaseError> {
        let theirs = libm::hypot(x, y);
        let same = |v: f64| v.to_bits() == theirs.to_bits() || (v.is_nan() && theirs.is_nan());
        let careful = careful_hypot(x, y);
        prop_assert!(
            same(careful),
            "careful_hypot({x:e}, {y:e}) = {careful:e}, libm {theirs:e}"
        );
        let fast = hypot(x, y);
        let sq = x * x + y * y;
        if sq.is_finite() && sq >= SQUARES_NORMAL {
            // Both positive and finite here: their bit patterns count units in the last place.
            let ulps = fast.to_bits().abs_diff(theirs.to_bits());
            prop_assert!(
                ulps <= 2,
                "hypot({x:e}, {y:e}) = {fast:e}, libm {theirs:e}: {ulps} ulps"
            );
        } else {
            prop_assert!(
                same(fast),
                "hypot({x:e}, {y:e}) = {fast:e}, libm {theirs:e}"
            );
        }
        Ok(())
    }

    /// Every point measured and sorted by (distance, key), the first `m`: what
    /// `nearest_sorted` must equal.
    fn nearest_by_scan(from: Point, pts: &[Point], m: usize) -> Vec<(f64, usize)> {
        let mut all: Vec<(f64, usize)> = pts.iter().map(|q| from.dist(*q)).zip(0..).collect();
        all.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        all.truncate(m);
        all
    }

    proptest! {
        #[test]
        fn nearest_of_is_the_first_nearest_point_to_the_bit(
            raw in proptest::collection::vec((0i32..40, 0i32..40), 0..60),
            scale in prop_oneof![Just(1.0), Just(1e-3), Just(0.37), Just(1e-150), Just(1e150)],
            from in (0i32..40, 0i32..40),
            half in any::<bool>(),
        ) {
            let pts: Vec<Point> = raw.iter().map(|&(x, y)| Point::new(x as f64 * scale, y as f64 * scale)).collect();
            // On a point of the grid (distance 0) or between them.
            let shift = if half { 0.5 * scale } else { 0.0 };
            let from = Point::new(from.0 as f64 * scale + shift, from.1 as f64 * scale);
            let mut want = (0, f64::INFINITY);
            for (k, q) in pts.iter().enumerate() {
                if from.dist(*q) < want.1 {
                    want = (k, from.dist(*q));
                }
            }
            let got = nearest_of(from, pts.len(), |k| pts[k]);
            prop_assert_eq!(got.0, want.0);
            prop_assert_eq!(got.1.to_bits(), want.1.to_bits());
            let least = pts.iter().map(|q| from.dist(*q)).fold(f64::INFINITY, f64::min);
            prop_assert_eq!(got.1.to_bits(), least.to_bits());
        }

        #[test]
        fn nearest_sorted_equals_measuring_every_point(
            raw in proptest::collection::vec((0i32..40, 0i32..40), 0..60),
            scale in prop_oneof![Just(1.0), Just(1e-3), Just(0.37), Just(1e-150), Just(1e150)],
            from in (0i32..40, 0i32..40),
            m in 0usize..12,
        ) {
            // Integer grids make ties and exact duplicates common; the scales reach the
            // squares' underflow and overflow.
            let pts: Vec<Point> = raw.iter().map(|&(x, y)| Point::new(x as f64 * scale, y as f64 * scale)).collect();
            let from = Point::new(from.0 as f64 * scale + 0.5 * scale, from.1 as f64 * scale);
            let (mut scratch, mut out) = (Vec::new(), Vec::new());
            nearest_sorted(from, 0..pts.len(), |k| pts[k], m, &mut scratch, &mut out);
            let want = nearest_by_scan(from, &pts, m);
            prop_assert_eq!(out.len(), want.len());
            for (a, b) in out.iter().zip(&want) {
                prop_assert!(a.0.to_bits() == b.0.to_bits() && a.1 == b.1, "{:?} against {:?}", out, want);
            }
        }
    }

    proptest! {
        /// Callers measure a leg once for both directions (`insert_cheapest`).
        #[test]
        fn distance_is_symmetric_to_the_bit(a in -1e6f64..1e6, b in -1e6f64..1e6, c in -1e6f64..1e6, d in -1e6f64..1e6) {
            let (p, q) = (Point::new(a, b), Point::new(c, d));
            prop_assert_eq!(p.dist(q).to_bits(), q.dist(p).to_bits());
        }
    }

    #[test]
    fn nearest_sorted_tells_apart_points_a_rounding_apart() {
        // Two points whose distances differ in the last places: the margin keeps both, and
        // the exact distance orders them.
        let from = Point::new(0.1, 0.2);
        let pts = [
            Point::new(3.0, 4.0),
            Point::new(3.0 + 1e-15, 4.0),
            Point::new(4.0, 3.0),
            Point::new(9.0, 9.0),
        ];
        for m in 0..=pts.len() {
            let (mut scratch, mut out) = (Vec::new(), Vec::new());
            nearest_sorted(from, 0..pts.len(), |k| pts[k], m, &mut scratch, &mut out);
            assert_eq!(out, nearest_by_scan(from, &pts, m), "m = {m}");
        }
    }

    #[test]
    fn hypot_edge_cases_match_libm() {
        let edges = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            3.0,
            4.0,
            1e-310,
            -1e-310,
            f64::MIN_POSITIVE,
            1e-200,
            1e200,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::EPSILON,
            0.1,
            0.7,
            123.456,
        ];
        for &x in &edges {
            for &y in &edges {
                same_as_libm(x, y).expect("same bits");
            }
        }
        assert_eq!(hypot(3.0, -4.0), 5.0);
        assert_eq!(hypot(f64::NAN, f64::INFINITY), f64::INFINITY);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn hypot_matches_libm(x in -200.0f64..200.0, y in -200.0f64..200.0,
                              sx in -300i32..300, sy in -300i32..300) {
            same_as_libm(x, y)?;
            // Far apart exponents as well: the scaled and the `x + y` paths.
            same_as_libm(x * 2f64.powi(sx), y * 2f64.powi(sy))?;
        }

        /// The grid's answer is the brute force's, index for index: distance, then index, also
        /// among ties (points on a half-km lattice share distances and places), for points of
        /// the list and for any position (outside the points' box too), in clusters of
        /// different density.
        #[test]
        fn grid_nearest_matches_brute_force(
            pts in prop::collection::vec((0.0f64..50.0, 0.0f64..20.0, 0u8..4), 2..300),
            k in 1usize..8,
            per_cell in 1usize..6,
            lattice in any::<bool>(),
            probes in prop::collection::vec((-10.0f64..60.0, -10.0f64..30.0), 1..10),
        ) {
            // A quarter of the points packed into a corner: cells of very different counts.
            let pts: Vec<Point> = pts
                .into_iter()
                .map(|(x, y, c)| if c == 0 { (x / 50.0, y / 20.0) } else { (x, y) })
                .map(|(x, y)| if lattice { ((x * 2.0).round() / 2.0, (y * 2.0).round() / 2.0) } else { (x, y) })
                .map(|(x, y)| Point::new(x, y))
                .collect();
            let g = Grid::new(&pts, per_cell).expect("non-empty");
            let brute = |p: Point, skip: Option<usize>| {
                let mut all: Vec<(usize, f64)> = (0..pts.len()).filter(|&j| Some(j) != skip)
                    .map(|j| (j, p.dist(pts[j]))).collect();
                all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                all.truncate(k);
                all
            };
            for i in 0..pts.len().min(40) {
                prop_assert_eq!(g.nearest(&pts, i, k), brute(pts[i], Some(i)));
            }
            for (x, y) in probes {
                let p = Point::new(x, y);
                prop_assert_eq!(g.nearest_to(&pts, p, k), brute(p, None));
            }
        }
    }

    #[test]
    fn bbox_and_centroid() {
        let pts = [Point::new(0.0, 0.0), Point::new(4.0, 2.0)];
        let b = BBox::around(pts).expect("two points");
        assert_eq!((b.width(), b.height()), (4.0, 2.0));
        let c = weighted_centroid(&pts, &[1.0, 3.0]).expect("non-empty");
        assert_eq!(c, Point::new(3.0, 1.5));
        assert!(weighted_centroid(&[], &[]).is_none());
    }
}
