//! Canvas glue: hands a `<canvas>` to the plotters chart functions, drawn at the size it is
//! shown times the screen's pixel density, so chart type is as large on screen as it was
//! designed and sharp (a bitmap scaled by the browser is blurred, and its type shrinks or grows
//! with the scaling).

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::charts::compare;
use crate::charts::map::{self, MapLabels};
use crate::charts::pilot_map::{self, PilotMapLabels};
use crate::charts::workload::{self, WorkloadLabels};
use crate::charts::{scale_for, ChartError, Scale, FONT, MIN_FONT};
use crate::core::geo::Point;

thread_local! {
    /// A canvas never added to the page, whose context measures chart text.
    static MEASURING: Option<web_sys::CanvasRenderingContext2d> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
        .and_then(|c| c.get_context("2d").ok().flatten())
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
}

/// The width of `text` in the chart font at `px` pixels, as the canvas backend draws it (the
/// same font string), measured without laying the page out (`charts::set_text_measure`).
pub fn text_width(text: &str, px: f64) -> Option<f64> {
    MEASURING.with(|ctx| {
        let ctx = ctx.as_ref()?;
        ctx.set_font(&format!("normal {px}px {FONT}"));
        ctx.measure_text(text).ok().map(|m| m.width())
    })
}

fn backend(canvas: HtmlCanvasElement) -> Result<CanvasBackend, ChartError> {
    CanvasBackend::with_canvas_object(canvas).ok_or_else(|| ChartError("no 2d context".into()))
}

/// Sizes `canvas`'s bitmap to its shown size times the device pixel ratio and returns the
/// chart scale for it. A canvas not laid out (no size shown) keeps its bitmap and scale 1.
/// The bitmap keeps the shown aspect, so a canvas sized by its width (height: auto) keeps its
/// height.
fn fit(canvas: &HtmlCanvasElement) -> Scale {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    let (cw, ch) = (canvas.client_width(), canvas.client_height());
    if cw <= 0 || ch <= 0 {
        return Scale::ONE;
    }
    let (w, h) = (
        (f64::from(cw) * dpr).round() as u32,
        (f64::from(ch) * dpr).round() as u32,
    );
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    scale_for(f64::from(cw), f64::from(ch), dpr)
}

/// Records the smallest type drawn, in bitmap pixels, on the canvas (`data-font-px`): the page
/// and its tests can tell the type's size as shown (times shown width ÷ bitmap width).
fn mark_font(canvas: &HtmlCanvasElement, s: Scale) {
    let _ = canvas.set_attribute("data-font-px", &format!("{:.2}", MIN_FONT * s.0));
}

/// Draws with `f` onto `canvas` fitted to its shown size.
fn draw_fitted<T>(
    canvas: HtmlCanvasElement,
    f: impl FnOnce(
        &plotters::prelude::DrawingArea<CanvasBackend, plotters::coord::Shift>,
        Scale,
    ) -> Result<T, ChartError>,
) -> Result<(), ChartError> {
    let s = fit(&canvas);
    let root = backend(canvas.clone())?.into_drawing_area();
    f(&root, s)?;
    mark_font(&canvas, s);
    Ok(())
}

pub fn workload_chart(
    canvas: HtmlCanvasElement,
    hours: &[f64],
    limit: f64,
    labels: &WorkloadLabels,
) -> Result<(), ChartError> {
    draw_fitted(canvas, |root, s| {
        workload::draw(root, hours, limit, labels, s)
    })
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
    draw_fitted(canvas, |root, s| {
        compare::boxplot(root, data, limit, limit_name, labels, s)
    })
}

pub fn bar_chart(
    canvas: HtmlCanvasElement,
    series: &[compare::Series],
    stacked: bool,
    labels: &compare::Labels,
) -> Result<(), ChartError> {
    draw_fitted(canvas, |root, s| {
        compare::bars(root, series, stacked, labels, s)
    })
}

pub fn line_chart(
    canvas: HtmlCanvasElement,
    lines: &[compare::Line],
    reference: Option<&compare::Reference>,
    labels: &compare::LineLabels,
) -> Result<(), ChartError> {
    draw_fitted(canvas, |root, s| {
        compare::lines(root, lines, reference, labels, s)
    })
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
