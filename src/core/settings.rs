//! Settings: every assumption of the simulation, with the defaults of docs/domain.md.
//!
//! Numbers here are defaults a user can change, never constants the code relies on. Each
//! default has a basis (`super::assumptions::ROWS`) shown beside the results.

use serde::{Deserialize, Serialize};

pub use super::pilot_rule::{KpiWeights, PilotRule};

use super::zone::Zone;

/// The four functions of a manager's job; in the specialised model each becomes a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// 客户服务 routine customer service.
    Service,
    /// 品牌培育 brand cultivation.
    Brand,
    /// 客户培训和指导 training & guidance.
    Training,
    /// 市场调研与预测 market research & forecasting.
    Research,
}

impl Function {
    pub const ALL: [Function; 4] = [
        Function::Service,
        Function::Brand,
        Function::Training,
        Function::Research,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The function's id as serde writes it (`service`, `brand`, `training`, `research`).
    pub fn id(self) -> &'static str {
        match self {
            Function::Service => "service",
            Function::Brand => "brand",
            Function::Training => "training",
            Function::Research => "research",
        }
    }

    /// Translation key of the function's name.
    pub fn key(self) -> &'static str {
        match self {
            Function::Service => "function.service",
            Function::Brand => "function.brand",
            Function::Training => "function.training",
            Function::Research => "function.research",
        }
    }
}

/// A format class (甲乙丙丁…): its labels in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassDef {
    pub name_zh: String,
    pub name_en: String,
}

/// Cycle and minutes of one function, per format class (index = class).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionRule {
    /// Weeks within which the customer must be visited once for this function.
    pub cycle_weeks: Vec<u32>,
    /// Minutes the function takes at one visit.
    pub minutes: Vec<f64>,
}

/// Which customers a function reaches (docs/domain.md "Reach follows practice"). A customer is
/// reached when any criterion that is on holds for it; a function with no criterion on reaches
/// nobody. Decided by the customer's attributes alone, never by the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Reach {
    /// Every customer.
    pub all: bool,
    /// The top classes (1 = 甲, 2 = 甲乙 …; 0 = none).
    pub top_classes: u8,
    /// Core customers (value group).
    pub core: bool,
    /// Key customers (value group).
    pub key: bool,
    /// Shops flagged for growth potential.
    pub growth: bool,
    /// Shops flagged for volatile sales.
    pub volatile: bool,
    /// Shops flagged for special difficulty.
    pub difficulty: bool,
    /// Shops at or below the low grade (`Settings::low_grade`).
    pub low_grade: bool,
    /// A seeded sample of this share of customers, stratified by department and class.
    pub sample_share: f64,
}

/// The reach of every function, in `Function::ALL` order. Routine service always reaches every
/// customer (the main staff member is the one doing it), whatever its entry says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReachRule {
    /// The withdrawn turn-1 rule, kept as a setting: every post visits every shop.
    pub every_shop: bool,
    pub functions: Vec<Reach>,
}

impl Default for ReachRule {
    fn default() -> Self {
        ReachRule {
            every_shop: false,
            functions: vec![
                Reach {
                    all: true,
                    ..Reach::default()
                },
                // Brand cultivation works on chosen 培育户: 甲乙, core and growth-flagged shops.
                Reach {
                    top_classes: 2,
                    core: true,
                    growth: true,
                    ..Reach::default()
                },
                // Training & guidance: group sessions for all, individual visits to shops with
                // difficulties or a low grade.
                Reach {
                    difficulty: true,
                    low_grade: true,
                    ..Reach::default()
                },
                // Market research: a panel of 信息采集点, the rest from ordering data.
                Reach {
                    sample_share: 0.10,
                    ..Reach::default()
                },
            ],
        }
    }
}

/// A cycle for the shops whose 档位 lies in `min_grade..=max_grade`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GradeBand {
    pub function: Function,
    pub min_grade: u8,
    pub max_grade: u8,
    pub cycle_weeks: u32,
}

/// Cycle overrides: a function's cycle by class is replaced by its value group's cycle when one
/// is set, and that by a 档位 band's cycle when the shop's grade lies in one (the last band that
/// matches wins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CycleOverrides {
    /// Per function (`Function::ALL` order), per value group (core, key, regular, night): the
    /// cycle in weeks, 0 = the class's cycle.
    pub by_group: Vec<[u32; 4]>,
    pub by_grade: Vec<GradeBand>,
}

impl Default for CycleOverrides {
    fn default() -> Self {
        // "Weekly for 甲乙 and core customers": core customers' service is weekly whatever
        // their class.
        CycleOverrides {
            by_group: vec![[1, 0, 0, 0], [0; 4], [0; 4], [0; 4]],
            by_grade: Vec::new(),
        }
    }
}

/// Training's group sessions (集中培训): one per department per training cycle at the office,
/// counted as the leader's time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingSessions {
    pub on: bool,
    pub minutes: f64,
    pub prep_minutes: f64,
}

impl Default for TrainingSessions {
    fn default() -> Self {
        TrainingSessions {
            on: true,
            minutes: 60.0,
            prep_minutes: 30.0,
        }
    }
}

/// Where the format and value models draw their segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SegmentScope {
    /// Per department, like region and specialised (like for like).
    #[default]
    Department,
    /// Company-wide (the first release's rule).
    Company,
}

/// What the territory engine balances: required hours always, and customers and sales with
/// them (the study's "均衡划分客户经理管理客户数量，平衡工作量").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TerritoryMeasures {
    /// Required hours only.
    Hours,
    /// Required hours and the number of customers (the study's words).
    #[default]
    HoursCustomers,
    /// Required hours, customers and monthly sales.
    All,
}

impl TerritoryMeasures {
    /// How many of hours, customers, sales (in that order) are balanced.
    pub fn count(self) -> usize {
        match self {
            TerritoryMeasures::Hours => 1,
            TerritoryMeasures::HoursCustomers => 2,
            TerritoryMeasures::All => 3,
        }
    }
}

/// A value per zone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PerZone<T> {
    pub urban: T,
    pub town: T,
    pub rural: T,
}

impl<T: Copy> PerZone<T> {
    pub fn get(&self, z: Zone) -> T {
        match z {
            Zone::Urban => self.urban,
            Zone::Town => self.town,
            Zone::Rural => self.rural,
        }
    }
}

/// Which scale ranks customers (and so staff) into tiers; shared by every model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TierScheme {
    /// Format class: 甲 highest … 丁 lowest.
    #[default]
    Format,
    /// Value group: core > key > regular (night shops rank with regular).
    ValueGroup,
}

/// How customers are scored for the value-group model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ValueScheme {
    /// The 上海 five dimensions, weighted.
    #[default]
    FiveDimensions,
    /// The 卢湾 three-dimensional value: value/contribution from sales and 档位, loyalty.
    ThreeDimensions,
}

/// The value-group rule (docs/domain.md "By customer value group").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueRule {
    pub scheme: ValueScheme,
    /// Weights of loyalty, integrity, cooperation, growth, dependency.
    pub weights: [f64; 5],
    /// Share of customers that are high value (top by score).
    pub high_value_share: f64,
    /// Share of all customers that are core (high value and loyalty above the threshold).
    pub core_share: f64,
    /// Night shops form their own group.
    pub night_group: bool,
}

impl Default for ValueRule {
    fn default() -> Self {
        ValueRule {
            scheme: ValueScheme::FiveDimensions,
            weights: [0.2; 5],
            high_value_share: 0.35,
            core_share: 0.10,
            night_group: true,
        }
    }
}

/// The format model's territorial rule (属地管理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormatRule {
    /// A class needing less than this many managers' workload gets no dedicated manager.
    pub small_class_managers: f64,
    /// A customer farther than this (km) from every territory of its class is served by the
    /// territory it lies in.
    pub territorial_km: f64,
}

impl Default for FormatRule {
    fn default() -> Self {
        FormatRule {
            small_class_managers: 0.5,
            territorial_km: 8.0,
        }
    }
}

/// What each zone runs in the hybrid model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneModel {
    Region,
    Format,
    Value,
    /// Specialist posts per department, each covering a set of areas: specialisation × region
    /// (the study's suggestion for rural markets).
    Specialised,
    /// Specialists per value group (the study's urban suggestion).
    SpecialisedValue,
    /// Specialists per format class.
    SpecialisedFormat,
}

impl ZoneModel {
    pub const ALL: [ZoneModel; 6] = [
        ZoneModel::Region,
        ZoneModel::Format,
        ZoneModel::Value,
        ZoneModel::Specialised,
        ZoneModel::SpecialisedValue,
        ZoneModel::SpecialisedFormat,
    ];

    /// The zone model's id as serde writes it; its name's translation key is `zone_model.<id>`.
    pub fn id(self) -> &'static str {
        match self {
            ZoneModel::Region => "region",
            ZoneModel::Format => "format",
            ZoneModel::Value => "value",
            ZoneModel::Specialised => "specialised",
            ZoneModel::SpecialisedValue => "specialised_value",
            ZoneModel::SpecialisedFormat => "specialised_format",
        }
    }

    /// True for the zone models that staff specialist posts (the others staff generalists).
    pub fn has_posts(self) -> bool {
        matches!(
            self,
            ZoneModel::Specialised | ZoneModel::SpecialisedValue | ZoneModel::SpecialisedFormat
        )
    }
}

/// Visit-service mode switches (docs/domain.md "The visit-service modes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitModes {
    /// Single + team: team visits for flagged customers.
    pub team_visits: bool,
    /// Flexible + rigid: two staff never visit one customer on the same day.
    pub staggering: bool,
    /// Flexible hours: night shops visited on an evening shift.
    pub flexible_hours: bool,
    /// Deep visits: specialists' minutes × `deep.factor`.
    pub deep_visits: bool,
}

impl Default for VisitModes {
    fn default() -> Self {
        // Deep visits are off by default: they change the work per visit, so the first
        // comparison is at equal work; a user switches them on to see their cost.
        VisitModes {
            team_visits: true,
            staggering: true,
            flexible_hours: true,
            deep_visits: false,
        }
    }
}

/// Team visits (团队拜访).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamRule {
    /// Team visits per flagged customer per 4 weeks.
    pub per_month: f64,
    /// Largest team (2-4).
    pub max_members: u32,
    pub prep_minutes: f64,
    pub debrief_minutes: f64,
    /// A single-staff customer's planned team visit is a joint visit (协同拜访) with the
    /// department's market manager (the setting id predates market managers as people: saved
    /// scenarios and links name it, so it keeps its name and now means this rule).
    pub market_manager_joins: bool,
    /// A multi-staff customer's planned team visits carry the market manager every n-th one
    /// (alternating by the visit's index per customer plus the customer's rank among flagged
    /// customers); 0 = never.
    pub joint_every_nth_multi: u32,
    /// Share of the market manager's working day spent in the field (joint visits and field
    /// supervision); the rest is desk and supervision time at the office.
    pub market_manager_field_share: f64,
    /// A market manager's monthly pay (outside the managers' headcount, inside the cost).
    pub market_manager_monthly_pay: f64,
}

impl Default for TeamRule {
    fn default() -> Self {
        TeamRule {
            per_month: 1.0,
            max_members: 3,
            prep_minutes: 15.0,
            debrief_minutes: 15.0,
            market_manager_joins: true,
            joint_every_nth_multi: 2,
            market_manager_field_share: 0.5,
            // An estimate: a grade above the managers' top pay tier (9,000).
            market_manager_monthly_pay: 11000.0,
        }
    }
}

/// Deep visits and the over-service cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeepRule {
    pub factor: f64,
    /// Optional visits (team visits, retries) per customer per 4 weeks; never limits rigid ones.
    pub optional_cap_per_month: u32,
}

impl Default for DeepRule {
    fn default() -> Self {
        DeepRule {
            factor: 1.5,
            optional_cap_per_month: 6,
        }
    }
}

/// Seeded disturbances for replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Disturbances {
    /// Share of staff-days absent.
    pub absence_rate: f64,
    /// Share of visits that find the shop closed.
    pub closed_rate: f64,
    /// Coefficient of variation of service time (lognormal).
    pub service_time_cv: f64,
    /// Whether a colleague covers an absent member's visits.
    pub cover_absent: bool,
}

impl Default for Disturbances {
    fn default() -> Self {
        Disturbances {
            absence_rate: 0.03,
            closed_rate: 0.05,
            service_time_cv: 0.3,
            cover_absent: false,
        }
    }
}

/// Opening hours used when a customer list does not give them (minutes after midnight;
/// closing may pass 1440).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpeningHours {
    pub day_open: u32,
    pub day_close: u32,
    pub night_open: u32,
    pub night_close: u32,
}

impl Default for OpeningHours {
    fn default() -> Self {
        OpeningHours {
            day_open: 8 * 60,
            day_close: 21 * 60,
            night_open: 18 * 60,
            night_close: 26 * 60,
        }
    }
}

/// All settings of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Horizon in weeks (a month is 4 weeks).
    pub weeks: u32,
    pub days_per_week: u32,
    /// Working day from leaving base to returning, minutes.
    pub day_minutes: f64,
    /// Overtime a day may run over by, minutes.
    pub overtime_cap_minutes: f64,
    /// Road distance = straight line × this factor.
    pub road_factor: f64,
    /// Travel speed per zone, km/h.
    pub speed_kmh: PerZone<f64>,
    /// Format classes, highest first.
    pub classes: Vec<ClassDef>,
    /// One rule per function, in `Function::ALL` order.
    pub functions: Vec<FunctionRule>,
    /// Specialist efficiency: a specialist's minutes = minutes × this factor (1.0 = no effect).
    pub specialist_factor: f64,
    /// Share of available hours the workload method plans to fill when sizing staff.
    pub staffing_utilisation: f64,
    /// The establishment's coverage target (定编): the share of a department × post's required
    /// (customer, function) cycles its people must meet, in (0, 1].
    pub coverage_target: f64,
    /// The territory engine's balance band (片区均衡): each territory's required hours,
    /// customers and sales within this fraction of its group's mean (0.05 = ±5 %).
    pub territory_tolerance: f64,
    /// Which measures the territories balance (hours always).
    pub territory_measures: TerritoryMeasures,
    /// Territories must be connected in the customers' neighbour graph (each customer's
    /// nearest neighbours): no enclaves of one territory inside another.
    pub territory_connected: bool,
    /// Cut territories from today's plan (`Customer::current_manager`): each starts as today's
    /// manager's customers and moving one away costs `territory_stability`. A pilot's stages
    /// always do; the comparison of the five models cuts from scratch unless this is on.
    pub territory_from_today: bool,
    /// The price, in km of a customer's distance to its territory's centre, of moving a customer
    /// away from today's manager when territories are cut from today's plan: 0 cuts from
    /// scratch; the higher, the fewer customers change manager.
    pub territory_stability: f64,
    /// The pilot's rules: qualification and pay grade per post, the KPI sheet's weights.
    pub pilot: PilotRule,
    /// Monthly pay per pay grade (1-based grade → index grade-1), in the scenario's currency.
    pub pay_per_month: Vec<f64>,
    /// Travel cost per road km.
    pub cost_per_km: f64,
    /// The customer-tier scale shared by all models.
    pub tiers: TierScheme,
    /// Tiers counted as "top" in the skill-match metric (2 = 甲 and 乙).
    pub top_tiers: u8,
    pub value: ValueRule,
    pub format: FormatRule,
    /// Posts of the specialised model (functions without a post are done by the service post).
    pub posts: Vec<Function>,
    /// Zone models of the hybrid.
    pub hybrid: PerZone<ZoneModel>,
    pub modes: VisitModes,
    pub team: TeamRule,
    pub deep: DeepRule,
    pub disturbances: Disturbances,
    pub hours: OpeningHours,
    /// Share of a market-research specialist's day spent at the desk.
    pub research_desk_share: f64,
    /// 档位 at or below this is "low grade".
    pub low_grade: u8,
    /// Which customers each function reaches.
    pub reach: ReachRule,
    /// Cycles by value group and 档位 band, over the cycles by class.
    pub cycle_overrides: CycleOverrides,
    /// Training's group sessions.
    pub training_sessions: TrainingSessions,
    /// Lunch break, minutes: not work, but it lengthens the day on the clock.
    pub lunch_minutes: f64,
    /// Start of the evening shift (minutes after midnight) for night-shop staff under flexible
    /// hours.
    pub evening_start: u32,
    /// Where the format and value models draw their segments.
    pub segments: SegmentScope,
    /// Optional first day of the horizon (ISO date); it only labels days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let class = |zh: &str, en: &str| ClassDef {
            name_zh: zh.to_string(),
            name_en: en.to_string(),
        };
        Settings {
            weeks: 4,
            days_per_week: 5,
            day_minutes: 480.0,
            overtime_cap_minutes: 30.0,
            road_factor: 1.3,
            speed_kmh: PerZone {
                urban: 15.0,
                town: 25.0,
                rural: 40.0,
            },
            classes: vec![
                class("甲", "A"),
                class("乙", "B"),
                class("丙", "C"),
                class("丁", "D"),
            ],
            functions: vec![
                // Routine service: weekly for 甲乙, fortnightly for the rest.
                FunctionRule {
                    cycle_weeks: vec![1, 1, 2, 2],
                    minutes: vec![25.0, 15.0, 10.0, 8.0],
                },
                // Brand cultivation: fortnightly.
                FunctionRule {
                    cycle_weeks: vec![2, 2, 2, 2],
                    minutes: vec![8.0, 6.0, 4.0, 3.0],
                },
                // Training & guidance: monthly.
                FunctionRule {
                    cycle_weeks: vec![4, 4, 4, 4],
                    minutes: vec![10.0, 8.0, 6.0, 5.0],
                },
                // Market research: monthly.
                FunctionRule {
                    cycle_weeks: vec![4, 4, 4, 4],
                    minutes: vec![6.0, 5.0, 4.0, 3.0],
                },
            ],
            specialist_factor: 1.0,
            staffing_utilisation: 0.85,
            coverage_target: 0.995,
            territory_tolerance: 0.05,
            territory_measures: TerritoryMeasures::HoursCustomers,
            territory_connected: false,
            territory_from_today: false,
            territory_stability: 2.0,
            pilot: PilotRule::default(),
            pay_per_month: vec![6000.0, 7500.0, 9000.0],
            cost_per_km: 0.8,
            tiers: TierScheme::Format,
            top_tiers: 2,
            value: ValueRule::default(),
            format: FormatRule::default(),
            posts: Function::ALL.to_vec(),
            hybrid: PerZone {
                urban: ZoneModel::SpecialisedValue,
                town: ZoneModel::Specialised,
                rural: ZoneModel::Specialised,
            },
            modes: VisitModes::default(),
            team: TeamRule::default(),
            deep: DeepRule::default(),
            disturbances: Disturbances::default(),
            hours: OpeningHours::default(),
            research_desk_share: 0.2,
            low_grade: 10,
            reach: ReachRule::default(),
            cycle_overrides: CycleOverrides::default(),
            training_sessions: TrainingSessions::default(),
            lunch_minutes: 60.0,
            evening_start: 14 * 60,
            segments: SegmentScope::Department,
            start_date: None,
        }
    }
}

impl Settings {
    /// The rule of `f`.
    pub fn rule(&self, f: Function) -> Option<&FunctionRule> {
        self.functions.get(f.index())
    }

    /// The reach of `f` (reaching nobody when a hand-written file has fewer entries).
    pub fn reach_of(&self, f: Function) -> Reach {
        self.reach
            .functions
            .get(f.index())
            .cloned()
            .unwrap_or_default()
    }

    /// Cycle (weeks) of function `f` for format class `class`; at least 1.
    pub fn cycle_weeks(&self, f: Function, class: u8) -> u32 {
        self.rule(f)
            .and_then(|r| r.cycle_weeks.get(class as usize).or(r.cycle_weeks.last()))
            .copied()
            .unwrap_or(4)
            .max(1)
    }

    /// Minutes a working day a staff member of `post` spends at the desk instead of on the
    /// road: the market-research specialist's share (docs/domain.md), nobody else's.
    pub fn desk_minutes(&self, post: Option<Function>) -> f64 {
        if post == Some(Function::Research) {
            // Kept below the whole day, so a research specialist always has some road time.
            self.research_desk_share.clamp(0.0, 0.9) * self.day_minutes.max(0.0)
        } else {
            0.0
        }
    }

    /// Minutes of function `f` at one visit to a customer of `class`.
    pub fn minutes(&self, f: Function, class: u8) -> f64 {
        self.rule(f)
            .and_then(|r| r.minutes.get(class as usize).or(r.minutes.last()))
            .copied()
            .unwrap_or(0.0)
            .max(0.0)
    }

    /// Working days in the horizon.
    pub fn horizon_days(&self) -> u32 {
        self.weeks * self.days_per_week
    }

    /// Minutes to travel `km` of straight line in `zone`.
    /// Monthly pay of a manager of pay grade `grade` (grade g is paid `pay_per_month[g − 1]`,
    /// the last rate past the end, grade 0 as grade 1; 0 with no rates).
    pub fn monthly_pay(&self, grade: u8) -> f64 {
        let g = usize::from(grade.max(1)) - 1;
        self.pay_per_month
            .get(g)
            .or(self.pay_per_month.last())
            .copied()
            .unwrap_or(0.0)
    }

    pub fn travel_minutes(&self, km: f64, zone: Zone) -> f64 {
        let speed = self.speed_kmh.get(zone).max(1e-6);
        km * self.road_factor / speed * 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_domain_table() {
        let s = Settings::default();
        assert_eq!(s.day_minutes, 480.0);
        assert_eq!(s.minutes(Function::Service, 0), 25.0);
        assert_eq!(s.minutes(Function::Service, 3), 8.0);
        assert_eq!(s.cycle_weeks(Function::Service, 0), 1);
        assert_eq!(s.cycle_weeks(Function::Service, 3), 2);
        assert_eq!(s.cycle_weeks(Function::Training, 2), 4);
        // 1 km straight in town at 25 km/h with road factor 1.3 is 3.12 minutes.
        assert!((s.travel_minutes(1.0, Zone::Town) - 3.12).abs() < 1e-9);
    }

    #[test]
    fn function_ids_are_the_serde_names() {
        for f in Function::ALL {
            let j = serde_json::to_value(f).expect("serialise");
            assert_eq!(j.as_str(), Some(f.id()));
        }
        for m in ZoneModel::ALL {
            let j = serde_json::to_value(m).expect("serialise");
            assert_eq!(j.as_str(), Some(m.id()));
        }
    }

    #[test]
    fn out_of_range_class_uses_last_rule_and_zero_cycle_is_clamped() {
        let mut s = Settings::default();
        assert_eq!(s.minutes(Function::Service, 9), 8.0);
        s.functions[0].cycle_weeks = vec![0];
        assert_eq!(s.cycle_weeks(Function::Service, 0), 1);
    }

    #[test]
    fn settings_json_round_trip_and_missing_fields_default() {
        let s = Settings::default();
        let j = serde_json::to_string(&s).expect("serialise");
        let back: Settings = serde_json::from_str(&j).expect("parse");
        assert_eq!(s, back);
        let partial: Settings = serde_json::from_str(r#"{"weeks": 8}"#).expect("parse partial");
        assert_eq!(partial.weeks, 8);
        assert_eq!(partial.day_minutes, 480.0);
    }
}
