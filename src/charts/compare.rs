//! The comparison charts: one category per staffing model. A box plot of lived hours per staff
//! member with the working-week line, stacked bars (the time split) and grouped bars (rates,
//! counts). Generic over the backend; labels arrive translated.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::caption;
use super::legend::{look, strip_below, Entry, Marker, Swatch};
use super::palette::PALETTE;
use super::{chart_err, text_width, ChartError, Layout, Rect, Scale, MIN_FONT};

/// Texts of one chart.
pub struct Labels {
    pub title: String,
    pub y_desc: String,
    /// One name per category (model), in order.
    pub categories: Vec<String>,
    /// Each category's palette colour (empty: by position). A model keeps its colour when
    /// others are hidden, so slides and handouts agree.
    pub colours: Vec<usize>,
}

/// One named series of values, one per category.
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

fn colour(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

/// Category `i` sits at x = i on an axis from -0.5 to n - 0.5; labels land on whole numbers.
fn category_label(names: &[String]) -> impl Fn(&f64) -> String + '_ {
    move |x| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

/// Type sizes, in design pixels.
const CAPTION: f64 = 20.0;
const AXIS_DESC: f64 = 16.0;
const TICK: f64 = MIN_FONT;

const REFERENCE: RGBColor = RGBColor(0xCC, 0x33, 0x11);

/// A value axis label: no float noise or trailing zeros ("1", "0.95", "99.5"), and thousands
/// grouped by commas as both languages write them ("240,000", not "240000.0").
fn axis_number(y: f64) -> String {
    let s = format!("{y:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let s = if s == "-0" { "0" } else { s };
    if y.abs() < 10000.0 {
        return s.to_string();
    }
    let (sign, digits) = s.split_at(usize::from(s.starts_with('-')));
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    format!("{sign}{out}")
}

/// A count axis's label: whole numbers only (a tick between two counts, "1.5 people", is left
/// blank); any other axis's as `axis_number`.
fn tick_label(whole: bool) -> impl Fn(&f64) -> String {
    move |y| {
        if !whole {
            axis_number(*y)
        } else if (y - y.round()).abs() < 1e-6 {
            axis_number(y.round())
        } else {
            String::new()
        }
    }
}

/// The width the value axis needs for its widest label and its description beside it.
fn value_axis_width<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lo: f64,
    hi: f64,
    s: Scale,
) -> Result<u32, ChartError> {
    let px = s.font(TICK).1;
    let widest = [lo, hi, (lo + hi) / 2.0]
        .iter()
        .map(|&y| text_width(root, &axis_number(y), px))
        .try_fold(0u32, |m, r| r.map(|w| m.max(w)))?;
    Ok(widest + s.upx(AXIS_DESC + 24.0))
}

/// A marker of half-width `size` drawing pixels at each point (one call per shape: a chart's
/// series are of one element type).
fn draw_markers<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    points: &[(f64, f64)],
    m: Marker,
    size: i32,
    c: RGBColor,
) -> Result<(), ChartError> {
    let fill = c.filled();
    let at = || points.iter().copied();
    let r = size;
    let grow = r + 1;
    match m {
        Marker::Circle => chart
            .draw_series(at().map(|p| EmptyElement::at(p) + Circle::new((0, 0), r, fill)))
            .map(|_| ()),
        Marker::Square => chart
            .draw_series(
                at().map(|p| EmptyElement::at(p) + Rectangle::new([(-r, -r), (r, r)], fill)),
            )
            .map(|_| ()),
        Marker::Triangle => chart
            .draw_series(at().map(|p| {
                EmptyElement::at(p) + Polygon::new(vec![(0, -grow), (grow, r), (-grow, r)], fill)
            }))
            .map(|_| ()),
        Marker::Diamond => chart
            .draw_series(at().map(|p| {
                EmptyElement::at(p)
                    + Polygon::new(vec![(0, -grow), (grow, 0), (0, grow), (-grow, 0)], fill)
            }))
            .map(|_| ()),
        Marker::Cross => {
            let w = c.stroke_width((r / 2).max(2) as u32);
            chart
                .draw_series(at().map(|p| {
                    EmptyElement::at(p)
                        + PathElement::new(vec![(-r, -r), (r, r)], w)
                        + PathElement::new(vec![(-r, r), (r, -r)], w)
                }))
                .map(|_| ())
        }
    }
    .map_err(chart_err)
}

/// How many value-axis labels the chart's `area` has room for: one per 36 design pixels of its
/// height (type of 14 px needs the gap between labels to read them apart).
fn y_ticks<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: Scale) -> usize {
    let h = f64::from(area.dim_in_pixel().1);
    ((h / (36.0 * s.0)) as usize).clamp(3, 10)
}

/// The layout of a drawn chart: its plot area and the legend's strip.
fn layout<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    legend: Option<Rect>,
) -> Layout {
    Layout {
        plot: Rect::of(chart.plotting_area()),
        legend,
    }
}

/// One box per category (quartiles, whiskers at the extremes) of `data[i]`, with a dashed
/// `limit` line named `limit_name` in the legend under the plot.
pub fn boxplot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &[Vec<f64>],
    limit: f64,
    limit_name: &str,
    labels: &Labels,
    s: Scale,
) -> Result<Layout, ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let n = labels.categories.len().max(1);
    let top = data
        .iter()
        .flatten()
        .copied()
        .fold(limit, f64::max)
        .max(1.0)
        * 1.1;
    let entries = [Entry {
        name: limit_name.to_string(),
        swatch: Swatch::Reference {
            colour: REFERENCE,
            width: 2.0,
        },
    }];
    let (area, legend) = strip_below(root, &entries, s)?;
    let (title, title_font) = caption::fitted(&area, &labels.title, CAPTION, s);
    let mut chart = ChartBuilder::on(&area)
        .caption(&title, title_font)
        .margin(s.upx(12.0))
        .x_label_area_size(s.upx(34.0))
        .y_label_area_size(value_axis_width(root, 0.0, top, s)?)
        // Quartiles are f32 in plotters, so this chart's value axis is too.
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0f32..top as f32)
        .map_err(chart_err)?;
    let y_label = |y: &f32| axis_number(f64::from(*y));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_max_light_lines(1)
        .y_desc(&labels.y_desc)
        .axis_desc_style(s.font(AXIS_DESC))
        .label_style(s.font(TICK))
        .y_label_formatter(&y_label)
        .y_labels(y_ticks(&area, s))
        .x_labels(n)
        .x_label_formatter(&category_label(&labels.categories))
        .draw()
        .map_err(chart_err)?;
    // The box's width in pixels: two thirds of a category's slot.
    let slot = chart.plotting_area().dim_in_pixel().0 as f64 / n as f64;
    let box_w = (slot * 0.6).clamp(8.0, s.0 * 90.0) as u32;
    for (i, xs) in data.iter().enumerate() {
        if xs.is_empty() {
            continue;
        }
        let q = Quartiles::new(xs);
        let c = colour(labels.colours.get(i).copied().unwrap_or(i));
        chart
            .draw_series(std::iter::once(
                Boxplot::new_vertical(i as f64, &q)
                    .width(box_w)
                    .whisker_width(0.6)
                    .style(c.stroke_width(s.upx(2.0))),
            ))
            .map_err(chart_err)?;
    }
    chart
        .draw_series(DashedLineSeries::new(
            vec![(-0.5, limit as f32), (n as f64 - 0.5, limit as f32)],
            s.upx(10.0),
            s.upx(6.0),
            REFERENCE.stroke_width(s.upx(2.0)),
        ))
        .map_err(chart_err)?;
    let out = layout(&chart, legend);
    root.present().map_err(chart_err)?;
    Ok(out)
}

/// Bars per category: stacked (each series on the one below) or grouped (side by side). The
/// legend names the series in a strip under the plot. When every value is a whole number (a
/// count) the value axis labels only whole numbers.
pub fn bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[Series],
    stacked: bool,
    labels: &Labels,
    s: Scale,
) -> Result<Layout, ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let n = labels.categories.len().max(1);
    let value = |s: &Series, i: usize| s.values.get(i).copied().filter(|x| x.is_finite());
    let top = (0..n)
        .map(|i| {
            let xs = series.iter().filter_map(|s| value(s, i));
            if stacked {
                xs.sum::<f64>()
            } else {
                xs.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    let top = if top > 0.0 { top * 1.1 } else { 1.0 };
    let whole = series
        .iter()
        .flat_map(|s| s.values.iter())
        .filter(|x| x.is_finite())
        .all(|x| x.fract() == 0.0);
    let entries: Vec<Entry> = series
        .iter()
        .enumerate()
        .map(|(j, x)| Entry {
            name: x.name.clone(),
            swatch: Swatch::Block(colour(j)),
        })
        .collect();
    let (area, legend) = strip_below(root, &entries, s)?;
    let (title, title_font) = caption::fitted(&area, &labels.title, CAPTION, s);
    let mut chart = ChartBuilder::on(&area)
        .caption(&title, title_font)
        .margin(s.upx(12.0))
        .x_label_area_size(s.upx(34.0))
        .y_label_area_size(value_axis_width(root, 0.0, top, s)?)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0f64..top)
        .map_err(chart_err)?;
    let y_label = tick_label(whole);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_max_light_lines(1)
        .y_desc(&labels.y_desc)
        .axis_desc_style(s.font(AXIS_DESC))
        .label_style(s.font(TICK))
        .y_label_formatter(&y_label)
        .y_labels(y_ticks(&area, s))
        .x_labels(n)
        .x_label_formatter(&category_label(&labels.categories))
        .draw()
        .map_err(chart_err)?;
    // Each category's slot (i - 0.5 .. i + 0.5) holds one bar (stacked) or one bar per
    // series side by side (grouped).
    let k = series.len().max(1);
    let mut base = vec![0.0; n];
    for (j, x) in series.iter().enumerate() {
        let c = colour(j);
        let rects: Vec<Rectangle<(f64, f64)>> = (0..n)
            .filter_map(|i| {
                let v = value(x, i)?;
                let (lo, hi, x0, x1) = if stacked {
                    (base[i], base[i] + v, -0.3, 0.3)
                } else {
                    let w = 0.8 / k as f64;
                    (0.0, v, -0.4 + w * j as f64, -0.4 + w * (j as f64 + 1.0))
                };
                base[i] = hi;
                let at = i as f64;
                Some(Rectangle::new([(at + x0, lo), (at + x1, hi)], c.filled()))
            })
            .collect();
        chart.draw_series(rects).map_err(chart_err)?;
    }
    let out = layout(&chart, legend);
    root.present().map_err(chart_err)?;
    Ok(out)
}

/// One line per series over a numeric x axis (e.g. headcount), with a marked point per series
/// (e.g. a model's establishment), drawn larger.
pub struct Line {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub mark: Option<(f64, f64)>,
    /// The line's palette colour (its model's, whatever else is shown).
    pub colour: usize,
}

/// Texts of a line chart.
pub struct LineLabels {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
}

/// A horizontal reference line across a line chart (e.g. a target), dashed and named in the
/// legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub y: f64,
    pub name: String,
}

/// One line per series over a numeric x axis, with an optional dashed `reference` line. The
/// legend sits in its own strip under the plot, not over it: these lines climb to the top right
/// (coverage towards 100 %), where a legend inside the plot would hide them. Each line has its
/// own dash and marker as well as its colour: lines that coincide (models costing the same at
/// a headcount) stay told apart. When every x (or every y) is a whole number (people, weeks)
/// that axis labels only whole numbers: "10.5 people" means nothing.
pub fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lines: &[Line],
    reference: Option<&Reference>,
    labels: &LineLabels,
    s: Scale,
) -> Result<Layout, ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let all = || {
        lines
            .iter()
            .flat_map(|l| l.points.iter().chain(l.mark.iter()))
            .filter(|p| p.0.is_finite() && p.1.is_finite())
    };
    let whole = all().all(|p| p.0.fract() == 0.0);
    let whole_y = all().all(|p| p.1.fract() == 0.0);
    let (x0, x1) = all().fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let ref_y = reference.map(|r| r.y).filter(|y| y.is_finite());
    let (y0, y1) = all()
        .map(|p| p.1)
        .chain(ref_y)
        .fold((f64::MAX, f64::MIN), |a, y| (a.0.min(y), a.1.max(y)));
    let (x0, x1) = match (x0 <= x1, whole) {
        // Half a step either side, so the first and last points (and their marks) are not
        // cut by the axes.
        (true, true) => (x0 - 0.5, x1 + 0.5),
        (true, false) if x0 < x1 => (x0, x1),
        _ => (0.0, 1.0),
    };
    let (y0, y1) = if y0 < y1 {
        let pad = (y1 - y0) * 0.08;
        ((y0 - pad).max(0.0), y1 + pad)
    } else if y0 == y1 {
        ((y0 - 1.0).max(0.0), y1 + 1.0)
    } else {
        (0.0, 1.0)
    };
    let mut entries: Vec<Entry> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| Entry {
            name: l.name.clone(),
            swatch: Swatch::Line {
                colour: colour(l.colour),
                width: 2.5,
                look: look(i),
            },
        })
        .collect();
    if let Some(r) = reference {
        entries.push(Entry {
            name: r.name.clone(),
            swatch: Swatch::Reference {
                colour: REFERENCE,
                width: 2.0,
            },
        });
    }
    let (plot, legend) = strip_below(root, &entries, s)?;
    let steps = if whole {
        ((x1 - x0).round() as usize).clamp(1, 12)
    } else {
        10
    };
    let x_label = tick_label(whole);
    let y_label = tick_label(whole_y);
    let (title, title_font) = caption::fitted(&plot, &labels.title, CAPTION, s);
    let mut chart = ChartBuilder::on(&plot)
        .caption(&title, title_font)
        .margin(s.upx(12.0))
        .x_label_area_size(s.upx(44.0))
        .y_label_area_size(value_axis_width(root, y0, y1, s)?)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .y_max_light_lines(1)
        .x_max_light_lines(1)
        .x_desc(&labels.x_desc)
        .y_desc(&labels.y_desc)
        .axis_desc_style(s.font(AXIS_DESC))
        .label_style(s.font(TICK))
        .y_label_formatter(&y_label)
        .y_labels(y_ticks(&plot, s))
        .x_label_formatter(&x_label)
        .x_labels(steps)
        .draw()
        .map_err(chart_err)?;
    if let Some(y) = ref_y {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x0, y), (x1, y)],
                s.upx(10.0),
                s.upx(6.0),
                REFERENCE.stroke_width(s.upx(2.0)),
            ))
            .map_err(chart_err)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let c = colour(l.colour);
        let lk = look(i);
        let style = c.stroke_width(s.upx(2.5));
        match lk.dash {
            None => {
                chart
                    .draw_series(LineSeries::new(l.points.iter().copied(), style))
                    .map_err(chart_err)?;
            }
            Some((d, g)) => {
                chart
                    .draw_series(DashedLineSeries::new(
                        l.points.iter().copied(),
                        s.upx(f64::from(d)),
                        s.upx(f64::from(g)),
                        style,
                    ))
                    .map_err(chart_err)?;
            }
        }
        draw_markers(&mut chart, &l.points, lk.marker, s.px(3.5), c)?;
        if let Some(m) = l.mark {
            draw_markers(&mut chart, &[m], lk.marker, s.px(9.0), c)?;
        }
    }
    let out = layout(&chart, legend);
    root.present().map_err(chart_err)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels {
            title: "时间构成".into(),
            y_desc: "h".into(),
            categories: vec!["区域".into(), "业态".into(), "价值群".into()],
            colours: Vec::new(),
        }
    }

    #[test]
    fn stacked_and_grouped_bars_draw_one_rect_per_value_with_legend() {
        let series = vec![
            Series {
                name: "service".into(),
                values: vec![20.0, 18.0, 17.0],
            },
            Series {
                name: "travel".into(),
                values: vec![5.0, 8.0, f64::NAN],
            },
        ];
        for stacked in [true, false] {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
                bars(&root, &series, stacked, &labels(), Scale::ONE).expect("draw");
            }
            assert!(svg.contains("时间构成") && svg.contains("价值群"));
            assert!(svg.contains("service") && svg.contains("travel"));
            // 3 + 2 bars (the NaN is skipped) plus one legend swatch per series.
            assert_eq!(svg.matches("fill=\"#332288\"").count(), 3 + 1, "{svg}");
            assert_eq!(svg.matches("fill=\"#88CCEE\"").count(), 2 + 1, "{svg}");
        }
    }

    #[test]
    fn lines_draw_each_series_with_its_mark_and_legend() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            let l = |name: &str, mark, colour| Line {
                name: name.into(),
                points: vec![(10.0, 0.8), (20.0, 0.95), (30.0, 1.0)],
                mark,
                colour,
            };
            let ls = [l("区域", Some((19.0, 1.0)), 0), l("专业化", None, 3)];
            let labels = LineLabels {
                title: "覆盖率与人数".into(),
                x_desc: "人数".into(),
                y_desc: "覆盖率".into(),
            };
            let target = Reference {
                y: 0.995,
                name: "目标 99.5%".into(),
            };
            lines(&root, &ls, Some(&target), &labels, Scale::ONE).expect("draw");
        }
        assert!(svg.contains("覆盖率与人数") && svg.contains("专业化"));
        assert!(
            svg.contains("目标 99.5%"),
            "the reference line is named in the legend"
        );
        // Each series' points in its own marker: the first's circles (three points, its marked
        // point and its legend swatch), the second's squares (three points and the swatch).
        assert_eq!(svg.matches("<circle").count(), 5, "{svg}");
        assert_eq!(svg.matches("fill=\"#117733\"").count(), 4, "{svg}");
        // Whole headcounts: the x axis labels whole numbers only, never "10.5" or "10.0".
        let ticks = |t: &str| svg.contains(&format!("\n{t}\n</text>"));
        assert!(ticks("10") && ticks("20") && ticks("30"), "{svg}");
        assert!(!ticks("10.0") && !ticks("12.5") && !ticks("10.5"), "{svg}");
    }

    #[test]
    fn value_labels_read_plainly() {
        assert_eq!(axis_number(1.0), "1");
        assert_eq!(axis_number(0.95), "0.95");
        assert_eq!(axis_number(0.30000000000000004), "0.3");
        assert_eq!(axis_number(99.5), "99.5");
        assert_eq!(axis_number(240000.0), "240,000");
        assert_eq!(axis_number(-12345.5), "-12,345.5");
        assert_eq!(axis_number(-0.0), "0");
    }

    #[test]
    fn the_legend_sits_under_the_plot_not_on_the_lines() {
        let mut svg = String::new();
        let names = ["区域", "业态", "价值群", "专业化", "混合"];
        {
            let root = SVGBackend::with_string(&mut svg, (960, 480)).into_drawing_area();
            let ls: Vec<Line> = names
                .iter()
                .enumerate()
                .map(|(i, n)| Line {
                    name: (*n).into(),
                    points: vec![(8.0, 0.9), (9.0, 1.0), (12.0, 1.0)],
                    mark: Some((9.0, 1.0)),
                    colour: i,
                })
                .collect();
            let labels = LineLabels {
                title: "t".into(),
                x_desc: "x".into(),
                y_desc: "y".into(),
            };
            lines(&root, &ls, None, &labels, Scale::ONE).expect("draw");
        }
        // Each name's text is placed below the x axis description (the plot's bottom edge).
        let y_of = |needle: &str| -> f64 {
            let at = svg.find(&format!("\n{needle}\n</text>")).expect(needle);
            let open = svg[..at].rfind("<text").expect("text element");
            let tag = &svg[open..at];
            let y = tag
                .split("y=\"")
                .nth(1)
                .expect("y")
                .split('"')
                .next()
                .expect("y value");
            y.parse().expect("number")
        };
        let axis = y_of("x");
        for n in names {
            assert!(y_of(n) > axis, "{n} is inside the plot: {svg}");
        }
    }

    #[test]
    fn a_box_per_model_and_the_limit_line() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            let data = vec![vec![30.0, 32.0, 35.0], vec![20.0, 41.0], vec![]];
            boxplot(&root, &data, 40.0, "40 h", &labels(), Scale::ONE).expect("draw");
        }
        assert!(svg.contains("40 h"));
        assert!(svg.contains("#332288") && svg.contains("#88CCEE"));
    }

    #[test]
    fn a_model_keeps_its_colour_when_others_are_hidden() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            // The 4th and 5th models shown alone keep their palette colours.
            let labels = Labels {
                colours: vec![3, 4],
                ..labels()
            };
            let data = vec![vec![30.0, 32.0, 35.0], vec![20.0, 41.0]];
            boxplot(&root, &data, 40.0, "40 h", &labels, Scale::ONE).expect("draw");
        }
        assert!(svg.contains("#117733") && svg.contains("#999933"), "{svg}");
        assert!(!svg.contains("#332288") && !svg.contains("#88CCEE"));
    }

    /// Every font size the SVG's text is set in, as the canvas sets it: plotters' SVG backend
    /// writes a font's size divided by 1.24, its canvas backend the size itself (in px).
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse::<f64>().ok())
            .map(|x| x * 1.24)
            .collect()
    }

    fn five_lines() -> Vec<Line> {
        ["区域", "业态", "价值群", "专业化", "混合"]
            .iter()
            .enumerate()
            .map(|(i, n)| Line {
                name: (*n).into(),
                // The same cost at every headcount: five lines on one another.
                points: vec![(8.0, 400000.0), (9.0, 450000.0), (10.0, 500000.0)],
                mark: Some((9.0, 450000.0)),
                colour: i,
            })
            .collect()
    }

    fn line_labels() -> LineLabels {
        LineLabels {
            title: "每月成本与人数".into(),
            x_desc: "人数".into(),
            y_desc: "元/月".into(),
        }
    }

    #[test]
    fn legends_lie_outside_the_plot_area() {
        let series = vec![
            Series {
                name: "在店服务".into(),
                values: vec![20.0, 18.0, 17.0],
            },
            Series {
                name: "路途".into(),
                values: vec![5.0, 8.0, 6.0],
            },
        ];
        for scale in [Scale::ONE, Scale(2.0)] {
            let size = ((800.0 * scale.0) as u32, (400.0 * scale.0) as u32);
            let mut layouts = Vec::new();
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                layouts.push(bars(&root, &series, true, &labels(), scale).expect("draw"));
                layouts.push(bars(&root, &series, false, &labels(), scale).expect("draw"));
                let data = vec![vec![30.0, 32.0, 45.0], vec![20.0, 41.0], vec![39.0]];
                layouts.push(boxplot(&root, &data, 40.0, "40 h", &labels(), scale).expect("draw"));
                let target = Reference {
                    y: 0.995,
                    name: "目标".into(),
                };
                layouts.push(
                    lines(&root, &five_lines(), Some(&target), &line_labels(), scale)
                        .expect("draw"),
                );
            }
            for l in layouts {
                let legend = l.legend.expect("a legend");
                assert!(!l.plot.overlaps(&legend), "{l:?}");
                assert!(
                    legend.y0 >= l.plot.y1,
                    "the legend is under the plot: {l:?}"
                );
                assert!(l.plot.x1 - l.plot.x0 > size.0 as i32 / 2, "{l:?}");
            }
        }
    }

    #[test]
    fn no_chart_text_is_under_14_design_pixels() {
        for scale in [Scale::ONE, Scale(1.5), Scale(2.0)] {
            let mut svg = String::new();
            {
                let size = ((900.0 * scale.0) as u32, (450.0 * scale.0) as u32);
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                let series = vec![Series {
                    name: "服务".into(),
                    values: vec![20.0, 18.0, 17.0],
                }];
                bars(&root, &series, true, &labels(), scale).expect("draw");
                boxplot(&root, &[vec![30.0, 35.0]], 40.0, "40 h", &labels(), scale).expect("draw");
                lines(&root, &five_lines(), None, &line_labels(), scale).expect("draw");
            }
            let sizes = font_sizes(&svg);
            assert!(sizes.len() > 20, "{svg}");
            let least = sizes.iter().copied().fold(f64::MAX, f64::min);
            assert!(least >= MIN_FONT * scale.0 - 0.01, "{least} at {scale:?}");
        }
    }

    #[test]
    fn count_axes_label_whole_numbers_only() {
        // Counts between 0 and 3: a plain axis would tick 0.5, 1.5, 2.5.
        let series = vec![Series {
            name: "人".into(),
            values: vec![1.0, 3.0, 2.0],
        }];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            bars(&root, &series, false, &labels(), Scale::ONE).expect("draw");
        }
        let ticks = |t: &str| svg.contains(&format!("\n{t}\n</text>"));
        assert!(ticks("1") && ticks("2") && ticks("3"), "{svg}");
        assert!(!ticks("0.5") && !ticks("1.5") && !ticks("2.5"), "{svg}");
        assert!(!svg.contains(".0\n</text>"), "{svg}");
    }

    #[test]
    fn money_reads_whole_and_grouped() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            lines(&root, &five_lines(), None, &line_labels(), Scale::ONE).expect("draw");
        }
        // Ticks read like "450,000": grouped, whole; never "450000" or "450000.0".
        assert!(svg.contains(",000\n</text>"), "{svg}");
        let ungrouped = svg
            .split("\n</text>")
            .filter_map(|t| t.rsplit('\n').next())
            .any(|t| t.len() > 4 && t.chars().all(|c| c.is_ascii_digit() || c == '.'));
        assert!(!ungrouped, "{svg}");
        assert!(!svg.contains(".0\n</text>"), "{svg}");
    }

    #[test]
    fn coinciding_lines_differ_in_dash_and_marker() {
        use crate::charts::legend::look;
        let looks: Vec<_> = (0..5).map(look).collect();
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!(a.dash, b.dash);
                assert_ne!(a.marker, b.marker);
            }
        }
        // Drawn: four of the five lines dashed (the SVG's dashed paths are separate segments,
        // so more path elements than a solid line has).
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            lines(&root, &five_lines(), None, &line_labels(), Scale::ONE).expect("draw");
        }
        assert!(svg.matches("<polyline").count() > 20, "{svg}");
    }
}
