//! Cordeau periodic VRP reader (type 1) and `.res` solution writer.
//!
//! Instance pattern codes read left to right (day k of t is bit 2^(t-k)); the engine uses bit
//! `d` for day index `d`, so codes are converted on reading and back on writing.

use super::matrix::{euclid, Costs, Matrix, Point, Rounding};
use super::periodic::{PeriodicProblem, PeriodicSolution};
use super::tsplib::{parse_f64, ParseError};
use super::tw::{Ctx, DayLimits, Site};

/// A Cordeau PVRP instance; node 0 is the depot.
#[derive(Clone, Debug)]
pub struct CordeauInstance {
    /// Vehicles per day.
    pub vehicles: usize,
    /// Days in the horizon.
    pub days: usize,
    /// (max duration, 0 = none; capacity) per day.
    pub limits: Vec<(f64, f64)>,
    pub points: Vec<Point>,
    pub sites: Vec<Site>,
    /// Allowed masks per node (engine convention: bit d = day index d); empty for the depot.
    pub patterns: Vec<Vec<u64>>,
}

impl CordeauInstance {
    /// Double-precision Euclidean distances (the literature's cost).
    pub fn matrix(&self) -> Matrix {
        Matrix::euclidean(&self.points, Rounding::Exact)
    }

    /// Day limits in the engine's form.
    pub fn day_limits(&self) -> Vec<DayLimits> {
        self.limits
            .iter()
            .map(|&(d, q)| DayLimits {
                vehicles: self.vehicles,
                capacity: q,
                max_duration: if d > 0.0 { d } else { f64::INFINITY },
                start: 0.0,
                end: f64::INFINITY,
            })
            .collect()
    }

    /// The periodic problem over a matrix built by [`Self::matrix`].
    pub fn problem<'a, C: Costs + ?Sized>(&'a self, costs: &'a C) -> PeriodicProblem<'a, C> {
        PeriodicProblem {
            costs,
            sites: &self.sites,
            depot: 0,
            days: self.day_limits(),
            patterns: self.patterns.clone(),
        }
    }
}

/// Parses a Cordeau-format PVRP instance (type 1).
pub fn parse_cordeau(text: &str) -> Result<CordeauInstance, ParseError> {
    let mut rows = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, r)| !r.is_empty());
    let int = |s: &str, ln: usize| -> Result<usize, ParseError> {
        s.parse::<usize>()
            .map_err(|_| ParseError::new(ln, format!("bad integer `{s}`")))
    };
    let Some((ln, head)) = rows.next() else {
        return Err(ParseError::new(0, "empty file"));
    };
    if head.len() < 4 {
        return Err(ParseError::new(ln, "expected `type m n t`"));
    }
    let typ = int(head[0], ln)?;
    if typ != 1 {
        return Err(ParseError::new(ln, format!("type {typ} is not a PVRP (1)")));
    }
    let vehicles = int(head[1], ln)?;
    let n = int(head[2], ln)?;
    let days = int(head[3], ln)?;
    if days == 0 || days > 64 {
        return Err(ParseError::new(ln, format!("{days} days: need 1..=64")));
    }
    let mut limits = Vec::with_capacity(days);
    for k in 0..days {
        let Some((ln, r)) = rows.next() else {
            return Err(ParseError::new(
                ln,
                format!("missing limits of day {}", k + 1),
            ));
        };
        if r.len() < 2 {
            return Err(ParseError::new(ln, "expected `D Q`"));
        }
        limits.push((parse_f64(r[0], ln)?, parse_f64(r[1], ln)?));
    }
    let mut points = Vec::with_capacity(n + 1);
    let mut sites = Vec::with_capacity(n + 1);
    let mut patterns = Vec::with_capacity(n + 1);
    let mut last = ln;
    for i in 0..=n {
        let Some((ln, r)) = rows.next() else {
            return Err(ParseError::new(last, format!("missing customer line {i}")));
        };
        last = ln;
        if r.len() < 7 {
            return Err(ParseError::new(ln, "expected `i x y d q f a c1..ca`"));
        }
        let id = int(r[0], ln)?;
        if id != i {
            return Err(ParseError::new(
                ln,
                format!("customer id {id}, expected {i}"),
            ));
        }
        let x = parse_f64(r[1], ln)?;
        let y = parse_f64(r[2], ln)?;
        let service = parse_f64(r[3], ln)?;
        let demand = parse_f64(r[4], ln)?;
        let _freq = int(r[5], ln)?;
        let a = int(r[6], ln)?;
        if r.len() < 7 + a {
            return Err(ParseError::new(
                ln,
                format!("{a} patterns announced, {} given", r.len() - 7),
            ));
        }
        let mut pats = Vec::with_capacity(a);
        for s in &r[7..7 + a] {
            let code = int(s, ln)? as u64;
            if code == 0 || code >= (1u128 << days) as u64 && days < 64 {
                return Err(ParseError::new(
                    ln,
                    format!("pattern {code} outside 1..2^{days}"),
                ));
            }
            // Code bit 2^(t-k) = day k (1-based) → engine bit k-1.
            let mut mask = 0u64;
            for k in 1..=days {
                if code & (1u64 << (days - k)) != 0 {
                    mask |= 1u64 << (k - 1);
                }
            }
            pats.push(mask);
        }
        if i > 0 && pats.is_empty() {
            return Err(ParseError::new(ln, format!("customer {i} has no pattern")));
        }
        points.push(Point::new(x, y));
        sites.push(Site::open(service, demand));
        patterns.push(if i == 0 { Vec::new() } else { pats });
    }
    Ok(CordeauInstance {
        vehicles,
        days,
        limits,
        points,
        sites,
        patterns,
    })
}

/// Writes a `.res`: total cost, then `day vehicle duration load 0 c1 … 0` per route.
pub fn write_res(inst: &CordeauInstance, sol: &PeriodicSolution) -> String {
    let limits = inst.day_limits();
    let mut out = format!("{:.2}\n", sol.cost);
    for (d, routes) in sol.days.iter().enumerate() {
        let ctx = Ctx {
            costs: &NoMatrix(&inst.points),
            sites: &inst.sites,
            depot: 0,
            limits: limits[d],
        };
        for (k, r) in routes.iter().enumerate() {
            let seg = ctx.eval(std::iter::once(0).chain(r.iter().copied()).chain([0]));
            let (dur, load) = seg.map_or((0.0, 0.0), |s| (s.dur, s.load));
            out.push_str(&format!("{} {} {:.2} {} 0", d + 1, k + 1, dur, load));
            for v in r {
                out.push_str(&format!(" {v}"));
            }
            out.push_str(" 0\n");
        }
    }
    out
}

/// Distances computed on the fly (writing a solution needs no dense matrix).
struct NoMatrix<'a>(&'a [Point]);

impl Costs for NoMatrix<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn cost(&self, i: usize, j: usize) -> f64 {
        euclid(self.0[i], self.0[j])
    }
}
