//! Chart legends in a strip of their own under the plot, never over the data, and the looks
//! that tell apart lines lying on one another (dash pattern and point marker, not colour
//! alone).

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, DynElement, IntoDynElement};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{chart_err, text_width, ChartError, Scale};

/// The legend's type size, in design pixels.
pub const LEGEND_FONT: f64 = 15.0;
const ROW: f64 = 24.0;
const SWATCH: f64 = 30.0;

/// A point marker's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

/// How one line of several is drawn: its dash pattern (dash and gap, design pixels; none
/// for solid) and its point marker. Lines that coincide (five models costing the same at a
/// headcount) stay told apart by these where their colours are hidden under one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub dash: Option<(u32, u32)>,
    pub marker: Marker,
}

/// The `i`-th line's look: every one of the first five differs in both dash and marker.
pub fn look(i: usize) -> Look {
    const LOOKS: [Look; 5] = [
        Look {
            dash: None,
            marker: Marker::Circle,
        },
        Look {
            dash: Some((14, 6)),
            marker: Marker::Square,
        },
        Look {
            dash: Some((4, 4)),
            marker: Marker::Triangle,
        },
        Look {
            dash: Some((14, 4)),
            marker: Marker::Diamond,
        },
        Look {
            dash: Some((2, 6)),
            marker: Marker::Cross,
        },
    ];
    LOOKS[i % LOOKS.len()]
}

/// A marker of `size` drawing pixels (its half-width) at `at`, in any coordinates.
pub fn marker<'a, DB: DrawingBackend + 'a, C: Clone + 'a>(
    m: Marker,
    at: C,
    size: i32,
    colour: RGBColor,
) -> DynElement<'a, DB, C> {
    let fill = colour.filled();
    let s = size;
    match m {
        Marker::Circle => (EmptyElement::at(at) + Circle::new((0, 0), s, fill)).into_dyn(),
        Marker::Square => {
            (EmptyElement::at(at) + Rectangle::new([(-s, -s), (s, s)], fill)).into_dyn()
        }
        Marker::Triangle => (EmptyElement::at(at)
            + Polygon::new(vec![(0, -s - 1), (s + 1, s), (-s - 1, s)], fill))
        .into_dyn(),
        Marker::Diamond => (EmptyElement::at(at)
            + Polygon::new(vec![(0, -s - 1), (s + 1, 0), (0, s + 1), (-s - 1, 0)], fill))
        .into_dyn(),
        Marker::Cross => {
            let w = colour.stroke_width((s / 2).max(2) as u32);
            (EmptyElement::at(at)
                + PathElement::new(vec![(-s, -s), (s, s)], w)
                + PathElement::new(vec![(-s, s), (s, -s)], w))
            .into_dyn()
        }
    }
}

/// What a legend entry shows beside its name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A line in its look (dash, marker), `width` design pixels wide.
    Line {
        colour: RGBColor,
        width: f64,
        look: Look,
    },
    /// A dashed reference line (a limit, a target), without marker.
    Reference { colour: RGBColor, width: f64 },
    /// A filled block (a bar's colour).
    Block(RGBColor),
}

/// One entry: a swatch and its name.
pub struct Entry {
    pub name: String,
    pub swatch: Swatch,
}

/// The legend's entries laid out in centred rows across the strip: per row, the entries'
/// indices and x offsets.
type Rows = Vec<Vec<(usize, i32)>>;

fn rows<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    width: i32,
    s: Scale,
) -> Result<Rows, ChartError> {
    let font_px = s.font(LEGEND_FONT).1;
    let mut rows: Rows = Vec::new();
    let mut widths: Vec<i32> = Vec::new();
    let (mut row, mut x) = (Vec::new(), 0);
    for (i, e) in entries.iter().enumerate() {
        let tw = text_width(root, &e.name, font_px)?;
        let w = s.px(SWATCH + 6.0 + 22.0) + tw as i32;
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

/// Splits `root` into the area for the chart (above) and the legend's strip (below, as many
/// rows as the entries need), and draws the legend into the strip. Returns the chart's area
/// and the strip's rectangle (none without entries).
pub fn strip_below<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    s: Scale,
) -> Result<(DrawingArea<DB, Shift>, Option<super::Rect>), ChartError> {
    if entries.is_empty() {
        return Ok((root.clone(), None));
    }
    let (w, h) = root.dim_in_pixel();
    let margin = s.px(12.0);
    let rows = rows(root, entries, w as i32 - 2 * margin, s)?;
    let row_h = s.px(ROW);
    let strip_h = rows.len() as i32 * row_h + s.px(8.0);
    let (plot, strip) = root.split_vertically(h as i32 - strip_h);
    let text = TextStyle::from(s.font(LEGEND_FONT).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center))
        .color(&BLACK);
    let sw = s.px(SWATCH);
    for (r, row) in rows.iter().enumerate() {
        let y = r as i32 * row_h + row_h / 2;
        for &(i, x) in row {
            let x = x + margin;
            let e = &entries[i];
            match e.swatch {
                Swatch::Line {
                    colour,
                    width,
                    look,
                } => {
                    let style = colour.stroke_width(s.upx(width));
                    match look.dash {
                        None => strip
                            .draw(&PathElement::new(vec![(x, y), (x + sw, y)], style))
                            .map_err(chart_err)?,
                        Some((d, g)) => strip
                            .draw(&DashedPathElement::new(
                                vec![(x, y), (x + sw, y)],
                                s.upx(f64::from(d)),
                                s.upx(f64::from(g)),
                                style,
                            ))
                            .map_err(chart_err)?,
                    }
                    strip
                        .draw(&marker(look.marker, (x + sw / 2, y), s.px(4.0), colour))
                        .map_err(chart_err)?;
                }
                Swatch::Reference { colour, width } => {
                    let style = colour.stroke_width(s.upx(width));
                    strip
                        .draw(&DashedPathElement::new(
                            vec![(x, y), (x + sw, y)],
                            s.upx(10.0),
                            s.upx(6.0),
                            style,
                        ))
                        .map_err(chart_err)?;
                }
                Swatch::Block(colour) => {
                    let half = s.px(7.0);
                    strip
                        .draw(&Rectangle::new(
                            [(x + sw / 2 - half, y - half), (x + sw / 2 + half, y + half)],
                            colour.filled(),
                        ))
                        .map_err(chart_err)?;
                }
            }
            strip
                .draw(&Text::new(e.name.clone(), (x + sw + s.px(6.0), y), &text))
                .map_err(chart_err)?;
        }
    }
    Ok((plot, Some(super::Rect::of(&strip))))
}
