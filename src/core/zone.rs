//! The zones a shop can be in (城区, 乡镇, 农村): shared by the scenario (where each shop is)
//! and the settings (speeds and the hybrid's model per zone).

use serde::{Deserialize, Serialize};

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
