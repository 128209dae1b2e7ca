//! The comparison charts: one category per staffing model. A box plot of lived hours per staff
//! member with the working-week line, stacked bars (the time split) and grouped bars (rates,
//! counts). Generic over the backend; labels arrive translated.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::PALETTE;
use super::{chart_err, ChartError, FONT};

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

fn legend<'a, DB: DrawingBackend + 'a, Y: Ranged>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>,
) -> Result<(), ChartError> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(chart_err)
}

/// One box per category (quartiles, whiskers at the extremes) of `data[i]`, with a dashed
/// `limit` line named `limit_name`.
pub fn boxplot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &[Vec<f64>],
    limit: f64,
    limit_name: &str,
    labels: &Labels,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let n = labels.categories.len().max(1);
    let top = data
        .iter()
        .flatten()
        .copied()
        .fold(limit, f64::max)
        .max(1.0)
        * 1.15;
    let mut chart = ChartBuilder::on(root)
        .caption(&labels.title, (FONT, 22))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        // Quartiles are f32 in plotters, so this chart's value axis is too.
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0f32..top as f32)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc(&labels.y_desc)
        .axis_desc_style((FONT, 16))
        .label_style((FONT, 14))
        .x_labels(n)
        .x_label_formatter(&category_label(&labels.categories))
        .draw()
        .map_err(chart_err)?;
    for (i, xs) in data.iter().enumerate() {
        if xs.is_empty() {
            continue;
        }
        let q = Quartiles::new(xs);
        let c = colour(labels.colours.get(i).copied().unwrap_or(i));
        chart
            .draw_series(std::iter::once(
                Boxplot::new_vertical(i as f64, &q)
                    .width(40)
                    .whisker_width(0.6)
                    .style(c.stroke_width(2)),
            ))
            .map_err(chart_err)?;
    }
    let line = RGBColor(0xCC, 0x33, 0x11);
    chart
        .draw_series(DashedLineSeries::new(
            vec![(-0.5, limit as f32), (n as f64 - 0.5, limit as f32)],
            8,
            5,
            line.stroke_width(2),
        ))
        .map_err(chart_err)?
        .label(limit_name)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], line.stroke_width(2)));
    legend(&mut chart)?;
    root.present().map_err(chart_err)?;
    Ok(())
}

/// Bars per category: stacked (each series on the one below) or grouped (side by side).
pub fn bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[Series],
    stacked: bool,
    labels: &Labels,
) -> Result<(), ChartError> {
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
    let top = if top > 0.0 { top * 1.25 } else { 1.0 };
    let mut chart = ChartBuilder::on(root)
        .caption(&labels.title, (FONT, 22))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0f64..top)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc(&labels.y_desc)
        .axis_desc_style((FONT, 16))
        .label_style((FONT, 14))
        .x_labels(n)
        .x_label_formatter(&category_label(&labels.categories))
        .draw()
        .map_err(chart_err)?;
    // Each category's slot (i - 0.5 .. i + 0.5) holds one bar (stacked) or one bar per
    // series side by side (grouped).
    let k = series.len().max(1);
    let mut base = vec![0.0; n];
    for (j, s) in series.iter().enumerate() {
        let c = colour(j);
        let rects: Vec<Rectangle<(f64, f64)>> = (0..n)
            .filter_map(|i| {
                let v = value(s, i)?;
                let (lo, hi, x0, x1) = if stacked {
                    (base[i], base[i] + v, -0.3, 0.3)
                } else {
                    let w = 0.8 / k as f64;
                    (0.0, v, -0.4 + w * j as f64, -0.4 + w * (j as f64 + 1.0))
                };
                base[i] = hi;
                let x = i as f64;
                Some(Rectangle::new([(x + x0, lo), (x + x1, hi)], c.filled()))
            })
            .collect();
        chart
            .draw_series(rects)
            .map_err(chart_err)?
            .label(&s.name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
    }
    legend(&mut chart)?;
    root.present().map_err(chart_err)?;
    Ok(())
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

const REFERENCE: RGBColor = RGBColor(0xCC, 0x33, 0x11);
const LEGEND_FONT: u32 = 15;
const LEGEND_ROW: i32 = 24;
const SWATCH: i32 = 26;

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

/// The legend's entries laid out in rows across `width` pixels: per row, the entries' indices
/// and x positions, each row centred.
fn legend_layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    names: &[&str],
    width: i32,
) -> Result<Vec<Vec<(usize, i32)>>, ChartError> {
    let font = TextStyle::from((FONT, LEGEND_FONT).into_font());
    let mut rows: Vec<Vec<(usize, i32)>> = Vec::new();
    let mut widths: Vec<i32> = Vec::new();
    let (mut row, mut x) = (Vec::new(), 0);
    for (i, name) in names.iter().enumerate() {
        let (tw, _) = root.estimate_text_size(name, &font).map_err(chart_err)?;
        let w = SWATCH + 6 + tw as i32 + 22;
        if x > 0 && x + w > width {
            rows.push(std::mem::take(&mut row));
            widths.push(x);
            x = 0;
        }
        row.push((i, x));
        x += w;
    }
    if !row.is_empty() {
        rows.push(row);
        widths.push(x);
    }
    for (r, w) in rows.iter_mut().zip(widths) {
        let left = ((width - w) / 2).max(0);
        for e in r.iter_mut() {
            e.1 += left;
        }
    }
    Ok(rows)
}

/// One line per series over a numeric x axis, with an optional dashed `reference` line. The
/// legend sits in its own strip under the plot, not over it: these lines climb to the top right
/// (coverage towards 100 %), where a legend inside the plot would hide them. When every x is a
/// whole number (people, weeks) the x axis labels only whole numbers: "10.5 people" means
/// nothing.
pub fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lines: &[Line],
    reference: Option<&Reference>,
    labels: &LineLabels,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let all = || {
        lines
            .iter()
            .flat_map(|l| l.points.iter().chain(l.mark.iter()))
            .filter(|p| p.0.is_finite() && p.1.is_finite())
    };
    let whole = all().all(|p| p.0.fract() == 0.0);
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
    // The legend's strip: as many rows as its entries need across the width.
    let mut names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    if let Some(r) = reference {
        names.push(&r.name);
    }
    let (w, h) = root.dim_in_pixel();
    let rows = legend_layout(root, &names, w as i32 - 24)?;
    let strip_h = rows.len() as i32 * LEGEND_ROW + 6;
    let (plot, strip) = root.split_vertically(h as i32 - strip_h);
    let steps = if whole {
        ((x1 - x0).round() as usize).clamp(1, 12)
    } else {
        10
    };
    let x_label = |x: &f64| {
        if !whole {
            format!("{x}")
        } else if (x - x.round()).abs() < 1e-6 {
            format!("{:.0}", x.round())
        } else {
            String::new()
        }
    };
    // Room for the widest value label and the axis description beside it.
    let label_font = TextStyle::from((FONT, 14).into_font());
    let widest = [y0, y1, (y0 + y1) / 2.0]
        .iter()
        .map(|&y| root.estimate_text_size(&axis_number(y), &label_font))
        .try_fold(0u32, |m, r| r.map(|(w, _)| m.max(w)))
        .map_err(chart_err)?;
    let y_label = |y: &f64| axis_number(*y);
    let mut chart = ChartBuilder::on(&plot)
        .caption(&labels.title, (FONT, 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size((widest + 40).max(70))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(chart_err)?;
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(&labels.x_desc)
        .y_desc(&labels.y_desc)
        .axis_desc_style((FONT, 16))
        .label_style((FONT, 14))
        .y_label_formatter(&y_label)
        .x_labels(steps);
    if whole {
        mesh.x_label_formatter(&x_label);
    }
    mesh.draw().map_err(chart_err)?;
    if let Some(y) = ref_y {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x0, y), (x1, y)],
                10,
                6,
                REFERENCE.stroke_width(2),
            ))
            .map_err(chart_err)?;
    }
    for l in lines {
        let c = colour(l.colour);
        chart
            .draw_series(LineSeries::new(l.points.iter().copied(), c.stroke_width(3)))
            .map_err(chart_err)?;
        chart
            .draw_series(l.points.iter().map(|&p| Circle::new(p, 3, c.filled())))
            .map_err(chart_err)?;
        if let Some(m) = l.mark {
            chart
                .draw_series(std::iter::once(TriangleMarker::new(m, 9, c.filled())))
                .map_err(chart_err)?;
        }
    }
    let text = TextStyle::from((FONT, LEGEND_FONT).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center))
        .color(&BLACK);
    for (r, row) in rows.iter().enumerate() {
        let y = r as i32 * LEGEND_ROW + LEGEND_ROW / 2;
        for &(i, x) in row {
            let x = x + 12;
            let swatch = if i < lines.len() {
                let c = colour(lines[i].colour);
                vec![PathElement::new(
                    vec![(x, y), (x + SWATCH, y)],
                    c.stroke_width(3),
                )]
            } else {
                // The reference line's swatch is dashed like the line.
                let s = REFERENCE.stroke_width(2);
                vec![
                    PathElement::new(vec![(x, y), (x + 10, y)], s),
                    PathElement::new(vec![(x + 16, y), (x + SWATCH, y)], s),
                ]
            };
            for p in swatch {
                strip.draw(&p).map_err(chart_err)?;
            }
            strip
                .draw(&Text::new(names[i].to_string(), (x + SWATCH + 6, y), &text))
                .map_err(chart_err)?;
        }
    }
    root.present().map_err(chart_err)?;
    Ok(())
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
                bars(&root, &series, stacked, &labels()).expect("draw");
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
            lines(&root, &ls, Some(&target), &labels).expect("draw");
        }
        assert!(svg.contains("覆盖率与人数") && svg.contains("专业化"));
        assert!(
            svg.contains("目标 99.5%"),
            "the reference line is named in the legend"
        );
        // Three dots per series in its colour, plus the one marked point (a triangle).
        assert_eq!(svg.matches("<circle").count(), 6, "{svg}");
        assert_eq!(svg.matches("<polygon").count(), 1, "{svg}");
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
            lines(&root, &ls, None, &labels).expect("draw");
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
            boxplot(&root, &data, 40.0, "40 h", &labels()).expect("draw");
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
            boxplot(&root, &data, 40.0, "40 h", &labels).expect("draw");
        }
        assert!(svg.contains("#117733") && svg.contains("#999933"), "{svg}");
        assert!(!svg.contains("#332288") && !svg.contains("#88CCEE"));
    }
}
