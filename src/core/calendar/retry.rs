//! What living the calendar keeps track of (cycles served, why visits failed) and the retry
//! policy: a dropped visit comes back on the next working day inside one of its open cycles,
//! while the customer's optional visits stay within the over-service cap.

use std::collections::BTreeMap;

use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::WEEKS_PER_MONTH;

use super::stagger::Planners;
use super::stop::Stop;
use super::tasks::Tasks;
use super::types::Reason;

/// What living the calendar day by day keeps track of.
#[derive(Default)]
pub(super) struct Lived {
    /// The cycles served, per customer.
    served: Served,
    /// (staff, customer, function) -> the last reason a visit was dropped.
    pub failed: BTreeMap<(usize, usize, Function), Reason>,
    /// (staff, day) -> customers to retry that day.
    pub retry: BTreeMap<(usize, u32), Vec<usize>>,
    /// (customer, 4-week window) -> optional visits (team visits, retries) so far.
    pub optional: BTreeMap<(usize, u32), u32>,
}

/// Per customer, the (staff, function, cycle) served: a few each, read for every stop of every
/// day lived (a map over all of them was a tenth of living the city's days, in its lookups).
#[derive(Default)]
struct Served(Vec<Vec<(usize, Function, u32)>>);

/// What deciding a retry needs: the scenario and who plans each customer on which slots.
pub(super) struct RetryRules<'a> {
    pub sc: &'a Scenario,
    pub tasks: &'a Tasks,
    pub planners: &'a Planners,
    pub slots: u32,
}

impl Lived {
    /// Counts an optional visit (a planned team visit) to customer `c` on day `day`.
    pub(super) fn note_optional(&mut self, sc: &Scenario, c: usize, day: u32) {
        let month_days = WEEKS_PER_MONTH as u32 * sc.settings.days_per_week.max(1);
        *self.optional.entry((c, day / month_days)).or_default() += 1;
    }

    /// Whether staff member `st` already served cycle `cyc` of function `f` at customer `c`.
    pub(super) fn has_served(&self, st: usize, c: usize, f: Function, cyc: u32) -> bool {
        self.served
            .0
            .get(c)
            .is_some_and(|x| x.contains(&(st, f, cyc)))
    }

    /// Staff member `st` served cycle `cyc` of function `f` at customer `c`.
    pub(super) fn serve(&mut self, st: usize, c: usize, f: Function, cyc: u32) {
        let all = &mut self.served.0;
        if all.len() <= c {
            all.resize_with(c + 1, Vec::new);
        }
        if !all[c].contains(&(st, f, cyc)) {
            all[c].push((st, f, cyc));
        }
    }

    /// A stop dropped from staff `st`'s day `day`: its functions are marked failed with
    /// `reason`, and the visit is retried on the next working day inside one of its functions'
    /// open cycles (with staggering on, a day on which no other staff member plans the
    /// customer), while the customer's optional visits stay within the over-service cap.
    pub(super) fn dropped(
        &mut self,
        r: &RetryRules,
        st: usize,
        day: u32,
        x: &Stop,
        reason: Reason,
    ) {
        let s = &r.sc.settings;
        let dpw = s.days_per_week.max(1);
        for &f in &x.functions {
            self.failed.insert((st, x.customer, f), reason);
        }
        let horizon = s.weeks.max(1) * dpw;
        let cycle_end = x
            .functions
            .iter()
            .map(|&f| {
                let cw = r.tasks.cycle_weeks(x.customer, f);
                (day / dpw / cw + 1) * cw * dpw
            })
            .max()
            .unwrap_or(0)
            .min(horizon);
        let others_there = |d: u32| r.planners.others_there(x.customer, st, d, r.slots);
        let Some(next) = (day + 1..cycle_end).find(|&d| !s.modes.staggering || !others_there(d))
        else {
            return;
        };
        let month_days = WEEKS_PER_MONTH as u32 * dpw;
        let used = self
            .optional
            .entry((x.customer, next / month_days))
            .or_default();
        if *used < s.deep.optional_cap_per_month {
            *used += 1;
            self.retry.entry((st, next)).or_default().push(x.customer);
        }
    }
}
