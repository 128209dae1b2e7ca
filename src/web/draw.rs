//! Canvas glue: hands a `<canvas>` to the plotters chart functions.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::charts::compare;
use crate::charts::map::{self, MapLabels};
use crate::charts::pilot_map::{self, PilotMapLabels};
use crate::charts::workload::{self, WorkloadLabels};
use crate::charts::ChartError;
use crate::core::geo::Point;

fn backend(canvas: HtmlCanvasElement) -> Result<CanvasBackend, ChartError> {
    CanvasBackend::with_canvas_object(canvas).ok_or_else(|| ChartError("no 2d context".into()))
}

pub fn workload_chart(
    canvas: HtmlCanvasElement,
    hours: &[f64],
    limit: f64,
    labels: &WorkloadLabels,
) -> Result<(), ChartError> {
    let root = backend(canvas)?.into_drawing_area();
    workload::draw(&root, hours, limit, labels)
}

pub fn map_chart(
    canvas: HtmlCanvasElement,
    pts: &[Point],
    colour: &[u8],
    bases: &[Point],
    labels: &MapLabels,
    overlay: &map::Overlay,
) -> Result<map::Drawn, ChartError> {
    let root = backend(canvas)?.into_drawing_area();
    map::draw_overlaid(&root, pts, colour, bases, labels, overlay)
}

pub fn boxplot_chart(
    canvas: HtmlCanvasElement,
    data: &[Vec<f64>],
    limit: f64,
    limit_name: &str,
    labels: &compare::Labels,
) -> Result<(), ChartError> {
    let root = backend(canvas)?.into_drawing_area();
    compare::boxplot(&root, data, limit, limit_name, labels)
}

pub fn bar_chart(
    canvas: HtmlCanvasElement,
    series: &[compare::Series],
    stacked: bool,
    labels: &compare::Labels,
) -> Result<(), ChartError> {
    let root = backend(canvas)?.into_drawing_area();
    compare::bars(&root, series, stacked, labels)
}

pub fn line_chart(
    canvas: HtmlCanvasElement,
    lines: &[compare::Line],
    reference: Option<&compare::Reference>,
    labels: &compare::LineLabels,
) -> Result<(), ChartError> {
    let root = backend(canvas)?.into_drawing_area();
    compare::lines(&root, lines, reference, labels)
}

pub fn pilot_map_chart(
    canvas: HtmlCanvasElement,
    pts: &[Point],
    change: &[i8],
    offices: &[Point],
    labels: &PilotMapLabels,
) -> Result<(), ChartError> {
    let root = backend(canvas)?.into_drawing_area();
    pilot_map::draw(&root, pts, change, offices, labels)
}
