//! The calendar's pipeline, step by step (see `mod.rs`): tasks, route lines, planned team
//! visits, the days lived, the missed cycles, the market managers' days.

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

use super::tasks::{Tasks, Whole};
use super::types::{Calendar, CalendarParams};
use super::{days, lines, market, missed, sessions, stagger, teams};

/// The calendar of `a` on `sc` (`super::build`), of a part of a whole calendar when `whole`
/// numbers it (`part.rs`).
pub(super) fn build(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    params: &CalendarParams,
    whole: Option<&Whole>,
) -> Calendar {
    let tasks = Tasks::new(sc, work, a, whole);
    let room = teams::room(sc, work, a, &tasks);
    let lines = lines::plan(sc, a, &tasks, &room, params.max_kicks);
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
