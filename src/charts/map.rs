//! The customer map: shops as dots coloured by territory, department offices as markers.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::PALETTE;
use super::{chart_err, ChartError, FONT};
use crate::core::geo::{BBox, Point};

/// Translated texts of the map.
pub struct MapLabels {
    pub title: String,
    pub km: String,
    pub base: String,
}

/// What is drawn over the territories: a chosen staff member's customers, a day's route and
/// a selected customer, and the part of the map shown (zoom and pan).
#[derive(Default)]
pub struct Overlay<'a> {
    /// Customers to emphasise (the others are drawn faded); `None`: all alike.
    pub highlight: Option<&'a [bool]>,
    /// The route: base, stops in order, base.
    pub route: &'a [Point],
    /// One label per stop (its order and time), drawn beside it.
    pub stop_labels: &'a [String],
    pub selected: Option<Point>,
    /// The km window to show; `None`: everything.
    pub view: Option<BBox>,
    /// Territory outlines: a closed polygon and its palette colour each.
    pub outlines: &'a [(&'a [Point], u8)],
    /// A text per territory at its centre (its customers, hours and sales).
    pub territory_labels: &'a [(Point, String)],
}

/// Territory figures are written only while this many territories are in view: more would
/// cover the map (zoom in to read them).
pub const MOST_TERRITORY_LABELS: usize = 40;

/// The convex hull of `pts`, counter-clockwise, without repeating the first point (Andrew's
/// monotone chain); fewer than three distinct points come back as they are.
pub fn hull(pts: &[Point]) -> Vec<Point> {
    let mut p: Vec<Point> = pts.to_vec();
    p.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross =
        |o: Point, a: Point, b: Point| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let mut lower: Vec<Point> = Vec::new();
    for &q in &p {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], q) <= 0.0 {
            lower.pop();
        }
        lower.push(q);
    }
    let mut upper: Vec<Point> = Vec::new();
    for &q in p.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], q) <= 0.0 {
            upper.pop();
        }
        upper.push(q);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// Where the map's km plane landed on the canvas, to turn a click into km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Pixel of the plotting area's top-left corner.
    pub left: f64,
    pub top: f64,
    /// Pixels per km (the same across and up).
    pub scale: f64,
    /// km at the plotting area's left and top edges.
    pub x0: f64,
    pub y1: f64,
}

impl Projection {
    /// The km position under canvas pixel (px, py).
    pub fn to_km(&self, px: f64, py: f64) -> Point {
        Point::new(
            self.x0 + (px - self.left) / self.scale,
            self.y1 - (py - self.top) / self.scale,
        )
    }
}

/// The window showing everything: `pts` and `bases` with a small margin.
pub fn full_view(pts: &[Point], bases: &[Point]) -> BBox {
    BBox::around(pts.iter().chain(bases).copied()).unwrap_or(BBox {
        min: Point::new(0.0, 0.0),
        max: Point::new(1.0, 1.0),
    })
}

/// The km window a map shows: its corners and pixels per km.
#[derive(Debug, Clone, Copy)]
pub struct KmWindow {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub scale: f64,
}

impl KmWindow {
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x0 && p.x <= self.x1 && p.y >= self.y0 && p.y <= self.y1
    }
}

/// A chart on the km plane.
pub type KmChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The chart of window `bb` widened by `margin` (1: exactly), with one km the same length across
/// and up (the shorter extent widened), titled and with its km axes drawn.
pub fn km_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    bb: BBox,
    margin: f64,
    title: &str,
    title_size: u32,
    km: &str,
) -> Result<(KmChart<'a, DB>, KmWindow), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let (plot_w, plot_h) = ((w as f64 - 70.0).max(10.0), (h as f64 - 90.0).max(10.0));
    let scale = (plot_w / bb.width().max(1e-3)).min(plot_h / bb.height().max(1e-3));
    let (half_x, half_y) = (plot_w / scale / 2.0 * margin, plot_h / scale / 2.0 * margin);
    let (cx, cy) = ((bb.min.x + bb.max.x) / 2.0, (bb.min.y + bb.max.y) / 2.0);
    let win = KmWindow {
        x0: cx - half_x,
        x1: cx + half_x,
        y0: cy - half_y,
        y1: cy + half_y,
        scale: scale / margin,
    };
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, title_size))
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(40)
        .build_cartesian_2d(win.x0..win.x1, win.y0..win.y1)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(km)
        .label_style((FONT, 12))
        .draw()
        .map_err(chart_err)?;
    Ok((chart, win))
}

/// Draws customers at `pts` in palette colour `colour[i]`, and `bases`, keeping the km scale
/// equal on both axes, then the overlay. Returns where the km plane landed.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[Point],
    colour: &[u8],
    bases: &[Point],
    labels: &MapLabels,
    overlay: &Overlay,
) -> Result<Projection, ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let bb = overlay.view.unwrap_or_else(|| full_view(pts, bases));
    let (mut chart, win) = km_chart(root, bb, 1.0, &labels.title, 22, &labels.km)?;
    let KmWindow { x0, y1, scale, .. } = win;
    let inside = |p: &Point| win.contains(*p);
    let dot = if pts.len() > 10_000 { 1 } else { 2 };
    let on = |i: usize| {
        overlay
            .highlight
            .is_none_or(|h| h.get(i).copied().unwrap_or(false))
    };
    // Faded first, so the emphasised customers are drawn on top.
    for emphasised in [false, true] {
        chart
            .draw_series(
                pts.iter()
                    .zip(colour)
                    .enumerate()
                    .filter(|(i, (p, _))| on(*i) == emphasised && inside(p))
                    .map(|(_, (p, &c))| {
                        let (r, g, b) = PALETTE[c as usize % PALETTE.len()];
                        let style = if emphasised {
                            RGBColor(r, g, b).filled()
                        } else {
                            RGBColor(r, g, b).mix(0.2).filled()
                        };
                        let size = if emphasised && overlay.highlight.is_some() {
                            dot + 1
                        } else {
                            dot
                        };
                        Circle::new((p.x, p.y), size, style)
                    }),
            )
            .map_err(chart_err)?;
    }
    for (poly, c) in overlay.outlines.iter().filter(|(p, _)| p.len() >= 3) {
        let (r, g, b) = PALETTE[*c as usize % PALETTE.len()];
        let ring = poly.iter().chain(poly.first()).map(|p| (p.x, p.y));
        chart
            .draw_series(std::iter::once(PathElement::new(
                ring.collect::<Vec<_>>(),
                RGBColor(r, g, b).stroke_width(2),
            )))
            .map_err(chart_err)?;
    }
    chart
        .draw_series(
            bases
                .iter()
                .filter(|b| inside(b))
                .map(|b| TriangleMarker::new((b.x, b.y), 8, BLACK.filled())),
        )
        .map_err(chart_err)?
        .label(&labels.base)
        .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, BLACK.filled()));
    if overlay.route.len() > 1 {
        chart
            .draw_series(LineSeries::new(
                overlay.route.iter().map(|p| (p.x, p.y)),
                BLACK.stroke_width(2),
            ))
            .map_err(chart_err)?;
        let stops = &overlay.route[1..overlay.route.len() - 1];
        chart
            .draw_series(stops.iter().zip(overlay.stop_labels).flat_map(|(p, text)| {
                [
                    Circle::new((p.x, p.y), 5, WHITE.filled()).into_dyn(),
                    Circle::new((p.x, p.y), 5, BLACK.stroke_width(2)).into_dyn(),
                    Text::new(text.clone(), (p.x, p.y), (FONT, 13).into_font()).into_dyn(),
                ]
            }))
            .map_err(chart_err)?;
    }
    let shown: Vec<&(Point, String)> = overlay
        .territory_labels
        .iter()
        .filter(|(p, _)| inside(p))
        .collect();
    // A day route's own stop labels take the place (its panel names the staff member).
    if overlay.route.len() <= 1 && !shown.is_empty() && shown.len() <= MOST_TERRITORY_LABELS {
        let style = (FONT, 13).into_font().color(&BLACK);
        chart
            .draw_series(shown.iter().map(|(p, text)| {
                Text::new(
                    text.clone(),
                    (p.x, p.y),
                    style.pos(Pos::new(HPos::Center, VPos::Center)),
                )
            }))
            .map_err(chart_err)?;
    }
    if let Some(p) = overlay.selected.filter(|p| inside(p)) {
        chart
            .draw_series(std::iter::once(Circle::new(
                (p.x, p.y),
                9,
                RGBColor(0xCC, 0x33, 0x11).stroke_width(3),
            )))
            .map_err(chart_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(chart_err)?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    root.present().map_err(chart_err)?;
    Ok(Projection {
        left: f64::from(px.start),
        top: f64::from(py.start),
        scale,
        x0,
        y1,
    })
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
            draw(
                &root,
                &pts,
                &[0, 1, 2],
                &[Point::new(1.0, 1.0)],
                &labels,
                &Overlay::default(),
            )
            .expect("draw");
        }
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("地图") && svg.contains("office"));
    }

    #[test]
    fn the_hull_holds_every_point_and_only_corners() {
        let pts = [
            Point::new(0.0, 0.0),
            Point::new(4.0, 0.0),
            Point::new(4.0, 3.0),
            Point::new(0.0, 3.0),
            Point::new(2.0, 1.0),
            Point::new(1.0, 2.0),
            Point::new(4.0, 1.5),
        ];
        let h = hull(&pts);
        assert_eq!(h.len(), 4, "{h:?}");
        // Every point is inside or on the hull: on the left of each edge, counter-clockwise.
        for p in pts {
            for i in 0..h.len() {
                let (a, b) = (h[i], h[(i + 1) % h.len()]);
                let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
                assert!(cross >= -1e-12, "{p:?} outside edge {a:?}-{b:?}");
            }
        }
        assert_eq!(hull(&pts[..2]).len(), 2);
    }

    #[test]
    fn a_click_maps_back_to_the_km_it_shows_and_the_route_is_labelled() {
        let pts = [Point::new(0.0, 0.0), Point::new(10.0, 5.0)];
        let route = [
            Point::new(0.0, 0.0),
            Point::new(10.0, 5.0),
            Point::new(0.0, 0.0),
        ];
        let labels = MapLabels {
            title: "t".into(),
            km: "km".into(),
            base: "b".into(),
        };
        let mut svg = String::new();
        let proj = {
            let root = SVGBackend::with_string(&mut svg, (800, 600)).into_drawing_area();
            let overlay = Overlay {
                highlight: Some(&[true, false]),
                route: &route,
                stop_labels: &["1 09:05".to_string()],
                territory_labels: &[(Point::new(5.0, 2.5), "120 · 140 h".to_string())],
                ..Overlay::default()
            };
            draw(&root, &pts, &[0, 1], &[], &labels, &overlay).expect("draw")
        };
        assert!(svg.contains("1 09:05"));
        assert!(
            !svg.contains("120 · 140 h"),
            "a day route's labels take the territory figures' place"
        );
        let mut plain = String::new();
        {
            let root = SVGBackend::with_string(&mut plain, (800, 600)).into_drawing_area();
            let overlay = Overlay {
                territory_labels: &[(Point::new(5.0, 2.5), "120 · 140 h".to_string())],
                ..Overlay::default()
            };
            draw(&root, &pts, &[0, 1], &[], &labels, &overlay).expect("draw");
        }
        assert!(
            plain.contains("120 · 140 h"),
            "a territory's figures are written on it"
        );
        // The plotting area's corner and scale invert: the km at a pixel, then the pixel of
        // that km, round-trip.
        let p = proj.to_km(proj.left + 100.0, proj.top + 50.0);
        assert!((p.x - (proj.x0 + 100.0 / proj.scale)).abs() < 1e-9);
        assert!((p.y - (proj.y1 - 50.0 / proj.scale)).abs() < 1e-9);
        // Both customers are inside the window the projection describes.
        for q in pts {
            let px = proj.left + (q.x - proj.x0) * proj.scale;
            let py = proj.top + (proj.y1 - q.y) * proj.scale;
            assert!((0.0..800.0).contains(&px) && (0.0..600.0).contains(&py));
        }
    }
}
