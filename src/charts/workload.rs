//! Required hours per staff member as bars, with the working-week limit as a line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{strip_below, Entry, Swatch};
use super::{chart_err, ChartError, Layout, Rect, Scale, MIN_FONT};

/// Translated texts of the chart.
pub struct WorkloadLabels {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub limit: String,
}

/// Draws `hours` (one bar per staff member) and the `limit` line onto `root`; the line is
/// named in a legend under the plot, not over the bars.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    hours: &[f64],
    limit: f64,
    labels: &WorkloadLabels,
    s: Scale,
) -> Result<Layout, ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let n = hours.len().max(1) as u32;
    let top = hours.iter().copied().fold(limit, f64::max).max(1.0) * 1.1;
    let line = RGBColor(0xCC, 0x33, 0x11);
    let entries = [Entry {
        name: labels.limit.clone(),
        swatch: Swatch::Reference {
            colour: line,
            width: 2.0,
        },
    }];
    let (area, legend) = strip_below(root, &entries, s)?;
    let (title, title_font) = super::caption::fitted(&area, &labels.title, 20.0, s);
    let mut chart = ChartBuilder::on(&area)
        .caption(&title, title_font)
        .margin(s.upx(12.0))
        .x_label_area_size(s.upx(44.0))
        .y_label_area_size(s.upx(64.0))
        // `a..b` segmented includes `b`, so the last segment is n - 1.
        .build_cartesian_2d((0u32..n - 1).into_segmented(), 0f64..top)
        .map_err(chart_err)?;
    // A label per bar where they fit (about 36 design pixels each), else every k-th.
    let room = (chart.plotting_area().dim_in_pixel().0 as f64 / (36.0 * s.0)).max(1.0);
    let label_every = (f64::from(n) / room).ceil().max(1.0) as usize;
    let whole = |y: &f64| {
        if (y - y.round()).abs() < 1e-6 {
            format!("{}", y.round())
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_max_light_lines(1)
        .x_desc(&labels.x_desc)
        .y_desc(&labels.y_desc)
        .axis_desc_style(s.font(16.0))
        .label_style(s.font(MIN_FONT))
        .y_label_formatter(&whole)
        // One label per 36 design pixels of height: 14 px type needs the gap.
        .y_labels(((f64::from(area.dim_in_pixel().1) / (36.0 * s.0)) as usize).clamp(3, 10))
        .x_labels(n as usize)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(label_every) => {
                format!("{}", i + 1)
            }
            _ => String::new(),
        })
        .draw()
        .map_err(chart_err)?;
    let bar = RGBColor(0x33, 0x22, 0x88);
    chart
        .draw_series(
            Histogram::vertical(&chart)
                .style(bar.filled())
                .margin(s.upx(3.0))
                .data(hours.iter().enumerate().map(|(i, h)| (i as u32, *h))),
        )
        .map_err(chart_err)?;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(SegmentValue::Exact(0), limit), (SegmentValue::Last, limit)],
            s.upx(10.0),
            s.upx(6.0),
            line.stroke_width(s.upx(2.0)),
        ))
        .map_err(chart_err)?;
    let out = Layout {
        plot: Rect::of(chart.plotting_area()),
        legend,
    };
    root.present().map_err(chart_err)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> WorkloadLabels {
        WorkloadLabels {
            title: "每周工时".into(),
            x_desc: "manager".into(),
            y_desc: "h".into(),
            limit: "limit".into(),
        }
    }

    #[test]
    fn draws_one_bar_per_staff_member_and_the_labels() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
            draw(&root, &[30.0, 35.0, 20.0], 40.0, &labels(), Scale::ONE).expect("draw");
        }
        assert!(svg.contains("每周工时"));
        assert!(svg.contains("limit"));
        // Bars are filled rects in the bar colour.
        let bars = svg.matches("fill=\"#332288\"").count();
        assert_eq!(bars, 3, "{svg}");
    }

    #[test]
    fn empty_input_still_draws_axes() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            draw(&root, &[], 40.0, &labels(), Scale::ONE).expect("draw");
        }
        assert!(svg.contains("<svg"));
    }
}
