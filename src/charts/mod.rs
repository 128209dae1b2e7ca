//! Charts and the map, drawn by functions generic over the plotters backend: the browser
//! passes a canvas, native tests pass an SVG string. Labels arrive already translated.

pub mod calendar_days;
pub mod colouring;
pub mod compare;
pub mod map;
pub mod palette;
pub mod pilot_map;
pub mod workload;

/// A drawing failure, as text (the backends' error types differ).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct ChartError(pub String);

pub(crate) fn chart_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// The font family for chart text: the browser's own sans-serif, which covers 中文 where the
/// user's system has a CJK font (no web fonts are fetched).
pub const FONT: &str = "sans-serif";
