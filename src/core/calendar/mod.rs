//! The visit calendar: every staff member's days, visit by visit, over the horizon, built from
//! an assignment with the routing engine, and the contract's metrics computed from it.
//!
//! The pipeline (`build`): tasks (who does what where, `tasks.rs`) → route lines over one
//! planning period (`lines.rs`) → planned team visits (`teams.rs`) → the days lived one by one
//! (`days.rs`) → the required cycles accounted for (`missed.rs`) → the market managers' days
//! through the joint visits (`market.rs`) and the team visits as they happened (`teams.rs`).
//!
//! Per staff member: each customer's trips recur every k weeks (k = the shortest cycle of the
//! functions that member does there). Stable weekday route lines (拜访线路) come from the
//! periodic planner over one planning period of P weeks (the least common multiple of the trip
//! cycles, at most the horizon). The period's plan is then lived day by day over the horizon:
//! at each stop the functions whose current cycle is still unserved are done (a generalist
//! does them all in one visit), times follow the shop's opening hours, and a day that would
//! run past the working day plus the overtime cap drops its last stops (reason "capacity"); a
//! stop that cannot start before closing is dropped too ("time window"). A function whose
//! cycle passes without a visit is listed as missed with the last reason seen.
//!
//! Each visit policy has its own file: staggering (`stagger.rs`), team visits (`teams.rs`),
//! deep visits (`deep.rs`), shifts and flexible hours (`shifts.rs`), disturbances
//! (`disturb.rs`), covering absent colleagues (`cover.rs`), retries (`retry.rs`). Their
//! decisions at the shop are rules the day loop asks in order (`days.rs`, `AT_THE_SHOP`).

mod cover;
mod days;
mod deep;
mod disturb;
mod fit;
mod lines;
mod market;
mod metrics;
mod missed;
mod part;
mod pipeline;
mod retry;
mod sched;
mod sessions;
mod shifts;
mod stagger;
mod stop;
mod tasks;
mod teams;
mod travel;
mod types;

pub use metrics::metrics;
pub use part::{build_part, Part};
pub use tasks::{required_cycles, RequiredCycle};
pub use types::{
    market_manager_id, Calendar, CalendarParams, DayRoute, MarketManagerDay, MarketManagerMiss,
    MarketManagerStop, Missed, Reason, Session, TeamVisit, Visit,
};

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

/// Builds the calendar of assignment `a` on `sc`.
pub fn build(sc: &Scenario, work: &[Work], a: &Assignment, params: &CalendarParams) -> Calendar {
    pipeline::build(sc, work, a, params, None)
}
