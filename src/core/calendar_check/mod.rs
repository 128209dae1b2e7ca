//! An independent checker of visit calendars: every rule of docs/domain.md "Simulation rules" that a
//! calendar must keep, and the contract's calendar metrics recomputed from the calendar's public
//! data and the scenario alone.
//!
//! Independence is the point: nothing here calls `calendar`'s helpers or `calendar::metrics`.
//! Distances, travel minutes, visit minutes, served cycles and every metric are recomputed from
//! positions, settings and visit times, so a bug in the builder or in its metrics shows up as a
//! disagreement instead of being checked against itself. Only the tier helpers of `metrics` are
//! used, because tiers are defined outside the calendar.
//!
//! The checker is total: any input, however malformed (indices out of range, NaN times, a
//! calendar of another horizon), gives `Ok` or a list of violations, never a panic, and its work
//! is bounded by the scenario's horizon, not by numbers read from the calendar.
//!
//! Definitions mirrored on purpose (each is a rule of the domain, not an implementation detail):
//! - **Road km** of a leg = straight line × `road_factor`.
//! - **Travel minutes** of a leg = km / 2 × (1/v_a + 1/v_b) × 60, where each end travels at its
//!   zone's speed (`speed_kmh`, at least 1e-6 km/h) and the base takes the zone speed of the
//!   route's first customer (urban for an empty route): the mean of the two ends' paces, so a leg
//!   costs the same both ways.
//! - **Visit minutes** = the sum of the minutes of the functions listed; for a specialist (a staff
//!   member with a post) × `specialist_factor`, and × `deep.factor` when deep visits are on; plus
//!   `team.prep_minutes + team.debrief_minutes` for each member of a planned team visit (also
//!   accepted on any visit to a customer flagged for team visits: a planned team visit that did
//!   not happen as planned).
//! - **A market manager's day** leaves the department office and returns to it through its
//!   joint visits in time order, legs as above (the office takes the first shop's zone speed);
//!   field minutes = back − leave + (prep + debrief) per joint visit; desk = (1 − field share)
//!   × the working day; field + desk ≤ the working day + the overtime cap.
//! - **A team visit** is its members at the shop together: their visits share an instant (beyond
//!   the same customer and day).
//! - **Cycle** of a visit for function f = day / days_per_week / cycle_weeks(f, class); the
//!   required cycles are 0..weeks / cycle_weeks (wholly inside the horizon).
//!
//! One file per rule family; `check` runs them in order (`FAMILIES`). Adding a check is adding
//! a file and a line there. Families share what they recount through `ctx.rs`.

mod assignment;
mod covering;
mod ctx;
mod cycles;
mod market;
mod metrics;
mod routes;
mod same_day;
mod sessions;
mod teams;
mod violation;
mod visits;

pub use violation::{CheckSummary, Kind, Violation};

use crate::core::assignment::Assignment;
use crate::core::calendar::Calendar;
use crate::core::metrics::Metrics;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

use ctx::{Ctx, Cycles, Totals};

/// The rule families, in the order their violations are listed. Later families read what
/// earlier ones recounted: the visits' well-formedness (routes, cycles), the route totals and
/// the cycles (metrics).
const FAMILIES: &[fn(&mut Ctx)] = &[
    assignment::check,
    assignment::horizon,
    visits::check,
    routes::check,
    sessions::check,
    teams::check,
    market::check,
    same_day::check,
    cycles::check,
    metrics::check,
];

/// Checks calendar `cal` of assignment `a` on `sc` (with the workload `work` the assignment was
/// made from) and the calendar metrics `reported` for it. `Ok` holds what the checker recounted;
/// `Err` lists every violation found.
pub fn check(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    cal: &Calendar,
    reported: &Metrics,
) -> Result<CheckSummary, Vec<Violation>> {
    let s = &sc.settings;
    let weeks = s.weeks.max(1);
    let dpw = s.days_per_week.max(1);
    let mut cx = Ctx {
        sc,
        work,
        a,
        cal,
        reported,
        weeks,
        dpw,
        horizon_days: u64::from(weeks) * u64::from(dpw),
        assignment_ok: false,
        visit_ok: vec![false; cal.visits.len()],
        totals: Totals::default(),
        conflicts: 0,
        cycles: Cycles::default(),
        metrics: Metrics::default(),
        out: Vec::new(),
    };
    for family in FAMILIES {
        family(&mut cx);
    }
    if cx.out.is_empty() {
        Ok(CheckSummary {
            routes: cal.routes.len(),
            visits: cal.visits.len(),
            required: cx.cycles.required,
            served: cx.cycles.served,
            missed: cal.missed.len(),
            teams: cal.teams.len(),
            conflicts: cx.conflicts,
            metrics: cx.metrics,
        })
    } else {
        Err(cx.out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use super::*;
    use crate::core::calendar::{self, Calendar, CalendarParams, Missed, Reason};
    use crate::core::generate::{generate, Preset};
    use crate::core::metrics::{self, Metrics};
    use crate::core::models::{self, Assignment};
    use crate::core::scenario::Scenario;
    use crate::core::settings::Function;
    use crate::core::workload::{generalist, Work};

    /// A small district planned by one model, its calendar and metrics.
    struct Fixture {
        sc: Scenario,
        work: Vec<Work>,
        a: Assignment,
        cal: Calendar,
        m: Metrics,
    }

    /// `every_shop`: every post reaches every shop, so four managers make four specialists
    /// with books that overlap on every customer (at default reach the small posts merge).
    fn build(model: &str, team_visits: bool, every_shop: bool) -> Fixture {
        let mut sc = generate(Preset::Urban, 5).expect("preset");
        sc.customers_mut().truncate(200);
        sc.managers.truncate(4);
        sc.settings.modes.team_visits = team_visits;
        sc.settings.reach.every_shop = every_shop;
        let work = generalist(&sc);
        let a = models::by_id(model)
            .expect("model")
            .assign(&sc, &work)
            .expect("assign");
        let cal = calendar::build(&sc, &work, &a, &CalendarParams::default());
        let mut m = metrics::from_assignment(&sc, &work, &a);
        calendar::metrics(&sc, &work, &a, &cal, &mut m);
        Fixture {
            sc,
            work,
            a,
            cal,
            m,
        }
    }

    /// The region model at default settings (its planned team visits are one manager and the
    /// market manager).
    fn region() -> &'static Fixture {
        static F: OnceLock<Fixture> = OnceLock::new();
        F.get_or_init(|| build("region", true, false))
    }

    /// The specialised model without team visits (see `specialised_with_team_visits`).
    fn specialised() -> &'static Fixture {
        static F: OnceLock<Fixture> = OnceLock::new();
        F.get_or_init(|| build("specialised", false, true))
    }

    /// The specialised model at default settings: team visits of several specialists.
    fn specialised_with_team_visits() -> &'static Fixture {
        static F: OnceLock<Fixture> = OnceLock::new();
        F.get_or_init(|| build("specialised", true, true))
    }

    /// The violations of a (mutated) calendar or metrics of fixture `f`.
    fn violations(f: &Fixture, cal: &Calendar, m: &Metrics) -> Vec<Violation> {
        match check(&f.sc, &f.work, &f.a, cal, m) {
            Ok(_) => Vec::new(),
            Err(v) => v,
        }
    }

    fn has(vs: &[Violation], pred: impl Fn(&Violation) -> bool) -> bool {
        vs.iter().any(pred)
    }

    /// The first visit that lists a function, with that function's (required) cycle.
    fn served_visit(f: &Fixture) -> (usize, Function, u32) {
        f.cal
            .visits
            .iter()
            .enumerate()
            .find_map(|(i, v)| {
                v.functions.iter().find_map(|&fun| {
                    let cw = f.work[v.customer].cycle_weeks(fun);
                    let cyc = v.day / f.cal.days_per_week / cw;
                    (cyc < f.cal.weeks / cw).then_some((i, fun, cyc))
                })
            })
            .expect("a visit serving a required cycle")
    }

    fn show(vs: &[Violation]) -> String {
        let first: Vec<String> = vs.iter().take(6).map(Violation::to_string).collect();
        format!("{} violations: {}", vs.len(), first.join("; "))
    }

    #[test]
    fn calendars_as_built_pass() {
        for f in [region(), specialised()] {
            let sum = check(&f.sc, &f.work, &f.a, &f.cal, &f.m)
                .unwrap_or_else(|vs| panic!("{:?}: {}", f.a.model, show(&vs)));
            assert_eq!(sum.required, f.cal.required);
            assert_eq!(sum.required, sum.served + sum.missed);
            assert!(sum.visits > 0 && sum.routes > 0);
            assert_eq!(sum.metrics.coverage_rate.map(|x| x > 0.5), Some(true));
        }
        assert!(!region().cal.teams.is_empty(), "planned team visits");
    }

    #[test]
    fn calendar_with_team_visits_passes_in_full() {
        let f = specialised_with_team_visits();
        if let Err(vs) = check(&f.sc, &f.work, &f.a, &f.cal, &f.m) {
            panic!("{}", show(&vs));
        }
    }

    #[test]
    fn visit_outside_opening_hours_is_caught() {
        let f = region();
        let mut cal = f.cal.clone();
        let v = &mut cal.visits[0];
        let open = f64::from(f.sc.customers[v.customer].open_min);
        let dur = v.end - v.start;
        v.start = open - 30.0;
        v.end = v.start + dur;
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |x| x.kind == Kind::OpeningHours && x.visit == Some(0)),
            "{vs:?}"
        );
    }

    #[test]
    fn dropped_visit_not_listed_as_missed_is_caught() {
        let f = region();
        let (i, fun, cyc) = served_visit(f);
        let c = f.cal.visits[i].customer;
        let mut cal = f.cal.clone();
        cal.visits.remove(i);
        for r in &mut cal.routes {
            r.visits.retain(|&x| x != i);
            for x in &mut r.visits {
                if *x > i {
                    *x -= 1;
                }
            }
        }
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |x| x.kind == Kind::Unaccounted
                && x.customer == Some(c)
                && x.function == Some(fun)
                && x.found == format!("cycle {cyc}")),
            "{vs:?}"
        );
    }

    #[test]
    fn served_cycle_also_listed_as_missed_is_caught() {
        let f = region();
        let (i, fun, cyc) = served_visit(f);
        let v = &f.cal.visits[i];
        let span = f.work[v.customer].cycle_weeks(fun) * f.cal.days_per_week;
        let mut cal = f.cal.clone();
        cal.missed.push(Missed {
            customer: v.customer,
            function: fun,
            staff: v.staff,
            from_day: cyc * span,
            to_day: (cyc + 1) * span - 1,
            reason: Reason::Capacity,
        });
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |x| x.kind == Kind::ServedAndMissed
                && x.customer == Some(v.customer)
                && x.function == Some(fun)),
            "{vs:?}"
        );
    }

    #[test]
    fn changed_route_km_is_the_only_violation() {
        // The metrics are recomputed from positions, not from `km`: only the route is wrong.
        let f = region();
        let mut cal = f.cal.clone();
        cal.routes[3].km += 0.5;
        let vs = violations(f, &cal, &f.m);
        assert_eq!(vs.len(), 1, "{vs:?}");
        assert_eq!((vs[0].kind, vs[0].route), (Kind::RouteKm, Some(3)));
        cal.routes[3].km = f.cal.routes[3].km;
        cal.routes[3].travel_min *= 1.01;
        let vs = violations(f, &cal, &f.m);
        assert!(has(&vs, |x| x.kind == Kind::RouteTravel), "{vs:?}");
    }

    #[test]
    fn too_long_route_is_caught() {
        let f = region();
        let s = &f.sc.settings;
        let mut cal = f.cal.clone();
        let r = &mut cal.routes[0];
        // The lunch break (not work) lies between leaving and coming back.
        r.back = r.leave + r.lunch_min + s.day_minutes + s.overtime_cap_minutes + 5.0;
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |x| x.kind == Kind::DayTooLong && x.route == Some(0)),
            "{vs:?}"
        );
        // The extra overtime also disagrees with the reported figure.
        assert!(has(&vs, |x| x.kind == Kind::Metric("overtime_hours")));
    }

    #[test]
    fn visit_for_another_staff_members_function_is_caught() {
        let f = specialised();
        let (i, fun) = f
            .cal
            .visits
            .iter()
            .enumerate()
            .find_map(|(i, v)| {
                Function::ALL
                    .into_iter()
                    .find(|&fun| f.a.responsible[v.customer][fun.index()] != Some(v.staff))
                    .map(|fun| (i, fun))
            })
            .expect("a specialist visit");
        let mut cal = f.cal.clone();
        cal.visits[i].functions.push(fun);
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |x| x.kind == Kind::NotResponsible
                && x.visit == Some(i)
                && x.function == Some(fun)),
            "{vs:?}"
        );
    }

    #[test]
    fn changed_or_absent_metric_is_caught() {
        let f = region();
        let mut m = f.m.clone();
        m.coverage_rate = m.coverage_rate.map(|x| x - 0.001);
        m.travel_time_share = None;
        m.team_visits = Some(f.cal.teams.len() as f64 + 1.0);
        let vs = violations(f, &f.cal, &m);
        let names: BTreeSet<Kind> = vs.iter().map(|v| v.kind).collect();
        assert_eq!(
            names,
            BTreeSet::from([
                Kind::Metric("coverage_rate"),
                Kind::Metric("travel_time_share"),
                Kind::Metric("team_visits"),
            ])
        );
    }

    #[test]
    fn wrong_team_and_required_count_are_caught() {
        let f = specialised();
        let mut cal = f.cal.clone();
        cal.required += 1;
        cal.visits[0].team = Some(u32::MAX);
        let vs = violations(f, &cal, &f.m);
        assert!(has(&vs, |x| x.kind == Kind::RequiredCount));
        assert!(has(&vs, |x| x.kind == Kind::BadIndex
            && x.team == Some(u32::MAX)));
    }

    #[test]
    fn two_staff_on_one_customer_day_are_caught_when_staggering() {
        // Specialists of one customer on different days; moving one visit onto the other's day
        // breaks staggering (team visits are off in this fixture).
        let f = specialised();
        assert!(f.sc.settings.modes.staggering && !f.sc.settings.modes.team_visits);
        let (i, j) = f
            .cal
            .visits
            .iter()
            .enumerate()
            .find_map(|(i, v)| {
                let j = f.cal.visits.iter().position(|w| {
                    w.customer == v.customer && w.staff != v.staff && w.day != v.day
                })?;
                Some((i, j))
            })
            .expect("two specialists at one customer");
        let mut cal = f.cal.clone();
        cal.visits[j].day = cal.visits[i].day;
        let (c, d) = (cal.visits[i].customer, cal.visits[i].day);
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |x| x.kind == Kind::NotStaggered
                && (x.customer, x.day) == (Some(c), Some(d))),
            "{}",
            show(&vs)
        );
        assert!(has(&vs, |x| x.kind == Kind::ConflictCount));
        assert!(has(&vs, |x| x.kind == Kind::RouteMembership
            && x.visit == Some(j)));
    }

    #[test]
    fn team_on_another_day_is_caught() {
        let f = specialised_with_team_visits();
        let mut cal = f.cal.clone();
        let t = &mut cal.teams[0];
        t.day += 1;
        let (id, members) = (t.id, t.members.len());
        let vs = violations(f, &cal, &f.m);
        let wrong = vs
            .iter()
            .filter(|x| x.kind == Kind::Team && x.team == Some(id))
            .count();
        assert_eq!(wrong, members, "{}", show(&vs));
    }

    #[test]
    fn market_managers_days_are_checked() {
        let f = region();
        assert!(!f.cal.market_managers.is_empty(), "market managers' days");
        let joint = f.cal.teams.iter().filter(|t| t.market_manager.is_some());
        let stops: usize = f.cal.market_managers.iter().map(|r| r.stops.len()).sum();
        assert_eq!(joint.count(), stops);
        // Late at the shop: after the team started.
        let mut cal = f.cal.clone();
        let x = &mut cal.market_managers[0].stops[0];
        x.arrive = x.start + 1.0;
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |v| v.kind == Kind::MarketManagerTime),
            "{}",
            show(&vs)
        );
        // Another route's km: only the route is wrong (the cost is recomputed from positions).
        let mut cal = f.cal.clone();
        cal.market_managers[0].km += 1.0;
        let vs = violations(f, &cal, &f.m);
        assert_eq!(vs.len(), 1, "{}", show(&vs));
        assert_eq!(vs[0].kind, Kind::MarketManagerRoute);
        // A later stop claimed to come through the office (or not) when it did the other: the
        // km no longer add up.
        let mut cal = f.cal.clone();
        let x = cal
            .market_managers
            .iter_mut()
            .flat_map(|r| r.stops.iter_mut().skip(1))
            .next()
            .expect("a day with two joint visits");
        x.from_office = !x.from_office;
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |v| v.kind == Kind::MarketManagerRoute
                || v.kind == Kind::MarketManagerTime),
            "{}",
            show(&vs)
        );
        // A day past the working day plus the overtime cap.
        let mut cal = f.cal.clone();
        let r = &mut cal.market_managers[0];
        let s = &f.sc.settings;
        r.leave = r.back - (s.day_minutes + s.overtime_cap_minutes);
        r.stops[0].arrive = r.stops[0].arrive.max(r.leave);
        let vs = violations(f, &cal, &f.m);
        assert!(
            has(&vs, |v| v.kind == Kind::MarketManagerDay),
            "{}",
            show(&vs)
        );
        // A stop whose team does not carry the market manager, and a team carrying the market
        // manager of another department than the day's that names it.
        let mut cal = f.cal.clone();
        let t = cal.market_managers[0].stops[0].team as usize;
        cal.teams[t].market_manager = None;
        let u = cal
            .market_managers
            .last()
            .and_then(|r| r.stops.last())
            .expect("stop")
            .team as usize;
        assert_ne!(t, u);
        cal.teams[u].market_manager = Some(usize::MAX);
        let vs = violations(f, &cal, &f.m);
        let joins: BTreeSet<Option<u32>> = vs
            .iter()
            .filter(|v| v.kind == Kind::MarketManagerJoin)
            .map(|v| v.team)
            .collect();
        assert_eq!(
            joins,
            BTreeSet::from([Some(t as u32), Some(u as u32)]),
            "{}",
            show(&vs)
        );
    }

    #[test]
    fn market_managers_are_in_the_cost_and_the_utilisation() {
        let f = region();
        let mut m = f.m.clone();
        m.market_manager_utilisation = m.market_manager_utilisation.map(|x| x + 0.01);
        m.monthly_cost = m
            .monthly_cost
            .map(|x| x - f.sc.settings.team.market_manager_monthly_pay);
        let vs = violations(f, &f.cal, &m);
        let names: BTreeSet<Kind> = vs.iter().map(|v| v.kind).collect();
        assert_eq!(
            names,
            BTreeSet::from([
                Kind::Metric("market_manager_utilisation"),
                Kind::Metric("monthly_cost"),
            ])
        );
        let u = f.m.market_manager_utilisation.expect("utilisation");
        assert!(u > 0.0 && u <= 1.0, "{u}");
    }

    #[test]
    fn malformed_input_gives_violations_not_panics() {
        let f = specialised();
        let mut cal = f.cal.clone();
        cal.weeks = u32::MAX;
        cal.days_per_week = 0;
        cal.visits[0].staff = 999;
        cal.visits[1].customer = usize::MAX;
        cal.visits[2].day = u32::MAX;
        cal.visits[3].start = f64::NAN;
        cal.visits[4].functions.clear();
        cal.routes[0].visits.push(usize::MAX);
        cal.routes[1].staff = usize::MAX;
        cal.routes[2].back = f64::INFINITY;
        cal.missed.push(Missed {
            customer: usize::MAX,
            function: Function::Brand,
            staff: 0,
            from_day: u32::MAX,
            to_day: 0,
            reason: Reason::NotPlanned,
        });
        if let Some(m) = cal.missed.first_mut() {
            m.from_day = u32::MAX;
        }
        let mut m = f.m.clone();
        m.monthly_cost = Some(f64::NAN);
        let vs = violations(f, &cal, &m);
        for k in [
            Kind::Horizon,
            Kind::BadIndex,
            Kind::BadTime,
            Kind::Functions,
            Kind::DayTooLong,
            Kind::Metric("monthly_cost"),
        ] {
            assert!(has(&vs, |x| x.kind == k), "{k:?} not in {vs:?}");
        }
        // A broken assignment and workload: reported, and the tier-based checks are skipped.
        let mut a = f.a.clone();
        a.responsible.pop();
        a.responsible[0][1] = Some(1000);
        a.staff[0].manager = 1000;
        let vs = check(&f.sc, &[], &a, &cal, &Metrics::default()).expect_err("broken");
        assert!(has(&vs, |x| x.kind == Kind::Assignment));
        // Nothing at all.
        let empty = Scenario::empty(0);
        let none = Assignment {
            model: models::ModelId::Region,
            staff: Vec::new(),
            responsible: Vec::new(),
        };
        let vs = check(&empty, &[], &none, &f.cal, &Metrics::default()).expect_err("foreign");
        assert!(has(&vs, |x| x.kind == Kind::BadIndex));
    }
}
