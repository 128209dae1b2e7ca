//! The translation keys the table's files share: the panel's groups (in the order the panel
//! shows them) and the units.

pub const DAY: &str = "learn.assume.group.day";
pub const TRAVEL: &str = "learn.assume.group.travel";
pub const WORK: &str = "learn.assume.group.work";
pub const REACH: &str = "learn.assume.group.reach";
pub const CYCLE_GROUPS: &str = "learn.assume.group.cycle_groups";
pub const SESSIONS: &str = "learn.assume.group.sessions";
pub const STAFFING: &str = "learn.assume.group.staffing";
pub const COST: &str = "learn.assume.group.cost";
pub const MODES: &str = "learn.assume.group.modes";
pub const TEAM: &str = "learn.assume.group.team";
pub const VALUE: &str = "learn.assume.group.value";
pub const HYBRID: &str = "learn.assume.group.hybrid";
pub const DISTURB: &str = "learn.assume.group.disturbances";
pub const HOURS: &str = "learn.assume.group.hours";
pub const PILOT: &str = "learn.assume.group.pilot";

pub const MIN: Option<&str> = Some("learn.assume.unit.min");
pub const WEEKS: Option<&str> = Some("learn.assume.unit.weeks");
pub const PCT: Option<&str> = Some("learn.assume.unit.pct");
pub const TIMES: Option<&str> = Some("learn.assume.unit.times");
pub const CLOCK: Option<&str> = Some("learn.assume.unit.clock");
pub const PER_4_WEEKS: Option<&str> = Some("learn.assume.unit.per_4_weeks");
pub const GRADE: Option<&str> = Some("learn.assume.unit.grade");
