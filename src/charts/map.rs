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
    /// One label per stop (its number), drawn beside it where it overlaps no other.
    pub stop_labels: &'a [String],
    pub selected: Option<Point>,
    /// The km window to show; `None`: everything.
    pub view: Option<BBox>,
    /// Territory outlines: a closed polygon and its palette colour each.
    pub outlines: &'a [(&'a [Point], u8)],
    /// A text per territory at its centre: its person, then (after a line break) its figures.
    pub territory_labels: &'a [(Point, String)],
    /// Department outlines (the hull of each department's customers), drawn thin and dark
    /// under the territories: where derived departments lie.
    pub department_outlines: &'a [Vec<Point>],
    /// A department's name at its office, written beside the marker.
    pub office_labels: &'a [(Point, String)],
    /// Canvas pixels per CSS pixel (the device pixel ratio and any CSS scaling): text and
    /// markers are sized to be read at the size the canvas is shown. 0 counts as 1.
    pub px: f64,
}

/// Territory labels are written only while this many territories are in view: more would
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

    /// The canvas pixel of km position `p`.
    pub fn to_pixel(&self, p: Point) -> (f64, f64) {
        (
            self.left + (p.x - self.x0) * self.scale,
            self.top + (self.y1 - p.y) * self.scale,
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

/// The window showing a day route's stops whole: their extent with a tenth of it (at least
/// 300 m) as margin on every side. The office may lie outside: the way there is cut at the
/// edge. `None` without stops.
pub fn route_window(stops: &[Point]) -> Option<BBox> {
    let bb = BBox::around(stops.iter().copied())?;
    let pad = (bb.width().max(bb.height()) * 0.1).max(0.3);
    Some(BBox {
        min: Point::new(bb.min.x - pad, bb.min.y - pad),
        max: Point::new(bb.max.x + pad, bb.max.y + pad),
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

    /// The part of segment a–b inside the window (Liang–Barsky), if any: lines to points
    /// outside are cut at the edge instead of drawn over the axes.
    pub fn clip(&self, a: Point, b: Point) -> Option<(Point, Point)> {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.x - self.x0),
            (dx, self.x1 - a.x),
            (-dy, a.y - self.y0),
            (dy, self.y1 - a.y),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        (t0 <= t1).then(|| {
            (
                Point::new(a.x + t0 * dx, a.y + t0 * dy),
                Point::new(a.x + t1 * dx, a.y + t1 * dy),
            )
        })
    }
}

/// A chart on the km plane.
pub type KmChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The chart of window `bb` widened by `margin` (1: exactly), with one km the same length across
/// and up (the shorter extent widened), titled and with its km axes drawn; `px` canvas pixels
/// per CSS pixel size its text and margins.
pub fn km_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    bb: BBox,
    margin: f64,
    title: (&str, u32),
    km: &str,
    px: f64,
) -> Result<(KmChart<'a, DB>, KmWindow), ChartError> {
    let k = if px > 0.0 { px } else { 1.0 };
    let z = |v: f64| (v * k).round() as u32;
    let (w, h) = root.dim_in_pixel();
    let (plot_w, plot_h) = (
        (w as f64 - 70.0 * k).max(10.0),
        (h as f64 - (60.0 + f64::from(title.1)) * k).max(10.0),
    );
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
        .caption(title.0, (FONT, z(f64::from(title.1))))
        .margin(z(10.0))
        .x_label_area_size(z(34.0))
        .y_label_area_size(z(40.0))
        .build_cartesian_2d(win.x0..win.x1, win.y0..win.y1)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(km)
        .label_style((FONT, z(13.0)))
        .axis_desc_style((FONT, z(13.0)))
        .draw()
        .map_err(chart_err)?;
    Ok((chart, win))
}

/// Pixel boxes already written on, so that later labels find a free place.
#[derive(Default)]
struct Taken(Vec<[f64; 4]>);

impl Taken {
    fn free(&self, r: [f64; 4]) -> bool {
        self.0
            .iter()
            .all(|o| r[2] <= o[0] || r[0] >= o[2] || r[3] <= o[1] || r[1] >= o[3])
    }
}

/// Roughly how wide `text` is at `size` pixels: CJK characters a square, others about half one
/// (enough to keep labels apart; no font is measured, so SVG and canvas agree).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Writes `lines` (the first bold) centred at pixel (x, y) with a white halo, so that it
/// reads over dots and outlines.
fn halo_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lines: &[(&str, f64, bool)],
    (x, y): (f64, f64),
    k: f64,
) -> Result<(), ChartError> {
    let height: f64 = lines.iter().map(|l| l.1 * 1.2).sum();
    let mut top = y - height / 2.0;
    for &(text, size, bold) in lines {
        let cy = top + size * 0.6;
        top += size * 1.2;
        let font = if bold {
            (FONT, size, FontStyle::Bold).into_font()
        } else {
            (FONT, size).into_font()
        };
        let at = |dx: f64, dy: f64| ((x + dx).round() as i32, (cy + dy).round() as i32);
        let centre = Pos::new(HPos::Center, VPos::Center);
        let r = 1.5 * k;
        for (dx, dy) in [
            (-r, 0.0),
            (r, 0.0),
            (0.0, -r),
            (0.0, r),
            (-r, -r),
            (r, r),
            (-r, r),
            (r, -r),
        ] {
            let style = font.clone().color(&WHITE).pos(centre);
            root.draw(&Text::new(text.to_string(), at(dx, dy), style))
                .map_err(chart_err)?;
        }
        let style = font.color(&BLACK).pos(centre);
        root.draw(&Text::new(text.to_string(), at(0.0, 0.0), style))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Where the map was drawn: the projection, and the pixel box of the route's stops (for a
/// check that a chosen route fills the map).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drawn {
    pub projection: Projection,
    /// Left, top, right, bottom pixels of the stops drawn; `None` without a route in view.
    pub stops_box: Option<[f64; 4]>,
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
    draw_overlaid(root, pts, colour, bases, labels, overlay).map(|d| d.projection)
}

/// `draw`, also telling where the route's stops landed.
pub fn draw_overlaid<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[Point],
    colour: &[u8],
    bases: &[Point],
    labels: &MapLabels,
    overlay: &Overlay,
) -> Result<Drawn, ChartError> {
    let k = if overlay.px > 0.0 { overlay.px } else { 1.0 };
    let z = |v: f64| (v * k).round().max(1.0) as u32;
    root.fill(&WHITE).map_err(chart_err)?;
    let bb = overlay.view.unwrap_or_else(|| full_view(pts, bases));
    let (mut chart, win) = km_chart(root, bb, 1.0, (&labels.title, 22), &labels.km, k)?;
    let KmWindow { x0, y1, scale, .. } = win;
    let inside = |p: &Point| win.contains(*p);
    let dot = if pts.len() > 10_000 { z(1.0) } else { z(2.0) };
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
                            dot + z(1.0)
                        } else {
                            dot
                        };
                        Circle::new((p.x, p.y), size, style)
                    }),
            )
            .map_err(chart_err)?;
    }
    // A closed outline, clipped to the window: the departments' thin dark ones, then the
    // chosen territories' in their colours.
    let mut ring = |poly: &[Point], style: ShapeStyle| -> Result<(), ChartError> {
        let closed: Vec<Point> = poly.iter().chain(poly.first()).copied().collect();
        chart
            .draw_series(
                closed
                    .windows(2)
                    .filter_map(|w| win.clip(w[0], w[1]))
                    .map(|(p, q)| PathElement::new(vec![(p.x, p.y), (q.x, q.y)], style)),
            )
            .map_err(chart_err)?;
        Ok(())
    };
    for poly in overlay.department_outlines.iter().filter(|p| p.len() >= 3) {
        ring(
            poly,
            RGBColor(0x44, 0x44, 0x44).mix(0.7).stroke_width(z(1.0)),
        )?;
    }
    for (poly, c) in overlay.outlines.iter().filter(|(p, _)| p.len() >= 3) {
        let (r, g, bl) = PALETTE[*c as usize % PALETTE.len()];
        ring(poly, RGBColor(r, g, bl).stroke_width(z(2.0)))?;
    }
    chart
        .draw_series(
            bases
                .iter()
                .filter(|b| inside(b))
                .map(|b| TriangleMarker::new((b.x, b.y), z(8.0), BLACK.filled())),
        )
        .map_err(chart_err)?
        .label(&labels.base)
        .legend(move |(x, y)| TriangleMarker::new((x + z(8.0) as i32, y), z(6.0), BLACK.filled()));
    let (pxr, pyr) = chart.plotting_area().get_pixel_range();
    let projection = Projection {
        left: f64::from(pxr.start),
        top: f64::from(pyr.start),
        scale,
        x0,
        y1,
    };
    let mut taken = Taken::default();
    let mut stops_box = None;
    if overlay.route.len() > 1 {
        chart
            .draw_series(
                overlay
                    .route
                    .windows(2)
                    .filter_map(|w| win.clip(w[0], w[1]))
                    .map(|(a, b)| {
                        PathElement::new(vec![(a.x, a.y), (b.x, b.y)], BLACK.stroke_width(z(2.0)))
                    }),
            )
            .map_err(chart_err)?;
        let stops: Vec<Point> = overlay.route[1..overlay.route.len() - 1]
            .iter()
            .copied()
            .filter(|p| inside(p))
            .collect();
        let r = z(5.0);
        chart
            .draw_series(stops.iter().flat_map(|p| {
                [
                    Circle::new((p.x, p.y), r, WHITE.filled()),
                    Circle::new((p.x, p.y), r, BLACK.stroke_width(z(2.0))),
                ]
            }))
            .map_err(chart_err)?;
        let at: Vec<(f64, f64)> = stops.iter().map(|&p| projection.to_pixel(p)).collect();
        if let Some(b) = BBox::around(at.iter().map(|&(x, y)| Point::new(x, y))) {
            stops_box = Some([b.min.x, b.min.y, b.max.x, b.max.y]);
        }
        // The stop markers themselves are taken: numbers go beside them.
        let rr = f64::from(r) + k;
        for &(x, y) in &at {
            taken.0.push([x - rr, y - rr, x + rr, y + rr]);
        }
        let size = 13.0 * k;
        let offsets = [
            (1.0, -1.0),
            (1.0, 1.0),
            (-1.0, -1.0),
            (-1.0, 1.0),
            (0.0, -1.4),
            (0.0, 1.4),
            (1.5, 0.0),
            (-1.5, 0.0),
        ];
        for (&(x, y), text) in at.iter().zip(
            overlay.route[1..overlay.route.len() - 1]
                .iter()
                .zip(overlay.stop_labels)
                .filter(|(p, _)| inside(p))
                .map(|(_, t)| t),
        ) {
            let (w, h) = (text_width(text, size) + 2.0 * k, size * 1.1);
            let boxed = |cx: f64, cy: f64| [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0];
            // The nearest free place around the stop, then farther out; the first near one when
            // none is free.
            let spot = [1.0, 2.0]
                .iter()
                .flat_map(|&far| {
                    offsets.iter().map(move |&(dx, dy)| {
                        (x + dx * far * (rr + w / 2.0), y + dy * far * (rr + h / 2.0))
                    })
                })
                .find(|&(cx, cy)| taken.free(boxed(cx, cy)))
                .unwrap_or((x + rr + w / 2.0, y - rr - h / 2.0));
            taken.0.push(boxed(spot.0, spot.1));
            halo_text(root, &[(text, size, true)], spot, k)?;
        }
    }
    let offices: Vec<&(Point, String)> = overlay
        .office_labels
        .iter()
        .filter(|(p, _)| inside(p))
        .collect();
    // Office names above their markers, before the territories' labels (which then avoid
    // them), while few enough are in view to be read.
    if overlay.route.len() <= 1 && offices.len() <= MOST_TERRITORY_LABELS {
        let size = 12.0 * k;
        for (p, name) in offices {
            let (x, y) = projection.to_pixel(*p);
            let (w, h) = (text_width(name, size) + 2.0 * k, size * 1.2);
            let cy = y - 8.0 * k - h / 2.0;
            taken
                .0
                .push([x - w / 2.0, cy - h / 2.0, x + w / 2.0, cy + h / 2.0]);
            halo_text(root, &[(name, size, false)], (x, cy), k)?;
        }
    }
    let shown: Vec<&(Point, String)> = overlay
        .territory_labels
        .iter()
        .filter(|(p, _)| inside(p))
        .collect();
    // A day route's own stop labels take the place (its panel names the staff member).
    if overlay.route.len() <= 1 && !shown.is_empty() && shown.len() <= MOST_TERRITORY_LABELS {
        let (name_size, figure_size) = (14.0 * k, 12.0 * k);
        for (p, text) in shown {
            let (x, y) = projection.to_pixel(*p);
            let mut lines = text.lines();
            let name = lines.next().unwrap_or_default();
            let figures = lines.next().unwrap_or_default();
            let w_name = text_width(name, name_size);
            let w_all = w_name.max(text_width(figures, figure_size));
            let boxed = |cx: f64, cy: f64, w: f64, h: f64| {
                [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
            };
            let both = (name_size + figure_size) * 1.2;
            let one = name_size * 1.2;
            // Name and figures at the centre or just above or below, else the name alone at
            // or near it (the figures give way first, then the name moves up to three lines
            // or half its width away), else the name at the centre regardless.
            let step = one;
            let near = [0.0, -step, step].map(|dy| (0.0, dy, true));
            let moved = [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0]
                .into_iter()
                .flat_map(|dy| [0.0, -0.6, 0.6].map(move |dx| (dx, dy, false)))
                .map(|(dx, dy, with)| (dx * w_name, dy * step, with));
            let (dx, dy, with) = near
                .into_iter()
                .chain(moved)
                .find(|&(dx, dy, with)| {
                    let (w, h) = if with && !figures.is_empty() {
                        (w_all, both)
                    } else {
                        (w_name, one)
                    };
                    taken.free(boxed(x + dx, y + dy, w, h))
                })
                .unwrap_or((0.0, 0.0, false));
            let (x, cy) = (x + dx, y + dy);
            if with && !figures.is_empty() {
                taken.0.push(boxed(x, cy, w_all, both));
                halo_text(
                    root,
                    &[(name, name_size, true), (figures, figure_size, false)],
                    (x, cy),
                    k,
                )?;
            } else {
                taken.0.push(boxed(x, cy, w_name, one));
                halo_text(root, &[(name, name_size, true)], (x, cy), k)?;
            }
        }
    }
    if let Some(p) = overlay.selected.filter(|p| inside(p)) {
        chart
            .draw_series(std::iter::once(Circle::new(
                (p.x, p.y),
                z(9.0),
                RGBColor(0xCC, 0x33, 0x11).stroke_width(z(3.0)),
            )))
            .map_err(chart_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, z(14.0)))
        .legend_area_size(z(20.0))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(chart_err)?;
    root.present().map_err(chart_err)?;
    Ok(Drawn {
        projection,
        stops_box,
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
    fn a_chosen_route_fills_the_map_and_its_numbers_do_not_overlap() {
        // 21 stops in a 1.5 × 1 km village, the office 8 km away: fitted to the stops, they
        // span most of the plot, the way to the office is cut at the edge, every number is
        // written, and no two numbers overlap.
        let stops: Vec<Point> = (0..21)
            .map(|i| {
                Point::new(
                    10.0 + f64::from(i % 7) * 0.25,
                    20.0 + f64::from(i / 7) * 0.5,
                )
            })
            .collect();
        let office = Point::new(2.0, 14.0);
        let mut route = vec![office];
        route.extend(&stops);
        route.push(office);
        let numbers: Vec<String> = (1..=21).map(|n| n.to_string()).collect();
        let labels = MapLabels {
            title: "t".into(),
            km: "km".into(),
            base: "b".into(),
        };
        let view = route_window(&stops).expect("window");
        let mut svg = String::new();
        let drawn = {
            let root = SVGBackend::with_string(&mut svg, (960, 720)).into_drawing_area();
            let overlay = Overlay {
                route: &route,
                stop_labels: &numbers,
                view: Some(view),
                ..Overlay::default()
            };
            draw_overlaid(&root, &stops, &[0; 21], &[office], &labels, &overlay).expect("draw")
        };
        let b = drawn.stops_box.expect("stops drawn");
        let span = (b[2] - b[0]).max(b[3] - b[1]);
        assert!(span >= 0.5 * 720.0, "stops span {span} px of 720");
        for n in &numbers {
            assert!(svg.contains(&format!(">\n{n}\n<")), "stop {n} numbered");
        }
        // The black number texts (the halo is white): their boxes do not overlap.
        let mut boxes: Vec<(f64, f64)> = Vec::new();
        for part in svg.split("<text").skip(1) {
            if !part.contains("fill=\"#000000\"") || !part.contains("font-weight=\"bold\"") {
                continue;
            }
            let attr = |name: &str| -> f64 {
                let at = part.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
                part[at..]
                    .split('"')
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect(name)
            };
            boxes.push((attr("x"), attr("y")));
        }
        assert_eq!(boxes.len(), 21, "one bold number per stop");
        for (i, a) in boxes.iter().enumerate() {
            for c in &boxes[i + 1..] {
                assert!(
                    (a.0 - c.0).abs() >= 15.0 || (a.1 - c.1).abs() >= 13.0,
                    "numbers at {a:?} and {c:?} overlap"
                );
            }
        }
        // Without a route, no box.
        let mut plain = String::new();
        let root = SVGBackend::with_string(&mut plain, (400, 300)).into_drawing_area();
        let d = draw_overlaid(&root, &stops, &[0; 21], &[], &labels, &Overlay::default());
        assert_eq!(d.expect("draw").stops_box, None);
    }

    #[test]
    fn territory_names_are_written_at_their_centres_over_a_halo() {
        let pts = [Point::new(0.0, 0.0), Point::new(10.0, 5.0)];
        let labels = MapLabels {
            title: "t".into(),
            km: "km".into(),
            base: "b".into(),
        };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 600)).into_drawing_area();
            let overlay = Overlay {
                territory_labels: &[
                    (Point::new(2.0, 1.0), "客户经理001\n120户".to_string()),
                    (Point::new(8.0, 4.0), "客户经理002\n98户".to_string()),
                ],
                px: 2.0,
                ..Overlay::default()
            };
            draw(&root, &pts, &[0, 1], &[], &labels, &overlay).expect("draw");
        }
        assert_eq!(
            svg.matches(">\n客户经理001\n<").count(),
            9,
            "eight halo copies and the name"
        );
        assert!(svg.contains(">\n98户\n<"));
        // Twice the pixels per CSS pixel: the names at 28 px, 14 px as shown (the SVG
        // backend writes sizes divided by 1.24).
        let name_size = format!("font-size=\"{}\"", 28.0f64 / 1.24);
        assert!(svg.contains(&name_size), "names sized for the ratio");
    }

    #[test]
    fn segments_are_cut_at_the_window() {
        let win = KmWindow {
            x0: 0.0,
            x1: 10.0,
            y0: 0.0,
            y1: 10.0,
            scale: 1.0,
        };
        let (a, b) = win
            .clip(Point::new(-10.0, 5.0), Point::new(5.0, 5.0))
            .expect("crosses");
        assert!((a.x - 0.0).abs() < 1e-12 && (b.x - 5.0).abs() < 1e-12);
        assert!(win
            .clip(Point::new(-10.0, 20.0), Point::new(-5.0, 30.0))
            .is_none());
        let r = route_window(&[Point::new(1.0, 1.0), Point::new(3.0, 2.0)]).expect("window");
        assert!((r.min.x - 0.7).abs() < 1e-12 && (r.max.x - 3.3).abs() < 1e-12);
        assert!(route_window(&[]).is_none());
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
                stop_labels: &["1".to_string()],
                territory_labels: &[(Point::new(5.0, 2.5), "120 · 140 h".to_string())],
                ..Overlay::default()
            };
            draw(&root, &pts, &[0, 1], &[], &labels, &overlay).expect("draw")
        };
        assert!(svg.contains(">\n1\n<"));
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

    #[test]
    fn derived_departments_show_their_outline_and_office_name() {
        let pts = [
            Point::new(0.0, 0.0),
            Point::new(2.0, 0.0),
            Point::new(1.0, 2.0),
            Point::new(9.0, 9.0),
        ];
        let labels = MapLabels {
            title: "map".into(),
            km: "km".into(),
            base: "office".into(),
        };
        let draw_with = |outlines: &[Vec<Point>], names: &[(Point, String)]| {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (800, 600)).into_drawing_area();
                let overlay = Overlay {
                    department_outlines: outlines,
                    office_labels: names,
                    ..Overlay::default()
                };
                draw(&root, &pts, &[0; 4], &[pts[0]], &labels, &overlay).expect("draw");
            }
            svg
        };
        let plain = draw_with(&[], &[]);
        let shown = draw_with(&[pts[..3].to_vec()], &[(pts[0], "东城营销部".to_string())]);
        assert!(!plain.contains("东城营销部") && shown.contains("东城营销部"));
        assert!(
            shown.matches("<polyline").count() >= plain.matches("<polyline").count() + 3,
            "a triangle's three sides"
        );
    }
}
