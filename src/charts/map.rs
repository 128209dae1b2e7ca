//! The customer map: shops as dots coloured by territory, department offices as markers.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::PALETTE;
use super::{chart_err, ChartError, FONT};
use crate::core::geo::{BBox, Point};

/// Translated texts of the map.
pub struct MapLabels {
    pub title: String,
    pub km: String,
    pub base: String,
}

/// Draws customers at `pts` in palette colour `colour[i]`, and `bases`, keeping the km scale
/// equal on both axes.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[Point],
    colour: &[u8],
    bases: &[Point],
    labels: &MapLabels,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let bb = BBox::around(pts.iter().chain(bases).copied()).unwrap_or(BBox {
        min: Point::new(0.0, 0.0),
        max: Point::new(1.0, 1.0),
    });
    let (w, h) = root.dim_in_pixel();
    let (plot_w, plot_h) = ((w as f64 - 70.0).max(10.0), (h as f64 - 90.0).max(10.0));
    // Widen the shorter extent so one km is the same length across and up.
    let span_x = bb.width().max(1e-3);
    let span_y = bb.height().max(1e-3);
    let scale = (plot_w / span_x).min(plot_h / span_y);
    let (half_x, half_y) = (plot_w / scale / 2.0, plot_h / scale / 2.0);
    let (cx, cy) = ((bb.min.x + bb.max.x) / 2.0, (bb.min.y + bb.max.y) / 2.0);
    let mut chart = ChartBuilder::on(root)
        .caption(&labels.title, (FONT, 22))
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(40)
        .build_cartesian_2d(cx - half_x..cx + half_x, cy - half_y..cy + half_y)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(&labels.km)
        .label_style((FONT, 12))
        .draw()
        .map_err(chart_err)?;
    let dot = if pts.len() > 10_000 { 1 } else { 2 };
    chart
        .draw_series(pts.iter().zip(colour).map(|(p, &c)| {
            let (r, g, b) = PALETTE[c as usize % PALETTE.len()];
            Circle::new((p.x, p.y), dot, RGBColor(r, g, b).filled())
        }))
        .map_err(chart_err)?;
    chart
        .draw_series(
            bases
                .iter()
                .map(|b| TriangleMarker::new((b.x, b.y), 8, BLACK.filled())),
        )
        .map_err(chart_err)?
        .label(&labels.base)
        .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, BLACK.filled()));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(chart_err)?;
    root.present().map_err(chart_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_every_customer_and_base() {
        let pts = [
            Point::new(0.0, 0.0),
            Point::new(3.0, 1.0),
            Point::new(1.0, 2.0),
        ];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
            let labels = MapLabels {
                title: "地图".into(),
                km: "km".into(),
                base: "office".into(),
            };
            draw(&root, &pts, &[0, 1, 2], &[Point::new(1.0, 1.0)], &labels).expect("draw");
        }
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("地图") && svg.contains("office"));
    }
}
