//! The scenario: customers, managers and departments, plus the settings they are run under.

use serde::{Deserialize, Serialize};

use super::geo::Point;
use super::settings::Settings;

/// Schema version of the scenario JSON; older versions are migrated on load.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a shop is: 城区 urban, 乡镇 town, 农村 rural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    Urban,
    Town,
    Rural,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Urban, Zone::Town, Zone::Rural];

    /// Translation key of the zone's name.
    pub fn key(self) -> &'static str {
        match self {
            Zone::Urban => "zone.urban",
            Zone::Town => "zone.town",
            Zone::Rural => "zone.rural",
        }
    }
}

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
}

/// A department (客户服务部 / 区域营销部) with its office and market manager (市场经理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub id: String,
    pub name: String,
    pub office: Point,
    pub market_manager: String,
}

/// One whole scenario: what every model is run on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub version: u32,
    /// Preset name, or "imported".
    pub source: String,
    pub seed: u64,
    pub customers: Vec<Customer>,
    pub managers: Vec<Manager>,
    pub departments: Vec<Department>,
    pub settings: Settings,
}

impl Scenario {
    /// The base (department office) of manager `m`.
    pub fn base_of(&self, m: usize) -> Point {
        self.departments
            .get(self.managers[m].department)
            .map(|d| d.office)
            .unwrap_or_default()
    }
}
