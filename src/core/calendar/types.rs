//! The calendar's public data: the parameters of a build and what it returns (visits, day
//! routes, missed cycles, team visits), plus the required cycles every count is made of.

use serde::{Deserialize, Serialize};

use crate::core::settings::Function;

/// Effort of the route-line optimisation (iteration counts: deterministic on any machine).
/// The default, no kicks, is the planner's insertion and descent only: the intra-route moves
/// evaluate whole routes, which is slow on 40-80-stop days (see the closing note of the calendar
/// work), so kicks stay opt-in until that is fixed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarParams {
    /// Kicks of the periodic planner per staff member (or per part of a large book).
    pub max_kicks: u64,
    /// Live the plan under the scenario's disturbances (absences, closed shops, service-time
    /// noise) drawn for this replication from (scenario seed, replication); `None` lives the
    /// plan as planned. The plan itself never depends on it.
    pub replication: Option<u64>,
}

/// One visit by one staff member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub day: u32,
    /// Index into the assignment's staff.
    pub staff: usize,
    pub customer: usize,
    pub functions: Vec<Function>,
    /// Minutes after midnight of the visit day (may pass 1440 on an evening shift).
    pub start: f64,
    pub end: f64,
    /// The team visit this visit is part of (index into `Calendar::teams`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<u32>,
    /// The shop was found closed (a disturbance): nothing was done, the visit is retried.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// The absent colleague (same post, same department) whose visit this is, when absent
    /// staff are covered (`Disturbances::cover_absent`): the functions are theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<usize>,
}

/// One staff member's day: from base and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayRoute {
    pub staff: usize,
    pub day: u32,
    pub leave: f64,
    pub back: f64,
    pub km: f64,
    pub travel_min: f64,
    pub service_min: f64,
    /// Minutes at the desk after the route (a market-research specialist's share of the
    /// working day); part of the working day, not of the route.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub desk_min: f64,
    /// The lunch break taken on the road (not work; part of the clock from leave to back).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lunch_min: f64,
    /// Minutes of a training group session the staff member led at the office that day.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub session_min: f64,
    /// Indices into `Calendar::visits`, in route order.
    pub visits: Vec<usize>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl DayRoute {
    /// The working day: the route base to base, less the lunch break, plus the desk time and
    /// any training session.
    pub fn working_minutes(&self) -> f64 {
        self.back - self.leave - self.lunch_min + self.desk_min + self.session_min
    }
}

/// Why a required visit was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The day was full (working day plus the overtime cap).
    Capacity,
    /// The shop cannot be served while open within the staff member's working window, even
    /// as the only stop of a day.
    TimeWindow,
    /// Another staff member was at the shop that day and the two could neither be staggered
    /// nor meet as a team.
    Conflict,
    /// The staff member was absent that day (a disturbance).
    Absent,
    /// The shop was closed when visited (a disturbance).
    Closed,
    /// Not planned on any day of the cycle.
    NotPlanned,
}

impl Reason {
    pub fn key(self) -> &'static str {
        match self {
            Reason::Capacity => "reason.capacity",
            Reason::TimeWindow => "reason.time_window",
            Reason::Conflict => "reason.conflict",
            Reason::Absent => "reason.absent",
            Reason::Closed => "reason.closed",
            Reason::NotPlanned => "reason.not_planned",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Reason::Capacity => "capacity",
            Reason::TimeWindow => "time_window",
            Reason::Conflict => "conflict",
            Reason::Absent => "absent",
            Reason::Closed => "closed",
            Reason::NotPlanned => "not_planned",
        }
    }
}

/// A required (customer, function, cycle) that no visit served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Missed {
    pub customer: usize,
    pub function: Function,
    pub staff: usize,
    /// First and last day of the cycle.
    pub from_day: u32,
    pub to_day: u32,
    pub reason: Reason,
}

/// A team visit (团队拜访): several staff at one customer on one day, counted once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamVisit {
    pub id: u32,
    pub day: u32,
    pub customer: usize,
    /// Staff (indices into the assignment's staff) with a visit row carrying this team id.
    pub members: Vec<usize>,
    /// The department whose market manager joined (a joint visit, 协同拜访, backed by a stop
    /// of that market manager's day in `Calendar::market_managers`); `None` when no market
    /// manager came, including a joint visit planned but not made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_manager: Option<usize>,
    /// True for a flagged customer's planned team visit (preparation and debrief spent by each
    /// member); false for same-day visits that staggering could not separate, held together.
    pub planned: bool,
}

/// One stop of a market manager's day: a joint visit (协同拜访) joined, at the team's shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketManagerStop {
    /// The team visit joined (index into `Calendar::teams`).
    pub team: u32,
    pub customer: usize,
    /// Minutes after midnight: reaching the shop (at or before `start`, waiting if early), and
    /// the team visit's span at the shop, which the market manager stays for (the host's start
    /// to the last member's end).
    pub arrive: f64,
    pub start: f64,
    pub end: f64,
    /// Came from the department office rather than straight from the previous shop: the gap
    /// between two joint visits was longer than the way back and out again, so the market
    /// manager spent it at the office (office time, not field time). The first stop always does.
    pub from_office: bool,
}

/// A market manager's (市场经理) day: one per department, a person outside the managers'
/// headcount. From the department office to each joint visit of the day in time order and
/// back, one place at a time, calling at the office between two joint visits when the gap is
/// longer than the way there and out again; the rest of the day (the non-field share) is desk
/// and supervision time at the office. Lunch is taken at the office, in that share, so the
/// route has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketManagerDay {
    /// The department (index into `Scenario::departments`) whose market manager this is.
    pub department: usize,
    pub day: u32,
    pub leave: f64,
    pub back: f64,
    pub km: f64,
    pub travel_min: f64,
    /// Minutes at the shops (the stops' spans).
    pub visit_min: f64,
    /// Field minutes: each trip office to office (waits at the shops included), plus the joint
    /// visits' preparation and debrief; time back at the office between trips is not field.
    pub field_min: f64,
    /// Preparation and debrief of the joint visits (`team.prep_minutes + team.debrief_minutes`
    /// each), at the office.
    pub team_min: f64,
    /// The non-field share of the working day at the office (desk and supervision).
    pub desk_min: f64,
    pub stops: Vec<MarketManagerStop>,
}

impl MarketManagerDay {
    /// Field minutes (`field_min`).
    pub fn field_minutes(&self) -> f64 {
        self.field_min
    }

    /// The working day: the field minutes plus the desk share; held to the working day plus the
    /// overtime cap, as a staff member's.
    pub fn working_minutes(&self) -> f64 {
        self.field_minutes() + self.desk_min
    }
}

/// A joint visit the market manager did not make: the staff's visit happened without them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketManagerMiss {
    pub department: usize,
    pub day: u32,
    pub customer: usize,
    /// The team visit the staff held without the market manager (index into `Calendar::teams`),
    /// when several staff still met; `None` when the host came alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<u32>,
    /// Always `capacity`: the market manager could not reach the shop in time or the day would
    /// not fit.
    pub reason: Reason,
}

/// The market manager of department `d` as a staff id (`MM-<department id>`).
pub fn market_manager_id(department_id: &str) -> String {
    format!("MM-{department_id}")
}

/// A training group session (集中培训) at a department office: staff time, not a visit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub department: usize,
    /// The staff member who leads it.
    pub staff: usize,
    pub day: u32,
    /// Session and preparation.
    pub minutes: f64,
}

/// The whole calendar of one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub weeks: u32,
    pub days_per_week: u32,
    pub visits: Vec<Visit>,
    pub routes: Vec<DayRoute>,
    pub missed: Vec<Missed>,
    pub teams: Vec<TeamVisit>,
    /// Training group sessions held (a leader absent that day holds none).
    pub sessions: Vec<Session>,
    /// Required (customer, function, cycle) triples: cycles wholly inside the horizon.
    pub required: usize,
    /// The required cycles per function (`Function::ALL` order), counted from this plan's own
    /// duties: by the fairness rule the same in every model.
    pub required_by_function: [usize; 4],
    /// The required cycles by the week (from 0) in which each cycle ends.
    pub required_by_week: Vec<usize>,
    /// The market managers' days with at least one joint visit, by day then department.
    pub market_managers: Vec<MarketManagerDay>,
    /// Joint visits planned whose host came but the market manager could not.
    pub market_manager_missed: Vec<MarketManagerMiss>,
    /// Joint visits planned (made, missed for capacity, or not held because the host did not
    /// come).
    pub joint_visits_planned: usize,
    /// Customer-days visited by several staff that staggering could not separate.
    pub conflicts: usize,
    /// The replication whose disturbances were lived (`None`: the plan as planned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication: Option<u64>,
}
