//! The comparison's answer as the first screen gives it: every shown model with its coverage,
//! cost, overtime and travel formatted for people, the best of each figure marked by that
//! figure's direction, and one sentence written from the figures. Also how every metric of the
//! contract reads in a table (percent, whole people, 元, km, hours).

use super::charts_data::best_and_worst;
use super::outcome::ModelView;
// How a metric reads lives apart (the exports use it without the verdict); named here too.
pub use super::units::{percent, unit_of, Unit};
use crate::core::models::ModelId;
use crate::i18n::{figure, num, t, tf, Lang};

/// The figures a verdict card shows, by their contract names, in the card's order.
pub const CARD_METRICS: [&str; 4] = [
    "coverage_rate",
    "monthly_cost",
    "overtime_hours",
    "travel_time_share",
];

/// An amount of 元 as its readers write it: 万元 with one decimal in Chinese, whole yuan with
/// grouped thousands in English.
pub fn money(lang: Lang, yuan: f64) -> String {
    match lang {
        Lang::ZhCn => tf(lang, "unit.wan_yuan", &[("x", num(yuan / 10_000.0, 1))]),
        Lang::En => tf(lang, "unit.yuan", &[("x", figure(yuan.round(), 0))]),
    }
}

/// A metric's value as a table cell shows it: the number in its unit's precision, with the
/// unit where the row's name does not already give it (percent and money).
pub fn metric_text(lang: Lang, metric: &str, x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    match unit_of(metric) {
        Unit::Share => percent(x),
        Unit::Count => figure(x.round(), 0),
        Unit::Money => money(lang, x),
        Unit::Hours => figure(x, 1),
        Unit::Minutes | Unit::PerMonth => figure(x, 1),
        Unit::Km => num(x, 2),
        Unit::Ratio => num(x, 2),
    }
}

/// A figure on a card, with its unit spelled out (a card has no row name to give it).
pub fn card_text(lang: Lang, metric: &str, x: f64) -> String {
    match unit_of(metric) {
        Unit::Hours => tf(lang, "unit.hours", &[("x", figure(x.round(), 0))]),
        _ => metric_text(lang, metric, x),
    }
}

/// One model on the first screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub model: ModelId,
    /// `CARD_METRICS`' values (`None` until the calendars are computed).
    pub figures: [Option<f64>; 4],
    /// Whether each figure is the best among the shown models (by its direction).
    pub best: [bool; 4],
}

/// The cards of the shown models and the sentence that sums them up (`None` while the
/// calendars, which give the figures, are still being computed).
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub cards: Vec<Card>,
    pub sentence: Option<String>,
}

/// The verdict on `models` (the shown ones, in their order).
pub fn verdict(lang: Lang, models: &[&ModelView]) -> Verdict {
    let values: Vec<[Option<f64>; 4]> = models
        .iter()
        .map(|m| {
            let named = m.metrics.named();
            CARD_METRICS.map(|name| {
                named
                    .iter()
                    .find(|(n, _)| *n == name)
                    .and_then(|(_, v)| *v)
                    .filter(|x| x.is_finite())
            })
        })
        .collect();
    let bests: Vec<Vec<usize>> = (0..CARD_METRICS.len())
        .map(|k| {
            let column: Vec<Option<f64>> = values.iter().map(|v| v[k]).collect();
            best_and_worst(CARD_METRICS[k], &column).0
        })
        .collect();
    let cards = models
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (m, v))| Card {
            model: m.model,
            figures: *v,
            best: [0, 1, 2, 3].map(|k| bests[k].contains(&i)),
        })
        .collect::<Vec<_>>();
    let sentence = sentence(lang, &cards);
    Verdict { cards, sentence }
}

/// One sentence from the figures: the model covering most against the cheapest one (or that
/// one model is both), with the difference in points and in 元.
fn sentence(lang: Lang, cards: &[Card]) -> Option<String> {
    // (card, coverage, cost) of the cards with both figures.
    let known: Vec<(&Card, f64, f64)> = cards
        .iter()
        .filter_map(|c| Some((c, c.figures[0]?, c.figures[1]?)))
        .collect();
    if known.len() < 2 {
        return None;
    }
    // Ties go to the model listed first, so the sentence does not flicker between equals.
    let (top, cov, top_cost) =
        known
            .iter()
            .copied()
            .reduce(|a, b| if b.1 > a.1 + 1e-9 { b } else { a })?;
    let (cheap, cheap_cov, cost) =
        known
            .iter()
            .copied()
            .reduce(|a, b| if b.2 < a.2 - 1e-6 { b } else { a })?;
    let name = |c: &Card| t(lang, c.model.key()).to_string();
    let coverage_equal = (cov - cheap_cov).abs() < 5e-4;
    if top.model == cheap.model {
        return Some(tf(
            lang,
            "verdict.both",
            &[
                ("model", name(top)),
                ("coverage", percent(cov)),
                ("cost", money(lang, cost)),
            ],
        ));
    }
    if coverage_equal {
        return Some(tf(
            lang,
            "verdict.cheaper",
            &[
                ("cheap", name(cheap)),
                ("coverage", percent(cheap_cov)),
                ("cost", money(lang, cost)),
                ("other", name(top)),
                ("saving", money(lang, top_cost - cost)),
            ],
        ));
    }
    Some(tf(
        lang,
        "verdict.trade",
        &[
            ("top", name(top)),
            ("coverage", percent(cov)),
            ("cheap", name(cheap)),
            ("cheap_coverage", percent(cheap_cov)),
            ("cost", money(lang, cost)),
            ("points", num(100.0 * (cov - cheap_cov), 1)),
            ("extra", money(lang, top_cost - cost)),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(model: ModelId, coverage: f64, cost: f64) -> Card {
        Card {
            model,
            figures: [Some(coverage), Some(cost), Some(10.0), Some(0.2)],
            best: [false; 4],
        }
    }

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(percent(0.7994), "79.9%");
        assert_eq!(metric_text(Lang::ZhCn, "headcount", 19.0), "19");
        assert_eq!(
            metric_text(Lang::ZhCn, "monthly_cost", 452_300.0),
            "45.2 万元"
        );
        assert_eq!(metric_text(Lang::En, "monthly_cost", 452_300.0), "¥452,300");
        assert_eq!(metric_text(Lang::En, "coverage_rate", 1.0), "100.0%");
        assert_eq!(card_text(Lang::En, "overtime_hours", 1234.4), "1,234 h");
        assert_eq!(metric_text(Lang::En, "travel_km_per_visit", f64::NAN), "—");
    }

    #[test]
    fn the_sentence_is_written_from_the_figures() {
        let cards = [
            card(ModelId::Region, 0.90, 160_000.0),
            card(ModelId::Specialised, 0.95, 170_000.0),
        ];
        let s = sentence(Lang::En, &cards).unwrap_or_default();
        assert!(s.contains("Specialised") && s.contains("95.0%"), "{s}");
        assert!(s.contains("5.0 points") && s.contains("¥10,000"), "{s}");
        // The same model best on both: the sentence says so.
        let one = [
            card(ModelId::Region, 0.96, 160_000.0),
            card(ModelId::Format, 0.95, 170_000.0),
        ];
        let s = sentence(Lang::ZhCn, &one).unwrap_or_default();
        assert!(s.starts_with("按区域") && s.contains("16.0 万元"), "{s}");
        // Figures not yet known: no sentence.
        let mut pending = one.clone();
        pending[0].figures[0] = None;
        assert_eq!(sentence(Lang::ZhCn, &pending), None);
    }
}
