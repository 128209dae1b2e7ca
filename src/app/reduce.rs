//! The page's one reducer: a message and the state before give the state after. Pure (no
//! browser, no clock, no storage): what the page must do about a change (send a request,
//! store the state, remember the tour) is read from the new state by the web shell's effects.

use std::rc::Rc;

use super::message::Message;
use super::pilot_session::spec;
use super::protocol::{Answer, Reply};
use super::review;
use super::slides::{slides, TOUR};
use super::state::{figures, ExerciseRun, Msg, Phase, State, View};
use super::workshop::{self, EXERCISES};
use crate::charts::map::route_window;
use crate::core::dates::parse_iso_date;
use crate::core::geo::{BBox, Point};
use crate::core::io::DeriveRules;

/// The state after the import review's rules became `rules`: the worker derives the list
/// again under them (`State::rederive_request`), and its reply runs the new list. Nothing
/// changes without an imported list, or when the rules are those already shown.
fn with_rules(state: Rc<State>, mut next: State, rules: DeriveRules) -> Rc<State> {
    if state.base.is_none() || rules == *state.rules_shown() {
        return state;
    }
    next.input_error = None;
    next.rules_wanted = (rules != *state.base_rules).then(|| Rc::new(rules));
    // A correction undone before the worker answered: the list is the one shown, but the
    // worker's computation for it was given up for the derivation, so it runs again.
    if next.rules_wanted.is_none() {
        next.restart();
    }
    next.rederive_id += 1;
    Rc::new(next)
}

/// The state after `msg`. A message that changes nothing returns `state` itself (the same
/// `Rc`), so the page does not render again; replies to replaced requests are such messages.
pub fn reduce(state: Rc<State>, msg: Msg) -> Rc<State> {
    let mut next = (*state).clone();
    match msg {
        Msg::ToggleLang => {
            next.lang = state.lang.other();
            next.touched();
        }
        Msg::KitNotice(n) => next.kit_notice = Some(n),
        Msg::ShowLink(link) => next.share_link = link,
        Msg::AskClear(ask) => next.confirm_clear = ask,
        Msg::Cleared(n) => {
            // The page starts over from the defaults, in the language in use, and stores
            // nothing until the user changes something.
            let mut fresh = State::new(state.lang);
            fresh.request = state.request + 1;
            fresh.staffing_id = state.staffing_id + 1;
            fresh.pilot_id = state.pilot_id + 1;
            fresh.save_paused = true;
            fresh.saved_version = state.saved_version + 1;
            fresh.kit_notice = Some(("storage.cleared", vec![("n", n.to_string())]));
            return Rc::new(fresh);
        }
        Msg::Opened {
            scenario,
            name,
            rules,
        } => {
            next.import_errors = None;
            // A list without managers is staffed by the workload method at every run: say
            // so rather than "0 managers".
            let key = if scenario.managers.is_empty() {
                "data.opened_no_managers"
            } else {
                "data.opened"
            };
            let notice = (
                key,
                vec![
                    ("name", name.clone()),
                    ("customers", scenario.customers.len().to_string()),
                    ("managers", scenario.managers.len().to_string()),
                ],
            );
            next.exercise = None;
            next.map_window = None;
            next.picked = None;
            next.map_staff = None;
            next.replace_scenario(state.preset, Some((*scenario, name)));
            next.base_rules = Rc::new(*rules);
            // After the replacement, which clears the notices of the scenario before.
            next.kit_notice = Some(notice);
        }
        Msg::SetRule { id, text } => match review::set_rule(state.rules_shown(), &id, &text) {
            Ok(rules) => return with_rules(state, next, rules),
            Err(e) => {
                next.input_error = Some(
                    Message::new("review.error.range")
                        .with("value", e.text)
                        .with("lo", e.lo)
                        .with("hi", e.hi)
                        .with_term("name", &format!("review.rule.{}", e.id)),
                );
            }
        },
        Msg::SetNightFormats(formats) => {
            let rules = DeriveRules {
                night_formats: formats,
                ..state.rules_shown().clone()
            };
            return with_rules(state, next, rules);
        }
        Msg::ImportFailed(errs) => {
            // The scenario shown stays as it was.
            next.import_errors = Some(errs);
            next.kit_notice = None;
        }
        Msg::Present(slide) => {
            let n = slides(state.has_calendar).len();
            next.present = slide.map(|i| i.min(n.saturating_sub(1)));
            next.tour = None;
            next.version += 1;
        }
        Msg::Key(key) => {
            if state.tour.is_some() && key == "Escape" {
                return reduce(state, Msg::Tour(None));
            }
            let Some(i) = state.present else {
                return state;
            };
            let last = slides(state.has_calendar).len().saturating_sub(1);
            let to = match key.as_str() {
                "ArrowRight" | "PageDown" | " " => Some((i + 1).min(last)),
                "ArrowLeft" | "PageUp" => Some(i.saturating_sub(1)),
                "Home" => Some(0),
                "End" => Some(last),
                "Escape" => None,
                _ => return state,
            };
            if to == state.present {
                return state;
            }
            next.present = to;
            next.version += 1;
        }
        Msg::Tour(step) => {
            if step.is_none() && state.tour.is_some() {
                // Seen once: later visits start without it (the page stores that).
                next.tour_done = true;
            }
            next.tour = step.filter(|s| *s < TOUR.len());
        }
        Msg::StartExercise(index) => {
            if EXERCISES.get(index).is_none() {
                return state;
            }
            if state.base.is_some() && state.exercise.is_none() {
                // An imported or opened list is the user's work: it is replaced only once
                // they agree (and comes back when the exercise ends).
                next.confirm_exercise = Some(index);
                next.version += 1;
            } else {
                start_exercise(&mut next, index);
            }
        }
        Msg::ConfirmExercise(yes) => {
            let Some(index) = state.confirm_exercise else {
                return state;
            };
            next.confirm_exercise = None;
            next.version += 1;
            if yes {
                start_exercise(&mut next, index);
            }
        }
        Msg::ChangeExercise => {
            let (Some(run), Some(c)) = (state.exercise.as_ref(), state.outcome.as_ref()) else {
                return state;
            };
            let Some(ex) = EXERCISES.get(run.index) else {
                return state;
            };
            if run.before.is_none() || run.changed {
                return state;
            }
            let mut settings = c.scenario.settings.clone();
            let staff = c.scenario.managers.len();
            let mut headcount = staff;
            workshop::apply(ex, &mut settings, &mut headcount);
            next.settings = Some(settings);
            if headcount != staff {
                next.headcount = Some(headcount);
            }
            if let Some(r) = next.exercise.as_mut() {
                r.changed = true;
            }
            next.restart();
        }
        Msg::RevealExercise => match next.exercise.as_mut() {
            Some(r) if r.after.is_some() => r.revealed = true,
            _ => return state,
        },
        Msg::EndExercise => {
            let Some(run) = next.exercise.take() else {
                return state;
            };
            // The user's own scenario comes back as it was before the exercise.
            if let Some(kept) = run.kept {
                next.put_back(&kept);
                next.restart();
            } else {
                next.version += 1;
            }
        }
        Msg::LockCustomer(i) => return lock(state, |c, _| c == i),
        Msg::LockBook(m) => return lock(state, |_, mgr| mgr == m),
        Msg::LockDepartment(d) => {
            let Some(o) = state.outcome.clone() else {
                return state;
            };
            let dept = |m: usize| o.scenario.managers.get(m).map(|x| x.department);
            return lock(state, |_, mgr| dept(mgr) == Some(d));
        }
        Msg::UnlockCustomer(i) => {
            let id = state
                .outcome
                .as_ref()
                .and_then(|o| o.scenario.customers.get(i))
                .map(|c| c.id.clone());
            let Some(id) = id.filter(|id| state.locks.contains_key(id)) else {
                return state;
            };
            let mut locks = (*state.locks).clone();
            locks.remove(&id);
            next.locks = Rc::new(locks);
            next.restart();
        }
        Msg::ClearLocks => {
            if state.locks.is_empty() {
                return state;
            }
            next.locks = Rc::default();
            next.restart();
        }
        Msg::PilotDepartment { id, on } => {
            let (Some(form), Some(o)) = (state.pilot_inputs(), state.outcome.as_ref()) else {
                return state;
            };
            next.pilot_form = Some(form.with_department(&o.scenario, &id, on));
        }
        Msg::PilotModel(model) => {
            let Some(mut form) = state.pilot_inputs() else {
                return state;
            };
            form.model = model;
            next.pilot_form = Some(form);
        }
        Msg::PilotPost { stage, post, on } => {
            let Some(form) = state.pilot_inputs() else {
                return state;
            };
            next.pilot_form = Some(form.with_post(stage, post, on));
        }
        Msg::PilotAddStage => {
            let Some(form) = state.pilot_inputs() else {
                return state;
            };
            next.pilot_form = Some(form.with_stage_added());
        }
        Msg::PilotRemoveStage => {
            let Some(form) = state.pilot_inputs() else {
                return state;
            };
            next.pilot_form = Some(form.with_stage_removed());
        }
        Msg::RunPilot => {
            if !state.is_idle() {
                return state;
            }
            let (Some(req), Some(o)) = (state.pilot_request(), state.outcome.as_ref()) else {
                return state;
            };
            // Refused here with the core's own reason, so nothing is sent and the result shown
            // stays.
            if let Err(e) = spec(&req).check(&o.scenario) {
                next.pilot_error = Some(Message::of(e.key(), e.args()));
                return Rc::new(next);
            }
            next.pilot_id += 1;
            next.pilot_running = true;
            next.pilot_progress = None;
            next.pilot_error = None;
            next.error = None;
            next.cancelled = false;
        }
        Msg::PilotStage(stage) => {
            if stage == state.pilot_stage {
                return state;
            }
            next.pilot_stage = stage;
            next.version += 1;
        }
        Msg::SelectModel { index } => {
            next.model = index;
            // Staff indices belong to the model.
            next.map_staff = None;
            next.requery();
            next.version += 1;
        }
        Msg::SetView(view) => {
            next.view = view;
            next.version += 1;
            next.touched();
        }
        Msg::Reject(message) => next.input_error = Some(message),
        Msg::StaffingPost(post) => {
            next.staffing_post = post;
            next.version += 1;
        }
        Msg::StaffingModel(model) => {
            if model == state.staffing_model {
                return state;
            }
            next.staffing_model = model;
            next.version += 1;
        }
        Msg::ToggleModel(i) => {
            if let Some(h) = next.hidden.get_mut(i) {
                *h = !*h;
            }
            // At least two models stay: a comparison of one is not a comparison.
            if next.hidden.iter().filter(|h| !**h).count() < 2 {
                return state;
            }
            next.version += 1;
            next.touched();
        }
        Msg::RunStaffing => {
            if state.phase != Phase::Idle || state.staffing_running || state.outcome.is_none() {
                return state;
            }
            next.start_staffing();
        }
        Msg::SelectStaff(staff) => {
            next.map_staff = staff;
            next.requery();
            next.version += 1;
        }
        Msg::SelectDay(day) => {
            next.map_day = day;
            next.requery();
            next.version += 1;
        }
        Msg::PickDay { staff, day } => {
            next.map_staff = Some(staff);
            next.map_day = day;
            next.view = View::Map;
            next.requery();
            next.version += 1;
        }
        Msg::PickCustomer(i) => {
            next.picked = Some(i);
            next.input_error = None;
            requery_customer(&mut next);
            next.version += 1;
        }
        Msg::ClickMap(p) => {
            let Some(c) = state.outcome.as_ref() else {
                return state;
            };
            next.picked = c
                .scenario
                .customers
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.pos.dist(p).total_cmp(&b.1.pos.dist(p)))
                .map(|(i, _)| i);
            requery_customer(&mut next);
            next.version += 1;
        }
        Msg::Zoom(factor, at) => {
            let Some(w) = state.window() else {
                return state;
            };
            let f = factor.clamp(0.1, 10.0);
            let (hw, hh) = (w.width() / 2.0 / f, w.height() / 2.0 / f);
            // Keep `at` where it is on the screen.
            let cx = at.x + ((w.min.x + w.max.x) / 2.0 - at.x) / f;
            let cy = at.y + ((w.min.y + w.max.y) / 2.0 - at.y) / f;
            if hw < 0.05 || hh < 0.05 {
                return state;
            }
            next.map_window = Some(BBox {
                min: Point::new(cx - hw, cy - hh),
                max: Point::new(cx + hw, cy + hh),
            });
            next.version += 1;
        }
        Msg::Pan(dx, dy) => {
            let Some(w) = state.window() else {
                return state;
            };
            let (mx, my) = (dx * w.width(), dy * w.height());
            next.map_window = Some(BBox {
                min: Point::new(w.min.x + mx, w.min.y + my),
                max: Point::new(w.max.x + mx, w.max.y + my),
            });
            next.version += 1;
        }
        Msg::ResetMap => {
            next.map_window = None;
            next.version += 1;
        }
        Msg::SetPreset { preset } => {
            if preset == state.preset && state.base.is_none() {
                return state;
            }
            next.replace_scenario(preset, None);
        }
        Msg::SetSettings(settings) => {
            next.settings = Some(*settings);
            next.input_error = None;
            next.restart();
            // An edit in the staffing view (its coverage target) is made to see the
            // establishment again: it runs once the new scenario is computed.
            next.staffing_again = state.view == View::Staffing
                && (state.staffing.is_some() || state.staffing_running);
        }
        Msg::SetHeadcount(n) => {
            next.headcount = Some(n);
            next.restart();
        }
        Msg::SetCustomers(n) => {
            next.customers = (Some(n) != state.full_size).then_some(n);
            // The resized scenario is staffed by the workload method again.
            next.headcount = None;
            next.input_error = None;
            next.restart();
        }
        Msg::SetWeeks(w) => {
            next.weeks = w;
            next.restart();
        }
        Msg::SetReplications(r) => {
            next.replications = r;
            next.restart();
        }
        Msg::SetStartDate(text) => {
            let text = text.trim();
            let date = (!text.is_empty()).then(|| text.to_string());
            if date.as_deref().is_some_and(|d| parse_iso_date(d).is_none()) {
                next.input_error = Some(Message::new("control.bad_date"));
                return Rc::new(next);
            }
            let Some(mut settings) = state.shown_settings().cloned() else {
                return state;
            };
            if settings.start_date == date {
                return state;
            }
            settings.start_date = date;
            next.settings = Some(settings);
            next.input_error = None;
            // Autosaved and linked with the settings; the calendars are the same.
            next.touched();
        }
        Msg::SetSeed { text } => match text.trim().parse::<u64>() {
            Ok(seed) if seed == state.seed && state.seed_error.is_none() => return state,
            Ok(seed) => {
                next.seed = seed;
                next.seed_error = None;
                next.restart();
            }
            // A bad seed keeps the current result and says why.
            Err(_) => next.seed_error = Some(text),
        },
        Msg::Cancel => {
            // The controls go back to what the figures shown were computed from.
            if state.phase != Phase::Idle {
                if let Some(shown) = state.shown.clone() {
                    next.put_back(&shown);
                }
            }
            next.phase = Phase::Idle;
            next.progress = None;
            next.staffing_running = false;
            next.staffing_progress = None;
            next.staffing_again = false;
            next.pilot_running = false;
            next.pilot_progress = None;
            // Cancelling ends the worker, and the pilot it kept for the exports with it, and a
            // list it was deriving again.
            next.pilot = None;
            next.rules_wanted = None;
            next.cancelled = true;
        }
        Msg::Reply(reply) => match reply {
            Reply::Ready => return state,
            Reply::Progress { id, done, total } if id == state.request => {
                next.progress = Some((done, total));
            }
            Reply::Progress { id, done, total } if id == state.staffing_id => {
                next.staffing_progress = Some((done, total));
            }
            Reply::Progress { id, done, total } if id == state.pilot_id => {
                next.pilot_progress = Some((done, total));
            }
            Reply::Pilot { id, view } if id == state.pilot_id && state.pilot_running => {
                // The stage shown stays when the new pilot has it, else its first stage.
                if state.pilot_stage >= view.plans.len() {
                    next.pilot_stage = 1.min(view.plans.len().saturating_sub(1));
                }
                next.pilot = Some(Rc::new(*view));
                next.pilot_running = false;
                next.pilot_progress = None;
                next.version += 1;
            }
            Reply::Rederived {
                id,
                rules,
                scenario,
                ..
            } if id == state.rederive_id && state.rules_wanted.as_deref() == Some(&*rules) => {
                next.base = Some(scenario);
                next.base_rules = Rc::new(*rules);
                next.rules_wanted = None;
                next.restart();
            }
            Reply::Failed { id, error }
                if id == state.rederive_id && state.rules_wanted.is_some() =>
            {
                // The list stays as it was; its computation, given up for the derivation,
                // runs again.
                next.rules_wanted = None;
                next.restart();
                next.input_error = Some(error);
            }
            Reply::Failed { id, error } if id == state.pilot_id => {
                next.pilot_error = Some(error);
                next.pilot_running = false;
                next.pilot_progress = None;
            }
            Reply::Staffing { id, curves } if id == state.staffing_id => {
                next.staffing = Some(Rc::new(curves));
                // The chosen model stays chosen (`shown_model` falls back when it has none).
                next.staffing_running = false;
                next.staffing_progress = None;
                next.version += 1;
            }
            Reply::Failed { id, error } if id == state.staffing_id => {
                next.error = Some(error);
                next.staffing_running = false;
                next.staffing_progress = None;
            }
            Reply::Answer { id, answer } => match *answer {
                Answer::Route(r) if id == state.route_query => {
                    // A newly chosen route is shown whole: the map zooms to its stops.
                    let new = state
                        .route
                        .as_ref()
                        .is_none_or(|o| (o.model, o.staff, o.day) != (r.model, r.staff, r.day));
                    if let (true, Some(c)) = (new, state.outcome.as_ref()) {
                        let stops: Vec<Point> = r
                            .stops
                            .iter()
                            .filter_map(|x| c.scenario.customers.get(x.customer))
                            .map(|cu| cu.pos)
                            .collect();
                        if let Some(w) = route_window(&stops) {
                            next.map_window = Some(w);
                        }
                    }
                    next.route = Some(Rc::new(r));
                }
                Answer::Customer(c) if id == state.customer_query => {
                    next.customer = Some(Rc::new(c));
                }
                _ => return state,
            },
            Reply::Done { id, outcome, .. } if id == state.request => {
                next.error = None;
                if state.outcome.as_ref().map(|o| o.scenario.source.as_str())
                    != Some(outcome.scenario.source.as_str())
                {
                    // Another place: the old window and pick mean nothing there.
                    next.map_window = None;
                    next.picked = None;
                }
                if outcome
                    .models
                    .get(state.model)
                    .is_none_or(|m| state.map_staff.is_some_and(|s| s >= m.staff.len()))
                {
                    next.map_staff = None;
                }
                if next
                    .picked
                    .is_some_and(|c| c >= outcome.scenario.customers.len())
                {
                    next.picked = None;
                }
                if state.customers.is_none() {
                    next.full_size = Some(outcome.scenario.customers.len());
                }
                if state.phase == Phase::Calendar {
                    // An exercise reads its before and after from the calendars.
                    if let Some(run) = next.exercise.as_mut() {
                        if !run.changed && run.before.is_none() {
                            run.before = Some(figures(&outcome));
                        } else if run.changed && run.after.is_none() {
                            run.after = Some(figures(&outcome));
                        }
                    }
                }
                next.outcome = Some(Rc::new(*outcome));
                next.shown = Some(Rc::new(next.inputs()));
                next.has_calendar = state.phase == Phase::Calendar;
                next.requery();
                next.version += 1;
                next.progress = None;
                if state.phase == Phase::Assignment {
                    next.request += 1;
                    next.phase = Phase::Calendar;
                } else {
                    next.phase = Phase::Idle;
                    if next.staffing_again {
                        next.start_staffing();
                    }
                }
            }
            Reply::Failed { id, error } if id == state.request || id == u64::MAX => {
                if id == u64::MAX {
                    // The worker stopped: a pilot running in it is lost, and so is the one it
                    // kept for the exports.
                    next.pilot_running = false;
                    next.pilot_progress = None;
                    next.pilot = None;
                }
                next.error = Some(error);
                if state.phase != Phase::Idle {
                    // Nothing new is shown: the controls show what is.
                    if let Some(shown) = state.shown.clone() {
                        next.put_back(&shown);
                    }
                }
                next.staffing_again = false;
                next.phase = Phase::Idle;
                next.progress = None;
            }
            // A reply to a request the page has replaced.
            _ => return state,
        },
    }
    Rc::new(next)
}

impl State {
    /// Starts the staffing view's computation (the web shell sends it on the new id).
    fn start_staffing(&mut self) {
        self.staffing_id += 1;
        self.staffing_running = true;
        self.staffing_progress = None;
        self.staffing_again = false;
        self.error = None;
        self.cancelled = false;
    }
}

/// Locks each customer of the shown result that `pick` selects (by its index and its main
/// staff's manager in the model shown) to that manager, and runs the comparison again; the
/// state itself when nothing changes.
fn lock(state: Rc<State>, pick: impl Fn(usize, usize) -> bool) -> Rc<State> {
    let Some(o) = state.outcome.as_ref() else {
        return state;
    };
    let Some(shown) = o.models.get(state.model) else {
        return state;
    };
    let mut locks = (*state.locks).clone();
    let mut changed = false;
    for (c, &s) in shown.owner.iter().enumerate() {
        let Some(m) = shown.staff.get(s).map(|st| st.manager) else {
            continue;
        };
        if !pick(c, m) {
            continue;
        }
        let (Some(cu), Some(mgr)) = (o.scenario.customers.get(c), o.scenario.managers.get(m))
        else {
            continue;
        };
        if locks.get(&cu.id) != Some(&mgr.id) {
            locks.insert(cu.id.clone(), mgr.id.clone());
            changed = true;
        }
    }
    if !changed {
        return state;
    }
    let mut next = (*state).clone();
    next.locks = Rc::new(locks);
    next.restart();
    Rc::new(next)
}

/// Starts workshop exercise `index` on its preset as generated (the page's seed and horizon),
/// keeping the user's scenario to bring back when it ends.
fn start_exercise(next: &mut State, index: usize) {
    let Some(ex) = EXERCISES.get(index) else {
        return;
    };
    // A second exercise keeps the scenario from before the first.
    let kept = match next.exercise.take() {
        Some(run) => run.kept,
        None => Some(Rc::new(next.inputs())),
    };
    next.exercise = Some(ExerciseRun {
        index,
        changed: false,
        before: None,
        after: None,
        revealed: false,
        kept,
    });
    next.replace_scenario(ex.preset, None);
}

/// Asks again for the route and the picked customer, keeping the route shown until its answer
/// comes: the same route coming back is not new, so the map stays where the user left it.
fn requery_customer(next: &mut State) {
    let route = next.route.take();
    next.requery();
    next.route = route;
}
