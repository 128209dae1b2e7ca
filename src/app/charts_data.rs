//! What the page's charts and lists show, shaped from a result: the figures and translated
//! texts each chart is drawn from, the metric table's best and worst marks, and the labels the
//! views share (a staff member's name, a working day, a time of day, the scenario's name).
//! Pure: the page only hands these to a canvas or into its markup, so they are tested here.

use crate::app::outcome::{Lived, ModelView, Outcome};
use crate::app::protocol::RouteView;
use crate::app::staffing_view::path_curve;
use crate::app::sweep::{Curve, StaffingPoint};
use crate::charts::compare::{Labels, Line, LineLabels, Reference, Series};
use crate::charts::map::{hull, MapLabels};
use crate::charts::workload::WorkloadLabels;
use crate::core::generate::Preset;
use crate::core::geo::Point;
use crate::core::metrics::{balance, Metrics};
use crate::core::scenario::Scenario;
use crate::i18n::{num, t, tf, Lang};

/// A box plot of values per category, with a horizontal limit line.
pub struct BoxChart {
    pub data: Vec<Vec<f64>>,
    pub limit: f64,
    pub limit_name: String,
    pub labels: Labels,
}

/// Grouped (or stacked) bars: one series per legend entry, one value per category.
pub struct BarChart {
    pub series: Vec<Series>,
    pub stacked: bool,
    pub labels: Labels,
}

/// Lines over a numeric x axis.
pub struct LineChart {
    pub lines: Vec<Line>,
    /// A dashed horizontal line (a target), if any.
    pub reference: Option<Reference>,
    pub labels: LineLabels,
}

/// One of the comparison charts, ready to draw.
pub enum CompareChart {
    Box(BoxChart),
    Bars(BarChart),
    Lines(LineChart),
}

/// The models' calendar figures, or `None` when any model has none yet (the comparison
/// charts are drawn for all shown models or not at all).
fn all_lived<'a>(models: &[&'a ModelView]) -> Option<Vec<&'a Lived>> {
    let lived: Vec<&Lived> = models.iter().filter_map(|m| m.lived.as_ref()).collect();
    (lived.len() == models.len()).then_some(lived)
}

/// The comparison chart with canvas id `id` (`hours-chart`, `coverage-chart`, `time-chart`,
/// `skill-chart`, `contacts-chart`) for the shown `models`, every model side by side; `None`
/// for another id or before the calendars.
pub fn compare_chart(
    lang: Lang,
    c: &Outcome,
    models: &[&ModelView],
    id: &str,
) -> Option<CompareChart> {
    let lived = all_lived(models)?;
    let names: Vec<String> = models
        .iter()
        .map(|m| t(lang, m.model.key()).to_string())
        .collect();
    let labels = |key: &str, y: &str| Labels {
        title: t(lang, key).to_string(),
        y_desc: t(lang, y).to_string(),
        categories: names.clone(),
        colours: models.iter().map(|m| m.model.index()).collect(),
    };
    let series = |key: &str, values: Vec<f64>| Series {
        name: t(lang, key).to_string(),
        values,
    };
    let s = &c.scenario.settings;
    let week = s.day_minutes * f64::from(s.days_per_week) / 60.0;
    let chart = match id {
        "hours-chart" => CompareChart::Box(BoxChart {
            data: lived.iter().map(|l| l.weekly_hours.clone()).collect(),
            limit: week,
            limit_name: tf(lang, "chart.workload.line", &[("hours", num(week, 0))]),
            labels: labels("chart.hours.title", "chart.hours.y"),
        }),
        "coverage-chart" => CompareChart::Lines(LineChart {
            lines: models
                .iter()
                .zip(&lived)
                .map(|(m, l)| Line {
                    name: t(lang, m.model.key()).to_string(),
                    points: l
                        .weekly_coverage
                        .iter()
                        .enumerate()
                        .filter_map(|(w, x)| x.map(|x| (w as f64 + 1.0, x)))
                        .collect(),
                    mark: None,
                    colour: m.model.index(),
                })
                .collect(),
            reference: None,
            labels: LineLabels {
                title: t(lang, "chart.coverage.title").to_string(),
                x_desc: t(lang, "chart.coverage.x").to_string(),
                y_desc: t(lang, "metric.coverage_rate").to_string(),
            },
        }),
        "time-chart" => CompareChart::Bars(BarChart {
            series: vec![
                series(
                    "chart.time.service",
                    lived.iter().map(|l| l.service_h).collect(),
                ),
                series(
                    "chart.time.travel",
                    lived.iter().map(|l| l.travel_h).collect(),
                ),
                series(
                    "chart.time.other",
                    lived.iter().map(|l| l.other_h).collect(),
                ),
                series(
                    "chart.time.unused",
                    lived.iter().map(|l| l.unused_h).collect(),
                ),
            ],
            stacked: true,
            labels: labels("chart.time.title", "chart.hours.y"),
        }),
        "skill-chart" => {
            let rate = |f: fn(&Metrics) -> Option<f64>| {
                models
                    .iter()
                    .map(|m| f(&m.metrics).unwrap_or(f64::NAN))
                    .collect()
            };
            CompareChart::Bars(BarChart {
                series: vec![
                    series(
                        "metric.top_customers_top_staff_rate",
                        rate(|m| m.top_customers_top_staff_rate),
                    ),
                    series(
                        "metric.skill_inversion_rate",
                        rate(|m| m.skill_inversion_rate),
                    ),
                ],
                stacked: false,
                labels: labels("chart.skill.title", "chart.share"),
            })
        }
        "contacts-chart" => {
            let keys = [
                "chart.contacts.0",
                "chart.contacts.1",
                "chart.contacts.2",
                "chart.contacts.3",
                "chart.contacts.4",
            ];
            CompareChart::Bars(BarChart {
                series: keys
                    .iter()
                    .enumerate()
                    .map(|(k, key)| {
                        series(
                            key,
                            lived
                                .iter()
                                .map(|l| {
                                    let n = l.contacts.iter().sum::<usize>().max(1);
                                    l.contacts[k] as f64 / n as f64
                                })
                                .collect(),
                        )
                    })
                    .collect(),
                stacked: true,
                labels: labels("chart.contacts.title", "chart.share"),
            })
        }
        _ => return None,
    };
    Some(chart)
}

/// The workload chart of one model: required hours per staff member against the working week.
pub struct WorkloadChart<'a> {
    pub hours: &'a [f64],
    pub limit: f64,
    pub labels: WorkloadLabels,
}

/// The workload chart of model `model` (comparison order), if there is one.
pub fn workload_chart(lang: Lang, c: &Outcome, model: usize) -> Option<WorkloadChart<'_>> {
    let shown = c.models.get(model)?;
    let model_name = t(lang, shown.model.key()).to_string();
    let s = &c.scenario.settings;
    let limit = s.day_minutes * f64::from(s.days_per_week) / 60.0;
    Some(WorkloadChart {
        hours: &shown.staff_weekly_hours,
        limit,
        labels: WorkloadLabels {
            title: tf(lang, "chart.workload.title", &[("model", model_name)]),
            x_desc: t(lang, "chart.workload.x").to_string(),
            y_desc: t(lang, "chart.workload.y").to_string(),
            limit: tf(lang, "chart.workload.line", &[("hours", num(limit, 0))]),
        },
    })
}

/// The caption under the workload chart: mean, least, most and spread of the weekly hours
/// (empty when there is nothing to summarise).
pub fn workload_summary(lang: Lang, c: &Outcome, model: usize) -> String {
    c.models
        .get(model)
        .and_then(|m| {
            let h = &m.staff_weekly_hours;
            let (cv, _) = balance(h)?;
            let mean = h.iter().sum::<f64>() / h.len() as f64;
            let max = h.iter().copied().fold(f64::MIN, f64::max);
            let min = h.iter().copied().fold(f64::MAX, f64::min);
            Some(tf(
                lang,
                "summary.workload",
                &[
                    ("mean", num(mean, 1)),
                    ("min", num(min, 1)),
                    ("max", num(max, 1)),
                    ("cv", num(cv, 2)),
                ],
            ))
        })
        .unwrap_or_default()
}

/// The three staffing charts (canvas id and chart): the establishment's search path per model
/// (coverage in percent against headcount, the coverage target dashed, each model's answer
/// marked), then coverage (of the chosen post, or of all) and monthly cost of the plans at
/// fixed headcounts, one line per model.
pub fn staffing_charts(
    lang: Lang,
    curves: &[Curve],
    post: Option<usize>,
) -> [(&'static str, LineChart); 3] {
    type Figure = Box<dyn Fn(&StaffingPoint) -> f64>;
    let labels = |title: &str, y: &str| LineLabels {
        title: t(lang, title).to_string(),
        x_desc: t(lang, "staffing.headcount").to_string(),
        y_desc: t(lang, y).to_string(),
    };
    // The search's path (see `path_curve` for why one point per headcount) in percent, the
    // unit the target is entered in; the answer is the path's last point.
    let path = LineChart {
        lines: curves
            .iter()
            .filter_map(|c| {
                let e = c.establishment.as_ref()?;
                let pct = |n: usize, x: f64| (n as f64, x * 100.0);
                Some(Line {
                    name: t(lang, c.model.key()).to_string(),
                    points: path_curve(e).into_iter().map(|(n, x)| pct(n, x)).collect(),
                    mark: e
                        .headcount
                        .zip(e.curve.last())
                        .map(|(n, p)| pct(n, p.coverage_rate)),
                    colour: c.model.index(),
                })
            })
            .collect(),
        reference: curves
            .iter()
            .find_map(|c| c.establishment.as_ref())
            .map(|e| Reference {
                y: e.coverage_target * 100.0,
                name: tf(
                    lang,
                    "staffing.target_line",
                    &[("pct", plain_pct(e.coverage_target))],
                ),
            }),
        labels: labels("staffing.path_title", "staffing.coverage_pct"),
    };
    let line = |c: &Curve, y: &Figure| Line {
        name: t(lang, c.model.key()).to_string(),
        points: c
            .points
            .iter()
            .map(|p| (p.headcount as f64, y(p)))
            .collect(),
        mark: None,
        colour: c.model.index(),
    };
    // The chosen post's coverage, or the whole's; a post nobody needs counts as covered.
    let coverage: Figure = match post {
        Some(k) => Box::new(move |p: &StaffingPoint| {
            p.coverage_by_post.get(k).copied().flatten().unwrap_or(1.0)
        }),
        None => Box::new(|p: &StaffingPoint| p.coverage),
    };
    let cost: Figure = Box::new(|p: &StaffingPoint| p.monthly_cost);
    let chart = |title: &str, y: &str, f: &Figure| LineChart {
        lines: curves.iter().map(|c| line(c, f)).collect(),
        reference: None,
        labels: labels(title, y),
    };
    [
        ("staffing-path", path),
        (
            "staffing-coverage",
            chart("staffing.coverage_title", "metric.coverage_rate", &coverage),
        ),
        (
            "staffing-cost",
            chart("staffing.cost_title", "metric.monthly_cost", &cost),
        ),
    ]
}

/// A share as a percentage with at most one decimal and no trailing zero ("99.5", "100").
pub fn plain_pct(x: f64) -> String {
    let s = num(x * 100.0, 1);
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// What the map draws for one model: customers and their territory colours, the bases, the
/// chosen staff member's customers and outline, a day's route and the picked customer.
pub struct MapData<'a> {
    pub pts: Vec<Point>,
    pub colours: &'a [u8],
    pub bases: Vec<Point>,
    pub labels: MapLabels,
    /// The chosen staff member's customers (`None`: nobody chosen, all alike).
    pub highlight: Option<Vec<bool>>,
    /// Base, stops in order, base (empty without a route to show).
    pub route: Vec<Point>,
    pub stop_labels: Vec<String>,
    /// Territory outlines with their colours (only the chosen staff member's when one is).
    pub outlines: Vec<(&'a [Point], u8)>,
    pub selected: Option<Point>,
    /// Each territory's customers, hours and sales at its centre (the chosen staff member's
    /// only when one is).
    pub territory_labels: Vec<(Point, String)>,
    /// Derived departments (a list imported without managers): each one's outline while no
    /// staff member is chosen, and its name at its office.
    pub department_outlines: Vec<Vec<Point>>,
    pub office_labels: Vec<(Point, String)>,
}

/// The map of model `model` with staff member `staff` chosen (if any), `route` the day route
/// shown (if it is that staff member's on `day`) and customer `picked` selected.
pub fn map_data<'a>(
    lang: Lang,
    c: &'a Outcome,
    model: usize,
    staff: Option<usize>,
    day: u32,
    route: Option<&RouteView>,
    picked: Option<usize>,
) -> Option<MapData<'a>> {
    let shown = c.models.get(model)?;
    let model_name = t(lang, shown.model.key()).to_string();
    let mut path: Vec<Point> = Vec::new();
    let mut stop_labels: Vec<String> = Vec::new();
    if let Some(r) = route.filter(|r| Some(r.staff) == staff && r.day == day) {
        if !r.stops.is_empty() {
            // A market manager's route starts at the department office.
            let base = match market_department(c, model, r.staff) {
                Some(d) => c.scenario.departments.get(d).map(|x| x.office),
                None => shown
                    .staff
                    .get(r.staff)
                    .map(|st| c.scenario.base_of(st.manager)),
            }
            .unwrap_or_default();
            path.push(base);
            for (k, stop) in r.stops.iter().enumerate() {
                if let Some(cu) = c.scenario.customers.get(stop.customer) {
                    path.push(cu.pos);
                    // The number only: the times are listed beside the map, so labels stay apart.
                    stop_labels.push((k + 1).to_string());
                }
            }
            path.push(base);
        }
    }
    Some(MapData {
        pts: c.scenario.customers.iter().map(|c| c.pos).collect(),
        colours: &shown.colours,
        bases: c.scenario.departments.iter().map(|d| d.office).collect(),
        labels: MapLabels {
            title: tf(lang, "chart.map.title", &[("model", model_name)]),
            km: t(lang, "chart.map.km").to_string(),
            base: t(lang, "chart.map.base").to_string(),
        },
        highlight: staff.map(|s| shown.owner.iter().map(|&o| o == s).collect()),
        route: path,
        stop_labels,
        outlines: shown
            .outlines
            .iter()
            .zip(&shown.staff_colours)
            .enumerate()
            .filter(|(s, _)| staff.is_none_or(|m| m == *s))
            .map(|(_, (o, &c))| (o.as_slice(), c))
            .collect(),
        selected: picked
            .and_then(|i| c.scenario.customers.get(i))
            .map(|cu| cu.pos),
        territory_labels: territory_labels(lang, c, model, staff),
        department_outlines: if staff.is_none() {
            department_outlines(&c.scenario)
        } else {
            Vec::new()
        },
        office_labels: if c.scenario.departments_rule.is_some() {
            c.scenario
                .departments
                .iter()
                .map(|d| (d.office, d.name.clone()))
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// The outline of each derived department's customers (none for other departments: a
/// preset's or a manager list's are not held to their customers).
fn department_outlines(sc: &Scenario) -> Vec<Vec<Point>> {
    if sc.departments_rule.is_none() {
        return Vec::new();
    }
    let mut by_dept: Vec<Vec<Point>> = vec![Vec::new(); sc.departments.len()];
    for cu in sc.customers.iter() {
        if let Some(v) = cu.department.and_then(|d| by_dept.get_mut(d)) {
            v.push(cu.pos);
        }
    }
    by_dept.iter().map(|pts| hull(pts)).collect()
}

/// The label written on each territory, at the centre of the customers it mainly serves: its
/// person, then its customers, required hours per month and monthly sales.
fn territory_labels(
    lang: Lang,
    c: &Outcome,
    model: usize,
    staff: Option<usize>,
) -> Vec<(Point, String)> {
    let Some(shown) = c.models.get(model) else {
        return Vec::new();
    };
    let n = shown.staff.len();
    let mut sum = vec![(0.0, 0.0, 0usize); n];
    for (&o, cu) in shown.owner.iter().zip(c.scenario.customers.iter()) {
        if let Some(x) = sum.get_mut(o) {
            x.0 += cu.pos.x;
            x.1 += cu.pos.y;
            x.2 += 1;
        }
    }
    shown
        .territories
        .iter()
        .filter(|t| staff.is_none_or(|s| s == t.staff))
        .filter_map(|t| {
            let &(x, y, k) = sum.get(t.staff)?;
            (k > 0).then(|| {
                let text = tf(
                    lang,
                    "chart.map.territory",
                    &[
                        ("customers", t.customers.to_string()),
                        ("hours", format!("{:.0}", t.required_hours)),
                        ("sales", format!("{:.0}", t.monthly_sales)),
                    ],
                );
                // The person first, then the figures (a line each).
                let name = staff_name(lang, c, model, t.staff);
                (
                    Point::new(x / k as f64, y / k as f64),
                    format!("{name}\n{text}"),
                )
            })
        })
        .collect()
}

/// Which way a metric is better: `Some(true)` higher, `Some(false)` lower, `None` neither (a
/// count or a property, not a verdict).
pub fn better_high(metric: &str) -> Option<bool> {
    match metric {
        "coverage_rate"
        | "rigid_cycle_met_rate"
        | "top_customers_top_staff_rate"
        | "service_minutes_per_customer_month"
        | "skilled_service_minutes_per_customer_month" => Some(true),
        "travel_km_per_visit"
        | "travel_time_share"
        | "travel_minutes_per_customer"
        | "workload_cv"
        | "max_over_mean_workload"
        | "overtime_hours"
        | "skill_inversion_rate"
        | "same_day_multi_visit_rate"
        | "headcount_for_full_coverage"
        | "monthly_cost" => Some(false),
        _ => None,
    }
}

/// The columns holding a row's best and worst values (ties all marked; none when all equal or
/// the metric has no better direction).
pub fn best_and_worst(metric: &str, vals: &[Option<f64>]) -> (Vec<usize>, Vec<usize>) {
    let Some(high) = better_high(metric) else {
        return (Vec::new(), Vec::new());
    };
    let xs: Vec<(usize, f64)> = vals
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|x| (i, x)))
        .collect();
    let max = xs.iter().map(|x| x.1).fold(f64::MIN, f64::max);
    let min = xs.iter().map(|x| x.1).fold(f64::MAX, f64::min);
    // Equal within display precision: no winner.
    if xs.len() < 2 || (max - min).abs() < 5e-4 * max.abs().max(1e-9) {
        return (Vec::new(), Vec::new());
    }
    let at = |v: f64| {
        xs.iter()
            .filter(|x| x.1 == v)
            .map(|x| x.0)
            .collect::<Vec<_>>()
    };
    if high {
        (at(max), at(min))
    } else {
        (at(min), at(max))
    }
}

/// Minutes after midnight as HH:MM (an evening past midnight reads 24:10, 25:30).
pub fn clock(minutes: f64) -> String {
    let m = minutes.max(0.0).round() as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A staff member's name for lists: "张三 · 客户服务岗".
pub fn staff_name(lang: Lang, c: &Outcome, model: usize, staff: usize) -> String {
    if let Some(d) = market_department(c, model, staff) {
        return market_manager_name(lang, c, d);
    }
    let Some(st) = c.models.get(model).and_then(|m| m.staff.get(staff)) else {
        return staff.to_string();
    };
    let name = c
        .scenario
        .managers
        .get(st.manager)
        .map_or_else(|| staff.to_string(), |m| m.name.clone());
    match st.post {
        Some(p) => format!("{name} · {}", t(lang, p.key())),
        None => name,
    }
}

/// The department whose market manager row `staff` is (rows after the model's staff, see
/// `Lived::market`), if it is one.
pub fn market_department(c: &Outcome, model: usize, staff: usize) -> Option<usize> {
    let m = c.models.get(model)?;
    let k = staff.checked_sub(m.staff.len())?;
    m.lived.as_ref()?.market.get(k).map(|r| r.department)
}

/// A department's market manager (市场经理) by name, or by the department's when unnamed.
pub fn market_manager_name(lang: Lang, c: &Outcome, d: usize) -> String {
    let dep = c.scenario.departments.get(d);
    match dep.map(|x| x.market_manager.as_str()) {
        // A name that says the role already (the presets' 市场经理1, …) is shown as it is.
        Some(n) if n.contains(t(lang, "calendar.market_manager")) => n.to_string(),
        Some(n) if !n.is_empty() => format!("{n} · {}", t(lang, "calendar.market_manager")),
        _ => tf(
            lang,
            "calendar.market_manager_of",
            &[(
                "department",
                dep.map_or_else(|| d.to_string(), |x| x.name.clone()),
            )],
        ),
    }
}

/// A working day (0-based over the horizon) as its week and day of the week.
pub fn day_label(lang: Lang, c: &Outcome, day: u32) -> String {
    let dpw = c.scenario.settings.days_per_week.max(1);
    tf(
        lang,
        "calendar.day",
        &[
            ("week", (day / dpw + 1).to_string()),
            ("day", (day % dpw + 1).to_string()),
        ],
    )
}

/// The shown scenario's name: its preset's, or "imported scenario" (the result's own source,
/// which lags the selector while a new one computes).
pub fn scenario_name(lang: Lang, sc: &Scenario) -> String {
    match Preset::parse(&sc.source) {
        Ok(p) => t(lang, p.key()).to_string(),
        Err(_) => t(lang, "data.imported_source").to_string(),
    }
}

/// What a report was computed on: the scenario (`base_name` for an opened or imported one,
/// else the preset's name), its size, seed, horizon and replications, and the models shown.
pub fn report_summary(
    lang: Lang,
    c: &Outcome,
    base_name: Option<&str>,
    seed: u64,
    shown: &[&ModelView],
) -> String {
    let sc = &c.scenario;
    let source = base_name.map_or_else(|| scenario_name(lang, sc), str::to_string);
    let models: Vec<&str> = shown.iter().map(|m| t(lang, m.model.key())).collect();
    tf(
        lang,
        "report.summary",
        &[
            ("source", source),
            ("customers", sc.customers.len().to_string()),
            ("managers", sc.managers.len().to_string()),
            ("departments", sc.departments.len().to_string()),
            ("seed", seed.to_string()),
            ("weeks", sc.settings.weeks.to_string()),
            ("replications", c.replications.to_string()),
            ("models", models.join("、")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::app::protocol::{Reply, Request, StopView};
    use crate::app::session::run;
    use crate::core::settings::Function;
    use crate::core::staffing::{CurvePoint, Establishment};

    fn request(calendar: bool) -> Request {
        Request {
            id: 1,
            weeks: 2,
            calendar,
            ..Request::of_preset("rural", 42)
        }
    }

    fn outcome_of(calendar: bool) -> Outcome {
        match run(&request(calendar), &mut |_| {}) {
            Reply::Done { outcome, .. } => *outcome,
            other => panic!("not done: {other:?}"),
        }
    }

    /// The rural preset with its calendars, computed once for all tests.
    fn planned() -> &'static Outcome {
        static ONCE: OnceLock<Outcome> = OnceLock::new();
        ONCE.get_or_init(|| outcome_of(true))
    }

    const IDS: [&str; 5] = [
        "hours-chart",
        "coverage-chart",
        "time-chart",
        "skill-chart",
        "contacts-chart",
    ];

    #[test]
    fn every_comparison_chart_has_one_figure_per_shown_model() {
        let c = planned();
        let models: Vec<&ModelView> = c.models.iter().skip(1).collect();
        let week =
            c.scenario.settings.day_minutes * f64::from(c.scenario.settings.days_per_week) / 60.0;
        for id in IDS {
            match compare_chart(Lang::En, c, &models, id).expect(id) {
                CompareChart::Box(b) => {
                    assert_eq!(id, "hours-chart");
                    assert_eq!(b.data.len(), models.len());
                    assert_eq!(b.labels.categories.len(), models.len());
                    assert_eq!(b.limit, week);
                    for (d, m) in b.data.iter().zip(&models) {
                        assert_eq!(Some(d), m.lived.as_ref().map(|l| &l.weekly_hours));
                    }
                }
                CompareChart::Lines(l) => {
                    assert_eq!(id, "coverage-chart");
                    assert_eq!(l.lines.len(), models.len());
                    for (line, m) in l.lines.iter().zip(&models) {
                        // A model keeps its colour whatever else is hidden.
                        assert_eq!(line.colour, m.model.index());
                        assert!(line.points.iter().all(|p| (0.0..=1.0).contains(&p.1)));
                        assert!(line.points.first().is_none_or(|p| p.0 >= 1.0));
                    }
                }
                CompareChart::Bars(b) => {
                    assert_eq!(
                        b.labels.colours,
                        models.iter().map(|m| m.model.index()).collect::<Vec<_>>()
                    );
                    for s in &b.series {
                        assert_eq!(s.values.len(), models.len(), "{id}");
                    }
                    match id {
                        "time-chart" => {
                            assert!(b.stacked);
                            assert_eq!(b.series.len(), 4);
                            let l = models[0].lived.as_ref().expect("lived");
                            assert_eq!(b.series[0].values[0], l.service_h);
                            assert_eq!(b.series[3].values[0], l.unused_h);
                        }
                        "skill-chart" => {
                            assert!(!b.stacked);
                            assert_eq!(b.series.len(), 2);
                        }
                        "contacts-chart" => {
                            assert!(b.stacked);
                            assert_eq!(b.series.len(), 5);
                            // Each model's shares add up to the whole.
                            for i in 0..models.len() {
                                let sum: f64 = b.series.iter().map(|s| s.values[i]).sum();
                                assert!((sum - 1.0).abs() < 1e-9, "{sum}");
                            }
                        }
                        other => panic!("bars for {other}"),
                    }
                }
            }
        }
        assert!(compare_chart(Lang::En, c, &models, "map").is_none());
    }

    #[test]
    fn no_comparison_chart_before_the_calendars() {
        let c = outcome_of(false);
        let models: Vec<&ModelView> = c.models.iter().collect();
        for id in IDS {
            assert!(compare_chart(Lang::ZhCn, &c, &models, id).is_none(), "{id}");
        }
        // The workload chart needs no calendar.
        let w = workload_chart(Lang::ZhCn, &c, 0).expect("workload");
        assert_eq!(w.hours, c.models[0].staff_weekly_hours.as_slice());
        assert!(workload_chart(Lang::ZhCn, &c, 9).is_none());
    }

    #[test]
    fn the_workload_summary_states_the_spread_of_the_hours() {
        let c = planned();
        let h = &c.models[0].staff_weekly_hours;
        let max = h.iter().copied().fold(f64::MIN, f64::max);
        let text = workload_summary(Lang::En, c, 0);
        // Hours with one decimal: a tenth of an hour is six minutes.
        assert!(text.contains(&num(max, 1)), "{text}");
        assert_eq!(workload_summary(Lang::En, c, 9), "");
    }

    fn point(headcount: usize, coverage: f64) -> StaffingPoint {
        StaffingPoint {
            headcount,
            coverage,
            monthly_cost: headcount as f64 * 100.0,
            coverage_by_post: vec![Some(coverage / 2.0), None, None, None],
        }
    }

    #[test]
    fn staffing_charts_follow_the_chosen_post_and_mark_the_establishment() {
        let curve = Curve {
            model: crate::core::models::ModelId::Region,
            points: vec![point(4, 0.5), point(8, 1.0)],
            establishment: Some(Establishment {
                coverage_target: 0.995,
                table: Vec::new(),
                curve: vec![
                    CurvePoint {
                        headcount: 6,
                        coverage_rate: 0.98,
                    },
                    CurvePoint {
                        headcount: 7,
                        coverage_rate: 0.997,
                    },
                ],
                headcount: Some(7),
                limit: 16,
                calendars: 2,
                staffed: None,
            }),
        };
        let [(path_id, path), (cov_id, cov), (cost_id, cost)] =
            staffing_charts(Lang::En, std::slice::from_ref(&curve), None);
        assert_eq!(
            (path_id, cov_id, cost_id),
            ("staffing-path", "staffing-coverage", "staffing-cost")
        );
        // The establishment's answer: its headcount and the coverage its plan reached, on the
        // search's path (in percent, like the target). It moved there from the coverage chart
        // of fixed headcounts: the answer's plan holds departments and posts, so it need not
        // lie on that chart's lines.
        let pct = |x: f64| (x * 1e6).round() / 1e6;
        let path_pts: Vec<(f64, f64)> = path.lines[0]
            .points
            .iter()
            .map(|&(n, y)| (n, pct(y)))
            .collect();
        assert_eq!(path_pts, vec![(6.0, 98.0), (7.0, 99.7)]);
        assert_eq!(
            path.lines[0].mark.map(|(n, y)| (n, pct(y))),
            Some((7.0, 99.7))
        );
        let target = path.reference.as_ref().expect("the target line");
        assert!((target.y - 99.5).abs() < 1e-9);
        assert!(target.name.contains("99.5"), "{}", target.name);
        assert_eq!(cov.lines[0].points, vec![(4.0, 0.5), (8.0, 1.0)]);
        assert_eq!(cov.lines[0].mark, None);
        assert_eq!(cost.lines[0].mark, None);
        assert!(cov.reference.is_none() && cost.reference.is_none());
        assert_eq!(cost.lines[0].points, vec![(4.0, 400.0), (8.0, 800.0)]);
        // A post: its own coverage; a post nobody needs counts as covered.
        let [_, (_, service), _] = staffing_charts(Lang::En, std::slice::from_ref(&curve), Some(0));
        assert_eq!(service.lines[0].points, vec![(4.0, 0.25), (8.0, 0.5)]);
        assert_eq!(service.lines[0].mark, None);
        let [_, (_, brand), _] = staffing_charts(Lang::En, std::slice::from_ref(&curve), Some(1));
        assert_eq!(brand.lines[0].points, vec![(4.0, 1.0), (8.0, 1.0)]);
        // Without the search: no path, no target.
        let plain = Curve {
            establishment: None,
            ..curve
        };
        let [(_, path), _, _] = staffing_charts(Lang::En, &[plain], None);
        assert!(path.lines.is_empty() && path.reference.is_none());
        assert_eq!(plain_pct(0.995), "99.5");
        assert_eq!(plain_pct(1.0), "100");
    }

    #[test]
    fn the_map_shows_the_chosen_staff_members_day_from_base_to_base() {
        let c = planned();
        let all = map_data(Lang::En, c, 0, None, 0, None, None).expect("map");
        assert_eq!(all.pts.len(), c.scenario.customers.len());
        assert!(all.highlight.is_none() && all.route.is_empty());
        assert_eq!(all.outlines.len(), c.models[0].staff.len());
        // Each territory is labelled with its person, then its figures.
        let name = staff_name(Lang::En, c, 0, 0);
        assert!(all
            .territory_labels
            .iter()
            .any(|(_, t)| t.starts_with(&format!("{name}\n"))));
        assert!(all.territory_labels.iter().all(|(_, t)| t.contains('\n')));
        let staff = c.models[0].owner[0];
        let route = RouteView {
            model: 0,
            staff,
            day: 1,
            leave: Some(480.0),
            back: Some(600.0),
            km: 3.0,
            stops: vec![StopView {
                customer: 0,
                start: 545.0,
                end: 560.0,
                functions: vec![Function::Service],
                team: false,
                closed: false,
                covers: None,
            }],
        };
        let one = map_data(Lang::En, c, 0, Some(staff), 1, Some(&route), Some(0)).expect("map");
        let highlight = one.highlight.expect("highlight");
        assert!(highlight[0]);
        assert_eq!(one.outlines.len(), 1);
        let base = c.scenario.base_of(c.models[0].staff[staff].manager);
        assert_eq!(one.route, vec![base, c.scenario.customers[0].pos, base]);
        assert_eq!(one.stop_labels, vec!["1".to_string()]);
        assert_eq!(one.selected, Some(c.scenario.customers[0].pos));
        // Another day's route is not drawn.
        let other = map_data(Lang::En, c, 0, Some(staff), 2, Some(&route), None).expect("map");
        assert!(other.route.is_empty() && other.stop_labels.is_empty());
        assert!(map_data(Lang::En, c, 9, None, 0, None, None).is_none());
    }

    #[test]
    fn best_and_worst_follow_the_metrics_direction() {
        let vals = [Some(0.9), None, Some(0.5), Some(0.9)];
        assert_eq!(
            best_and_worst("coverage_rate", &vals),
            (vec![0, 3], vec![2])
        );
        assert_eq!(best_and_worst("monthly_cost", &vals), (vec![2], vec![0, 3]));
        // No direction, one value, or all equal within display precision: no marks.
        let none = (Vec::new(), Vec::new());
        assert_eq!(best_and_worst("customers", &vals), none);
        assert_eq!(best_and_worst("coverage_rate", &[Some(1.0), None]), none);
        assert_eq!(
            best_and_worst("coverage_rate", &[Some(1.0), Some(1.0001)]),
            none
        );
    }

    #[test]
    fn clock_reads_minutes_after_midnight() {
        assert_eq!(clock(0.0), "00:00");
        assert_eq!(clock(-5.0), "00:00");
        assert_eq!(clock(545.4), "09:05");
        assert_eq!(clock(1450.0), "24:10");
    }

    #[test]
    fn labels_name_staff_days_and_the_scenario() {
        let c = planned();
        let dpw = c.scenario.settings.days_per_week;
        let args = |w: u32, d: u32| [("week", w.to_string()), ("day", d.to_string())];
        assert_eq!(
            day_label(Lang::En, c, 0),
            tf(Lang::En, "calendar.day", &args(1, 1))
        );
        assert_eq!(
            day_label(Lang::En, c, dpw + 2),
            tf(Lang::En, "calendar.day", &args(2, 3))
        );
        let st = &c.models[0].staff[0];
        let name = staff_name(Lang::ZhCn, c, 0, 0);
        assert!(name.starts_with(&c.scenario.managers[st.manager].name));
        assert_eq!(st.post.is_some(), name.contains(" · "));
        assert_eq!(staff_name(Lang::ZhCn, c, 0, 100_000), "100000");
        assert_eq!(
            scenario_name(Lang::En, &c.scenario),
            t(Lang::En, Preset::Rural.key())
        );
        let mut imported = c.scenario.clone();
        imported.source = "customers.csv".into();
        assert_eq!(
            scenario_name(Lang::En, &imported),
            t(Lang::En, "data.imported_source")
        );
        let shown: Vec<&ModelView> = c.models.iter().take(2).collect();
        let text = report_summary(Lang::En, c, Some("my-list.csv"), 4242, &shown);
        assert!(
            text.contains("my-list.csv") && text.contains("4242"),
            "{text}"
        );
        assert!(text.contains(t(Lang::En, shown[1].model.key())), "{text}");
        let text = report_summary(Lang::En, c, None, 1, &shown);
        assert!(
            text.contains(&scenario_name(Lang::En, &c.scenario)),
            "{text}"
        );
    }
}
