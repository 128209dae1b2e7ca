//! The page's state and its one reducer (`app::reduce`), natively: what each message changes,
//! which replies are ignored, and what the page is asked to do next (requests, autosave, the
//! tour remembered).

use std::rc::Rc;

use visit_sandbox::app::error::RequestError;
use visit_sandbox::app::keep::{Link, Restored};
use visit_sandbox::app::limits::MAX_PRESET_CUSTOMERS;
use visit_sandbox::app::message::{Explain, Message};
use visit_sandbox::app::outcome::Outcome;
use visit_sandbox::app::protocol::{Answer, Reply, RouteView};
use visit_sandbox::app::reduce::reduce;
use visit_sandbox::app::review::Review;
use visit_sandbox::app::session;
use visit_sandbox::app::slides::slides;
use visit_sandbox::app::state::{Msg, Phase, State, View, AT_ONCE_CUSTOMERS, STAFFING_IDS};
use visit_sandbox::app::sweep::Curve;
use visit_sandbox::app::workshop::EXERCISES;
use visit_sandbox::core::error::CoreError;
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::geo::Point;
use visit_sandbox::core::io::{DeriveRules, ImportErrors, Loaded};
use visit_sandbox::core::models::ModelId;
use visit_sandbox::core::scenario::{Scenario, Zone};
use visit_sandbox::i18n::{t, Lang};

fn start() -> Rc<State> {
    Rc::new(State::new(Lang::En))
}

fn step(state: &Rc<State>, msg: Msg) -> Rc<State> {
    reduce(state.clone(), msg)
}

/// A result on `scenario` without models (the reducer only looks at its scenario and sizes).
fn outcome_of(scenario: Scenario) -> Box<Outcome> {
    Box::new(Outcome {
        scenario,
        models: Vec::new(),
        replications: 1,
        claims: Vec::new(),
    })
}

fn small() -> Scenario {
    let mut sc = generate(Preset::Rural, 42).expect("rural");
    sc.customers_mut().truncate(60);
    sc
}

/// The state after the request in flight answered with `scenario` (assignment, then calendar).
fn done(state: &Rc<State>, scenario: &Scenario) -> Rc<State> {
    step(
        state,
        Msg::Reply(Reply::Done {
            id: state.request,
            outcome: outcome_of(scenario.clone()),
            list: None,
        }),
    )
}

/// A state that has both results in and computes nothing.
fn idle_with(scenario: &Scenario) -> Rc<State> {
    let s = done(&start(), scenario);
    let s = done(&s, scenario);
    assert_eq!(s.phase, Phase::Idle);
    s
}

fn failed(id: u64) -> Msg {
    Msg::Reply(Reply::Failed {
        id,
        error: RequestError::Core(CoreError::NoCustomers).message(),
    })
}

#[test]
fn the_defaults_ask_for_the_assignment_first() {
    let s = start();
    assert_eq!((s.preset, s.seed, s.weeks), (Preset::County, 42, 4));
    assert_eq!((s.request, s.phase), (1, Phase::Assignment));
    assert_eq!(s.staffing_id, STAFFING_IDS);
    let req = s.wanted().expect("a request");
    assert_eq!((req.id, req.calendar, req.replications), (1, false, 1));
    assert_eq!(req.preset, "county");
    assert!(!s.is_idle());
}

#[test]
fn a_small_scenario_shown_asks_for_its_calendars_at_once_a_large_one_for_the_assignment_first() {
    // The first result always comes in two steps (the worker has no helpers yet).
    let s = start();
    assert_eq!(s.phase, Phase::Assignment);
    let s = idle_with(&small());
    // A seed change on the county: the calendars at once, answered in one reply.
    let s = step(&s, Msg::SetSeed { text: "7".into() });
    assert_eq!(s.phase, Phase::Calendar);
    let req = s.wanted().expect("a request");
    assert!(req.calendar);
    let s = done(&s, &small());
    assert_eq!(s.phase, Phase::Idle);
    assert!(s.has_calendar);
    // The city: the assignment first, then its calendars.
    let s = step(
        &s,
        Msg::SetPreset {
            preset: Preset::City,
        },
    );
    assert_eq!(s.phase, Phase::Assignment);
    assert!(!s.wanted().expect("a request").calendar);
    // A county grown past the bound (`--size`, the page's customer count) as well.
    let s = idle_with(&small());
    let s = step(&s, Msg::SetCustomers(AT_ONCE_CUSTOMERS + 1));
    assert_eq!(s.phase, Phase::Assignment);
    let s = step(&s, Msg::SetCustomers(AT_ONCE_CUSTOMERS));
    assert_eq!(s.phase, Phase::Calendar);
}

#[test]
fn choosing_a_preset_bumps_the_request_and_forgets_the_what_ifs() {
    let s = start();
    let s = step(&s, Msg::SetHeadcount(30));
    assert_eq!((s.request, s.headcount), (2, Some(30)));
    let s = step(
        &s,
        Msg::SetPreset {
            preset: Preset::Urban,
        },
    );
    assert_eq!(s.preset, Preset::Urban);
    assert_eq!((s.request, s.phase), (3, Phase::Assignment));
    assert_eq!(s.headcount, None);
    assert_eq!(s.saved_version, 2);
    assert_eq!(s.wanted().map(|r| r.preset), Some("urban".to_string()));
    // The preset already shown: nothing changes, not even the state's identity.
    let again = step(
        &s,
        Msg::SetPreset {
            preset: Preset::Urban,
        },
    );
    assert!(Rc::ptr_eq(&s, &again));
}

#[test]
fn replies_to_replaced_requests_are_ignored() {
    let sc = small();
    let s = start();
    let newer = step(&s, Msg::SetWeeks(8));
    assert_eq!(newer.request, 2);
    for old in [
        Msg::Reply(Reply::Done {
            id: 1,
            outcome: outcome_of(sc.clone()),
            list: None,
        }),
        Msg::Reply(Reply::Progress {
            id: 1,
            done: 1,
            total: 5,
        }),
        failed(1),
        Msg::Reply(Reply::Ready),
    ] {
        let after = step(&newer, old);
        assert!(Rc::ptr_eq(&newer, &after));
    }
    // The newest one is taken.
    let after = step(
        &newer,
        Msg::Reply(Reply::Progress {
            id: 2,
            done: 2,
            total: 5,
        }),
    );
    assert_eq!(after.progress, Some((2, 5)));
}

#[test]
fn the_assignment_then_the_calendars() {
    let sc = small();
    let s = done(&start(), &sc);
    assert!(s.outcome.is_some() && !s.has_calendar);
    assert_eq!((s.request, s.phase), (2, Phase::Calendar));
    assert_eq!(s.full_size, Some(sc.customers.len()));
    let req = s.wanted().expect("the calendars");
    assert!(req.calendar);
    let version = s.version;
    let s = done(&s, &sc);
    assert!(s.has_calendar);
    assert_eq!((s.request, s.phase), (2, Phase::Idle));
    assert!(s.version > version);
    assert!(s.wanted().is_none() && s.is_idle());
}

#[test]
fn a_failed_reply_keeps_the_previous_outcome_and_says_why() {
    let sc = small();
    let s = idle_with(&sc);
    let shown = s.outcome.clone().expect("a result");
    let s = step(&s, Msg::SetReplications(5));
    assert_eq!(
        s.phase,
        Phase::Calendar,
        "a county's calendars are asked for at once"
    );
    let s = step(&s, failed(s.request));
    assert_eq!(s.phase, Phase::Idle);
    assert!(Rc::ptr_eq(s.outcome.as_ref().expect("kept"), &shown));
    let error = s.error.as_ref().expect("an error");
    assert_eq!(error.key, "error.core.no_customers");
    assert!(error.text(Lang::En).contains("no customers"));
    // A worker that died (id u64::MAX) fails whatever runs; the next result clears the error.
    let s = step(&s, Msg::SetWeeks(6));
    let s = step(&s, failed(u64::MAX));
    assert!(s.error.is_some() && s.phase == Phase::Idle);
    let s = step(&s, Msg::SetWeeks(7));
    let s = done(&s, &sc);
    assert!(s.error.is_none());
}

#[test]
fn the_language_switch_is_kept_and_drops_the_shown_link() {
    let s = step(&start(), Msg::ShowLink(Some("#p=county&s=42".into())));
    assert!(s.share_link.is_some());
    let s = step(&s, Msg::ToggleLang);
    assert_eq!(s.lang, Lang::ZhCn);
    assert_eq!(s.saved_version, 1);
    assert_eq!(s.share_link, None);
    // No new computation: the figures do not depend on the language.
    assert_eq!(s.request, 1);
    let s = step(&s, Msg::ToggleLang);
    assert_eq!((s.lang, s.saved_version), (Lang::En, 2));
}

#[test]
fn a_view_switch_redraws_and_is_kept() {
    let s = start();
    let s2 = step(&s, Msg::SetView(View::Map));
    assert_eq!(s2.view, View::Map);
    assert_eq!(s2.view_id(), "map");
    assert_eq!(s2.version, s.version + 1);
    assert_eq!(s2.saved_version, s.saved_version + 1);
    assert_eq!(s2.request, s.request);
    // A calendar cell opens that day on the map.
    let s3 = step(&s, Msg::PickDay { staff: 3, day: 7 });
    assert_eq!(s3.view, View::Map);
    assert_eq!((s3.map_staff, s3.map_day), (Some(3), 7));
    assert!(s3.route_query > s.route_query && s3.customer_query > s3.route_query);
}

#[test]
fn what_if_settings_rerun_and_bump_the_saved_version() {
    let sc = small();
    let s = idle_with(&sc);
    let s = step(&s, Msg::Reject(Message::new("control.two_models")));
    assert!(s.input_error.is_some());
    let mut settings = sc.settings.clone();
    settings.day_minutes = 420.0;
    let after = step(&s, Msg::SetSettings(Box::new(settings.clone())));
    assert_eq!(after.settings.as_ref(), Some(&settings));
    assert_eq!(after.input_error, None);
    assert_eq!(after.saved_version, s.saved_version + 1);
    assert_eq!(after.request, s.request + 1);
    assert_eq!(after.phase, Phase::Calendar);
    let req = after.wanted().expect("a request");
    assert_eq!(req.settings.map(|b| b.day_minutes), Some(420.0));
    // Customers kept: the full size means all of them, and the staff is re-derived.
    let s = step(&after, Msg::SetHeadcount(9));
    let s = step(&s, Msg::SetCustomers(sc.customers.len()));
    assert_eq!((s.customers, s.headcount), (None, None));
    let s = step(&s, Msg::SetCustomers(50));
    assert_eq!(s.customers, Some(50));
}

#[test]
fn a_bad_seed_keeps_the_result_and_says_why() {
    let s = start();
    let bad = step(&s, Msg::SetSeed { text: "4x".into() });
    assert_eq!(bad.seed_error.as_deref(), Some("4x"));
    assert_eq!((bad.seed, bad.request), (42, 1));
    // The same seed typed again clears the error without a new request.
    let fixed = step(
        &bad,
        Msg::SetSeed {
            text: " 42 ".into(),
        },
    );
    assert_eq!(fixed.seed_error, None);
    assert_eq!(fixed.request, 2);
    let same = step(&fixed, Msg::SetSeed { text: "42".into() });
    assert!(Rc::ptr_eq(&fixed, &same));
    let other = step(&fixed, Msg::SetSeed { text: "7".into() });
    assert_eq!((other.seed, other.request), (7, 3));
}

#[test]
fn at_least_two_models_stay_shown() {
    let mut s = start();
    for i in 0..3 {
        s = step(&s, Msg::ToggleModel(i));
    }
    assert_eq!(s.hidden, [true, true, true, false, false]);
    let last = step(&s, Msg::ToggleModel(3));
    assert!(Rc::ptr_eq(&s, &last));
    let back = step(&s, Msg::ToggleModel(0));
    assert_eq!(back.hidden, [false, true, true, false, false]);
    assert_eq!(back.saved_version, s.saved_version + 1);
}

#[test]
fn closing_the_tour_is_remembered_and_escape_closes_it() {
    let s = step(&start(), Msg::Tour(Some(2)));
    assert_eq!((s.tour, s.tour_done), (Some(2), false));
    let s2 = step(&s, Msg::Key("Escape".into()));
    assert_eq!((s2.tour, s2.tour_done), (None, true));
    // A step past the end is no step.
    let s3 = step(&s, Msg::Tour(Some(999)));
    assert_eq!(s3.tour, None);
    // Closing a tour that is not shown marks nothing.
    let s4 = step(&start(), Msg::Tour(None));
    assert!(!s4.tour_done);
}

#[test]
fn presentation_mode_follows_the_keys_within_the_slides() {
    let s = step(&start(), Msg::Tour(Some(0)));
    let s = step(&s, Msg::Present(Some(50)));
    let last = slides(false).len() - 1;
    assert_eq!(s.present, Some(last));
    assert_eq!(s.tour, None);
    let at_end = step(&s, Msg::Key("ArrowRight".into()));
    assert!(Rc::ptr_eq(&s, &at_end));
    let s = step(&s, Msg::Key("Home".into()));
    assert_eq!(s.present, Some(0));
    let s = step(&s, Msg::Key(" ".into()));
    assert_eq!(s.present, Some(1));
    let ignored = step(&s, Msg::Key("x".into()));
    assert!(Rc::ptr_eq(&s, &ignored));
    let s = step(&s, Msg::Key("Escape".into()));
    assert_eq!(s.present, None);
    // With calendars there are more slides.
    assert!(slides(true).len() > slides(false).len());
}

#[test]
fn clearing_stored_data_starts_over_without_storing() {
    let s = step(&start(), Msg::ToggleLang);
    let s = step(&s, Msg::SetWeeks(12));
    let s = step(&s, Msg::Cleared(3));
    assert_eq!(s.lang, Lang::ZhCn);
    assert_eq!(s.weeks, 4);
    assert_eq!(s.request, 3);
    assert_eq!(s.staffing_id, STAFFING_IDS + 1);
    assert!(s.save_paused);
    assert_eq!(s.saved_version, 3);
    assert_eq!(
        s.kit_notice,
        Some(("storage.cleared", vec![("n", "3".to_string())]))
    );
    // The next kept change stores again.
    let s = step(&s, Msg::SetView(View::Learn));
    assert!(!s.save_paused);
}

#[test]
fn the_staffing_view_runs_when_idle_and_takes_its_own_replies() {
    let sc = small();
    let busy = start();
    assert!(Rc::ptr_eq(&busy, &step(&busy, Msg::RunStaffing)));
    let s = idle_with(&sc);
    let s = step(&s, Msg::RunStaffing);
    assert!(s.staffing_running && !s.is_idle());
    assert_eq!(s.staffing_id, STAFFING_IDS + 1);
    let req = s.staffing_request().expect("a staffing request");
    assert_eq!(req.id, s.staffing_id);
    assert_eq!(req.base.replications, 1);
    assert!(req.headcounts.windows(2).all(|w| w[0] < w[1]));
    assert!(req.headcounts.contains(&sc.managers.len()));
    let curves = vec![Curve {
        model: ModelId::Region,
        points: Vec::new(),
        establishment: None,
    }];
    let old = step(
        &s,
        Msg::Reply(Reply::Staffing {
            id: s.staffing_id - 1,
            curves: curves.clone(),
        }),
    );
    assert!(Rc::ptr_eq(&s, &old));
    let got = step(
        &s,
        Msg::Reply(Reply::Staffing {
            id: s.staffing_id,
            curves,
        }),
    );
    assert!(!got.staffing_running);
    assert_eq!(got.staffing.as_ref().map(|c| c.len()), Some(1));
    let fail = step(&s, failed(s.staffing_id));
    assert!(!fail.staffing_running && fail.error.is_some());
    // A new scenario drops curves that belong to the old one.
    let s = step(&got, Msg::SetWeeks(3));
    assert!(s.staffing.is_none());
    // Cancelled: nothing runs.
    let c = step(&s, Msg::Cancel);
    assert!(c.cancelled && c.phase == Phase::Idle && !c.staffing_running);
}

#[test]
fn a_coverage_target_changed_in_the_staffing_view_computes_the_establishment_again() {
    let sc = small();
    let curves = || {
        vec![Curve {
            model: ModelId::Region,
            points: Vec::new(),
            establishment: None,
        }]
    };
    let s = idle_with(&sc);
    let s = step(&s, Msg::SetView(View::Staffing));
    let s = step(&s, Msg::RunStaffing);
    let s = step(
        &s,
        Msg::Reply(Reply::Staffing {
            id: s.staffing_id,
            curves: curves(),
        }),
    );
    let first_id = s.staffing_id;
    // The table's model is chosen in the view; choosing it again changes nothing.
    let chosen = step(&s, Msg::StaffingModel(Some(0)));
    assert_eq!(chosen.staffing_model, Some(0));
    assert!(Rc::ptr_eq(
        &chosen,
        &step(&chosen, Msg::StaffingModel(Some(0)))
    ));
    // A refused value keeps the result (the field reports the range).
    let refused = step(&s, Msg::Reject(Message::new("control.two_models")));
    assert!(refused.staffing.is_some() && !refused.staffing_again);
    // A new target: the scenario is computed again, then the establishment at once.
    let mut settings = sc.settings.clone();
    settings.coverage_target = 1.0;
    let s = step(&s, Msg::SetSettings(Box::new(settings)));
    assert!(
        s.staffing.is_none() && !s.staffing_running && s.staffing_again,
        "not while the calendars run"
    );
    assert_eq!(s.phase, Phase::Calendar);
    let s = done(&s, &sc);
    assert_eq!(s.phase, Phase::Idle);
    assert!(s.staffing_running && !s.staffing_again);
    assert_eq!(s.staffing_id, first_id + 1);
    let req = s.staffing_request().expect("the request");
    let target = req.base.settings.as_ref().map(|x| x.coverage_target);
    assert_eq!(target, Some(1.0));
    // In another view, or before any establishment was asked for, a settings change only
    // recomputes the scenario.
    let elsewhere = step(&idle_with(&sc), Msg::SetView(View::Compare));
    let elsewhere = step(&elsewhere, Msg::SetSettings(Box::new(sc.settings.clone())));
    assert!(!elsewhere.staffing_again);
    let fresh = step(&idle_with(&sc), Msg::SetView(View::Staffing));
    let fresh = step(&fresh, Msg::SetSettings(Box::new(sc.settings.clone())));
    assert!(!fresh.staffing_again);
    // Cancelled while waiting: nothing runs afterwards.
    let waiting = step(&chosen, Msg::SetSettings(Box::new(sc.settings.clone())));
    assert!(waiting.staffing_again);
    let c = step(&waiting, Msg::Cancel);
    assert!(!c.staffing_again);
}

#[test]
fn the_map_picks_the_nearest_customer_and_takes_only_the_newest_answers() {
    let sc = small();
    let s = idle_with(&sc);
    let target = sc.customers[17].pos;
    let s = step(
        &s,
        Msg::ClickMap(Point::new(target.x + 0.001, target.y - 0.001)),
    );
    let nearest = sc
        .customers
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.pos.dist(target).total_cmp(&b.1.pos.dist(target)))
        .map(|(i, _)| i);
    assert_eq!(s.picked, nearest);
    let route = |id| {
        Msg::Reply(Reply::Answer {
            id,
            answer: Box::new(Answer::Route(RouteView {
                model: 0,
                staff: 0,
                day: 0,
                leave: None,
                back: None,
                km: 1.5,
                stops: Vec::new(),
            })),
        })
    };
    let stale = step(&s, route(s.route_query - 1));
    assert!(Rc::ptr_eq(&s, &stale));
    let fresh = step(&s, route(s.route_query));
    assert_eq!(fresh.route.as_ref().map(|r| r.km), Some(1.5));
    // Zoom in around a point, then back to everything.
    let z = step(&s, Msg::Zoom(2.0, target));
    let (full, zoomed) = (s.window().expect("a window"), z.window().expect("zoomed"));
    assert!((zoomed.width() - full.width() / 2.0).abs() < 1e-9);
    let r = step(&z, Msg::ResetMap);
    assert_eq!(r.map_window, None);
}

#[test]
fn an_opened_scenario_replaces_the_preset_and_a_failed_import_keeps_it() {
    let sc = small();
    let s = step(
        &start(),
        Msg::ImportFailed(Rc::new(ImportErrors {
            errors: Vec::new(),
            more: 0,
        })),
    );
    assert!(s.import_errors.is_some());
    assert_eq!(s.request, 1);
    let s = step(&s, opened(&sc));
    assert!(s.import_errors.is_none());
    assert_eq!(s.base.as_ref().map(|b| b.customers.len()), Some(60));
    assert_eq!(s.base_name.as_deref(), Some("shops.csv"));
    assert_eq!(s.request, 2);
    assert_eq!(s.kit_notice.as_ref().map(|n| n.0), Some("data.opened"));
    assert!(s.wanted().is_some_and(|r| r.base.is_some()));
    // The list is kept in part, never grown: its size bounds the customers field.
    assert_eq!(s.most_customers(), 60);
    // Back to the preset: the imported scenario goes.
    let s = step(
        &s,
        Msg::SetPreset {
            preset: Preset::County,
        },
    );
    assert!(s.base.is_none() && s.base_name.is_none());
    assert_eq!(s.most_customers(), MAX_PRESET_CUSTOMERS);
}

/// `sc` opened as the list "shops.csv".
fn opened(sc: &Scenario) -> Msg {
    Msg::Opened {
        scenario: Box::new(sc.clone()),
        name: "shops.csv".into(),
        rules: Box::default(),
    }
}

#[test]
fn the_import_review_is_the_lists_and_its_key_changes_only_with_the_list() {
    let s = start();
    assert!(s.review().is_none(), "a preset has no review");
    assert_eq!(s.review_key(), (0, 0));
    let sc = small();
    let s = step(&s, opened(&sc));
    assert_eq!(s.review(), Some(Review::of(&sc)));
    let key = s.review_key();
    assert_ne!(key, (0, 0));
    // A change that keeps the list keeps the key (the page does not make the review again).
    let seeded = step(
        &s,
        Msg::SetSeed {
            text: (s.seed + 1).to_string(),
        },
    );
    assert_eq!(seeded.review_key(), key);
    // Another list, equal to the first: another key.
    let again = step(&seeded, opened(&sc));
    assert_ne!(again.review_key(), key);
}

#[test]
fn a_preset_grows_from_the_customers_field_and_its_own_size_asks_for_nothing() {
    let sc = generate(Preset::Rural, 42).expect("rural");
    let s = idle_with(&sc);
    assert_eq!(s.full_size, Some(1200));
    assert_eq!(s.most_customers(), MAX_PRESET_CUSTOMERS);
    let grown = step(&s, Msg::SetCustomers(250_000));
    assert_eq!(grown.customers, Some(250_000));
    assert!(grown.wanted().is_some_and(|r| r.customers == Some(250_000)));
    // Back at the preset's own size: the preset as it is, no size asked for.
    let own = step(&grown, Msg::SetCustomers(1200));
    assert_eq!(own.customers, None);
}

#[test]
fn an_exercise_reads_its_before_and_after_from_the_calendars() {
    let ex = &EXERCISES[0];
    let s = step(&start(), Msg::StartExercise(0));
    assert_eq!(s.preset, ex.preset);
    assert!(s.exercise.is_some());
    // Its change waits for the baseline.
    assert!(Rc::ptr_eq(&s, &step(&s, Msg::ChangeExercise)));
    let sc = small();
    let s = done(&done(&s, &sc), &sc);
    let run = s.exercise.as_ref().expect("running");
    assert!(run.before.is_some() && run.after.is_none() && !run.changed);
    let request = s.request;
    let s = step(&s, Msg::ChangeExercise);
    assert!(s.exercise.as_ref().is_some_and(|r| r.changed));
    assert!(s.settings.is_some() || s.headcount.is_some());
    assert_eq!(s.request, request + 1);
    assert!(Rc::ptr_eq(&s, &step(&s, Msg::RevealExercise)));
    let s = done(&done(&s, &sc), &sc);
    assert!(s.exercise.as_ref().is_some_and(|r| r.after.is_some()));
    let s = step(&s, Msg::RevealExercise);
    assert!(s.exercise.as_ref().is_some_and(|r| r.revealed));
    let s = step(&s, Msg::EndExercise);
    assert!(s.exercise.is_none());
    assert!(Rc::ptr_eq(&s, &step(&s, Msg::StartExercise(999))));
}

#[test]
fn a_restored_state_takes_the_kept_run_and_preferences() {
    let mut link = Link::new(Preset::Rural, 9);
    link.weeks = 6;
    link.headcount = Some(12);
    let sc = small();
    let restored = Restored {
        link,
        hidden: [false, true, false, false, false],
        lang: Some(Lang::ZhCn),
        view: "staffing",
        scenario: Some(Loaded {
            scenario: sc,
            rules: DeriveRules::default(),
            has_customers: true,
            has_managers: true,
            from_version: 1,
        }),
    };
    let s = State::restored(Lang::En, Some(restored), Some(("link.opened", Vec::new())));
    assert_eq!((s.preset, s.seed, s.weeks), (Preset::Rural, 9, 6));
    assert_eq!(s.headcount, Some(12));
    assert_eq!(s.hidden, [false, true, false, false, false]);
    assert_eq!(s.lang, Lang::ZhCn);
    assert_eq!(s.view, View::Staffing);
    assert_eq!(
        s.base_name.as_deref(),
        Some(t(Lang::ZhCn, "data.imported_source"))
    );
    assert_eq!(s.kit_notice.as_ref().map(|n| n.0), Some("link.opened"));
    // Nothing restored: the defaults in the browser's language.
    let s = State::restored(Lang::ZhCn, None, None);
    assert_eq!(
        (s.lang, s.preset, s.view),
        (Lang::ZhCn, Preset::County, View::Compare)
    );
}

#[test]
fn the_panels_edit_the_what_if_settings_else_the_shown_results() {
    assert!(start().shown_settings().is_none(), "nothing shown yet");
    let sc = small();
    let s = idle_with(&sc);
    assert_eq!(s.shown_settings(), Some(&sc.settings));
    let mut edited = sc.settings.clone();
    edited.day_minutes += 30.0;
    let s = step(&s, Msg::SetSettings(Box::new(edited.clone())));
    assert_eq!(s.shown_settings(), Some(&edited));
}

#[test]
fn a_cancelled_or_failed_computation_puts_the_controls_back_to_what_is_shown() {
    let sc = small();
    let s = idle_with(&sc);
    assert_eq!(s.preset, Preset::County);
    let s = step(
        &s,
        Msg::SetPreset {
            preset: Preset::City,
        },
    );
    let s = step(&s, Msg::SetSeed { text: "9".into() });
    assert_eq!((s.preset, s.seed), (Preset::City, 9));
    let c = step(&s, Msg::Cancel);
    assert_eq!((c.preset, c.seed), (Preset::County, 42), "cancel");
    let f = step(&s, failed(s.request));
    assert_eq!((f.preset, f.seed), (Preset::County, 42), "failure");
    assert!(f.error.is_some());
}

#[test]
fn a_refusal_goes_with_the_scenario_it_was_about() {
    let sc = small();
    let s = idle_with(&sc);
    let s = step(&s, Msg::Reject(Message::new("control.two_models")));
    let s = step(&s, Msg::SetSeed { text: "x".into() });
    assert!(s.input_error.is_some() && s.seed_error.is_some());
    let s = step(
        &s,
        Msg::SetPreset {
            preset: Preset::Urban,
        },
    );
    assert!(s.input_error.is_none() && s.seed_error.is_none());
    // A notice about the scenario shown goes when another replaces it.
    let s = step(&s, opened(&sc));
    assert_eq!(s.kit_notice.as_ref().map(|n| n.0), Some("data.opened"));
    let s = step(
        &s,
        Msg::SetPreset {
            preset: Preset::Rural,
        },
    );
    assert_eq!(s.kit_notice, None);
}

#[test]
fn an_exercise_asks_before_replacing_an_imported_list_and_brings_it_back() {
    let sc = small();
    let s = idle_with(&sc);
    let s = step(&s, opened(&sc));
    let s = done(&done(&s, &sc), &sc);
    // Asked, not started.
    let asked = step(&s, Msg::StartExercise(0));
    assert_eq!(asked.confirm_exercise, Some(0));
    assert!(asked.exercise.is_none() && asked.base.is_some());
    assert_eq!(asked.request, s.request);
    // Declined: the list stays.
    let kept = step(&asked, Msg::ConfirmExercise(false));
    assert!(kept.confirm_exercise.is_none() && kept.exercise.is_none() && kept.base.is_some());
    // Agreed: the exercise's preset replaces the list until the exercise ends.
    let run = step(&asked, Msg::ConfirmExercise(true));
    assert!(run.exercise.is_some() && run.base.is_none());
    assert_eq!(run.preset, EXERCISES[0].preset);
    let ended = step(&run, Msg::EndExercise);
    assert!(ended.exercise.is_none());
    assert_eq!(ended.base_name.as_deref(), Some("shops.csv"));
    assert_eq!(ended.base.as_ref().map(|b| b.customers.len()), Some(60));
    assert!(ended.wanted().is_some_and(|r| r.base.is_some()));
}

/// The worker's answer to the derivation `s` asks for, through JSON as the messages cross.
fn derived_by_worker(s: &State) -> Reply {
    let req = s.rederive_request().expect("a derivation is wanted");
    let reply = session::rederive(&req);
    serde_json::from_str(&serde_json::to_string(&reply).expect("to json")).expect("from json")
}

/// The list template imported: every zone and class derived, no managers.
fn template() -> Scenario {
    let bytes = std::fs::read("static/samples/customers-template.csv").expect("template");
    visit_sandbox::core::io::import_scenario(
        Scenario::empty(1),
        &DeriveRules::default(),
        Some(&bytes),
        None,
    )
    .expect("the template imports")
}

#[test]
fn a_corrected_import_rule_re_derives_the_list_in_the_worker_and_runs_it_again() {
    let sc = template();
    let s = step(&start(), opened(&sc));
    assert_eq!(
        s.kit_notice.as_ref().map(|n| n.0),
        Some("data.opened_no_managers")
    );
    assert!(s.rederive_request().is_none(), "no correction yet");
    let urban = |s: &State| {
        s.base
            .as_ref()
            .map(|b| b.customers.iter().filter(|c| c.zone == Zone::Urban).count())
    };
    let before = urban(&s);
    let request = s.request;
    // Every built-up area of one shop or more is urban: the derived zones all become urban.
    // The page asks the worker for the new list and sends nothing else meanwhile.
    let asked = step(
        &s,
        Msg::SetRule {
            id: "urban_min_shops".into(),
            text: "1".into(),
        },
    );
    assert_eq!(asked.rules_shown().urban_min_shops, 1);
    assert_eq!(
        asked.base_rules, s.base_rules,
        "the list's rules until it comes back"
    );
    assert_eq!(urban(&asked), before);
    assert!(asked.wanted().is_none());
    assert!(asked.staffing_request().is_none());
    assert_eq!(asked.request, request);
    let req = asked.rederive_request().expect("a derivation");
    assert_eq!(
        (req.from.urban_min_shops, req.rules.urban_min_shops),
        (300, 1)
    );
    assert!(req
        .base
        .base
        .as_ref()
        .is_some_and(|b| Rc::ptr_eq(b, s.base.as_ref().expect("list"))));

    // The worker's list is the page's from now on: run again under the new rules.
    let reply = derived_by_worker(&asked);
    let s = step(&asked, Msg::Reply(reply.clone()));
    assert_eq!(s.base_rules.urban_min_shops, 1);
    assert!(s.rules_wanted.is_none());
    assert_ne!(urban(&s), before);
    let derived_zone = sc.customers.iter().filter(|c| c.derived.zone).count();
    assert!(urban(&s).is_some_and(|u| u >= derived_zone));
    assert_eq!(s.request, request + 1);
    assert!(s.wanted().is_some_and(|r| r.base.is_some()));
    let Reply::Rederived { scenario, .. } = &reply else {
        panic!("not a derivation: {reply:?}");
    };
    assert!(s.base.as_ref().is_some_and(|b| Rc::ptr_eq(b, scenario)));
    // The same reply again, or one for a correction since replaced, changes nothing.
    assert!(Rc::ptr_eq(&step(&s, Msg::Reply(reply.clone())), &s));
    // The rules travel with the scenario in its file.
    let base = s.base.as_deref().expect("base");
    let text = visit_sandbox::core::io::to_json(base, &s.base_rules).expect("json");
    let loaded = visit_sandbox::core::io::from_json(text.as_bytes()).expect("loads");
    assert_eq!(loaded.rules, *s.base_rules);
    assert_eq!(loaded.scenario, *base);
    // A value out of range is refused and changes nothing.
    let t = step(
        &s,
        Msg::SetRule {
            id: "link_km".into(),
            text: "0".into(),
        },
    );
    assert!(t.input_error.is_some());
    assert_eq!(t.base, s.base);
    assert_eq!(t.request, s.request);
    assert!(t.rules_wanted.is_none());
}

#[test]
fn a_correction_replaced_undone_or_refused_by_the_worker_leaves_a_list_that_runs() {
    let s = step(&start(), opened(&template()));
    let set = |s: &Rc<State>, v: &str| {
        step(
            s,
            Msg::SetRule {
                id: "urban_min_shops".into(),
                text: v.into(),
            },
        )
    };
    // Two corrections before the worker answers: the first one's answer is not taken.
    let one = set(&s, "1");
    let first = derived_by_worker(&one);
    let two = set(&one, "2");
    assert_eq!(two.rules_shown().urban_min_shops, 2);
    assert_eq!(
        two.rederive_request().map(|r| r.from.urban_min_shops),
        Some(300)
    );
    assert!(Rc::ptr_eq(&step(&two, Msg::Reply(first)), &two));
    let done = step(&two, Msg::Reply(derived_by_worker(&two)));
    assert_eq!(done.base_rules.urban_min_shops, 2);

    // Undone before the answer: nothing to derive, and the list runs again as it was.
    let back = set(&one, "300");
    assert!(back.rules_wanted.is_none());
    assert_eq!(back.base, s.base);
    assert_eq!(back.request, s.request + 1);
    assert!(back.wanted().is_some());

    // Another list, a preset or a cancel meanwhile: the correction is given up, and the
    // page computes again (a late answer is not taken).
    let other = step(&one, opened(&small()));
    assert!(other.rules_wanted.is_none());
    assert!(other.wanted().is_some());
    let late = derived_by_worker(&one);
    assert!(Rc::ptr_eq(&step(&other, Msg::Reply(late)), &other));
    let preset = step(
        &one,
        Msg::SetPreset {
            preset: Preset::Rural,
        },
    );
    assert!(preset.rules_wanted.is_none() && preset.wanted().is_some());
    let cancelled = step(&one, Msg::Cancel);
    assert!(cancelled.rules_wanted.is_none());
    assert_eq!(*cancelled.rules_shown(), DeriveRules::default());

    // The worker could not: the list stays, the error is said, and the list runs again.
    let failed = step(
        &one,
        Msg::Reply(Reply::Failed {
            id: one.rederive_id,
            error: Message::new("error.app.unfinished"),
        }),
    );
    assert!(failed.rules_wanted.is_none());
    assert_eq!(failed.base, s.base);
    assert_eq!(*failed.base_rules, DeriveRules::default());
    assert!(failed.input_error.is_some());
    assert!(failed.wanted().is_some());
}

#[test]
fn a_start_date_is_kept_with_the_settings_without_recomputing() {
    let sc = small();
    let s = idle_with(&sc);
    assert_eq!(s.start_date(), None);
    let (request, saved) = (s.request, s.saved_version);
    let s = step(&s, Msg::SetStartDate(" 2026-03-02 ".into()));
    assert_eq!(s.start_date(), Some("2026-03-02"));
    assert_eq!(
        s.settings.as_ref().and_then(|x| x.start_date.as_deref()),
        Some("2026-03-02")
    );
    // Kept by the autosave, and the request after the next change carries it; dates only
    // label days, so nothing is computed now.
    assert_eq!(s.saved_version, saved + 1);
    assert_eq!((s.request, s.phase), (request, Phase::Idle));
    let again = step(&s, Msg::SetWeeks(3));
    let req = again.wanted().expect("a request");
    assert_eq!(
        req.settings.and_then(|x| x.start_date),
        Some("2026-03-02".to_string())
    );
    // The same date again changes nothing; an empty field clears it.
    let same = step(&s, Msg::SetStartDate("2026-03-02".into()));
    assert!(Rc::ptr_eq(&same, &s));
    let cleared = step(&s, Msg::SetStartDate(String::new()));
    assert_eq!(cleared.start_date(), None);
}

#[test]
fn a_bad_start_date_is_refused_and_the_old_one_kept() {
    let s = step(&idle_with(&small()), Msg::SetStartDate("2026-03-02".into()));
    for bad in ["2026-02-30", "02/03/2026", "tomorrow"] {
        let r = step(&s, Msg::SetStartDate(bad.into()));
        assert_eq!(r.start_date(), Some("2026-03-02"), "{bad}");
        assert_eq!(
            r.input_error.as_ref().map(|m| m.key.as_str()),
            Some("control.bad_date")
        );
        assert_eq!(r.saved_version, s.saved_version);
    }
    // Before any result there are no settings to keep it in.
    let fresh = start();
    assert!(Rc::ptr_eq(
        &step(&fresh, Msg::SetStartDate("2026-03-02".into())),
        &fresh
    ));
}
