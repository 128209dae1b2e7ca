//! The balance band: each territory's total of each measure within `tolerance` of the mean.
//! Infeasibility is the benchmark's: the sum over territories and measures of the excess beyond
//! the band divided by the mean, 0 exactly when every territory is inside the band.

/// Loads per measure and territory, kept as units move, with each load's excess beyond the band
/// (a search weighs thousands of moves between two moves made: the excesses as they stand are
/// read, not computed, for each).
#[derive(Debug, Clone)]
pub struct Balance<'a> {
    measures: &'a [Vec<f64>],
    mean: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// `load[a][k]`: territory k's total of measure a.
    load: Vec<Vec<f64>>,
    /// `now[a][k]`: `excess(a, load[a][k])`, kept with the load (so the same bits).
    now: Vec<Vec<f64>>,
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
        let mut bal = Balance {
            measures,
            mean,
            lo,
            hi,
            load,
            now: Vec::new(),
        };
        bal.now = (0..measures.len())
            .map(|a| (0..p).map(|k| bal.excess(a, bal.load[a][k])).collect())
            .collect();
        bal
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
        self.now.iter().map(|now| now[k]).sum()
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
            d += self.excess(a, lf - w) - self.now[a][from] + self.excess(a, lt + w)
                - self.now[a][to];
        }
        d
    }

    /// The excesses of `to`'s loads with unit `i` added, appended to `out` (one per measure):
    /// the part of `delta(i, _, to)` that only `to`'s loads change.
    pub fn arrival(&self, i: usize, to: usize, out: &mut Vec<f64>) {
        for (a, m) in self.measures.iter().enumerate() {
            out.push(self.excess(a, self.load[a][to] + m[i]));
        }
    }

    /// `delta(i, from, to)` with `i`'s `arrival` at `to`, taken while `to`'s loads were as
    /// they are now: the same terms in the same order, so the same bits.
    pub fn delta_of(&self, i: usize, from: usize, to: usize, arrival: &[f64]) -> f64 {
        let mut d = 0.0;
        for (a, m) in self.measures.iter().enumerate() {
            let w = m[i];
            if w == 0.0 {
                continue;
            }
            let lf = self.load[a][from];
            d += self.excess(a, lf - w) - self.now[a][from] + arrival[a] - self.now[a][to];
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
            d +=
                self.excess(a, li + w) - self.now[a][ki] + self.excess(a, lj - w) - self.now[a][kj];
        }
        d
    }

    pub fn apply(&mut self, i: usize, from: usize, to: usize) {
        for (a, m) in self.measures.iter().enumerate() {
            self.load[a][from] -= m[i];
            self.load[a][to] += m[i];
            self.now[a][from] = self.excess(a, self.load[a][from]);
            self.now[a][to] = self.excess(a, self.load[a][to]);
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
        // With the arrival taken apart, bit for bit; and the kept excesses follow the moves.
        let mut arrival = Vec::new();
        for (i, from, to) in [(0, 0, 1), (3, 1, 0), (1, 0, 0)] {
            arrival.clear();
            b.arrival(i, to, &mut arrival);
            assert_eq!(
                b.delta_of(i, from, to, &arrival).to_bits(),
                b.delta(i, from, to).to_bits()
            );
        }
        let mut walked = b.clone();
        for (i, from, to) in [(0, 0, 1), (1, 0, 1), (3, 1, 0), (0, 1, 0)] {
            walked.apply(i, from, to);
            for k in 0..2 {
                for a in 0..2 {
                    assert_eq!(
                        walked.now[a][k].to_bits(),
                        walked.excess(a, walked.load[a][k]).to_bits()
                    );
                }
            }
        }
        let dev = deviations(&m, &t, 2);
        assert!((dev[0][1] - 0.5).abs() < 1e-12 && (dev[1][1] + 0.5).abs() < 1e-12);
    }
}
