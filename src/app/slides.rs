//! What presentation mode and the guided tour step through, as data: the comparison charts,
//! the slides of a result and the tour's steps. The reducer counts them; the page draws them.

use crate::core::claims::definitions;

/// The comparison charts: canvas id and the translation key of its title.
pub const COMPARE_CHARTS: [(&str, &str); 5] = [
    ("hours-chart", "chart.hours.title"),
    ("coverage-chart", "chart.coverage.title"),
    ("time-chart", "chart.time.title"),
    ("skill-chart", "chart.skill.title"),
    ("contacts-chart", "chart.contacts.title"),
];

/// One slide of presentation mode.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    /// The shown model's required hours per staff member.
    Workload,
    /// The shown model's territories (and the chosen staff member's route).
    Map,
    /// A comparison chart: canvas id and title key.
    Chart(&'static str, &'static str),
    Metrics,
    /// The claims `page * CLAIMS_PER_SLIDE ..` of the claims table, page `page` of `pages`.
    Claims {
        page: usize,
        pages: usize,
    },
}

/// Claims per slide: the claims table has a row per claim, each with its wording, how it is
/// measured and, when it fails, why it can; three such rows are what a projected slide holds
/// in type legible from the back of a room.
pub const CLAIMS_PER_SLIDE: usize = 3;

/// The slides of the shown result: the workload chart and the map, then (with calendars)
/// every comparison chart, the metric table and the claims, a few per slide.
pub fn slides(has_calendar: bool) -> Vec<Slide> {
    let mut out = vec![Slide::Workload, Slide::Map];
    if has_calendar {
        out.extend(COMPARE_CHARTS.iter().map(|(id, key)| Slide::Chart(id, key)));
        out.push(Slide::Metrics);
        let pages = definitions().len().div_ceil(CLAIMS_PER_SLIDE).max(1);
        out.extend((0..pages).map(|page| Slide::Claims { page, pages }));
    }
    out
}

/// The guided tour: each step names an element of the page (highlighted while shown) and
/// says what it is for.
pub const TOUR: &[(&str, &str, &str)] = &[
    ("preset", "tour.preset.title", "tour.preset.body"),
    ("what-if", "tour.what_if.title", "tour.what_if.body"),
    ("tab-compare", "tour.compare.title", "tour.compare.body"),
    ("tab-map", "tour.map.title", "tour.map.body"),
    ("tab-staffing", "tour.staffing.title", "tour.staffing.body"),
    ("tab-learn", "tour.learn.title", "tour.learn.body"),
    (
        "tab-exercises",
        "tour.exercises.title",
        "tour.exercises.body",
    ),
    ("data-panel", "tour.data.title", "tour.data.body"),
    ("present-button", "tour.present.title", "tour.present.body"),
    ("lang-switch", "tour.lang.title", "tour.lang.body"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_claim_is_on_exactly_one_slide() {
        let all = slides(true);
        let claims: Vec<(usize, usize)> = all
            .iter()
            .filter_map(|s| match s {
                Slide::Claims { page, pages } => Some((*page, *pages)),
                _ => None,
            })
            .collect();
        let n = definitions().len();
        assert!(
            n > CLAIMS_PER_SLIDE,
            "{n} claims fit one slide: no pages needed"
        );
        assert!(claims.len() * CLAIMS_PER_SLIDE >= n);
        assert!((claims.len() - 1) * CLAIMS_PER_SLIDE < n, "no empty page");
        for (i, (page, pages)) in claims.iter().enumerate() {
            assert_eq!((*page, *pages), (i, claims.len()));
        }
        // Without calendars: the workload chart and the map only.
        assert_eq!(slides(false).len(), 2);
    }
}
