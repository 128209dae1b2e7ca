//! Deep visits (深度拜访): a specialist's visit lasts `specialist_factor` times a generalist's,
//! and with deep visits on, `deep.factor` times longer again. The over-service cap on optional
//! visits (`deep.optional_cap_per_month`) is applied where optional visits are made: retries
//! (`retry.rs`) and planned team visits (`teams.rs`).

use crate::core::scenario::Scenario;
use crate::core::settings::Function;

/// The minutes a staff member (a specialist or not) spends on the functions `fs` at customer
/// `c`.
pub(super) fn visit_minutes(sc: &Scenario, c: usize, fs: &[Function], specialist: bool) -> f64 {
    let s = &sc.settings;
    let class = sc.customers[c].class;
    let mut m: f64 = fs.iter().map(|&f| s.minutes(f, class)).sum();
    if specialist {
        m *= s.specialist_factor.max(0.0);
        if s.modes.deep_visits {
            m *= s.deep.factor.max(0.0);
        }
    }
    m
}
