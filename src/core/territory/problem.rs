//! A partitioning problem, its solution and why it may be refused.

use thiserror::Error;

use super::graph::DistMatrix;
use crate::core::geo::Point;

/// What "compact" means for a search.
#[derive(Debug, Clone, Copy)]
pub enum Compactness<'a> {
    /// The largest distance between two units of one territory, over all territories
    /// (minimised as a bottleneck).
    Diameter(&'a DistMatrix),
    /// The weighted mean straight-line distance of a unit to its territory's weighted centre.
    Centre {
        pts: &'a [Point],
        /// The weight of each unit in the mean and in the centre (e.g. required hours).
        weight: &'a [f64],
    },
}

/// One partitioning problem. `measures[a][i]` is unit `i`'s amount of measure `a`; every
/// measure is balanced: each territory's total within `tolerance` of the mean (total ÷ p).
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    pub territories: usize,
    pub measures: &'a [Vec<f64>],
    /// A fraction: 0.05 is ±5 %.
    pub tolerance: f64,
    pub compactness: Compactness<'a>,
    /// Neighbours of each unit (symmetric). Needed for `connected`; the centre search also
    /// uses it to find the territories next to a unit.
    pub adjacency: Option<&'a [Vec<usize>]>,
    /// Every territory must be connected in `adjacency`.
    pub connected: bool,
    /// A unit's fixed territory (empty: nothing locked).
    pub locked: &'a [Option<usize>],
    /// Today's plan: the territory each unit starts in (also the start of the search).
    pub start: Option<&'a [usize]>,
    /// The price of moving a unit away from `start`, in units of the objective (km for the
    /// centre search).
    pub stability: f64,
    /// The units the stability price applies to (empty: every unit): a unit placed in the start
    /// only to begin somewhere (its manager of today is not among the territories) is free.
    pub anchored: &'a [bool],
    pub seed: u64,
    /// The most moves the search makes (its bound in the core).
    pub max_iterations: u64,
}

/// A partition and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The territory of each unit, 0..p.
    pub territory: Vec<usize>,
    /// The compactness objective (largest diameter, or mean distance to centre).
    pub objective: f64,
    /// Total relative violation of the balance band (0 when balanced): the sum over
    /// territories and measures of the excess beyond the band divided by the mean.
    pub infeasibility: f64,
    /// Moves made.
    pub iterations: u64,
}

impl Solution {
    /// Balanced within the tolerance (up to rounding).
    pub fn feasible(&self) -> bool {
        self.infeasibility < 1e-9
    }
}

/// Why a problem cannot be searched.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TerritoryError {
    #[error("{territories} territories asked for {units} units: at most one territory per unit")]
    TooManyTerritories { territories: usize, units: usize },
    #[error("at least one territory is needed")]
    NoTerritories,
    #[error("the tolerance {0} is out of range: give a fraction from 0 to 1 (0.05 is ±5 %)")]
    Tolerance(f64),
    #[error("measure {measure} has {got} values for {units} units")]
    MeasureLength {
        measure: usize,
        got: usize,
        units: usize,
    },
    #[error(
        "measure {measure} of unit {unit} is {value}: amounts must be finite and not negative"
    )]
    MeasureValue {
        measure: usize,
        unit: usize,
        value: f64,
    },
    #[error("the distances, points, locks, start or neighbours do not match the {units} units")]
    Shape { units: usize },
    #[error("unit {unit} is locked to territory {territory}, but there are only {territories}")]
    LockOutOfRange {
        unit: usize,
        territory: usize,
        territories: usize,
    },
    #[error("connected territories need a neighbour graph")]
    NoAdjacency,
}

impl Problem<'_> {
    /// The number of units.
    pub fn units(&self) -> usize {
        match self.compactness {
            Compactness::Diameter(d) => d.len(),
            Compactness::Centre { pts, .. } => pts.len(),
        }
    }

    pub(super) fn validate(&self) -> Result<(), TerritoryError> {
        let n = self.units();
        if self.territories == 0 {
            return Err(TerritoryError::NoTerritories);
        }
        if self.territories > n {
            return Err(TerritoryError::TooManyTerritories {
                territories: self.territories,
                units: n,
            });
        }
        if !(0.0..=1.0).contains(&self.tolerance) {
            return Err(TerritoryError::Tolerance(self.tolerance));
        }
        for (a, m) in self.measures.iter().enumerate() {
            if m.len() != n {
                return Err(TerritoryError::MeasureLength {
                    measure: a,
                    got: m.len(),
                    units: n,
                });
            }
            if let Some((i, &v)) = m
                .iter()
                .enumerate()
                .find(|(_, v)| !v.is_finite() || **v < 0.0)
            {
                return Err(TerritoryError::MeasureValue {
                    measure: a,
                    unit: i,
                    value: v,
                });
            }
        }
        let shape = |len: usize| len == n;
        if let Compactness::Centre { weight, .. } = self.compactness {
            if !shape(weight.len()) {
                return Err(TerritoryError::Shape { units: n });
            }
        }
        if (!self.locked.is_empty() && !shape(self.locked.len()))
            || (!self.anchored.is_empty() && !shape(self.anchored.len()))
            || self
                .start
                .is_some_and(|s| !shape(s.len()) || s.iter().any(|&t| t >= self.territories))
            || self
                .adjacency
                .is_some_and(|a| !shape(a.len()) || a.iter().flatten().any(|&j| j >= n))
        {
            return Err(TerritoryError::Shape { units: n });
        }
        if let Some((unit, territory)) = self
            .locked
            .iter()
            .enumerate()
            .find_map(|(i, l)| l.filter(|&t| t >= self.territories).map(|t| (i, t)))
        {
            return Err(TerritoryError::LockOutOfRange {
                unit,
                territory,
                territories: self.territories,
            });
        }
        if self.connected && self.adjacency.is_none() {
            return Err(TerritoryError::NoAdjacency);
        }
        Ok(())
    }

    /// The lock of unit `i`, if any.
    pub(super) fn lock(&self, i: usize) -> Option<usize> {
        self.locked.get(i).copied().flatten()
    }

    /// The stability price of unit `i` in territory `k`: paid while a unit anchored in the start
    /// is elsewhere.
    pub(super) fn stability_price(&self, i: usize, k: usize) -> f64 {
        match self.start {
            Some(s)
                if self.stability > 0.0
                    && s.get(i).is_some_and(|&t| t != k)
                    && self.anchored.get(i).copied().unwrap_or(true) =>
            {
                self.stability
            }
            _ => 0.0,
        }
    }
}
