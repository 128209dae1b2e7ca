//! What presentation mode and the guided tour step through, as data: the comparison charts,
//! the slides of a result and the tour's steps. The reducer counts them; the page draws them.

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
    Claims,
}

/// The slides of the shown result: the workload chart and the map, then (with calendars)
/// every comparison chart, the metric table and the claims.
pub fn slides(has_calendar: bool) -> Vec<Slide> {
    let mut out = vec![Slide::Workload, Slide::Map];
    if has_calendar {
        out.extend(COMPARE_CHARTS.iter().map(|(id, key)| Slide::Chart(id, key)));
        out.push(Slide::Metrics);
        out.push(Slide::Claims);
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
