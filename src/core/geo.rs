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

/// `sqrt(x² + y²)` without overflow, bit for bit `libm::hypot` (musl's algorithm) on every
/// target, but with the hardware square root. `libm` computes square roots in software on
/// wasm32 (its wasm intrinsics need a nightly compiler): there, a third of the page's
/// computing time went into `libm::hypot`. Square root is correctly rounded in IEEE 754, so
/// `f64::sqrt` (one instruction on x86-64 and wasm32) gives the same bits as `libm::sqrt`;
/// everything else here is exact arithmetic in the same order as `libm`'s. The tests compare
/// the two on edge cases and random inputs. Inlined: it sits in the innermost loops (the wasm
/// build, optimised less aggressively, otherwise calls it).
#[inline]
pub fn hypot(x: f64, y: f64) -> f64 {
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
    cells: Vec<Vec<usize>>,
}

impl Grid {
    /// Builds the grid with about `per_cell` points per cell on average.
    pub fn new(pts: &[Point], per_cell: usize) -> Option<Grid> {
        let bbox = BBox::around(pts.iter().copied())?;
        let area = (bbox.width() * bbox.height()).max(1e-9);
        let cells_wanted = (pts.len() / per_cell.max(1)).max(1) as f64;
        let cell = (area / cells_wanted).sqrt().max(1e-6);
        let nx = ((bbox.width() / cell) as usize + 1).min(4096);
        let ny = ((bbox.height() / cell) as usize + 1).min(4096);
        let mut cells = vec![Vec::new(); nx * ny];
        let mut g = Grid {
            bbox,
            cell,
            nx,
            ny,
            cells: Vec::new(),
        };
        for (i, p) in pts.iter().enumerate() {
            let (cx, cy) = g.cell_of(*p);
            cells[cy * nx + cx].push(i);
        }
        g.cells = cells;
        Some(g)
    }

    fn cell_of(&self, p: Point) -> (usize, usize) {
        let cx = ((p.x - self.bbox.min.x) / self.cell).max(0.0) as usize;
        let cy = ((p.y - self.bbox.min.y) / self.cell).max(0.0) as usize;
        (cx.min(self.nx - 1), cy.min(self.ny - 1))
    }

    /// The `k` nearest other points to point `i` as (index, distance), nearest first.
    pub fn nearest(&self, pts: &[Point], i: usize, k: usize) -> Vec<(usize, f64)> {
        self.query(pts, pts[i], Some(i), k)
    }

    /// The `k` points nearest to an arbitrary position `p`, nearest first.
    pub fn nearest_to(&self, pts: &[Point], p: Point, k: usize) -> Vec<(usize, f64)> {
        self.query(pts, p, None, k)
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
            let x0 = cx.saturating_sub(ring);
            let y0 = cy.saturating_sub(ring);
            let x1 = (cx + ring).min(self.nx - 1);
            let y1 = (cy + ring).min(self.ny - 1);
            for y in y0..=y1 {
                for x in x0..=x1 {
                    // Only cells exactly `ring` steps away are new (clamping at the edge must
                    // not revisit inner cells).
                    if x.abs_diff(cx).max(y.abs_diff(cy)) != ring {
                        continue;
                    }
                    for &j in &self.cells[y * self.nx + x] {
                        if Some(j) != exclude {
                            found.push((j, p.dist(pts[j])));
                        }
                    }
                }
            }
            let covered_all = x0 == 0 && y0 == 0 && x1 == self.nx - 1 && y1 == self.ny - 1;
            // Points within `ring * cell` are certainly found once the ring is complete.
            let safe_radius = ring as f64 * self.cell;
            let enough = found.iter().filter(|(_, d)| *d <= safe_radius).count() >= k;
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

    /// `hypot` against `libm::hypot` bit for bit (native `libm` uses the hardware square root
    /// too, so this checks the port; the browser tests check wasm against native plans).
    #[allow(clippy::disallowed_methods)] // reason: the reference this port must equal
    fn same_as_libm(x: f64, y: f64) -> Result<(), TestCaseError> {
        let (ours, theirs) = (hypot(x, y), libm::hypot(x, y));
        prop_assert!(
            ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()),
            "hypot({x:e}, {y:e}) = {ours:e}, libm {theirs:e}"
        );
        Ok(())
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

        #[test]
        fn grid_nearest_matches_brute_force(
            pts in prop::collection::vec((0.0f64..50.0, 0.0f64..20.0), 2..200),
            k in 1usize..6,
        ) {
            let pts: Vec<Point> = pts.into_iter().map(|(x, y)| Point::new(x, y)).collect();
            let g = Grid::new(&pts, 3).expect("non-empty");
            for i in 0..pts.len().min(20) {
                let got = g.nearest(&pts, i, k);
                let mut all: Vec<(usize, f64)> = (0..pts.len()).filter(|&j| j != i)
                    .map(|j| (j, pts[i].dist(pts[j]))).collect();
                all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                all.truncate(k);
                let gd: Vec<f64> = got.iter().map(|x| x.1).collect();
                let ad: Vec<f64> = all.iter().map(|x| x.1).collect();
                prop_assert_eq!(gd, ad);
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
