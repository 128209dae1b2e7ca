//! Who does what where: each staff member's customers and the functions it does there, the
//! trip cycle of each (customer, staff member), the planning period shared by everyone, the
//! functions due on a visit, and the required cycles every count is made of.

use std::collections::BTreeMap;

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::Work;

/// The tasks of every staff member and the calendar's time frame.
pub(super) struct Tasks {
    /// Staff member -> customer -> functions it does there.
    pub by_staff: Vec<BTreeMap<usize, Vec<Function>>>,
    pub weeks: u32,
    pub dpw: u32,
    pub horizon_days: u32,
    /// Weeks of the planning period, and its days (slots).
    pub period: u32,
    pub slots: u32,
    /// Per customer, per function: the cycle in weeks (`Work::cycle_weeks`).
    cycles: Vec<[u32; 4]>,
    /// Per customer: its index in the whole calendar this one is a part of (`part.rs`), which
    /// spreads its long cycles' visits; empty when this is the whole.
    customer_numbers: Vec<usize>,
}

/// How a part of a calendar is numbered in its whole (`part.rs`).
pub(super) struct Whole {
    /// Part's customer -> the whole's.
    pub customers: Vec<usize>,
    /// The whole's planning period, in weeks.
    pub period: u32,
}

pub(super) fn lcm(a: u32, b: u32) -> u32 {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    a / gcd(a, b).max(1) * b
}

/// Weeks between trips to a customer whose cycles are `cycles` for the functions `fs`: the
/// shortest of their cycles.
fn trip_weeks(cycles: &[u32; 4], fs: &[Function]) -> u32 {
    fs.iter()
        .map(|&f| cycles[f.index()])
        .min()
        .unwrap_or(1)
        .max(1)
}

/// Per customer, per function: the cycle in weeks.
fn cycles_of(work: &[Work]) -> Vec<[u32; 4]> {
    work.iter()
        .map(|w| Function::ALL.map(|f| w.cycle_weeks(f)))
        .collect()
}

/// The planning period of books `by_staff` (staff member -> customer -> functions), in weeks:
/// the least common multiple of the trip cycles, at most the horizon.
fn period_of(
    by_staff: &[BTreeMap<usize, Vec<Function>>],
    cycles: &[[u32; 4]],
    weeks: u32,
    dpw: u32,
) -> u32 {
    let mut period = 1u32;
    for fsets in by_staff {
        for (&c, fs) in fsets {
            let k = cycles.get(c).map_or(1, |cy| trip_weeks(cy, fs));
            period = lcm(period, k.min(weeks));
        }
    }
    period.min(weeks).clamp(1, 64 / dpw)
}

impl Tasks {
    /// The tasks of `a`; `whole` when `a` is a part of a whole calendar, so that the part
    /// plans as the whole would.
    pub(super) fn new(
        sc: &Scenario,
        work: &[Work],
        a: &Assignment,
        whole: Option<&Whole>,
    ) -> Tasks {
        let s = &sc.settings;
        let weeks = s.weeks.max(1);
        let dpw = s.days_per_week.max(1);
        let cycles = cycles_of(work);
        let mut by_staff: Vec<BTreeMap<usize, Vec<Function>>> =
            vec![BTreeMap::new(); a.staff.len()];
        for c in 0..a.responsible.len() {
            for (f, st) in a.duties(c) {
                if let Some(book) = by_staff.get_mut(st) {
                    book.entry(c).or_default().push(f);
                }
            }
        }
        // One planning period for everyone, so staggering can compare days across staff.
        let period = match whole {
            Some(w) => w.period,
            None => period_of(&by_staff, &cycles, weeks, dpw),
        };
        Tasks {
            by_staff,
            weeks,
            dpw,
            horizon_days: weeks * dpw,
            period,
            slots: period * dpw,
            cycles,
            customer_numbers: whole.map(|w| w.customers.clone()).unwrap_or_default(),
        }
    }

    /// The cycle of function `f` at customer `c`, in weeks.
    pub(super) fn cycle_weeks(&self, c: usize, f: Function) -> u32 {
        self.cycles.get(c).map_or(1, |cy| cy[f.index()].max(1))
    }

    /// Weeks between staff member `st`'s trips to customer `c` (at most the period).
    pub(super) fn trip_period(&self, st: usize, c: usize) -> u32 {
        self.by_staff[st]
            .get(&c)
            .map_or(1.min(self.period), |fs| self.trip_period_of(c, fs))
    }

    /// `trip_period` for the functions `fs` a staff member does at customer `c`.
    fn trip_period_of(&self, c: usize, fs: &[Function]) -> u32 {
        self.cycles
            .get(c)
            .map_or(1, |cy| trip_weeks(cy, fs))
            .min(self.period)
    }

    /// The functions of staff member `st` due at customer `c` in week `week`; `served(f, cycle)`
    /// says whether that cycle of function `f` is already done.
    pub(super) fn due(
        &self,
        st: usize,
        c: usize,
        week: u32,
        served: impl Fn(Function, u32) -> bool,
    ) -> Vec<Function> {
        let fs = &self.by_staff[st][&c];
        let k = self.trip_period_of(c, fs);
        fs.iter()
            .copied()
            .filter(|&f| {
                let cw = self.cycle_weeks(c, f);
                let cyc = week / cw;
                // A function with a longer cycle than the trips is done at one of the cycle's
                // visits, spread over customers so that the first week of every cycle is not
                // the heaviest; later visits retry if that one is missed.
                let n = self.customer_numbers.get(c).copied().unwrap_or(c);
                let offset = ((n + f.index()) as u32 % (cw / k).max(1)) * k;
                week >= cyc * cw + offset && !served(f, cyc)
            })
            .collect()
    }
}

/// One required visit: a (customer, function) cycle wholly inside the horizon (docs/domain.md
/// "Time"), and the staff member responsible for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredCycle {
    pub customer: usize,
    pub function: Function,
    pub staff: usize,
    /// Index of the cycle from the start of the horizon, and its length.
    pub cycle: u32,
    pub cycle_weeks: u32,
}

/// Every required cycle of `a` over `weeks`, in (customer, function, cycle) order: what the
/// calendar counts as `required` and lists as missed, and what any per-week or per-post
/// coverage must count the same way.
pub fn required_cycles<'a>(
    work: &'a [Work],
    a: &'a Assignment,
    weeks: u32,
) -> impl Iterator<Item = RequiredCycle> + 'a {
    (0..a.responsible.len()).flat_map(move |c| {
        a.duties(c).flat_map(move |(f, st)| {
            let cw = work.get(c).map_or(1, |w| w.cycle_weeks(f));
            (0..weeks / cw).map(move |cyc| RequiredCycle {
                customer: c,
                function: f,
                staff: st,
                cycle: cyc,
                cycle_weeks: cw,
            })
        })
    })
}
