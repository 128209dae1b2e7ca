//! Charts and the map, drawn by functions generic over the plotters backend: the browser
//! passes a canvas, native tests pass an SVG string. Labels arrive already translated.

pub mod calendar_days;
pub mod caption;
pub mod colouring;
pub mod compare;
pub mod legend;
pub mod map;
pub mod palette;
pub mod pilot_map;
pub mod workload;

/// A drawing failure, as text (the backends' error types differ).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct ChartError(pub String);

pub(crate) fn chart_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// A text's width in pixels in the chart font (`FONT`) at a size in pixels, if it can tell.
pub type TextMeasure = fn(&str, f64) -> Option<f64>;

static TEXT_MEASURE: std::sync::OnceLock<TextMeasure> = std::sync::OnceLock::new();

/// Installs how every chart drawn afterwards measures its text. In the browser, plotters
/// measures a text by adding an element to the page and reading its size, which lays the whole
/// page out each time: a redraw of the compare view measured 52 texts that way. The page
/// installs a canvas's `measureText`, which needs no layout. Natively nothing is installed and
/// plotters measures.
pub fn set_text_measure(measure: TextMeasure) {
    let _ = TEXT_MEASURE.set(measure);
}

/// The width of `text` in the chart font at `px` drawing pixels on `area`, rounded up.
pub(crate) fn text_width<DB: plotters::prelude::DrawingBackend>(
    area: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    text: &str,
    px: f64,
) -> Result<u32, ChartError> {
    if let Some(w) = TEXT_MEASURE.get().and_then(|m| m(text, px)) {
        return Ok(w.ceil().max(0.0) as u32);
    }
    let style =
        plotters::prelude::TextStyle::from(plotters::prelude::IntoFont::into_font((FONT, px)));
    area.estimate_text_size(text, &style)
        .map(|(w, _)| w)
        .map_err(chart_err)
}

/// The font family for chart text: the browser's own sans-serif, which covers 中文 where the
/// user's system has a CJK font (no web fonts are fetched).
pub const FONT: &str = "sans-serif";

/// The smallest text a chart draws, in design pixels: at scale 1 a design pixel is a CSS pixel,
/// and 14 px is the least a projected or printed chart stays legible at.
pub const MIN_FONT: f64 = 14.0;

/// Drawing pixels per design pixel. Every size a chart draws (type, margins, strokes, marks)
/// is given in design pixels and multiplied by this, so a chart drawn for a big, dense screen
/// looks like the same chart, not a smaller one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(pub f64);

impl Scale {
    /// A design pixel is a drawing pixel (native SVG, tests).
    pub const ONE: Scale = Scale(1.0);

    /// `x` design pixels in drawing pixels.
    pub fn px(self, x: f64) -> i32 {
        (x * self.0).round() as i32
    }

    /// `x` design pixels in drawing pixels, at least one.
    pub fn upx(self, x: f64) -> u32 {
        (x * self.0).round().max(1.0) as u32
    }

    /// A chart font of `size` design pixels (never under `MIN_FONT`).
    pub fn font(self, size: f64) -> (&'static str, f64) {
        (FONT, size.max(MIN_FONT) * self.0)
    }
}

/// The scale for a chart shown `css_w` × `css_h` CSS pixels on a screen with `dpr` device
/// pixels per CSS pixel (the canvas's bitmap being that size times `dpr`): a design pixel is
/// one CSS pixel on a chart of laptop size, and grows with a bigger chart (a projector's slide)
/// up to twice, so type reads from the back of a room.
pub fn scale_for(css_w: f64, css_h: f64, dpr: f64) -> Scale {
    let grow = (css_w / 640.0).min(css_h / 360.0);
    let grow = if grow.is_finite() {
        grow.clamp(1.0, 2.0)
    } else {
        1.0
    };
    let dpr = if dpr.is_finite() && dpr > 0.0 {
        dpr
    } else {
        1.0
    };
    Scale(grow * dpr)
}

/// A rectangle in drawing pixels, edges inclusive of `x0, y0` and exclusive of `x1, y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    pub(crate) fn of<DB: plotters::prelude::DrawingBackend, CT: plotters::coord::CoordTranslate>(
        area: &plotters::prelude::DrawingArea<DB, CT>,
    ) -> Rect {
        let (x, y) = area.get_pixel_range();
        Rect {
            x0: x.start,
            y0: y.start,
            x1: x.end,
            y1: y.end,
        }
    }

    /// Whether the two share any pixel.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Where a chart put its data and its legend: the legend is never over the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The plot area (inside the axes).
    pub plot: Rect,
    /// The legend's strip, if the chart has one.
    pub legend: Option<Rect>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_grows_with_the_chart_and_the_screen_density() {
        // A laptop-sized chart: design pixels are CSS pixels, times the density.
        assert_eq!(scale_for(633.0, 317.0, 1.0), Scale(1.0));
        assert_eq!(scale_for(633.0, 317.0, 2.0), Scale(2.0));
        // A projector's slide: twice, no more.
        assert_eq!(scale_for(1882.0, 1000.0, 1.0), Scale(2.0));
        let s = scale_for(1328.0, 700.0, 1.0).0;
        assert!(s > 1.9 && s < 2.0, "{s}");
        assert_eq!(scale_for(0.0, 0.0, f64::NAN), Scale(1.0));
        assert_eq!(Scale(2.0).font(10.0), (FONT, 28.0));
    }

    #[test]
    fn rectangles_overlap_only_when_they_share_pixels() {
        let a = Rect {
            x0: 0,
            y0: 0,
            x1: 10,
            y1: 10,
        };
        let b = Rect {
            x0: 0,
            y0: 10,
            x1: 10,
            y1: 20,
        };
        assert!(!a.overlaps(&b) && !b.overlaps(&a));
        let c = Rect {
            x0: 5,
            y0: 5,
            x1: 6,
            y1: 6,
        };
        assert!(a.overlaps(&c));
    }
}
