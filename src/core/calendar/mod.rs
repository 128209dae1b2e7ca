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
    let tasks = tasks::Tasks::new(sc, work, a);
    let room = teams::room(sc, work, a, &tasks);
    let lines = lines::plan(sc, work, a, &tasks, &room, params.max_kicks);
    let planners = stagger::Planners::new(&lines.plan, sc.customers.len());
    let team_plan = teams::TeamPlan::new(sc, a, &lines.plan, &lines.load, &tasks);

    let mut cal = Calendar {
        weeks: tasks.weeks,
        days_per_week: tasks.dpw,
        visits: Vec::new(),
        routes: Vec::new(),
        missed: Vec::new(),
        teams: Vec::new(),
        sessions: Vec::new(),
        required: 0,
        required_by_function: [0; 4],
        required_by_week: vec![0; tasks.weeks as usize],
        conflicts: 0,
        market_managers: Vec::new(),
        market_manager_missed: Vec::new(),
        joint_visits_planned: team_plan
            .planned
            .iter()
            .filter(|t| t.market_manager.is_some())
            .count(),
        replication: params.replication,
    };
    let planned_sessions = sessions::plan(sc, a, &tasks, &lines.load);
    let mut living = days::Living::new(
        sc,
        a,
        &tasks,
        &lines.plan,
        &team_plan,
        &planners,
        params.replication,
    );
    living.sessions = sessions::by_staff_day(&planned_sessions);
    for day in 0..tasks.horizon_days {
        living.day(day, &mut cal);
    }

    // A session is held when its leader worked that day (an absent leader holds none).
    cal.sessions = planned_sessions
        .into_iter()
        .filter(|x| {
            cal.routes
                .iter()
                .any(|r| r.staff == x.staff && r.day == x.day && r.session_min > 0.0)
        })
        .collect();
    missed::account(work, a, &living.lived, &mut cal);
    // The market managers live their days once the staff's are known (they meet the staff at
    // the shop; the staff never wait for them).
    let mm = market::live(sc, &cal.visits, &living.group, &team_plan);
    let ids = teams::assemble(&mut cal, &living.group, &team_plan, &mm.joined);
    cal.market_managers = mm.days;
    for r in &mut cal.market_managers {
        for x in &mut r.stops {
            x.team = ids.get(&x.team).copied().unwrap_or(u32::MAX);
        }
    }
    cal.market_manager_missed = mm
        .missed
        .into_iter()
        .map(|(t, mut x)| {
            x.team = ids.get(&t).copied();
            x
        })
        .collect();
    cal
}
