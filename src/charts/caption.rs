//! A chart's title fitted to its chart. plotters centres a caption and clips what overflows,
//! so a long title on a half-width chart (English at 1366 px) lost words at both ends.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{text_width, Scale, FONT, MIN_FONT};

/// Room left free on each side of the title, in design pixels.
const SIDE: f64 = 8.0;

/// `title` as it fits `area`'s width, with its font: at `size` design pixels when it fits;
/// else in the largest smaller type that fits, down to `MIN_FONT`; else at `MIN_FONT`,
/// shortened with "…". A backend that cannot measure text gets the title as it is.
pub fn fitted<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    size: f64,
    s: Scale,
) -> (String, (&'static str, f64)) {
    let room = f64::from(area.dim_in_pixel().0) - 2.0 * SIDE * s.0;
    let width = |text: &str, px: f64| text_width(area, text, px).ok().map(f64::from);
    let full = s.font(size);
    let least = s.font(MIN_FONT).1;
    let fits = |text: &str, px: f64| width(text, px).is_none_or(|w| w <= room);
    if fits(title, full.1) {
        return (title.to_string(), full);
    }
    // Text width grows with the type size: try the size that should just fit, then smaller.
    if let Some(w) = width(title, full.1) {
        let mut px = full.1 * room / w;
        while px >= least {
            if fits(title, px) {
                return (title.to_string(), (FONT, px));
            }
            px *= 0.95;
        }
    }
    let chars: Vec<char> = title.chars().collect();
    for n in (1..chars.len()).rev() {
        let short: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if fits(&short, least) {
            return (short, (FONT, least));
        }
    }
    ("…".to_string(), (FONT, least))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit_in(width: u32, title: &str) -> (String, f64) {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (width, 300)).into_drawing_area();
        let (text, (_, px)) = fitted(&root, title, 20.0, Scale::ONE);
        (text, px)
    }

    #[test]
    fn a_title_keeps_its_size_shrinks_or_is_shortened_to_fit() {
        let title = "Coverage over the horizon: share of rigid cycles met, by the week they end";
        // Wide enough: as it is.
        assert_eq!(fit_in(2000, title), (title.to_string(), 20.0));
        // A little too wide: the same words in smaller type, never under the least size.
        let measure = |px: f64| {
            let mut svg = String::new();
            let root = SVGBackend::with_string(&mut svg, (4000, 300)).into_drawing_area();
            let style = TextStyle::from((FONT, px).into_font());
            f64::from(root.estimate_text_size(title, &style).expect("measured").0)
        };
        let w20 = measure(20.0);
        let (text, px) = fit_in((w20 * 0.85 + 2.0 * SIDE) as u32, title);
        assert_eq!(text, title);
        assert!((MIN_FONT..20.0).contains(&px), "{px}");
        assert!(measure(px) <= w20 * 0.85, "fits");
        // Far too narrow: shortened at the least size, ending in "…", and it fits.
        let room = w20 * 0.4;
        let (text, px) = fit_in((room + 2.0 * SIDE) as u32, title);
        assert_eq!(px, MIN_FONT);
        assert!(text.ends_with('…') && text.chars().count() < title.chars().count());
        assert!(title.starts_with(text.trim_end_matches('…')));
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (4000, 300)).into_drawing_area();
        let style = TextStyle::from((FONT, MIN_FONT).into_font());
        let w = f64::from(root.estimate_text_size(&text, &style).expect("measured").0);
        assert!(w <= room, "{w} > {room}");
    }
}
