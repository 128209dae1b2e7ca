//! TSPLIB reader (`EUC_2D`, `CEIL_2D` node coordinates) and TOUR writer.
//!
//! Never panics on bad input: every problem is a [`ParseError`] with the 1-based line number.

use super::matrix::{euclid, Matrix, Point};

/// A malformed benchmark file: the line (1-based, 0 = whole file) and the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ParseError {
    pub line: usize,
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(line: usize, reason: impl Into<String>) -> Self {
        ParseError {
            line,
            reason: reason.into(),
        }
    }
}

/// Supported `EDGE_WEIGHT_TYPE`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeWeight {
    /// `nint(sqrt(dx² + dy²))`, round half up.
    Euc2d,
    /// `ceil(sqrt(dx² + dy²))`.
    Ceil2d,
}

/// A parsed TSPLIB instance; node `i` here is TSPLIB id `i + 1`.
#[derive(Clone, Debug)]
pub struct TsplibInstance {
    pub name: String,
    pub edge_weight: EdgeWeight,
    pub points: Vec<Point>,
}

impl TsplibInstance {
    /// The integer distance of the instance's convention.
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        let d = euclid(self.points[i], self.points[j]);
        match self.edge_weight {
            EdgeWeight::Euc2d => (d + 0.5).floor(),
            EdgeWeight::Ceil2d => d.ceil(),
        }
    }

    /// Dense matrix of the instance's distances.
    pub fn matrix(&self) -> Matrix {
        Matrix::from_fn(self.points.len(), |i, j| self.distance(i, j))
    }
}

/// Parses a TSPLIB TSP file with a `NODE_COORD_SECTION`.
pub fn parse_tsplib(text: &str) -> Result<TsplibInstance, ParseError> {
    let mut name = String::new();
    let mut dimension: Option<usize> = None;
    let mut edge_weight: Option<EdgeWeight> = None;
    let mut points: Vec<Option<Point>> = Vec::new();
    let mut in_coords = false;
    let mut last_line = 0;
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        last_line = line_no;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line == "EOF" {
            break;
        }
        if in_coords {
            let mut it = line.split_whitespace();
            let (Some(id), Some(x), Some(y)) = (it.next(), it.next(), it.next()) else {
                // A new section keyword ends the coordinates.
                if line
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_ascii_alphabetic())
                {
                    in_coords = false;
                    continue;
                }
                return Err(ParseError::new(line_no, "expected `id x y`"));
            };
            let id: usize = id
                .parse()
                .map_err(|_| ParseError::new(line_no, format!("bad node id `{id}`")))?;
            let x = parse_f64(x, line_no)?;
            let y = parse_f64(y, line_no)?;
            let n = points.len();
            if id == 0 || id > n {
                return Err(ParseError::new(
                    line_no,
                    format!("node id {id} outside 1..={n}"),
                ));
            }
            if points[id - 1].is_some() {
                return Err(ParseError::new(line_no, format!("node id {id} repeated")));
            }
            points[id - 1] = Some(Point::new(x, y));
            continue;
        }
        if line.starts_with("NODE_COORD_SECTION") {
            let Some(n) = dimension else {
                return Err(ParseError::new(
                    line_no,
                    "NODE_COORD_SECTION before DIMENSION",
                ));
            };
            if edge_weight.is_none() {
                return Err(ParseError::new(
                    line_no,
                    "NODE_COORD_SECTION before EDGE_WEIGHT_TYPE",
                ));
            }
            points = vec![None; n];
            in_coords = true;
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(ParseError::new(
                line_no,
                format!("unexpected line `{line}`"),
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "NAME" => name = value.to_string(),
            "TYPE" if value != "TSP" => {
                return Err(ParseError::new(line_no, format!("TYPE {value} is not TSP")));
            }
            "DIMENSION" => {
                let n: usize = value
                    .parse()
                    .map_err(|_| ParseError::new(line_no, format!("bad DIMENSION `{value}`")))?;
                if n == 0 {
                    return Err(ParseError::new(line_no, "DIMENSION must be positive"));
                }
                dimension = Some(n);
            }
            "EDGE_WEIGHT_TYPE" => {
                edge_weight = Some(match value {
                    "EUC_2D" => EdgeWeight::Euc2d,
                    "CEIL_2D" => EdgeWeight::Ceil2d,
                    other => {
                        return Err(ParseError::new(
                            line_no,
                            format!("EDGE_WEIGHT_TYPE {other} not supported (EUC_2D, CEIL_2D)"),
                        ))
                    }
                })
            }
            _ => {} // COMMENT and other informative keys
        }
    }
    let Some(edge_weight) = edge_weight else {
        return Err(ParseError::new(last_line, "missing EDGE_WEIGHT_TYPE"));
    };
    if points.is_empty() {
        return Err(ParseError::new(last_line, "missing NODE_COORD_SECTION"));
    }
    let mut out = Vec::with_capacity(points.len());
    for (i, p) in points.into_iter().enumerate() {
        match p {
            Some(p) => out.push(p),
            None => {
                return Err(ParseError::new(
                    last_line,
                    format!("node {} has no coordinates", i + 1),
                ))
            }
        }
    }
    Ok(TsplibInstance {
        name,
        edge_weight,
        points: out,
    })
}

pub(crate) fn parse_f64(s: &str, line: usize) -> Result<f64, ParseError> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ParseError::new(line, format!("bad number `{s}`"))),
    }
}

/// Writes a tour (0-based nodes) in TSPLIB TOUR format (1-based ids, `-1`, `EOF`).
pub fn write_tour(name: &str, tour: &[usize], length: f64) -> String {
    let mut s = String::new();
    s.push_str(&format!("NAME : {name}.tour\n"));
    s.push_str(&format!("COMMENT : length {length}\n"));
    s.push_str("TYPE : TOUR\n");
    s.push_str(&format!("DIMENSION : {}\n", tour.len()));
    s.push_str("TOUR_SECTION\n");
    for &v in tour {
        s.push_str(&format!("{}\n", v + 1));
    }
    s.push_str("-1\nEOF\n");
    s
}
