//! The comparison with the models run side by side, one thread per core. Threads live here in
//! the shell, never in the core: each model's run reads only the scenario and the shared work,
//! so the result equals `core::compare::compare_with`'s, value for value (a test checks it).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

use visit_sandbox::core::compare::{
    finish, prepare, run_model, start_order, Comparison, ModelOutcome, Options,
};
use visit_sandbox::core::error::CoreError;
use visit_sandbox::core::models;
use visit_sandbox::core::scenario::Scenario;

/// Threads to use: the machine's cores, at most one per model. `VISIT_SANDBOX_THREADS`
/// overrides it (1 runs the models one after another, as the page's worker does).
fn threads(models: usize) -> usize {
    let from_env = std::env::var("VISIT_SANDBOX_THREADS")
        .ok()
        .and_then(|t| t.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    from_env.unwrap_or(cores).clamp(1, models.max(1))
}

/// `compare_with(sc, opt)`, its models run on several threads.
pub fn compare(sc: &Scenario, opt: &Options) -> Result<Comparison, CoreError> {
    let work = prepare(sc)?;
    let n = models::all().len();
    let next = AtomicUsize::new(0);
    let order = start_order();
    // One slot per model, filled by whichever thread ran it, so the order is the models'.
    let slots: Mutex<Vec<Option<Result<ModelOutcome, CoreError>>>> =
        Mutex::new((0..n).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..threads(n) {
            s.spawn(|| {
                // The models are built per thread: a boxed model is not shared across threads.
                let all = models::all();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let Some(m) = all.get(i) else { break };
                    let out = run_model(sc, &work, m.as_ref(), opt);
                    if let Ok(mut v) = slots.lock() {
                        v[i] = Some(out);
                    }
                }
            });
        }
    });
    let slots = slots.into_inner().unwrap_or_default();
    let mut out = Vec::with_capacity(n);
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Some(r) => out.push(r?),
            // Not reached: `thread::scope` re-raises a thread's panic before this point. Run
            // the model here rather than assume so.
            None => out.push(run_model(sc, &work, models::all()[i].as_ref(), opt)?),
        }
    }
    finish(sc, opt, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use visit_sandbox::core::compare::compare_with;
    use visit_sandbox::core::generate::{generate, Preset};

    #[test]
    fn side_by_side_equals_one_after_another() {
        let mut sc = generate(Preset::Rural, 7).expect("preset");
        sc.settings.weeks = 2;
        let opt = Options {
            headcount_search: false,
            ..Options::default()
        };
        let one = compare_with(&sc, &opt).expect("compare");
        let many = compare(&sc, &opt).expect("compare");
        assert_eq!(one, many);
    }
}
