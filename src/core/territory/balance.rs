//! The balance band: each territory's total of each measure within `tolerance` of the mean.
//! Infeasibility is the benchmark's: the sum over territories and measures of the excess beyond
//! the band divided by the mean, 0 exactly when every territory is inside the band.

/// Loads per measure and territory, kept as units move.
#[derive(Debug, Clone)]
pub struct Balance<'a> {
    measures: &'a [Vec<f64>],
    mean: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// `load[a][k]`: territory k's total of measure a.
    load: Vec<Vec<f64>>,
}

impl<'a> Balance<'a> {
    pub fn new(measures: &'a [Vec<f64>], territory: &[usize], p: usize, tolerance: f64) -> Self {
        let mean: Vec<f64> = measures
            .iter()
            .map(|m| m.iter().sum::<f64>() / p.max(1) as f64)
            .collect();
        let lo = mean.iter().map(|m| (1.0 - tolerance) * m).collect();
        let hi = mean.iter().map(|m| (1.0 + tolerance) * m).collect();
        let mut load = vec![vec![0.0; p]; measures.len()];
        for (a, m) in measures.iter().enumerate() {
            for (i, &k) in territory.iter().enumerate() {
                load[a][k] += m[i];
            }
        }
        Balance {
            measures,
            mean,
            lo,
            hi,
            load,
        }
    }

    fn excess(&self, a: usize, w: f64) -> f64 {
        if self.mean[a] <= 0.0 {
            return 0.0;
        }
        // Comparisons, not `f64::max`: in wasm that is a library call (its NaN rules), and
        // this runs for every move the territory search weighs. Loads and bounds are finite;
        // a zero excess is +0.0 either way up to its sign, which no caller reads.
        let (over, under) = (w - self.hi[a], self.lo[a] - w);
        let e = if over >= under { over } else { under };
        if e > 0.0 {
            e / self.mean[a]
        } else {
            0.0
        }
    }

    /// Territory `k`'s share of the infeasibility.
    pub fn of(&self, k: usize) -> f64 {
        (0..self.measures.len())
            .map(|a| self.excess(a, self.load[a][k]))
            .sum()
    }

    /// The whole infeasibility.
    pub fn total(&self) -> f64 {
        let p = self.load.first().map_or(0, Vec::len);
        (0..p).map(|k| self.of(k)).sum()
    }

    /// The change in infeasibility if unit `i` moved from `from` to `to`.
    pub fn delta(&self, i: usize, from: usize, to: usize) -> f64 {
        let mut d = 0.0;
        for (a, m) in self.measures.iter().enumerate() {
            let w = m[i];
            if w == 0.0 {
                continue;
            }
            let (lf, lt) = (self.load[a][from], self.load[a][to]);
            d += self.excess(a, lf - w) - self.excess(a, lf) + self.excess(a, lt + w)
                - self.excess(a, lt);
        }
        d
    }

    /// Territory `k`'s excess in each measure as its load stands (a part of `delta_of`).
    pub fn excesses(&self, k: usize, out: &mut Vec<f64>) {
        out.clear();
        out.extend((0..self.measures.len()).map(|a| self.excess(a, self.load[a][k])));
    }

    /// The terms of `delta(i, _, to)` that read `to`'s load, appended to `out`: per measure,
    /// the excess with unit `i` and without (a part of `delta_of`).
    pub fn arrival(&self, i: usize, to: usize, out: &mut Vec<f64>) {
        for (a, m) in self.measures.iter().enumerate() {
            let lt = self.load[a][to];
            out.push(self.excess(a, lt + m[i]));
            out.push(self.excess(a, lt));
        }
    }

    /// `delta(i, from, to)` from its parts: `from`'s `excesses` and `i`'s `arrival` at `to`,
    /// taken with the loads as they are now. The same terms in the same order, so the same
    /// bits: a search weighing many moves into one territory reads its terms once.
    pub fn delta_of(&self, i: usize, from: usize, from_now: &[f64], arrival: &[f64]) -> f64 {
        let mut d = 0.0;
        for (a, m) in self.measures.iter().enumerate() {
            let w = m[i];
            if w == 0.0 {
                continue;
            }
            let lf = self.load[a][from];
            d += self.excess(a, lf - w) - from_now[a] + arrival[2 * a] - arrival[2 * a + 1];
        }
        d
    }

    /// The change in infeasibility if unit `i` (in `ki`) and unit `j` (in `kj`) swapped.
    pub fn swap_delta(&self, i: usize, ki: usize, j: usize, kj: usize) -> f64 {
        let mut d = 0.0;
        for (a, m) in self.measures.iter().enumerate() {
            let w = m[j] - m[i];
            if w == 0.0 {
                continue;
            }
            let (li, lj) = (self.load[a][ki], self.load[a][kj]);
            d += self.excess(a, li + w) - self.excess(a, li) + self.excess(a, lj - w)
                - self.excess(a, lj);
        }
        d
    }

    /// `swap_delta(i, ki, j, kj)` from `ki`'s and `kj`'s `excesses` taken with the loads as
    /// they are now: the same terms in the same order, so the same bits.
    pub fn swap_delta_of(
        &self,
        (i, ki, ki_now): (usize, usize, &[f64]),
        (j, kj, kj_now): (usize, usize, &[f64]),
    ) -> f64 {
        let mut d = 0.0;
        for (a, m) in self.measures.iter().enumerate() {
            let w = m[j] - m[i];
            if w == 0.0 {
                continue;
            }
            let (li, lj) = (self.load[a][ki], self.load[a][kj]);
            d += self.excess(a, li + w) - ki_now[a] + self.excess(a, lj - w) - kj_now[a];
        }
        d
    }

    pub fn apply(&mut self, i: usize, from: usize, to: usize) {
        for (a, m) in self.measures.iter().enumerate() {
            self.load[a][from] -= m[i];
            self.load[a][to] += m[i];
        }
    }

    /// Territory `k` is over the band in some measure (it should give units away).
    pub fn over(&self, k: usize) -> bool {
        (0..self.measures.len()).any(|a| self.load[a][k] > self.hi[a])
    }

    /// Territory `k` is under the band in some measure (it should take units).
    pub fn under(&self, k: usize) -> bool {
        (0..self.measures.len()).any(|a| self.load[a][k] < self.lo[a])
    }
}

/// The infeasibility of a partition (see the module's doc).
pub fn infeasibility(measures: &[Vec<f64>], territory: &[usize], p: usize, tolerance: f64) -> f64 {
    Balance::new(measures, territory, p, tolerance).total()
}

/// Each territory's relative deviation from the mean per measure: `dev[k][a]` = total ÷ mean − 1
/// (0 for a measure whose total is 0).
pub fn deviations(measures: &[Vec<f64>], territory: &[usize], p: usize) -> Vec<Vec<f64>> {
    let b = Balance::new(measures, territory, p, 0.0);
    (0..p)
        .map(|k| {
            (0..measures.len())
                .map(|a| {
                    if b.mean[a] > 0.0 {
                        b.load[a][k] / b.mean[a] - 1.0
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_and_deltas_agree_with_recomputing() {
        let m = vec![vec![10.0, 10.0, 10.0, 30.0], vec![1.0, 1.0, 1.0, 1.0]];
        let t = vec![0, 0, 0, 1];
        let b = Balance::new(&m, &t, 2, 0.05);
        // Measure 0 is balanced (30/30), measure 1 is 3 against 1, mean 2: (3-2.1)/2 + (1.9-1)/2.
        assert!((b.total() - 0.9).abs() < 1e-12, "{}", b.total());
        let mut moved = t.clone();
        moved[0] = 1;
        let after = infeasibility(&m, &moved, 2, 0.05);
        assert!((b.total() + b.delta(0, 0, 1) - after).abs() < 1e-12);
        let mut swapped = t.clone();
        swapped.swap(0, 3);
        let after = infeasibility(&m, &swapped, 2, 0.05);
        assert!((b.total() + b.swap_delta(0, 0, 3, 1) - after).abs() < 1e-12);
        // From its parts, bit for bit.
        let (mut from_now, mut arrival) = (Vec::new(), Vec::new());
        for (i, from, to) in [(0, 0, 1), (3, 1, 0), (1, 0, 0)] {
            b.excesses(from, &mut from_now);
            arrival.clear();
            b.arrival(i, to, &mut arrival);
            assert_eq!(
                b.delta_of(i, from, &from_now, &arrival).to_bits(),
                b.delta(i, from, to).to_bits()
            );
        }
        let (mut k0, mut k1) = (Vec::new(), Vec::new());
        b.excesses(0, &mut k0);
        b.excesses(1, &mut k1);
        for (i, j) in [(0, 3), (2, 3)] {
            assert_eq!(
                b.swap_delta_of((i, 0, &k0), (j, 1, &k1)).to_bits(),
                b.swap_delta(i, 0, j, 1).to_bits()
            );
        }
        let dev = deviations(&m, &t, 2);
        assert!((dev[0][1] - 0.5).abs() < 1e-12 && (dev[1][1] + 0.5).abs() < 1e-12);
    }
}
