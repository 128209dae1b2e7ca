//! The work each customer needs, independent of the staffing model (the fairness rule:
//! the same work per customer in every model), and the classic workload method for headcount.

use super::geo::Grid;
use super::scenario::Scenario;
use super::settings::{Function, Settings};

/// Weeks in a month everywhere in the sandbox.
pub const WEEKS_PER_MONTH: f64 = 4.0;

/// Neighbours used to estimate the travel a visit costs inside a route.
const TRAVEL_NEIGHBOURS: usize = 3;

/// What one customer needs from a generalist per month (4 weeks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Work {
    /// Trips a generalist makes: every function that falls due rides along the most frequent one.
    pub trips_per_month: f64,
    /// Service minutes per month, all functions added up.
    pub service_min_per_month: f64,
    /// Estimated travel minutes a trip to this customer adds to a route.
    pub travel_min_per_trip: f64,
}

impl Work {
    /// Required minutes per month, travel included.
    pub fn minutes_per_month(&self) -> f64 {
        self.service_min_per_month + self.trips_per_month * self.travel_min_per_trip
    }
}

impl Work {
    /// Trips per month for function `f` alone (4 weeks ÷ its cycle).
    pub fn function_trips(sc: &Scenario, class: u8, f: Function) -> f64 {
        WEEKS_PER_MONTH / f64::from(sc.settings.cycle_weeks(f, class))
    }
}

/// Required minutes per month when one staff member does the functions in `fs` for customer `c`
/// (one trip per due date of the most frequent of them, the minutes of every due function added
/// up). A specialist's minutes are scaled by the specialist factor, and by the deep factor when
/// deep visits are on. This one rule serves generalists, specialists and merged posts alike.
pub fn minutes_for(
    sc: &Scenario,
    work: &[Work],
    c: usize,
    fs: &[Function],
    specialist: bool,
) -> f64 {
    let s = &sc.settings;
    let class = sc.customers[c].class;
    let mut trips: f64 = 0.0;
    let mut minutes = 0.0;
    for &f in fs {
        let t = Work::function_trips(sc, class, f);
        trips = trips.max(t);
        minutes += t * s.minutes(f, class);
    }
    if specialist {
        minutes *= s.specialist_factor.max(0.0);
        if s.modes.deep_visits {
            minutes *= s.deep.factor.max(0.0);
        }
    }
    minutes + trips * work[c].travel_min_per_trip
}

/// The generalist's work for every customer of `sc`, in customer order.
pub fn generalist(sc: &Scenario) -> Vec<Work> {
    let s = &sc.settings;
    let pts: Vec<_> = sc.customers.iter().map(|c| c.pos).collect();
    let grid = Grid::new(&pts, 4);
    sc.customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut trips: f64 = 0.0;
            let mut minutes = 0.0;
            for f in Function::ALL {
                let per_month = WEEKS_PER_MONTH / f64::from(s.cycle_weeks(f, c.class));
                trips = trips.max(per_month);
                minutes += per_month * s.minutes(f, c.class);
            }
            let km = match &grid {
                Some(g) => {
                    let nn = g.nearest(&pts, i, TRAVEL_NEIGHBOURS);
                    if nn.is_empty() {
                        0.0
                    } else {
                        nn.iter().map(|x| x.1).sum::<f64>() / nn.len() as f64
                    }
                }
                None => 0.0,
            };
            Work {
                trips_per_month: trips,
                service_min_per_month: minutes,
                travel_min_per_trip: s.travel_minutes(km, c.zone),
            }
        })
        .collect()
}

/// Visiting minutes one manager has per month at the planned utilisation.
pub fn available_minutes_per_month(s: &Settings) -> f64 {
    WEEKS_PER_MONTH * f64::from(s.days_per_week) * s.day_minutes * s.staffing_utilisation
}

/// The workload method: headcount = required minutes ÷ available minutes, rounded up, at least 1.
pub fn headcount(work: &[Work], s: &Settings) -> usize {
    let need: f64 = work.iter().map(Work::minutes_per_month).sum();
    let avail = available_minutes_per_month(s).max(1.0);
    ((need / avail).ceil() as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};

    #[test]
    fn more_service_minutes_mean_more_required_minutes() {
        let mut sc = generate(Preset::County, 3).expect("preset");
        let before: f64 = generalist(&sc).iter().map(Work::minutes_per_month).sum();
        for m in &mut sc.settings.functions[0].minutes {
            *m += 5.0;
        }
        let after: f64 = generalist(&sc).iter().map(Work::minutes_per_month).sum();
        assert!(after > before + 1.0, "{before} -> {after}");
    }

    #[test]
    fn trips_follow_the_shortest_cycle() {
        let sc = generate(Preset::County, 3).expect("preset");
        let w = generalist(&sc);
        for (c, w) in sc.customers.iter().zip(&w) {
            let expected = if c.class <= 1 { 4.0 } else { 2.0 };
            assert_eq!(w.trips_per_month, expected);
            assert!(w.travel_min_per_trip >= 0.0 && w.travel_min_per_trip.is_finite());
        }
    }
}
