//! An independent checker of visit calendars: every rule of DOMAIN.md "Simulation rules" that a
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
//! - **A team visit** is its members at the shop together: their visits share an instant (beyond
//!   the same customer and day).
//! - **Cycle** of a visit for function f = day / days_per_week / cycle_weeks(f, class); the
//!   required cycles are 0..weeks / cycle_weeks (wholly inside the horizon).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use super::calendar::Calendar;
use super::geo::Point;
use super::metrics::{customer_tiers, staff_tiers, Metrics};
use super::models::Assignment;
use super::scenario::Scenario;
use super::settings::Function;
use super::workload::{Work, WEEKS_PER_MONTH};

/// Slack on times, in minutes (visit times are sums of floats).
const TIME_TOL: f64 = 1e-6;
/// Relative tolerance on recomputed quantities (km, minutes, metrics).
const REL_TOL: f64 = 1e-9;

/// What a violation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The assignment does not fit the scenario or the workload (row count, staff or manager
    /// index out of range, work of another length); checks that need it are skipped.
    Assignment,
    /// The calendar's weeks or days per week differ from the scenario's settings.
    Horizon,
    /// A staff, customer, visit, team or day index out of range.
    BadIndex,
    /// A visit with a non-finite time or ending before it starts.
    BadTime,
    /// A visit lasting other than the minutes of its functions (plus the team overhead at a
    /// planned team visit).
    VisitMinutes,
    /// A visit outside its shop's opening hours [open_min, close_min].
    OpeningHours,
    /// A visit starting before the previous one (or the departure) plus the travel between.
    TimeOrder,
    /// A route back at base before the last visit ended plus the way home.
    ReturnTooEarly,
    /// A route longer than the working day plus the overtime cap.
    DayTooLong,
    /// A route's km differ from the road km from base through its visits and back.
    RouteKm,
    /// A route's travel minutes differ from the recomputed ones.
    RouteTravel,
    /// A route's service minutes differ from the sum of its visits' durations.
    RouteService,
    /// Two routes for one staff member on one day.
    DuplicateRoute,
    /// A visit in no route, in several, or in a route of another staff member or day.
    RouteMembership,
    /// A visit listing a function its staff member is not responsible for at that customer.
    NotResponsible,
    /// A visit covering for a colleague who was at work that day, not of the same post and
    /// department, or with covering off.
    BadCover,
    /// A visit listing no function (allowed only for a team visit's member) or one twice.
    Functions,
    /// A visit's team id, or a team, inconsistent with the visits (customer, day, members).
    Team,
    /// The members of a team visit not at the shop together (no instant shared by all their
    /// visits).
    TeamApart,
    /// Team visits present while the team-visit mode is off.
    TeamsOff,
    /// Staggering on and team visits off, yet a customer-day has visits from several staff.
    NotStaggered,
    /// Team visits on, yet a customer-day with several staff is not one team visit.
    NotJoined,
    /// `Calendar::conflicts` differs from the customer-days with several staff not in one team.
    ConflictCount,
    /// A required (customer, function, cycle) neither served nor listed as missed.
    Unaccounted,
    /// A required cycle both served and listed as missed.
    ServedAndMissed,
    /// A missed entry with the wrong staff or cycle bounds, listed twice, or for a cycle that
    /// is not required.
    BadMissed,
    /// `Calendar::required` differs from the count of required cycles.
    RequiredCount,
    /// A reported metric differs from the recomputed one, is absent while computable, or is
    /// present while it cannot be computed.
    Metric(&'static str),
}

/// One rule broken: what, where (whichever of staff, day, customer, function, route, visit,
/// team apply) and the expected against the found value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<Function>,
    /// Index into `Calendar::routes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<usize>,
    /// Index into `Calendar::visits`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<u32>,
    pub expected: String,
    pub found: String,
}

impl Violation {
    fn new(kind: Kind, expected: impl fmt::Display, found: impl fmt::Display) -> Self {
        Violation {
            kind,
            staff: None,
            day: None,
            customer: None,
            function: None,
            route: None,
            visit: None,
            team: None,
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }
    fn staff(mut self, s: usize) -> Self {
        self.staff = Some(s);
        self
    }
    fn day(mut self, d: u32) -> Self {
        self.day = Some(d);
        self
    }
    fn customer(mut self, c: usize) -> Self {
        self.customer = Some(c);
        self
    }
    fn function(mut self, f: Function) -> Self {
        self.function = Some(f);
        self
    }
    fn route(mut self, r: usize) -> Self {
        self.route = Some(r);
        self
    }
    fn visit(mut self, v: usize) -> Self {
        self.visit = Some(v);
        self
    }
    fn team(mut self, t: u32) -> Self {
        self.team = Some(t);
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.kind)?;
        let mut at = Vec::new();
        if let Some(x) = self.staff {
            at.push(format!("staff {x}"));
        }
        if let Some(x) = self.day {
            at.push(format!("day {x}"));
        }
        if let Some(x) = self.customer {
            at.push(format!("customer {x}"));
        }
        if let Some(x) = self.function {
            at.push(format!("{x:?}"));
        }
        if let Some(x) = self.route {
            at.push(format!("route #{x}"));
        }
        if let Some(x) = self.visit {
            at.push(format!("visit #{x}"));
        }
        if let Some(x) = self.team {
            at.push(format!("team {x}"));
        }
        if !at.is_empty() {
            write!(f, " ({})", at.join(", "))?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// What a calendar that passed the check holds, recounted by the checker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckSummary {
    pub routes: usize,
    pub visits: usize,
    /// Required (customer, function, cycle) triples, and how many of them were served.
    pub required: usize,
    pub served: usize,
    pub missed: usize,
    pub teams: usize,
    pub conflicts: usize,
    /// The calendar metrics as recomputed (the assignment's metrics are left `None`).
    pub metrics: Metrics,
}

/// `a` and `b` agree to `REL_TOL` relative to the larger of them (and to 1, so values near zero
/// compare absolutely). NaN never agrees.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= REL_TOL * a.abs().max(b.abs()).max(1.0)
}

/// `a ≤ b` up to `TIME_TOL` minutes; false when either is NaN.
fn not_after(a: f64, b: f64) -> bool {
    a <= b + TIME_TOL
}

/// Everything the checks share: the inputs and what is known to be well-formed.
struct Ctx<'a> {
    sc: &'a Scenario,
    a: &'a Assignment,
    cal: &'a Calendar,
    weeks: u32,
    dpw: u32,
    horizon_days: u64,
    /// Visits whose staff, customer and day are in range.
    visit_ok: Vec<bool>,
    out: Vec<Violation>,
}

impl Ctx<'_> {
    fn push(&mut self, v: Violation) {
        self.out.push(v);
    }

    /// The staff member responsible for (c, f), if both exist.
    fn responsible(&self, c: usize, f: Function) -> Option<usize> {
        self.a.responsible.get(c).map(|row| row[f.index()])
    }

    /// The base of staff member `st`, if its manager exists.
    fn base(&self, st: usize) -> Option<Point> {
        let m = self.a.staff.get(st)?.manager;
        (m < self.sc.managers.len()).then(|| self.sc.base_of(m))
    }

    fn speed(&self, c: usize) -> f64 {
        let s = &self.sc.settings;
        self.sc
            .customers
            .get(c)
            .map_or(s.speed_kmh.urban, |cu| s.speed_kmh.get(cu.zone))
    }

    /// Road km and travel minutes between two (position, speed) ends.
    fn leg(&self, a: (Point, f64), b: (Point, f64)) -> (f64, f64) {
        let km = a.0.dist(b.0) * self.sc.settings.road_factor;
        let min = km / 2.0 * (1.0 / a.1.max(1e-6) + 1.0 / b.1.max(1e-6)) * 60.0;
        (km, min)
    }

    fn cycle_weeks(&self, c: usize, f: Function) -> u32 {
        let class = self.sc.customers.get(c).map_or(0, |cu| cu.class);
        self.sc.settings.cycle_weeks(f, class)
    }

    /// The cycle of function f at customer c that day `day` falls in.
    fn cycle_of(&self, c: usize, f: Function, day: u32) -> u32 {
        day / self.dpw / self.cycle_weeks(c, f)
    }

    /// Minutes a visit by `st` listing `fs` at `c` takes.
    fn visit_minutes(&self, st: usize, c: usize, fs: &[Function]) -> f64 {
        let s = &self.sc.settings;
        let class = self.sc.customers.get(c).map_or(0, |cu| cu.class);
        let mut m: f64 = fs.iter().map(|&f| s.minutes(f, class)).sum();
        if self.a.staff.get(st).is_some_and(|x| x.post.is_some()) {
            m *= s.specialist_factor.max(0.0);
            if s.modes.deep_visits {
                m *= s.deep.factor.max(0.0);
            }
        }
        m
    }
}

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
        a,
        cal,
        weeks,
        dpw,
        horizon_days: u64::from(weeks) * u64::from(dpw),
        visit_ok: vec![false; cal.visits.len()],
        out: Vec::new(),
    };
    let assignment_ok = check_assignment(&mut cx, work);
    if (cal.weeks, cal.days_per_week) != (weeks, dpw) {
        cx.push(Violation::new(
            Kind::Horizon,
            format!("{weeks} weeks of {dpw} days"),
            format!("{} weeks of {} days", cal.weeks, cal.days_per_week),
        ));
    }
    check_visits(&mut cx);
    let totals = check_routes(&mut cx);
    check_teams(&mut cx);
    let conflicts = check_same_day(&mut cx);
    let cycles = check_cycles(&mut cx);
    let metrics = recompute_metrics(&cx, work, assignment_ok, &totals, &cycles);
    compare_metrics(&mut cx, &metrics, reported, assignment_ok);
    if cx.out.is_empty() {
        Ok(CheckSummary {
            routes: cal.routes.len(),
            visits: cal.visits.len(),
            required: cycles.required,
            served: cycles.served,
            missed: cal.missed.len(),
            teams: cal.teams.len(),
            conflicts,
            metrics,
        })
    } else {
        Err(cx.out)
    }
}

/// The assignment fits the scenario and the workload; false when tiers cannot be computed.
fn check_assignment(cx: &mut Ctx, work: &[Work]) -> bool {
    let (sc, a) = (cx.sc, cx.a);
    let mut ok = true;
    if a.responsible.len() != sc.customers.len() {
        ok = false;
        cx.push(Violation::new(
            Kind::Assignment,
            format!("{} rows (one per customer)", sc.customers.len()),
            format!("{} rows", a.responsible.len()),
        ));
    }
    if work.len() != sc.customers.len() {
        ok = false;
        cx.push(Violation::new(
            Kind::Assignment,
            format!("work for {} customers", sc.customers.len()),
            format!("work for {}", work.len()),
        ));
    }
    for (i, st) in a.staff.iter().enumerate() {
        if st.manager >= sc.managers.len() {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::Assignment,
                    format!("a manager index below {}", sc.managers.len()),
                    st.manager,
                )
                .staff(i),
            );
        }
    }
    for (c, row) in a.responsible.iter().enumerate() {
        for f in Function::ALL {
            let st = row[f.index()];
            if st >= a.staff.len() {
                ok = false;
                cx.push(
                    Violation::new(
                        Kind::Assignment,
                        format!("a staff index below {}", a.staff.len()),
                        st,
                    )
                    .customer(c)
                    .function(f),
                );
            }
        }
    }
    ok
}

/// Each visit on its own: indices, times, opening hours, minutes, functions.
fn check_visits(cx: &mut Ctx) {
    let (sc, a, cal) = (cx.sc, cx.a, cx.cal);
    for (i, v) in cal.visits.iter().enumerate() {
        let mut ok = true;
        if v.staff >= a.staff.len() {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::BadIndex,
                    format!("staff below {}", a.staff.len()),
                    v.staff,
                )
                .visit(i),
            );
        }
        if v.customer >= sc.customers.len() {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::BadIndex,
                    format!("customer below {}", sc.customers.len()),
                    v.customer,
                )
                .visit(i),
            );
        }
        if u64::from(v.day) >= cx.horizon_days {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::BadIndex,
                    format!("day below {}", cx.horizon_days),
                    v.day,
                )
                .visit(i),
            );
        }
        cx.visit_ok[i] = ok;
        if !ok {
            continue;
        }
        let here = |kind, e: String, f: String| {
            Violation::new(kind, e, f)
                .visit(i)
                .staff(v.staff)
                .day(v.day)
                .customer(v.customer)
        };
        if !(v.start.is_finite() && v.end.is_finite() && v.end >= v.start) {
            cx.push(here(
                Kind::BadTime,
                "finite start ≤ end".into(),
                format!("{} – {}", v.start, v.end),
            ));
            continue;
        }
        let cu = &sc.customers[v.customer];
        let (open, shut) = (f64::from(cu.open_min), f64::from(cu.close_min));
        if !not_after(open, v.start) || !not_after(v.end, shut) {
            cx.push(here(
                Kind::OpeningHours,
                format!("within {open} – {shut}"),
                format!("{} – {}", v.start, v.end),
            ));
        }
        if let Some(o) = v.covers {
            let same = |x: usize| {
                let (p, q) = (&cx.a.staff[x], &cx.a.staff[v.staff]);
                p.post == q.post
                    && sc.managers[p.manager].department == sc.managers[q.manager].department
            };
            let at_work = cal.routes.iter().any(|r| r.staff == o && r.day == v.day);
            if !sc.settings.disturbances.cover_absent
                || o == v.staff
                || o >= cx.a.staff.len()
                || !same(o)
                || at_work
            {
                cx.push(here(
                    Kind::BadCover,
                    "an absent colleague of the same post and department, covering on".into(),
                    format!("covers staff {o}"),
                ));
            }
        }
        // Functions: each one the staff member's own, none twice, some unless in a team.
        let mut seen = BTreeSet::new();
        for &f in &v.functions {
            if !seen.insert(f) {
                cx.push(
                    here(
                        Kind::Functions,
                        "each function once".into(),
                        format!("{f:?} twice"),
                    )
                    .function(f),
                );
            }
            let resp = cx.responsible(v.customer, f);
            // A covering visit does its absent colleague's functions.
            if resp != Some(v.covers.unwrap_or(v.staff)) {
                cx.push(
                    here(
                        Kind::NotResponsible,
                        format!(
                            "staff {} (responsible)",
                            resp.map_or("none".into(), |x| x.to_string())
                        ),
                        format!("staff {}", v.staff),
                    )
                    .function(f),
                );
            }
        }
        if v.closed {
            // A shop found closed (a disturbance): nothing done, no time spent there.
            if !v.functions.is_empty() || v.team.is_some() || !close(v.end, v.start) {
                cx.push(here(
                    Kind::Functions,
                    "a closed shop: no function, no team, no time".into(),
                    format!(
                        "{:?}, team {:?}, {} min",
                        v.functions,
                        v.team,
                        v.end - v.start
                    ),
                ));
            }
            continue;
        }
        // A visit with nothing done is a team visit's, or the host of a planned team visit
        // at a flagged customer that nobody could join (it prepared and went all the same).
        let lone_host = sc.settings.modes.team_visits && cu.team.any();
        if v.functions.is_empty() && v.team.is_none() && !lone_host {
            cx.push(here(
                Kind::Functions,
                "at least one function outside a team visit".into(),
                "none".into(),
            ));
        }
        // Minutes: the functions' minutes, plus each member's preparation and debrief at a
        // planned team visit. Another visit at a customer flagged for team visits may carry
        // them too: a planned team visit that did not happen as planned (members missing, or
        // joined with other same-day visits into an unplanned team).
        let fm = cx.visit_minutes(v.staff, v.customer, &v.functions);
        let s = &sc.settings;
        let overhead = s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0);
        let got = v.end - v.start;
        let planned = v
            .team
            .and_then(|t| usize::try_from(t).ok())
            .and_then(|t| cal.teams.get(t))
            .is_some_and(|t| t.planned);
        let flagged = s.modes.team_visits && cu.team.any();
        // Under disturbances service times carry noise: only the order of magnitude is known.
        let noisy = cal.replication.is_some() && s.disturbances.service_time_cv > 0.0;
        let ok = if noisy {
            got > 0.0 || fm + overhead == 0.0
        } else if planned {
            close(got, fm + overhead)
        } else {
            close(got, fm) || (flagged && close(got, fm + overhead))
        };
        if !ok {
            cx.push(here(
                Kind::VisitMinutes,
                format!("{fm} min (+ {overhead} at a planned team visit)"),
                format!("{got} min"),
            ));
        }
    }
}

/// Per-route recomputations the metrics use (only routes that could be recomputed count).
#[derive(Default)]
struct Totals {
    km: f64,
    travel: f64,
    service: f64,
    overtime_min: f64,
}

/// Routes: membership, base to base, time order, km, travel and service minutes, day length.
fn check_routes(cx: &mut Ctx) -> Totals {
    let (sc, a, cal) = (cx.sc, cx.a, cx.cal);
    let s = &sc.settings;
    let cap = s.day_minutes + s.overtime_cap_minutes;
    let mut totals = Totals::default();
    let mut membership = vec![0u32; cal.visits.len()];
    let mut days: BTreeSet<(usize, u32)> = BTreeSet::new();
    for (ri, r) in cal.routes.iter().enumerate() {
        let here = |kind, e: String, f: String| {
            Violation::new(kind, e, f)
                .route(ri)
                .staff(r.staff)
                .day(r.day)
        };
        let mut ok = true;
        if r.staff >= a.staff.len() {
            ok = false;
            cx.push(here(
                Kind::BadIndex,
                format!("staff below {}", a.staff.len()),
                r.staff.to_string(),
            ));
        }
        if u64::from(r.day) >= cx.horizon_days {
            ok = false;
            cx.push(here(
                Kind::BadIndex,
                format!("day below {}", cx.horizon_days),
                r.day.to_string(),
            ));
        }
        if !days.insert((r.staff, r.day)) {
            cx.push(here(
                Kind::DuplicateRoute,
                "one route per staff member and day".into(),
                "another".into(),
            ));
        }
        for &vi in &r.visits {
            let Some(v) = cal.visits.get(vi) else {
                ok = false;
                cx.push(here(
                    Kind::BadIndex,
                    format!("visit below {}", cal.visits.len()),
                    vi.to_string(),
                ));
                continue;
            };
            membership[vi] += 1;
            if (v.staff, v.day) != (r.staff, r.day) {
                ok = false;
                cx.push(
                    here(
                        Kind::RouteMembership,
                        format!("a visit of staff {} on day {}", r.staff, r.day),
                        format!("staff {} on day {}", v.staff, v.day),
                    )
                    .visit(vi),
                );
            } else if !cx.visit_ok[vi] {
                ok = false;
            }
        }
        // The desk time is the research specialist's share of the day, nobody else's.
        let desk = a.staff.get(r.staff).map_or(0.0, |x| s.desk_minutes(x.post));
        if !close(r.desk_min, desk) {
            cx.push(here(
                Kind::DayTooLong,
                format!("{desk} min at the desk"),
                format!("{} min", r.desk_min),
            ));
        }
        let day = r.back - r.leave + r.desk_min;
        if !(r.leave.is_finite() && r.back.is_finite() && not_after(day, cap)) {
            cx.push(here(
                Kind::DayTooLong,
                format!("back − leave + desk ≤ {cap} min"),
                format!("{day} min ({} – {}, desk {})", r.leave, r.back, r.desk_min),
            ));
        }
        let Some(base) = cx.base(r.staff).filter(|_| ok) else {
            continue;
        };
        // Base to base through the visits in route order.
        let base_speed = r
            .visits
            .first()
            .map_or(s.speed_kmh.urban, |&vi| cx.speed(cal.visits[vi].customer));
        let mut at = (base, base_speed);
        let (mut km, mut travel, mut service, mut free) = (0.0, 0.0, 0.0, r.leave);
        for &vi in &r.visits {
            let v = &cal.visits[vi];
            let next = (sc.customers[v.customer].pos, cx.speed(v.customer));
            let (lk, lm) = cx.leg(at, next);
            km += lk;
            travel += lm;
            if !not_after(free + lm, v.start) {
                cx.push(
                    here(
                        Kind::TimeOrder,
                        format!("start ≥ {} (previous end {free} + travel {lm})", free + lm),
                        v.start.to_string(),
                    )
                    .visit(vi)
                    .customer(v.customer),
                );
            }
            service += v.end - v.start;
            free = v.end;
            at = next;
        }
        let (lk, lm) = cx.leg(at, (base, base_speed));
        km += lk;
        travel += lm;
        if !r.visits.is_empty() && !not_after(free + lm, r.back) {
            cx.push(here(
                Kind::ReturnTooEarly,
                format!("back ≥ {} (last end {free} + travel {lm})", free + lm),
                r.back.to_string(),
            ));
        }
        for (kind, want, got) in [
            (Kind::RouteKm, km, r.km),
            (Kind::RouteTravel, travel, r.travel_min),
            (Kind::RouteService, service, r.service_min),
        ] {
            if !close(want, got) {
                cx.push(here(kind, want.to_string(), got.to_string()));
            }
        }
        totals.km += km;
        totals.travel += travel;
        totals.service += service;
        totals.overtime_min += (r.back - r.leave + r.desk_min - s.day_minutes).max(0.0);
    }
    for (vi, &n) in membership.iter().enumerate() {
        if n != 1 {
            let v = &cal.visits[vi];
            cx.push(
                Violation::new(
                    Kind::RouteMembership,
                    "in exactly one route",
                    format!("in {n}"),
                )
                .visit(vi)
                .staff(v.staff)
                .day(v.day)
                .customer(v.customer),
            );
        }
    }
    totals
}

/// Team visits: ids in range, one customer and day per team, members = the visits' staff.
fn check_teams(cx: &mut Ctx) {
    let (sc, cal) = (cx.sc, cx.cal);
    let on = sc.settings.modes.team_visits;
    if !on && (!cal.teams.is_empty() || cal.visits.iter().any(|v| v.team.is_some())) {
        cx.push(Violation::new(
            Kind::TeamsOff,
            "no team visits (mode off)",
            format!("{} teams", cal.teams.len()),
        ));
    }
    // Staff of the visit rows of each team, and the span all of them share.
    let mut rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mut together: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
    for (i, v) in cal.visits.iter().enumerate() {
        let Some(t) = v.team else { continue };
        let Some(team) = usize::try_from(t).ok().and_then(|ti| cal.teams.get(ti)) else {
            cx.push(
                Violation::new(Kind::BadIndex, format!("team below {}", cal.teams.len()), t)
                    .visit(i)
                    .team(t),
            );
            continue;
        };
        rows.entry(t).or_default().push(v.staff);
        let span = together
            .entry(t)
            .or_insert((f64::NEG_INFINITY, f64::INFINITY));
        *span = (span.0.max(v.start), span.1.min(v.end));
        if (team.customer, team.day) != (v.customer, v.day) {
            cx.push(
                Violation::new(
                    Kind::Team,
                    format!("customer {} on day {}", team.customer, team.day),
                    format!("customer {} on day {}", v.customer, v.day),
                )
                .visit(i)
                .team(t)
                .staff(v.staff),
            );
        }
        if !team.members.contains(&v.staff) {
            cx.push(
                Violation::new(Kind::Team, format!("one of {:?}", team.members), v.staff)
                    .visit(i)
                    .team(t)
                    .customer(v.customer)
                    .day(v.day),
            );
        }
    }
    for (&t, &(from, to)) in &together {
        if !not_after(from, to) {
            let team = usize::try_from(t).ok().and_then(|ti| cal.teams.get(ti));
            let mut v = Violation::new(
                Kind::TeamApart,
                "one instant shared by every member's visit",
                format!("latest start {from}, earliest end {to}"),
            )
            .team(t);
            if let Some(team) = team {
                v = v.customer(team.customer).day(team.day);
            }
            cx.push(v);
        }
    }
    for (ti, team) in cal.teams.iter().enumerate() {
        let here = |e: String, f: String| {
            Violation::new(Kind::Team, e, f)
                .team(team.id)
                .customer(team.customer)
                .day(team.day)
        };
        if usize::try_from(team.id).ok() != Some(ti) {
            cx.push(here(format!("id {ti} (its index)"), team.id.to_string()));
        }
        if team.customer >= sc.customers.len() || u64::from(team.day) >= cx.horizon_days {
            cx.push(here(
                "a customer and day in range".into(),
                format!("customer {}, day {}", team.customer, team.day),
            ));
        }
        if let Some(d) = team.market_manager {
            if d >= sc.departments.len() {
                cx.push(here(
                    format!("a department below {}", sc.departments.len()),
                    d.to_string(),
                ));
            }
        }
        let members: BTreeSet<usize> = team.members.iter().copied().collect();
        let mut staff = rows.get(&(ti as u32)).cloned().unwrap_or_default();
        staff.sort_unstable();
        let distinct: BTreeSet<usize> = staff.iter().copied().collect();
        if members.len() != team.members.len()
            || distinct.len() != staff.len()
            || members != distinct
        {
            cx.push(here(
                format!("members {:?}, each with one visit row", team.members),
                format!("visit rows of staff {staff:?}"),
            ));
        }
    }
}

/// Customer-days with several staff: staggered apart, or one team visit. Returns the count of
/// customer-days with several staff not joined in one team (the calendar's conflicts).
fn check_same_day(cx: &mut Ctx) -> usize {
    let (cal, modes) = (cx.cal, &cx.sc.settings.modes);
    // Customer-day -> (staff, team ids of its visits).
    type Seen = (BTreeSet<usize>, BTreeSet<Option<u32>>);
    let mut cdays: BTreeMap<(usize, u32), Seen> = BTreeMap::new();
    for v in cal.visits.iter().filter(|v| !v.closed) {
        let e = cdays.entry((v.customer, v.day)).or_default();
        e.0.insert(v.staff);
        e.1.insert(v.team);
    }
    let mut conflicts = 0;
    for (&(c, d), (staff, teams)) in &cdays {
        let joined = teams.len() == 1 && teams.iter().all(Option::is_some);
        if staff.len() < 2 || joined {
            continue;
        }
        conflicts += 1;
        let found = format!("staff {staff:?}, teams {teams:?}");
        if modes.team_visits {
            cx.push(
                Violation::new(Kind::NotJoined, "one team visit", found)
                    .customer(c)
                    .day(d),
            );
        } else if modes.staggering {
            cx.push(
                Violation::new(Kind::NotStaggered, "one staff member", found)
                    .customer(c)
                    .day(d),
            );
        }
    }
    if conflicts != cal.conflicts {
        cx.push(Violation::new(
            Kind::ConflictCount,
            conflicts,
            cal.conflicts,
        ));
    }
    conflicts
}

/// Required cycles recounted.
struct Cycles {
    required: usize,
    served: usize,
    /// (customer, function) pairs that met every required cycle.
    pairs_met: usize,
}

/// Every required (customer, function, cycle) served by its responsible staff or missed, never
/// both; the missed list well-formed; `required` equal to the count.
fn check_cycles(cx: &mut Ctx) -> Cycles {
    let (sc, cal) = (cx.sc, cx.cal);
    let mut served: BTreeSet<(usize, Function, u32)> = BTreeSet::new();
    for (i, v) in cal.visits.iter().enumerate() {
        if !cx.visit_ok[i] {
            continue;
        }
        for &f in &v.functions {
            if cx.responsible(v.customer, f) == Some(v.covers.unwrap_or(v.staff)) {
                served.insert((v.customer, f, cx.cycle_of(v.customer, f, v.day)));
            }
        }
    }
    let mut missed: BTreeSet<(usize, Function, u32)> = BTreeSet::new();
    for m in &cal.missed {
        let here = |e: String, f: String| {
            Violation::new(Kind::BadMissed, e, f)
                .customer(m.customer)
                .function(m.function)
                .staff(m.staff)
                .day(m.from_day)
        };
        if m.customer >= sc.customers.len() {
            cx.push(here(
                format!("customer below {}", sc.customers.len()),
                m.customer.to_string(),
            ));
            continue;
        }
        let cw = cx.cycle_weeks(m.customer, m.function);
        let cyc = cx.cycle_of(m.customer, m.function, m.from_day);
        let span = u64::from(cw) * u64::from(cx.dpw);
        let from = u64::from(cyc) * span;
        if (u64::from(m.from_day), u64::from(m.to_day)) != (from, from + span - 1) {
            cx.push(here(
                format!("days {from}–{}", from + span - 1),
                format!("days {}–{}", m.from_day, m.to_day),
            ));
        }
        let resp = cx.responsible(m.customer, m.function);
        if resp != Some(m.staff) {
            cx.push(here(
                format!("staff {}", resp.map_or("none".into(), |x| x.to_string())),
                format!("staff {}", m.staff),
            ));
        }
        if cyc >= cx.weeks / cw {
            cx.push(here(
                format!("a required cycle (below {})", cx.weeks / cw),
                format!("cycle {cyc}"),
            ));
        }
        if !missed.insert((m.customer, m.function, cyc)) {
            cx.push(here("listed once".into(), "listed twice".into()));
        }
    }
    let mut out = Cycles {
        required: 0,
        served: 0,
        pairs_met: 0,
    };
    for c in 0..sc.customers.len() {
        for f in Function::ALL {
            let mut met = true;
            for cyc in 0..cx.weeks / cx.cycle_weeks(c, f) {
                out.required += 1;
                let (s, m) = (served.contains(&(c, f, cyc)), missed.contains(&(c, f, cyc)));
                if s {
                    out.served += 1;
                } else {
                    met = false;
                }
                let kind = match (s, m) {
                    (true, true) => Kind::ServedAndMissed,
                    (false, false) => Kind::Unaccounted,
                    _ => continue,
                };
                cx.push(
                    Violation::new(kind, "served or missed, not both", format!("cycle {cyc}"))
                        .customer(c)
                        .function(f),
                );
            }
            if met {
                out.pairs_met += 1;
            }
        }
    }
    if out.required != cal.required {
        cx.push(Violation::new(
            Kind::RequiredCount,
            out.required,
            cal.required,
        ));
    }
    out
}

/// The contract's calendar metrics, from the recomputed quantities (CONTRACT.md definitions).
fn recompute_metrics(
    cx: &Ctx,
    work: &[Work],
    assignment_ok: bool,
    t: &Totals,
    cy: &Cycles,
) -> Metrics {
    let (sc, a, cal) = (cx.sc, cx.a, cx.cal);
    let s = &sc.settings;
    let n_customers = sc.customers.len();
    let months = f64::from(cx.weeks) / WEEKS_PER_MONTH;
    let visits: Vec<_> = cal
        .visits
        .iter()
        .enumerate()
        // A visit that found the shop closed made the trip but no visit.
        .filter(|(i, v)| cx.visit_ok[*i] && !v.closed)
        .map(|(_, v)| v)
        .collect();
    let mut m = Metrics {
        // Required visits done / required visits.
        coverage_rate: (cy.required > 0).then(|| cy.served as f64 / cy.required as f64),
        // (Customer, function) pairs that met every required cycle / all pairs (a pair with no
        // cycle inside the horizon has nothing to miss).
        rigid_cycle_met_rate: (n_customers > 0)
            .then(|| cy.pairs_met as f64 / (n_customers * Function::ALL.len()) as f64),
        travel_km_per_visit: (!visits.is_empty()).then(|| t.km / visits.len() as f64),
        travel_time_share: (t.travel + t.service > 0.0).then(|| t.travel / (t.travel + t.service)),
        overtime_hours: Some(t.overtime_min / 60.0),
        service_minutes_per_customer_month: (n_customers > 0 && months > 0.0)
            .then(|| t.service / n_customers as f64 / months),
        team_visits: Some(cal.teams.len() as f64),
        ..Metrics::default()
    };
    // Visits as the customer lives them: a team visit is one visit (DOMAIN.md: "a team visit
    // counts once"), each other visit row is one.
    let mut units: BTreeMap<(usize, u32), (usize, BTreeSet<u32>)> = BTreeMap::new();
    let mut contacts: BTreeSet<(usize, usize)> = BTreeSet::new();
    for v in &visits {
        let e = units.entry((v.customer, v.day)).or_default();
        match v.team {
            Some(t) => {
                e.1.insert(t);
            }
            None => e.0 += 1,
        }
        contacts.insert((v.customer, v.staff));
    }
    let multi = units
        .values()
        .filter(|(rows, teams)| rows + teams.len() >= 2)
        .count();
    m.same_day_multi_visit_rate = (!units.is_empty()).then(|| multi as f64 / units.len() as f64);
    m.contacts_per_customer = (n_customers > 0).then(|| contacts.len() as f64 / n_customers as f64);
    if assignment_ok {
        // Skill inversion per visit; a team visit takes its best member's tier (DOMAIN.md "Tiers").
        let ct = customer_tiers(sc);
        let st = staff_tiers(sc, work, a);
        let mut best: BTreeMap<u32, (usize, u8)> = BTreeMap::new();
        let (mut n, mut inverted) = (0usize, 0usize);
        for v in &visits {
            match v.team {
                Some(t) => {
                    let e = best.entry(t).or_insert((v.customer, u8::MAX));
                    e.1 = e.1.min(st[v.staff]);
                }
                None => {
                    n += 1;
                    inverted += usize::from(ct[v.customer] < st[v.staff]);
                }
            }
        }
        for (c, tier) in best.values() {
            n += 1;
            inverted += usize::from(ct[*c] < *tier);
        }
        m.skill_inversion_rate = (n > 0).then(|| inverted as f64 / n as f64);
        // Pay of the managers in staff (the pay rule of the settings) plus travel at
        // cost_per_km, per 4 weeks.
        let used: BTreeSet<usize> = a.staff.iter().map(|x| x.manager).collect();
        let pay: f64 = used
            .iter()
            .map(|&mg| s.monthly_pay(sc.managers[mg].pay_grade))
            .sum();
        m.monthly_cost = (months > 0.0).then(|| pay + t.km * s.cost_per_km / months);
    }
    m
}

fn compare_metrics(cx: &mut Ctx, want: &Metrics, got: &Metrics, assignment_ok: bool) {
    let mut pairs = vec![
        ("coverage_rate", want.coverage_rate, got.coverage_rate),
        (
            "rigid_cycle_met_rate",
            want.rigid_cycle_met_rate,
            got.rigid_cycle_met_rate,
        ),
        (
            "travel_km_per_visit",
            want.travel_km_per_visit,
            got.travel_km_per_visit,
        ),
        (
            "travel_time_share",
            want.travel_time_share,
            got.travel_time_share,
        ),
        ("overtime_hours", want.overtime_hours, got.overtime_hours),
        (
            "service_minutes_per_customer_month",
            want.service_minutes_per_customer_month,
            got.service_minutes_per_customer_month,
        ),
        (
            "same_day_multi_visit_rate",
            want.same_day_multi_visit_rate,
            got.same_day_multi_visit_rate,
        ),
        (
            "contacts_per_customer",
            want.contacts_per_customer,
            got.contacts_per_customer,
        ),
        ("team_visits", want.team_visits, got.team_visits),
    ];
    if assignment_ok {
        pairs.push((
            "skill_inversion_rate",
            want.skill_inversion_rate,
            got.skill_inversion_rate,
        ));
        pairs.push(("monthly_cost", want.monthly_cost, got.monthly_cost));
    }
    for (name, w, g) in pairs {
        let (e, f) = match (w, g) {
            (Some(w), Some(g)) if close(w, g) => continue,
            (None, None) => continue,
            (Some(w), Some(g)) => (w.to_string(), g.to_string()),
            (Some(w), None) => (w.to_string(), "absent".to_string()),
            (None, Some(g)) => ("absent (not computable)".to_string(), g.to_string()),
        };
        cx.push(Violation::new(Kind::Metric(name), e, f));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::core::calendar::{self, CalendarParams, Missed, Reason};
    use crate::core::generate::{generate, Preset};
    use crate::core::metrics;
    use crate::core::models;
    use crate::core::workload::generalist;

    /// A small district planned by one model, its calendar and metrics.
    struct Fixture {
        sc: Scenario,
        work: Vec<Work>,
        a: Assignment,
        cal: Calendar,
        m: Metrics,
    }

    fn build(model: &str, team_visits: bool) -> Fixture {
        let mut sc = generate(Preset::Urban, 5).expect("preset");
        sc.customers.truncate(200);
        sc.managers.truncate(4);
        sc.settings.modes.team_visits = team_visits;
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
        F.get_or_init(|| build("region", true))
    }

    /// The specialised model without team visits (see `specialised_with_team_visits`).
    fn specialised() -> &'static Fixture {
        static F: OnceLock<Fixture> = OnceLock::new();
        F.get_or_init(|| build("specialised", false))
    }

    /// The specialised model at default settings: team visits of several specialists.
    fn specialised_with_team_visits() -> &'static Fixture {
        static F: OnceLock<Fixture> = OnceLock::new();
        F.get_or_init(|| build("specialised", true))
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
        let s = &f.sc.settings;
        f.cal
            .visits
            .iter()
            .enumerate()
            .find_map(|(i, v)| {
                v.functions.iter().find_map(|&fun| {
                    let cw = s.cycle_weeks(fun, f.sc.customers[v.customer].class);
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
        let span =
            f.sc.settings
                .cycle_weeks(fun, f.sc.customers[v.customer].class)
                * f.cal.days_per_week;
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
        r.back = r.leave + s.day_minutes + s.overtime_cap_minutes + 5.0;
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
                    .find(|&fun| f.a.responsible[v.customer][fun.index()] != v.staff)
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
        a.responsible[0][1] = 1000;
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
