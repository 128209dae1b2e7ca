//! The comparison in two stages, as the page asks for it: the assignments first, then the
//! calendars lived on those same assignments (`live_with_progress`), equal to one run.

use visit_sandbox::core::compare::{compare_with, live_with_progress, Options};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::models::ModelId;

#[test]
fn calendars_on_kept_assignments_equal_one_run() {
    for (preset, seed) in [(Preset::Rural, 3), (Preset::County, 42)] {
        let sc = generate(preset, seed).expect("preset");
        let assigned = compare_with(&sc, &Options::assignment_only()).expect("assignment");
        for replications in [1, 2] {
            let opt = Options {
                headcount_search: false,
                replications,
                ..Options::default()
            };
            let whole = compare_with(&sc, &opt).expect("one run");
            let mut steps = 0;
            let staged = live_with_progress(&sc, &opt, Some(assigned.clone()), &mut |_| steps += 1)
                .expect("staged");
            assert_eq!(
                staged,
                whole,
                "{} seed {seed} × {replications}",
                preset.id()
            );
            assert_eq!(steps, 5 * replications as usize);
        }
    }
}

#[test]
fn the_kept_assignments_are_used_and_a_missing_model_is_assigned_afresh() {
    let sc = generate(Preset::Rural, 5).expect("preset");
    let opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    let whole = compare_with(&sc, &opt).expect("one run");
    let mut assigned = compare_with(&sc, &Options::assignment_only()).expect("assignment");
    // A marker on the region model: taken over, so the kept outcome was used, not recomputed.
    let region = assigned
        .models
        .iter_mut()
        .find(|m| m.model == ModelId::Region)
        .expect("region");
    region.staff_weekly_hours = vec![-1.0];
    // Without the value model: it is assigned as in one run.
    assigned.models.retain(|m| m.model != ModelId::Value);
    let staged = live_with_progress(&sc, &opt, Some(assigned), &mut |_| {}).expect("staged");
    let order: Vec<ModelId> = staged.models.iter().map(|m| m.model).collect();
    let want: Vec<ModelId> = whole.models.iter().map(|m| m.model).collect();
    assert_eq!(order, want);
    for (s, w) in staged.models.iter().zip(&whole.models) {
        if s.model == ModelId::Region {
            assert_eq!(s.staff_weekly_hours, vec![-1.0]);
            assert_eq!(s.calendar, w.calendar);
        } else {
            assert_eq!(s, w);
        }
    }
}
