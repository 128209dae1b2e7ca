//! What the checker reports: the kinds of violation, a violation with where it is, and the
//! summary of a calendar that passed.

use std::fmt;

use serde::Serialize;

use crate::core::metrics::Metrics;
use crate::core::settings::Function;

/// What a violation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The assignment does not fit the scenario or the workload (row count, staff or manager
    /// index out of range, work of another length); checks that need it are skipped.
    Assignment,
    /// The calendar's weeks or days per week differ from the scenario's settings.
    Horizon,
    /// A staff, customer, visit, team or day index out of range.
    BadIndex,
    /// A visit with a non-finite time or ending before it starts.
    BadTime,
    /// A visit lasting other than the minutes of its functions (plus the team overhead at a
    /// planned team visit).
    VisitMinutes,
    /// A visit outside its shop's opening hours [open_min, close_min].
    OpeningHours,
    /// A visit starting before the previous one (or the departure) plus the travel between.
    TimeOrder,
    /// A route back at base before the last visit ended plus the way home.
    ReturnTooEarly,
    /// A route longer than the working day plus the overtime cap.
    DayTooLong,
    /// A route's km differ from the road km from base through its visits and back.
    RouteKm,
    /// A route's travel minutes differ from the recomputed ones.
    RouteTravel,
    /// A route's service minutes differ from the sum of its visits' durations.
    RouteService,
    /// Two routes for one staff member on one day.
    DuplicateRoute,
    /// A visit in no route, in several, or in a route of another staff member or day.
    RouteMembership,
    /// A visit listing a function its staff member is not responsible for at that customer.
    NotResponsible,
    /// A visit covering for a colleague who was at work that day, not of the same post and
    /// department, or with covering off.
    BadCover,
    /// A visit listing no function (allowed only for a team visit's member) or one twice.
    Functions,
    /// A visit's team id, or a team, inconsistent with the visits (customer, day, members).
    Team,
    /// The members of a team visit not at the shop together (no instant shared by all their
    /// visits).
    TeamApart,
    /// Team visits present while the team-visit mode is off.
    TeamsOff,
    /// Staggering on and team visits off, yet a customer-day has visits from several staff.
    NotStaggered,
    /// Team visits on, yet a customer-day with several staff is not one team visit.
    NotJoined,
    /// `Calendar::conflicts` differs from the customer-days with several staff not in one team.
    ConflictCount,
    /// A required (customer, function, cycle) neither served nor listed as missed.
    Unaccounted,
    /// A required cycle both served and listed as missed.
    ServedAndMissed,
    /// A missed entry with the wrong staff or cycle bounds, listed twice, or for a cycle that
    /// is not required.
    BadMissed,
    /// `Calendar::required` differs from the count of required cycles.
    RequiredCount,
    /// A training session led by other than its department's leader, of another length,
    /// twice in one cycle, or without its route's session minutes (or the other way round).
    Session,
    /// A market manager's day whose km, travel or shop minutes differ from the recomputed
    /// ones, or a day with no joint visit.
    MarketManagerRoute,
    /// A market manager at a shop after the team started, leaving before it ended, reaching a
    /// place sooner than the way allows (two places at once), or back before the way home.
    MarketManagerTime,
    /// A market manager's day longer than the working day plus the overtime cap, or with other
    /// preparation, debrief or office minutes than the settings give.
    MarketManagerDay,
    /// A team visit carrying a market manager without one stop of that market manager's day on
    /// its day, or a stop naming a team without its market manager.
    MarketManagerJoin,
    /// A reported metric differs from the recomputed one, is absent while computable, or is
    /// present while it cannot be computed.
    Metric(&'static str),
}

/// One rule broken: what, where (whichever of staff, day, customer, function, route, visit,
/// team apply) and the expected against the found value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<Function>,
    /// Index into `Calendar::routes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<usize>,
    /// Index into `Calendar::visits`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<u32>,
    /// The department whose market manager's day it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<usize>,
    pub expected: String,
    pub found: String,
}

impl Violation {
    pub(super) fn new(kind: Kind, expected: impl fmt::Display, found: impl fmt::Display) -> Self {
        Violation {
            kind,
            staff: None,
            day: None,
            customer: None,
            function: None,
            route: None,
            visit: None,
            team: None,
            department: None,
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }
    pub(super) fn staff(mut self, s: usize) -> Self {
        self.staff = Some(s);
        self
    }
    pub(super) fn day(mut self, d: u32) -> Self {
        self.day = Some(d);
        self
    }
    pub(super) fn customer(mut self, c: usize) -> Self {
        self.customer = Some(c);
        self
    }
    pub(super) fn function(mut self, f: Function) -> Self {
        self.function = Some(f);
        self
    }
    pub(super) fn route(mut self, r: usize) -> Self {
        self.route = Some(r);
        self
    }
    pub(super) fn visit(mut self, v: usize) -> Self {
        self.visit = Some(v);
        self
    }
    pub(super) fn team(mut self, t: u32) -> Self {
        self.team = Some(t);
        self
    }
    pub(super) fn department(mut self, d: usize) -> Self {
        self.department = Some(d);
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.kind)?;
        let mut at = Vec::new();
        if let Some(x) = self.staff {
            at.push(format!("staff {x}"));
        }
        if let Some(x) = self.day {
            at.push(format!("day {x}"));
        }
        if let Some(x) = self.customer {
            at.push(format!("customer {x}"));
        }
        if let Some(x) = self.function {
            at.push(format!("{x:?}"));
        }
        if let Some(x) = self.route {
            at.push(format!("route #{x}"));
        }
        if let Some(x) = self.visit {
            at.push(format!("visit #{x}"));
        }
        if let Some(x) = self.team {
            at.push(format!("team {x}"));
        }
        if let Some(x) = self.department {
            at.push(format!("market manager of department {x}"));
        }
        if !at.is_empty() {
            write!(f, " ({})", at.join(", "))?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// What a calendar that passed the check holds, recounted by the checker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckSummary {
    pub routes: usize,
    pub visits: usize,
    /// Required (customer, function, cycle) triples, and how many of them were served.
    pub required: usize,
    pub served: usize,
    pub missed: usize,
    pub teams: usize,
    pub conflicts: usize,
    /// The calendar metrics as recomputed (the assignment's metrics are left `None`).
    pub metrics: Metrics,
}
