//! The worker's side of the protocol: what each message computes. `Session` answers the
//! page's requests and keeps the last calendars for its queries; `run`, `import` and
//! `rederive` are the stateless ones.

use std::rc::Rc;
use std::sync::Arc;

use super::error::{QueryError, RequestError, WorkerError};
use super::exports::{self, ExportError};
use super::fanout::{phase_free, Assigned, Fanout, Finished};
use super::message::Explain;
use super::pilot_session;
use super::pilot_view::pilot_view;
use super::protocol::{
    Answer, CustomerView, ImportRequest, MissedView, PilotFile, PilotRequest, Query,
    RederiveRequest, Reply, Request, RouteView, StaffingRequest, StopView, VisitView,
};
use super::request_scenario::scenario_of;
use super::review;
use super::sweep::{self, Curve};
use crate::core::compare::{Comparison, Progress};
use crate::core::io;
use crate::core::pilot::Pilot;
use crate::core::scenario::Scenario;
use crate::i18n::Lang;

/// Runs `req`, calling `progress` after each step; every failure is a `Failed` reply, never
/// a panic.
pub fn run(req: &Request, progress: &mut dyn FnMut(Progress)) -> Reply {
    Session::default().compute(req, progress)
}

/// Builds a scenario from the lists (`core::io::import_scenario`): every problem found is in
/// `ImportFailed`, row by row; nothing is half-imported.
pub fn import(req: &ImportRequest) -> Reply {
    let mut base = Scenario::empty(req.seed);
    base.source = "imported".to_string();
    match io::import_scenario(
        base,
        &io::DeriveRules::default(),
        Some(&req.customers),
        req.managers.as_deref(),
    ) {
        Ok(scenario) => Reply::Imported {
            id: req.id,
            scenario: Box::new(scenario),
        },
        Err(errors) => Reply::ImportFailed { id: req.id, errors },
    }
}

/// The list of `req` derived again under its corrected rules (`review::rederived`). The
/// worker keeps the new list as well (`upload::Inbox::keep`), so it shares it with the reply.
pub fn rederive(req: &RederiveRequest) -> Reply {
    match req.base.base.as_deref() {
        Some(list) => Reply::Rederived {
            id: req.id,
            keep: req.keep,
            rules: req.rules.clone(),
            scenario: Rc::new(review::rederived(list, &req.from, &req.rules)),
        },
        None => Reply::Failed {
            id: req.id,
            error: WorkerError::BadMessage("a derivation without a list".into()).message(),
        },
    }
}

/// The staffing curves a request asks for: its headcounts checked first, then its scenario.
fn staffing(
    req: &StaffingRequest,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Curve>, RequestError> {
    sweep::check_headcounts(&req.headcounts)?;
    let sc = scenario_of(&req.base)?;
    sweep::curves(&sc, &req.headcounts, req.search, progress)
}

/// The worker's memory: the last computation with calendars, for the queries; the last
/// assignment-only one, for the calendars the page asks for next; and the last pilot, for
/// its exports.
#[derive(Default)]
pub struct Session {
    last: Option<(Scenario, Comparison)>,
    assigned: Option<Assigned>,
    pilot: Option<Box<Pilot>>,
}

impl Session {
    /// Runs `req` (see `run`) and keeps its calendars for later queries.
    pub fn compute(&mut self, req: &Request, progress: &mut dyn FnMut(Progress)) -> Reply {
        let mut fanout = match self.begin(req) {
            Ok(f) => f,
            Err(reply) => return reply,
        };
        match fanout.run_here(progress) {
            Ok(()) => self.end(fanout),
            Err(e) => Reply::Failed {
                id: req.id,
                error: e.message(),
            },
        }
    }

    /// The computation `req` asks for, its models not run yet (`Fanout::run_here`, or helper
    /// workers); a request that cannot be computed is a `Failed` reply.
    pub fn begin(&mut self, req: &Request) -> Result<Fanout, Reply> {
        // Kept for one calendar request only: assignments are small next to calendars, but a
        // city's are still megabytes.
        let assigned = if req.calendar {
            self.assigned.take()
        } else {
            None
        };
        Fanout::new(req, assigned).map_err(|e| Reply::Failed {
            id: req.id,
            error: e.message(),
        })
    }

    /// Makes `running`, calendars started by `Fanout::follow` before the page asked, the
    /// answer to `req` if it is the request they were started for (the assignment kept for
    /// them is then used up, as `begin` would). `false`, and nothing changed, if not.
    pub fn adopt(&mut self, running: &mut Fanout, req: &Request) -> bool {
        let near = self
            .assigned
            .as_ref()
            .filter(|a| a.request == phase_free(req))
            .map(|a| a.near.clone());
        let adopted = running.adopt(req, near);
        if adopted {
            self.assigned = None;
        }
        adopted
    }

    /// The reply to a computation whose models are all back; its calendars (or its
    /// assignments, for the calendar request that follows) are kept.
    pub fn end(&mut self, fanout: Fanout) -> Reply {
        let id = fanout.id();
        let calendar = fanout.calendar();
        let request = phase_free(fanout.request());
        let list = fanout.request().list;
        let base = fanout.request().base.clone();
        match fanout.finish() {
            Some(Ok(Finished {
                mut outcome,
                cmp,
                near,
            })) => {
                if calendar {
                    self.last = Some((outcome.scenario.clone(), cmp));
                } else {
                    self.assigned = Some(Assigned {
                        request,
                        scenario: outcome.scenario.clone(),
                        cmp,
                        near,
                    });
                }
                // The page's own list, unchanged (no lock or cut touched it): the page puts
                // its customers back rather than read them again.
                let list = list.filter(|_| {
                    base.is_some_and(|b| Arc::ptr_eq(&b.customers, &outcome.scenario.customers))
                });
                if list.is_some() {
                    outcome.scenario.customers = Arc::default();
                }
                Reply::Done {
                    id,
                    outcome: Box::new(outcome),
                    list,
                }
            }
            Some(Err(e)) => Reply::Failed {
                id,
                error: e.message(),
            },
            None => Reply::Failed {
                id,
                error: RequestError::Unfinished.message(),
            },
        }
    }

    /// Coverage and cost against headcount for every model (the staffing view).
    pub fn staffing(&self, req: &StaffingRequest, progress: &mut dyn FnMut(Progress)) -> Reply {
        match staffing(req, progress) {
            Ok(curves) => Reply::Staffing { id: req.id, curves },
            Err(e) => Reply::Failed {
                id: req.id,
                error: e.message(),
            },
        }
    }

    /// Runs the pilot `req` asks for (the pilot view) and keeps it for its exports; a refused
    /// pilot keeps the one before.
    pub fn pilot(&mut self, req: &PilotRequest, progress: &mut dyn FnMut(Progress)) -> Reply {
        match pilot_session::run(req, progress) {
            Ok(p) => {
                let view = pilot_view(&p);
                self.pilot = Some(Box::new(p));
                Reply::Pilot {
                    id: req.id,
                    view: Box::new(view),
                }
            }
            Err(e) => Reply::Failed {
                id: req.id,
                error: e.message(),
            },
        }
    }

    /// The last pilot kept (`None` before the first).
    pub fn last_pilot(&self) -> Option<&Pilot> {
        self.pilot.as_deref()
    }

    /// A plan of the last pilot as a file, its headers in the language `lang` codes.
    pub fn pilot_export(&self, id: u64, stage: usize, file: PilotFile, lang: &str) -> Reply {
        answer_reply(
            id,
            pilot_session::export(self.pilot.as_deref(), stage, file, Lang::from_tag(lang)),
        )
    }

    /// Answers `query` from the last computation with calendars.
    pub fn query(&self, id: u64, query: &Query) -> Reply {
        answer_reply(id, self.answer(query))
    }

    fn answer(&self, query: &Query) -> Result<Answer, ExportError> {
        let (sc, cmp) = self
            .last
            .as_ref()
            .map(|(s, c)| (s, c))
            .ok_or(QueryError::NoCalendarYet)?;
        let (model, cal, a) = {
            let m = match query {
                Query::Route { model, .. }
                | Query::Customer { model, .. }
                | Query::Export { model, .. } => *model,
                Query::Workbook { people } => return exports::workbook_file(sc, cmp, people),
            };
            let out = cmp.models.get(m).ok_or(QueryError::NoModel(m))?;
            let cal = out.calendar.as_ref().ok_or(QueryError::NoModelCalendar)?;
            (m, cal, &out.assignment)
        };
        Ok(match *query {
            Query::Route { staff, day, .. } if staff >= a.staff.len() => {
                // Rows after the staff are the market managers (`Lived::market`).
                let d = crate::core::metrics::market_manager_departments(sc, a)
                    .get(staff - a.staff.len())
                    .copied()
                    .ok_or(QueryError::NoStaff(staff))?;
                let route = cal
                    .market_managers
                    .iter()
                    .find(|r| r.department == d && r.day == day);
                let day_of = route.map(|r| (r.leave, r.back, r.km));
                let stops = route.map_or_else(Vec::new, |r| {
                    r.stops
                        .iter()
                        .map(|x| StopView {
                            customer: x.customer,
                            start: x.start,
                            end: x.end,
                            functions: Vec::new(),
                            team: true,
                            closed: false,
                            covers: None,
                        })
                        .collect()
                });
                Answer::Route(route_view(model, staff, day, day_of, stops))
            }
            Query::Route { staff, day, .. } => {
                let route = cal.routes.iter().find(|r| r.staff == staff && r.day == day);
                let day_of = route.map(|r| (r.leave, r.back, r.km));
                let stops = route.map_or_else(Vec::new, |r| {
                    r.visits
                        .iter()
                        .filter_map(|&i| cal.visits.get(i))
                        .map(|v| StopView {
                            customer: v.customer,
                            start: v.start,
                            end: v.end,
                            functions: v.functions.clone(),
                            team: v.team.is_some(),
                            closed: v.closed,
                            covers: v.covers,
                        })
                        .collect()
                });
                Answer::Route(route_view(model, staff, day, day_of, stops))
            }
            Query::Export {
                file, ref people, ..
            } => exports::file(sc, cmp, model, file, people.as_ref())?,
            Query::Workbook { .. } => return Err(QueryError::NoModel(model).into()),
            Query::Customer { customer, .. } => {
                let responsible = *a
                    .responsible
                    .get(customer)
                    .ok_or(QueryError::NoCustomer(customer))?;
                Answer::Customer(CustomerView {
                    model,
                    customer,
                    responsible,
                    visits: cal
                        .visits
                        .iter()
                        .filter(|v| v.customer == customer)
                        .map(|v| VisitView {
                            day: v.day,
                            staff: v.staff,
                            start: v.start,
                            end: v.end,
                            functions: v.functions.clone(),
                            team: v.team.is_some(),
                            closed: v.closed,
                        })
                        .collect(),
                    missed: cal
                        .missed
                        .iter()
                        .filter(|m| m.customer == customer)
                        .map(|m| MissedView {
                            function: m.function,
                            staff: m.staff,
                            from_day: m.from_day,
                            to_day: m.to_day,
                            reason: m.reason.id().to_string(),
                        })
                        .collect(),
                })
            }
        })
    }
}

/// A day's route as the map shows it, a staff member's or a market manager's: leave, back and
/// km of the day (`None` on a day without a route) and its stops in order.
fn route_view(
    model: usize,
    staff: usize,
    day: u32,
    day_of: Option<(f64, f64, f64)>,
    stops: Vec<StopView>,
) -> RouteView {
    RouteView {
        model,
        staff,
        day,
        leave: day_of.map(|d| d.0),
        back: day_of.map(|d| d.1),
        km: day_of.map_or(0.0, |d| d.2),
        stops,
    }
}

/// A query's reply: its answer, or why it has none.
fn answer_reply(id: u64, r: Result<Answer, impl Explain>) -> Reply {
    match r {
        Ok(answer) => Reply::Answer {
            id,
            answer: Box::new(answer),
        },
        Err(e) => Reply::Failed {
            id,
            error: e.message(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::outcome::Outcome;
    use crate::app::protocol::{ExportKind, ToWorker};
    use crate::core::claims;
    use crate::core::generate::{generate, Preset};
    use crate::i18n::Lang;

    fn req(preset: &str) -> Request {
        Request {
            id: 7,
            ..Request::of_preset(preset, 42)
        }
    }

    #[test]
    fn the_calendars_reuse_the_assignment_of_the_same_scenario_only() {
        let calendar = |seed: u64, replications: u32| Request {
            calendar: true,
            seed,
            replications,
            ..req("rural")
        };
        let fresh = |r: &Request| Session::default().compute(r, &mut |_| {});
        let mut session = Session::default();
        // Assignment first, then the calendars of the same scenario: the same reply as the
        // calendars computed from nothing, with the same progress steps.
        let first = session.compute(&req("rural"), &mut |_| {});
        assert!(matches!(first, Reply::Done { .. }));
        assert!(session.assigned.is_some());
        let mut steps = Vec::new();
        let reused = session.compute(&calendar(42, 2), &mut |p| steps.push(p));
        assert_eq!(reused, fresh(&calendar(42, 2)));
        assert_eq!(steps.len(), 10);
        assert!(
            session.assigned.is_none(),
            "kept for one calendar request only"
        );
        // Another scenario (another seed) is not answered from the kept assignment.
        session.compute(&req("rural"), &mut |_| {});
        let other = session.compute(&calendar(43, 1), &mut |_| {});
        assert_eq!(other, fresh(&calendar(43, 1)));
        let Reply::Done { outcome, .. } = &other else {
            panic!("not done: {other:?}");
        };
        assert_eq!(outcome.scenario.seed, 43);
    }

    #[test]
    fn a_reply_survives_the_json_round_trip_between_threads() {
        let mut steps = Vec::new();
        let reply = run(&req("rural"), &mut |p| steps.push(p));
        assert_eq!(steps.len(), 5);
        let Reply::Done { id, outcome, .. } = &reply else {
            panic!("not done: {reply:?}");
        };
        assert_eq!(*id, 7);
        assert_eq!(outcome.models.len(), 5);
        for m in &outcome.models {
            assert_eq!(m.colours.len(), outcome.scenario.customers.len());
            assert_eq!(m.outlines.len(), m.staff.len());
            assert_eq!(m.staff_colours.len(), m.staff.len());
            // A staff member with three or more customers has a polygon around them.
            for (s, o) in m.outlines.iter().enumerate() {
                let owned = m.owner.iter().filter(|&&x| x == s).count();
                assert!(o.len() <= owned && (owned < 3 || o.len() >= 2), "staff {s}");
            }
            assert!(m.metrics.coverage_rate.is_none(), "no calendar asked for");
        }
        let text = serde_json::to_string(&reply).expect("json");
        let back: Reply = serde_json::from_str(&text).expect("parse");
        assert_eq!(back, reply);
    }

    #[test]
    fn lived_time_adds_up_to_capacity_and_contacts_to_customers() {
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = run(&r, &mut |_| {}) else {
            panic!("not done");
        };
        let s = &outcome.scenario.settings;
        let week_h = s.day_minutes * f64::from(s.days_per_week) / 60.0;
        for m in &outcome.models {
            let l = m.lived.as_ref().expect("calendar asked for");
            // service + travel + other is the lived time; minus overtime plus unused is the
            // working week.
            let sum = l.service_h + l.travel_h + l.desk_h + l.other_h - l.overtime_h + l.unused_h;
            assert!(
                (sum - week_h).abs() < 1e-6,
                "{:?}: {sum} vs {week_h}",
                m.model
            );
            let mean = l.weekly_hours.iter().sum::<f64>() / l.weekly_hours.len() as f64;
            assert!((mean - (l.service_h + l.travel_h + l.desk_h + l.other_h)).abs() < 1e-6);
            assert_eq!(
                l.contacts.iter().sum::<usize>(),
                outcome.scenario.customers.len()
            );
            // Weekly coverage: each week's share in 0..1, and over the weeks (weighted by the
            // cycles ending in them) the overall coverage.
            assert_eq!(l.weekly_coverage.len(), 2);
            assert!(l
                .weekly_coverage
                .iter()
                .flatten()
                .all(|x| (0.0..=1.0).contains(x)));
            let missed: usize = l.missed.values().sum();
            let cov = m.metrics.coverage_rate.expect("coverage");
            assert_eq!(missed == 0, (cov - 1.0).abs() < 1e-12);
            let contacts = m.metrics.contacts_per_customer.expect("metric");
            let from_hist = l
                .contacts
                .iter()
                .enumerate()
                .map(|(k, n)| k * n)
                .sum::<usize>() as f64
                / outcome.scenario.customers.len() as f64;
            // Equal unless someone is visited by five or more staff (counted as 4).
            assert!(from_hist <= contacts + 1e-12);
        }
    }

    #[test]
    fn queries_answer_from_the_last_calendars() {
        let mut session = Session::default();
        assert!(matches!(
            session.query(
                1,
                &Query::Customer {
                    model: 0,
                    customer: 0
                }
            ),
            Reply::Failed { .. }
        ));
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = session.compute(&r, &mut |_| {}) else {
            panic!("not done");
        };
        let lived = outcome.models[0].lived.as_ref().expect("lived");
        // The busiest day of staff 0 answers with its stops, in time order, as many as the
        // calendar grid says.
        let (day, n) = lived.day_visits[0]
            .iter()
            .enumerate()
            .max_by_key(|x| x.1)
            .map(|(d, n)| (d as u32, *n))
            .expect("days");
        let Reply::Answer { id, answer } = session.query(
            9,
            &Query::Route {
                model: 0,
                staff: 0,
                day,
            },
        ) else {
            panic!("no answer");
        };
        assert_eq!(id, 9);
        let Answer::Route(route) = *answer else {
            panic!("not a route");
        };
        assert_eq!(route.stops.len(), n as usize);
        assert!(route.stops.windows(2).all(|w| w[0].end <= w[1].start));
        // A customer on that route lists that visit, by that staff member.
        let c = route.stops[0].customer;
        let Reply::Answer { answer, .. } = session.query(
            10,
            &Query::Customer {
                model: 0,
                customer: c,
            },
        ) else {
            panic!("no answer");
        };
        let Answer::Customer(cv) = *answer else {
            panic!("not a customer");
        };
        assert!(cv.visits.iter().any(|v| v.day == day && v.staff == 0));
        assert!(cv.responsible.contains(&Some(0)));
        // Out of range: a failure with the query's id, not a panic.
        for q in [
            Query::Customer {
                model: 0,
                customer: usize::MAX,
            },
            Query::Route {
                model: 7,
                staff: 0,
                day: 0,
            },
        ] {
            assert!(matches!(
                session.query(11, &q),
                Reply::Failed { id: 11, .. }
            ));
        }
        let text = serde_json::to_string(&ToWorker::Query {
            id: 3,
            query: Query::Route {
                model: 1,
                staff: 2,
                day: 3,
            },
        })
        .expect("json");
        assert!(serde_json::from_str::<ToWorker>(&text).is_ok(), "{text}");
    }

    #[test]
    fn staffing_curves_rise_with_headcount_and_carry_the_establishment() {
        let r = StaffingRequest {
            id: 5,
            base: Request {
                weeks: 2,
                ..req("rural")
            },
            headcounts: vec![5, 11, 20],
            search: true,
        };
        let mut steps = 0;
        let Reply::Staffing { id, curves } = Session::default().staffing(&r, &mut |_| steps += 1)
        else {
            panic!("no curves");
        };
        assert_eq!((id, steps), (5, 5 * 4));
        assert_eq!(curves.len(), 5);
        let region = &curves[0];
        let cov: Vec<f64> = region.points.iter().map(|p| p.coverage).collect();
        assert!(cov[0] < cov[1] && cov[1] <= cov[2] + 1e-12, "{cov:?}");
        let cost: Vec<f64> = region.points.iter().map(|p| p.monthly_cost).collect();
        assert!(cost[0] < cost[1] && cost[1] < cost[2], "{cost:?}");
        // The establishment: every cell of the answer meets the target, and the search's path
        // ends with the answer.
        let est = region
            .establishment
            .as_ref()
            .expect("the search was asked for");
        let n = est.headcount.expect("region meets the target");
        assert_eq!(n, est.table.iter().map(|r| r.people_needed).sum::<usize>());
        assert!(est
            .table
            .iter()
            .all(|r| r.coverage_rate >= est.coverage_target - 1e-12));
        assert_eq!(est.curve.last().map(|p| p.headcount), Some(n));
        for c in &curves {
            for p in &c.points {
                assert_eq!(p.coverage_by_post.len(), 4);
                let lo = p
                    .coverage_by_post
                    .iter()
                    .flatten()
                    .fold(1.0f64, |a, &b| a.min(b));
                assert!(
                    lo <= p.coverage + 1e-12,
                    "{:?}: {lo} > {}",
                    c.model,
                    p.coverage
                );
            }
        }
        let bad = StaffingRequest {
            headcounts: vec![0],
            ..r
        };
        assert!(matches!(
            Session::default().staffing(&bad, &mut |_| {}),
            Reply::Failed { id: 5, .. }
        ));
    }

    #[test]
    fn an_opened_scenario_replaces_the_preset_and_one_without_staff_is_staffed() {
        let mut base = generate(Preset::Rural, 7).expect("rural");
        base.customers_mut().truncate(300);
        let staffed = base.managers.len();
        let r = Request {
            base: Some(std::rc::Rc::new(base.clone())),
            ..req("county")
        };
        let Reply::Done { outcome, .. } = run(&r, &mut |_| {}) else {
            panic!("not done");
        };
        assert_eq!(outcome.scenario.customers, base.customers);
        assert_eq!(outcome.scenario.managers.len(), staffed);
        // The request survives the JSON boundary with its scenario.
        let text = serde_json::to_string(&ToWorker::Compute(r)).expect("json");
        assert!(matches!(
            serde_json::from_str::<ToWorker>(&text),
            Ok(ToWorker::Compute(Request { base: Some(_), .. }))
        ));
        base.managers.clear();
        let Reply::Done { outcome, .. } = run(
            &Request {
                base: Some(std::rc::Rc::new(base)),
                ..req("county")
            },
            &mut |_| {},
        ) else {
            panic!("not done");
        };
        let n = outcome.scenario.managers.len();
        assert!((1..staffed * 3).contains(&n), "{n} staff for 300 customers");
    }

    #[test]
    fn exports_are_the_calendars_files() {
        let mut session = Session::default();
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = session.compute(&r, &mut |_| {}) else {
            panic!("not done");
        };
        let file = |session: &Session, kind| match session.query(
            3,
            &Query::Export {
                model: 1,
                file: kind,
                people: None,
            },
        ) {
            Reply::Answer { id: 3, answer } => match *answer {
                Answer::File { name, text } => (name, text),
                other => panic!("not a file: {other:?}"),
            },
            other => panic!("no answer: {other:?}"),
        };
        let (name, text) = file(&session, ExportKind::Assignments);
        assert_eq!(
            name,
            format!("assignments-{}.csv", outcome.models[1].model.id())
        );
        // A header, then one row per customer.
        assert_eq!(text.lines().count(), outcome.scenario.customers.len() + 1);
        let (name, text) = file(&session, ExportKind::Schedule);
        assert!(name.starts_with("schedule-"));
        let visits: u32 = outcome.models[1]
            .lived
            .as_ref()
            .expect("lived")
            .day_visits
            .iter()
            .flatten()
            .sum();
        assert_eq!(text.lines().count(), visits as usize + 1);
        // Without a start date the date column is empty; with one it labels working days.
        assert!(text
            .lines()
            .nth(1)
            .is_some_and(|l| l.split(',').nth(1) == Some("")));
        let mut settings = outcome.scenario.settings.clone();
        settings.start_date = Some("2026-03-02".into());
        session.compute(
            &Request {
                settings: Some(Box::new(settings)),
                ..r.clone()
            },
            &mut |_| {},
        );
        let (_, text) = file(&session, ExportKind::Schedule);
        let first = text.lines().nth(1).expect("a visit");
        assert!(first.starts_with("0,2026-03-02,"), "{first}");
        assert!(matches!(
            session.query(
                4,
                &Query::Export {
                    model: 9,
                    file: ExportKind::Schedule,
                    people: None,
                }
            ),
            Reply::Failed { id: 4, .. }
        ));
    }

    #[test]
    fn imports_build_a_scenario_or_list_every_bad_row() {
        let csv = "客户编码,客户名称,经度,纬度,业态,月销量,档位\n\
                   C1,甲店,117.01,36.65,食杂店,6.5,7\n\
                   C2,乙店,117.02,36.66,便利店,18.2,13\n\
                   C3,丙店,abc,36.67,超市,30,20\n\
                   C4,丁店,117.04,36.68,超市,-3,20\n";
        let req = ImportRequest {
            id: 5,
            seed: 3,
            customers: csv.as_bytes().to_vec(),
            managers: None,
        };
        // Through the JSON boundary, as the page sends it.
        let text = serde_json::to_string(&ToWorker::Import(req)).expect("json");
        let Ok(ToWorker::Import(req)) = serde_json::from_str::<ToWorker>(&text) else {
            panic!("not an import");
        };
        let reply = import(&req);
        let back: Reply =
            serde_json::from_str(&serde_json::to_string(&reply).expect("json")).expect("parse");
        assert_eq!(back, reply);
        let Reply::ImportFailed { id: 5, errors } = reply else {
            panic!("bad rows accepted: {reply:?}");
        };
        let rows: Vec<Option<usize>> = errors.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, vec![Some(4), Some(5)], "{errors}");
        let good: String = csv
            .lines()
            .take(3)
            .map(|l| format!("{}\n", l.trim()))
            .collect();
        let Reply::Imported { id: 6, scenario } = import(&ImportRequest {
            id: 6,
            customers: good.into_bytes(),
            ..req
        }) else {
            panic!("good rows refused");
        };
        assert_eq!(scenario.customers.len(), 2);
        assert_eq!(scenario.source, "imported");
    }

    #[test]
    fn claims_come_with_the_calendars_only() {
        let Reply::Done { outcome, .. } = run(&req("rural"), &mut |_| {}) else {
            panic!("not done");
        };
        assert!(outcome.claims.is_empty());
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = run(&r, &mut |_| {}) else {
            panic!("not done");
        };
        assert_eq!(outcome.claims.len(), claims::definitions().len());
        for c in &outcome.claims {
            assert!(c.holds.is_some(), "{}", c.id);
            assert_eq!(c.figures.len(), 5, "{}", c.id);
        }
        let back: Outcome =
            serde_json::from_str(&serde_json::to_string(&*outcome).expect("json")).expect("parse");
        assert_eq!(back.claims, outcome.claims);
    }

    #[test]
    fn a_sized_down_preset_keeps_its_clusters_and_is_staffed_to_fit() {
        let full = run(&req("county"), &mut |_| {});
        let small = run(
            &Request {
                customers: Some(600),
                ..req("county")
            },
            &mut |_| {},
        );
        let (Reply::Done { outcome: f, .. }, Reply::Done { outcome: s, .. }) = (full, small) else {
            panic!("not done");
        };
        assert_eq!(s.scenario.customers.len(), 600);
        // Staffed by the workload method: about a fifth of the county's staff.
        let (nf, ns) = (f.scenario.managers.len(), s.scenario.managers.len());
        assert!(ns * 3 < nf && ns * 8 > nf, "{ns} of {nf}");
        // Every zone keeps customers in roughly its share.
        for z in ["urban", "town", "rural"] {
            let share = |o: &Outcome| {
                o.scenario
                    .customers
                    .iter()
                    .filter(|c| format!("{:?}", c.zone).eq_ignore_ascii_case(z))
                    .count() as f64
                    / o.scenario.customers.len() as f64
            };
            assert!((share(&f) - share(&s)).abs() < 0.05, "{z}");
        }
        let too_many = run(
            &Request {
                customers: Some(crate::app::limits::MAX_PRESET_CUSTOMERS + 1),
                ..req("county")
            },
            &mut |_| {},
        );
        assert!(matches!(too_many, Reply::Failed { .. }));
    }

    #[test]
    fn bad_requests_fail_with_a_message_and_the_id() {
        for (r, key, needle) in [
            (req("atlantis"), "error.scenario.unknown_preset", "atlantis"),
            (
                Request {
                    weeks: 0,
                    ..req("rural")
                },
                "error.scenario.weeks",
                "0",
            ),
            (
                Request {
                    replications: 1000,
                    ..req("rural")
                },
                "error.scenario.replications",
                "1000",
            ),
        ] {
            match run(&r, &mut |_| {}) {
                Reply::Failed { id, error } => {
                    assert_eq!(id, 7);
                    assert_eq!(error.key, key);
                    // Both languages name the bad value, with every placeholder filled.
                    for lang in Lang::ALL {
                        let text = error.text(lang);
                        assert!(text.contains(needle), "{text}");
                        assert!(!text.contains('{') && text != key, "{text}");
                    }
                }
                other => panic!("expected a failure, got {other:?}"),
            }
        }
    }

    #[test]
    fn failures_are_typed_and_say_what_is_out_of_range() {
        let e = scenario_of(&Request {
            weeks: 53,
            ..req("rural")
        })
        .expect_err("53 weeks");
        // The page's request is checked by the CLI's assembler: the same error for both.
        assert_eq!(
            e,
            RequestError::Scenario(crate::app::scenario::ScenarioError::Weeks(53))
        );
        assert_eq!(e.to_string(), "weeks: 53 is outside 1..=52");
        let m = e.message();
        assert_eq!(m.text(Lang::En).matches("53").count(), 1, "{m:?}");
        assert!(m.text(Lang::ZhCn).contains("52"), "{m:?}");
        let bad = StaffingRequest {
            id: 1,
            base: req("rural"),
            headcounts: Vec::new(),
            search: false,
        };
        let Reply::Failed { error, .. } = Session::default().staffing(&bad, &mut |_| {}) else {
            panic!("no headcounts accepted");
        };
        assert_eq!(error.key, "error.app.staffing_points");
        let Reply::Failed { error, .. } = Session::default().query(
            2,
            &Query::Customer {
                model: 0,
                customer: 0,
            },
        ) else {
            panic!("answered without a calendar");
        };
        assert_eq!(error, QueryError::NoCalendarYet.message());
    }
}
