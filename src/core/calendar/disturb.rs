//! Disturbances (扰动): absences per (day, staff member) from one stream, closed shops and
//! service-time noise per stop from another, both drawn in the calendar's fixed order, for one
//! replication. Without a replication nothing is drawn and the plan is lived as planned.

use rand::RngExt;

use crate::core::rng::{normal, rng, CoreRng, Stream};
use crate::core::scenario::Scenario;

/// The two generators of one replication and the rates they are compared with.
pub(super) struct Disturbances {
    absences: Option<CoreRng>,
    at_shop: Option<CoreRng>,
    absence_rate: f64,
    closed_rate: f64,
    /// Of the lognormal service-time multiplier with mean 1.
    sigma: f64,
}

impl Disturbances {
    pub(super) fn new(sc: &Scenario, replication: Option<u64>) -> Disturbances {
        let dist = &sc.settings.disturbances;
        Disturbances {
            absences: replication.map(|r| rng(sc.seed, Stream::Disturbance, 2 * r + 1)),
            at_shop: replication.map(|r| rng(sc.seed, Stream::Disturbance, 2 * r + 2)),
            absence_rate: dist.absence_rate,
            closed_rate: dist.closed_rate,
            // Lognormal with mean 1 and the given coefficient of variation.
            sigma: libm::log(1.0 + dist.service_time_cv.max(0.0).powi(2)).sqrt(),
        }
    }

    /// Whether the next staff member in the living order is absent today.
    pub(super) fn absent(&mut self) -> bool {
        let rate = self.absence_rate;
        self.absences
            .as_mut()
            .is_some_and(|r| r.random::<f64>() < rate)
    }

    /// How the next stop finds its shop: closed or not, and the service-time multiplier.
    pub(super) fn at_shop(&mut self) -> (bool, f64) {
        let sigma = self.sigma;
        match self.at_shop.as_mut() {
            Some(r) => {
                let closed = r.random::<f64>() < self.closed_rate;
                let z = normal(r);
                (closed, libm::exp(sigma * z - sigma * sigma / 2.0))
            }
            None => (false, 1.0),
        }
    }
}
