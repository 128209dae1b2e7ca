//! The pilot's map: the pilot departments' customers coloured by the stage in which their
//! manager changes, those who keep today's manager grey, other departments' customers faint,
//! the pilot offices as markers. The window is the pilot's customers (the rest is context).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::map::{full_view, km_chart};
use super::{chart_err, ChartError};
use crate::core::geo::Point;

/// Translated texts of the pilot's map.
pub struct PilotMapLabels {
    pub title: String,
    pub km: String,
}

/// Colours of stages 1, 2, … (then again from the first): orange, blue, green, purple, red —
/// far from the grey of the customers who keep their manager.
const STAGES: [(u8, u8, u8); 5] = [
    (230, 115, 0),
    (31, 100, 200),
    (30, 150, 60),
    (140, 60, 170),
    (200, 30, 40),
];

/// A pilot customer who keeps today's manager through every stage.
pub const UNCHANGED: (u8, u8, u8) = (150, 150, 150);
/// A customer of another department.
pub const OUTSIDE: (u8, u8, u8) = (225, 225, 225);

/// The colour of a customer whose manager first changes in `stage` (0: never, negative: outside
/// the pilot).
pub fn stage_colour(stage: i8) -> (u8, u8, u8) {
    match stage {
        s if s < 0 => OUTSIDE,
        0 => UNCHANGED,
        s => STAGES[(s as usize - 1) % STAGES.len()],
    }
}

/// Draws customers at `pts`, each coloured by `change[i]` (see `stage_colour`), and the
/// pilot offices, with one km the same length across and up.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[Point],
    change: &[i8],
    offices: &[Point],
    labels: &PilotMapLabels,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let pilot: Vec<Point> = pts
        .iter()
        .zip(change)
        .filter(|(_, &c)| c >= 0)
        .map(|(p, _)| *p)
        .collect();
    let bb = if pilot.is_empty() {
        full_view(pts, offices)
    } else {
        full_view(&pilot, offices)
    };
    // A margin of 5 % around the pilot's customers.
    // Drawn at the canvas's own pixels (the pilot view sizes its canvas).
    let (mut chart, win) = km_chart(root, bb, 1.05, (&labels.title, 20), &labels.km, 1.0)?;
    let inside = |p: &Point| win.contains(*p);
    // Others first, then the unchanged, then the changing by stage: the changes stay on top.
    let mut order: Vec<usize> = (0..pts.len().min(change.len())).collect();
    order.sort_by_key(|&i| match change[i] {
        c if c < 0 => 0,
        0 => 1,
        c => 1 + i32::from(c),
    });
    chart
        .draw_series(order.into_iter().filter(|&i| inside(&pts[i])).map(|i| {
            let (r, g, b) = stage_colour(change[i]);
            let size = if change[i] > 0 { 3 } else { 2 };
            Circle::new((pts[i].x, pts[i].y), size, RGBColor(r, g, b).filled())
        }))
        .map_err(chart_err)?;
    chart
        .draw_series(
            offices
                .iter()
                .filter(|b| inside(b))
                .map(|b| TriangleMarker::new((b.x, b.y), 8, BLACK.filled())),
        )
        .map_err(chart_err)?;
    root.present().map_err(chart_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_have_their_own_colours_and_the_unchanged_are_grey() {
        assert_eq!(stage_colour(-1), OUTSIDE);
        assert_eq!(stage_colour(0), UNCHANGED);
        assert_ne!(stage_colour(1), stage_colour(2));
        assert_eq!(stage_colour(1), stage_colour(6));
        for s in 1..=5 {
            let (r, g, b) = stage_colour(s);
            // Coloured: far from any grey.
            assert!(
                r.abs_diff(g).max(g.abs_diff(b)).max(r.abs_diff(b)) > 60,
                "{s}"
            );
        }
    }

    #[test]
    fn the_map_draws_on_an_svg() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            let pts = [
                Point::new(0.0, 0.0),
                Point::new(1.0, 1.0),
                Point::new(2.0, 0.5),
            ];
            let labels = PilotMapLabels {
                title: "t".into(),
                km: "km".into(),
            };
            draw(&root, &pts, &[-1, 0, 1], &[Point::new(1.0, 0.0)], &labels).expect("drawn");
        }
        // The stage-1 customer in its colour.
        assert!(svg.contains("#E67300"), "{svg}");
    }
}
