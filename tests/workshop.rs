//! Workshop exercises: every change has an effect on the figures it asks about, and the
//! answer is exactly the two live results' figures.

use visit_sandbox::app::outcome::Outcome;
use visit_sandbox::app::protocol::{Reply, Request};
use visit_sandbox::app::session::run;
use visit_sandbox::app::workshop::{answer, apply, Direction, EXERCISES};
use visit_sandbox::core::metrics::Metrics;
use visit_sandbox::core::models::ModelId;

fn outcome(req: &Request) -> Outcome {
    match run(req, &mut |_| {}) {
        Reply::Done { outcome, .. } => *outcome,
        other => panic!("not done: {other:?}"),
    }
}

fn figures(o: &Outcome) -> Vec<(ModelId, Metrics)> {
    o.models
        .iter()
        .map(|m| (m.model, m.metrics.clone()))
        .collect()
}

#[test]
fn every_exercise_moves_what_it_asks_about_and_answers_from_the_figures() {
    for ex in EXERCISES {
        let base = Request {
            id: 1,
            weeks: 2,
            calendar: true,
            ..Request::of_preset(ex.preset.id(), 42)
        };
        let before = outcome(&base);
        let mut settings = before.scenario.settings.clone();
        let mut headcount = before.scenario.managers.len();
        apply(ex, &mut settings, &mut headcount);
        assert!(
            settings != before.scenario.settings || headcount != before.scenario.managers.len(),
            "{}: the change changes nothing",
            ex.id
        );
        let after = outcome(&Request {
            settings: Some(Box::new(settings)),
            headcount: Some(headcount),
            ..base
        });
        let lines = answer(ex, &figures(&before), &figures(&after));
        let models = if ex.models.is_empty() {
            5
        } else {
            ex.models.len()
        };
        assert_eq!(lines.len(), models * ex.watch.len(), "{}", ex.id);
        assert!(
            lines.iter().any(|l| l.direction() != Direction::Same),
            "{}: nothing moved: {lines:?}",
            ex.id
        );
        // Each line is the live figure, not a written one.
        for l in &lines {
            let json = |o: &Outcome| {
                let m = o.models.iter().find(|m| m.model == l.model).expect("model");
                serde_json::to_value(&m.metrics).expect("json")[&l.metric]
                    .as_f64()
                    .expect("figure")
            };
            assert_eq!(l.before, json(&before), "{} {}", ex.id, l.metric);
            assert_eq!(l.after, json(&after), "{} {}", ex.id, l.metric);
        }
    }
}

#[test]
fn directions_follow_the_figures() {
    let ex = &EXERCISES[0];
    let mk = |x: f64| {
        let m = Metrics {
            travel_minutes_per_customer: Some(x),
            ..Metrics::default()
        };
        vec![(ModelId::Hybrid, m)]
    };
    let l = answer(ex, &mk(1.0), &mk(1.5));
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].direction(), Direction::Rose);
    assert_eq!(
        answer(ex, &mk(1.5), &mk(1.0))[0].direction(),
        Direction::Fell
    );
    assert_eq!(
        answer(ex, &mk(1.0), &mk(1.0))[0].direction(),
        Direction::Same
    );
    // A model the exercise does not speak of is left out.
    let other = vec![(ModelId::Region, Metrics::default())];
    assert!(answer(ex, &other, &other).is_empty());
}

#[test]
fn every_exercise_has_its_texts_in_both_languages() {
    use visit_sandbox::i18n::{t, Lang};
    for ex in EXERCISES {
        for part in ["title", "question", "change", "think"] {
            let key = format!("exercise.{}.{part}", ex.id);
            for lang in Lang::ALL {
                assert_ne!(t(lang, &key), key, "{key} missing in {lang:?}");
            }
        }
    }
}
