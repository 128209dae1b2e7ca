//! Solomon VRPTW reader and solution writer (`Route #k: ids`, the format `check_vrptw.py` reads).

use super::matrix::{Matrix, Point, Rounding};
use super::tsplib::{parse_f64, ParseError};
use super::tw::{DayLimits, Site};

/// A Solomon instance: node 0 is the depot, whose due date is the horizon.
#[derive(Clone, Debug)]
pub struct SolomonInstance {
    pub name: String,
    pub vehicles: usize,
    pub capacity: f64,
    pub points: Vec<Point>,
    pub sites: Vec<Site>,
}

impl SolomonInstance {
    /// Distance = travel time, under the given rounding (`Exact` or `TruncOneDecimal`).
    pub fn matrix(&self, rounding: Rounding) -> Matrix {
        Matrix::euclidean(&self.points, rounding)
    }

    /// The fleet and depot hours as day limits (no duration limit beyond the horizon).
    pub fn limits(&self) -> DayLimits {
        DayLimits {
            vehicles: self.vehicles,
            capacity: self.capacity,
            max_duration: f64::INFINITY,
            start: self.sites[0].ready,
            end: self.sites[0].due,
        }
    }
}

/// Parses a Solomon instance file.
pub fn parse_solomon(text: &str) -> Result<SolomonInstance, ParseError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let Some(&(_, name)) = lines.first() else {
        return Err(ParseError::new(0, "empty file"));
    };
    let find = |word: &str| {
        lines
            .iter()
            .position(|(_, l)| l.to_ascii_uppercase().starts_with(word))
    };
    let Some(k) = find("NUMBER") else {
        return Err(ParseError::new(0, "missing `NUMBER CAPACITY` header"));
    };
    let Some(&(ln, fleet)) = lines.get(k + 1) else {
        return Err(ParseError::new(lines[k].0, "missing fleet line"));
    };
    let f: Vec<&str> = fleet.split_whitespace().collect();
    if f.len() < 2 {
        return Err(ParseError::new(ln, "expected `vehicles capacity`"));
    }
    let vehicles: usize = f[0]
        .parse()
        .map_err(|_| ParseError::new(ln, format!("bad vehicle count `{}`", f[0])))?;
    let capacity = parse_f64(f[1], ln)?;
    let Some(c) = find("CUST") else {
        return Err(ParseError::new(0, "missing CUSTOMER table"));
    };
    let mut points = Vec::new();
    let mut sites = Vec::new();
    for &(ln, l) in &lines[c + 1..] {
        let p: Vec<&str> = l.split_whitespace().collect();
        if !p[0].chars().all(|ch| ch.is_ascii_digit()) {
            if points.is_empty() {
                continue; // second header line ("... TIME")
            }
            return Err(ParseError::new(ln, format!("unexpected line `{l}`")));
        }
        if p.len() < 7 {
            return Err(ParseError::new(
                ln,
                "expected 7 columns: id x y demand ready due service",
            ));
        }
        let id: usize = p[0]
            .parse()
            .map_err(|_| ParseError::new(ln, format!("bad id `{}`", p[0])))?;
        if id != points.len() {
            return Err(ParseError::new(
                ln,
                format!("customer id {id}, expected {}", points.len()),
            ));
        }
        let v: Vec<f64> = p[1..7]
            .iter()
            .map(|s| parse_f64(s, ln))
            .collect::<Result<_, _>>()?;
        if v[3] > v[4] {
            return Err(ParseError::new(ln, "ready time after due date"));
        }
        points.push(Point::new(v[0], v[1]));
        sites.push(Site {
            service: v[5],
            demand: v[2],
            ready: v[3],
            due: v[4],
        });
    }
    if points.len() < 2 {
        return Err(ParseError::new(
            lines.last().map_or(0, |l| l.0),
            "need a depot and at least one customer",
        ));
    }
    Ok(SolomonInstance {
        name: name.to_string(),
        vehicles,
        capacity,
        points,
        sites,
    })
}

/// Writes routes (node ids = Solomon customer numbers) as `Route #k: …` lines plus `Cost`.
pub fn write_solution(routes: &[Vec<usize>], cost: f64) -> String {
    let mut s = String::new();
    for (k, r) in routes.iter().filter(|r| !r.is_empty()).enumerate() {
        s.push_str(&format!("Route #{}:", k + 1));
        for v in r {
            s.push_str(&format!(" {v}"));
        }
        s.push('\n');
    }
    s.push_str(&format!("Cost {cost:.2}\n"));
    s
}
