//! Required hours per staff member as bars, with the working-week limit as a line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{chart_err, ChartError, FONT};

/// Translated texts of the chart.
pub struct WorkloadLabels {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub limit: String,
}

/// Draws `hours` (one bar per staff member) and the `limit` line onto `root`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    hours: &[f64],
    limit: f64,
    labels: &WorkloadLabels,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let n = hours.len().max(1) as u32;
    let top = hours.iter().copied().fold(limit, f64::max).max(1.0) * 1.15;
    let mut chart = ChartBuilder::on(root)
        .caption(&labels.title, (FONT, 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(60)
        // `a..b` segmented includes `b`, so the last segment is n - 1.
        .build_cartesian_2d((0u32..n - 1).into_segmented(), 0f64..top)
        .map_err(chart_err)?;
    let label_every = (n / 25 + 1) as usize;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_max_light_lines(1)
        .x_desc(&labels.x_desc)
        .y_desc(&labels.y_desc)
        .axis_desc_style((FONT, 16))
        .label_style((FONT, 13))
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
                .margin(3)
                .data(hours.iter().enumerate().map(|(i, h)| (i as u32, *h))),
        )
        .map_err(chart_err)?;
    let line = RGBColor(0xCC, 0x33, 0x11);
    chart
        .draw_series(LineSeries::new(
            vec![(SegmentValue::Exact(0), limit), (SegmentValue::Last, limit)],
            line.stroke_width(2),
        ))
        .map_err(chart_err)?
        .label(&labels.limit)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], line.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
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
            draw(&root, &[30.0, 35.0, 20.0], 40.0, &labels()).expect("draw");
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
            draw(&root, &[], 40.0, &labels()).expect("draw");
        }
        assert!(svg.contains("<svg"));
    }
}
