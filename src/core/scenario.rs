//! The scenario: customers, managers and departments, plus the settings they are run under.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::geo::{nearest_of, Point};
use super::settings::{Function, Settings};
// Zones are shared with the settings (speeds and zone models per zone); they live in a file of
// their own so the scenario and the settings do not import each other.
pub use super::zone::Zone;

/// Schema version of the scenario JSON; older versions are migrated on load
/// (`core::io::json`): 0 = a bare settings object, 1 = before derived-field markers and the
/// lat/lon origin, 2 = now.
pub const SCHEMA_VERSION: u32 = 2;

/// The detailed industry format code of a licence (食杂店 Z, 便利店 B, 超市 S, 商场 N, 烟酒店 Y,
/// 娱乐服务 F, 其他 Q).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Industry {
    #[serde(rename = "Z")]
    Grocery,
    #[serde(rename = "B")]
    Convenience,
    #[serde(rename = "S")]
    Supermarket,
    #[serde(rename = "N")]
    Mall,
    #[serde(rename = "Y")]
    TobaccoLiquor,
    #[serde(rename = "F")]
    Entertainment,
    #[serde(rename = "Q")]
    Other,
}

/// The five value dimensions of the 上海 scheme, each 0-100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct ValueScores {
    pub loyalty: f64,
    pub integrity: f64,
    pub cooperation: f64,
    pub growth: f64,
    pub dependency: f64,
}

/// Why a customer qualifies for team visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TeamFlags {
    pub growth_potential: bool,
    pub volatile_sales: bool,
    pub special_difficulty: bool,
}

impl TeamFlags {
    pub fn any(&self) -> bool {
        self.growth_potential || self.volatile_sales || self.special_difficulty
    }
}

/// Which of a customer's fields were filled by the derivation rules of an import (docs/domain.md
/// "Imported lists are thin") rather than read from the list, so the UI can mark them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Derived {
    /// Format class 甲乙丙丁 from the industry format plus size.
    pub class: bool,
    /// Zone from an admin column or local density.
    pub zone: bool,
    /// 档位 from the sales percentile (when the list has none).
    pub grade: bool,
    /// Sales amount from cartons and 档位.
    pub amount: bool,
    /// The five value scores from sales and 档位.
    pub value: bool,
    /// Night-shop flag from the format.
    pub night_shop: bool,
    /// Opening hours from the settings' defaults.
    pub hours: bool,
}

impl Derived {
    /// True when nothing was derived (the field is then omitted from JSON).
    pub fn is_none(&self) -> bool {
        *self == Derived::default()
    }

    /// Names of the derived fields, in a fixed order (the CSV `derived` column).
    pub fn names(&self) -> Vec<&'static str> {
        let all = [
            (self.class, "class"),
            (self.zone, "zone"),
            (self.grade, "grade"),
            (self.amount, "amount"),
            (self.value, "value"),
            (self.night_shop, "night_shop"),
            (self.hours, "hours"),
        ];
        all.iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect()
    }

    /// Sets the field called `name`; false when there is no such field.
    pub fn set(&mut self, name: &str) -> bool {
        let f = match name {
            "class" => &mut self.class,
            "zone" => &mut self.zone,
            "grade" => &mut self.grade,
            "amount" => &mut self.amount,
            "value" => &mut self.value,
            "night_shop" => &mut self.night_shop,
            "hours" => &mut self.hours,
            _ => return false,
        };
        *f = true;
        true
    }
}

/// The WGS84 point the local km plane is centred on, when positions came from lat/lon
/// (equirectangular projection; see `core::io::project`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoOrigin {
    pub lat: f64,
    pub lon: f64,
}

/// A licensed retail customer (零售户).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub name: String,
    /// Position on the local km plane.
    pub pos: Point,
    pub zone: Zone,
    /// Format class index into `Settings::classes` (0 = 甲, the highest).
    pub class: u8,
    pub industry: Industry,
    /// 档位 1-30, 30 the highest.
    pub grade: u8,
    /// Monthly sales in cartons.
    pub monthly_sales: f64,
    /// Monthly sales amount in the scenario's currency.
    pub monthly_amount: f64,
    pub value: ValueScores,
    pub night_shop: bool,
    /// Opening and closing time in minutes after midnight; closing may exceed 1440 (past midnight).
    pub open_min: u32,
    pub close_min: u32,
    pub team: TeamFlags,
    /// Today's manager (现客户经理), when the imported list names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_manager: Option<String>,
    /// The department (index into `Scenario::departments`) the customer belongs to, when it is
    /// fixed. Unset, the models split customers between departments in proportion to their
    /// managers; the establishment search fixes it, so that people added to one department do
    /// not pull customers away from another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<usize>,
    /// The manager (`Manager::id`) the customer is locked to, when it is locked: whatever the
    /// model, that manager's staff member keeps the customer (every function its post does
    /// there; `models::locks`). A lock to someone with no place in a model's plan (not
    /// staffed, or a post that does nothing for the customer) is left as the model made it
    /// and counted as not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_to: Option<String>,
    /// Fields filled by the import's derivation rules (none for generated customers).
    #[serde(default, skip_serializing_if = "Derived::is_none")]
    pub derived: Derived,
    /// What the list's department column (部门, 区县, 片区 …) says for this customer, as
    /// written: kept so that departments can be derived from it again
    /// (`core::departments`). `None` for a blank cell, a list without the column, or a preset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_department: Option<String>,
}

/// A customer manager (客户经理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manager {
    pub id: String,
    pub name: String,
    /// Index into `Scenario::departments`.
    pub department: usize,
    /// Overall competence 综合素质, 0-100.
    pub competence: f64,
    /// Skill per post in `Function::ALL` order (service, brand, training, research), 0-100.
    pub skills: [f64; 4],
    pub pay_grade: u8,
    /// The specialist post the manager holds (定员), when it is fixed: the models that staff
    /// posts place the manager there instead of choosing. Unset for a generalist, or when the
    /// model is free to choose (the establishment search pins each person to the post the model
    /// first gave them, so that a person added to one post stays there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Function>,
}

/// A department (客户服务部 / 区域营销部) with its office and market manager (市场经理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub id: String,
    pub name: String,
    pub office: Point,
    pub market_manager: String,
    /// The office was placed by the import's rule (no coordinates were given for it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub office_derived: bool,
}

/// How the departments of a customer list imported without managers were made
/// (`core::departments::derive_departments`), so the page can say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DepartmentsRule {
    /// One department per name in the list's department column, its header as written.
    Column { header: String },
    /// Compact clusters of about `managers` managers each, balanced by work; `headcount` is
    /// the workload method's estimate the number of departments came from.
    Geography { managers: usize, headcount: usize },
}

/// One whole scenario: what every model is run on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub version: u32,
    /// Preset name, or "imported".
    pub source: String,
    pub seed: u64,
    /// Shared, not owned: a copy of a scenario (a model's, a result's, the page's list and the
    /// outcome shown from it) shares one list of customers until one of them changes it
    /// (`customers_mut`). A province's list is 300,000 customers; its result need not carry
    /// them back to the page that holds them (`protocol::Reply::Done`'s `list`).
    pub customers: Arc<Vec<Customer>>,
    pub managers: Vec<Manager>,
    pub departments: Vec<Department>,
    pub settings: Settings,
    /// Where the km plane's origin lies on the globe, when positions came from lat/lon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<GeoOrigin>,
    /// The managers were made up (staffed by the workload method with drawn skills) for a
    /// customer list imported without them: whatever reads their skills measures the draw,
    /// not the network, and the claims that do are left unmeasured. Presets are synthetic
    /// through and through and never set it; a manager list imported later clears it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub managers_invented: bool,
    /// The header of the customer list's department column as written, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_column: Option<String>,
    /// How the departments were derived, when they were (a list imported without managers);
    /// `None` for a preset, a scenario file's or a manager list's departments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departments_rule: Option<DepartmentsRule>,
}

impl Scenario {
    /// This scenario with `customers` instead of its own: every other field as it is (the
    /// managers and departments too). Every field is named, so one added to `Scenario` is not
    /// left behind.
    pub fn with_customers(&self, customers: Vec<Customer>) -> Scenario {
        Scenario {
            version: self.version,
            source: self.source.clone(),
            seed: self.seed,
            customers: Arc::new(customers),
            managers: self.managers.clone(),
            departments: self.departments.clone(),
            settings: self.settings.clone(),
            origin: self.origin,
            managers_invented: self.managers_invented,
            department_column: self.department_column.clone(),
            departments_rule: self.departments_rule.clone(),
        }
    }

    /// A scenario with default settings and nothing in it: the base of an import without a
    /// scenario file.
    pub fn empty(seed: u64) -> Scenario {
        Scenario {
            version: SCHEMA_VERSION,
            source: "imported".to_string(),
            seed,
            customers: Arc::default(),
            managers: Vec::new(),
            departments: Vec::new(),
            settings: Settings::default(),
            origin: None,
            managers_invented: false,
            department_column: None,
            departments_rule: None,
        }
    }

    /// The customers to change: this scenario's own, copied first if another scenario shares
    /// them (`Arc::make_mut`), so a change never reaches a copy.
    pub fn customers_mut(&mut self) -> &mut Vec<Customer> {
        Arc::make_mut(&mut self.customers)
    }

    /// The base (department office) of manager `m`.
    pub fn base_of(&self, m: usize) -> Point {
        self.departments
            .get(self.managers[m].department)
            .map(|d| d.office)
            .unwrap_or_default()
    }
}

/// The department whose office is nearest to each point (ties to the lower index).
pub fn nearest_office(departments: &[Department], p: Point) -> usize {
    nearest_of(p, departments.len(), |k| departments[k].office).0
}
