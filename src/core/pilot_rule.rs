//! The pilot's rules (docs/domain.md "Pilot"): who may hold a post (任职条件), what a post pays
//! (定薪), and how the two-level KPI sheet (团队业绩 + 个人业绩) weighs its indicators. A file of
//! its own so the settings and the pilot read it without depending on each other.

use serde::{Deserialize, Serialize};

/// Per post, in the order of the four functions (service, brand, training, research).
pub type PerPost<T> = [T; 4];

/// Qualification and pay per post, and the KPI weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PilotRule {
    /// The least skill (0-100) in a post a person needs to be matched to it (任职条件).
    pub min_skill: PerPost<f64>,
    /// The pay grade of each post (定薪; grade g is paid `Settings::pay_per_month[g − 1]`).
    pub pay_grade: PerPost<u8>,
    pub kpi: KpiWeights,
}

impl Default for PilotRule {
    fn default() -> Self {
        PilotRule {
            // The study's 任职条件 asks for a qualified holder; 60 is a pass mark (an estimate).
            min_skill: [60.0; 4],
            // Service and brand at the middle grade, training and research (the two posts
            // that need the most expertise) one above: an estimate, editable.
            pay_grade: [2, 2, 3, 3],
            kpi: KpiWeights::default(),
        }
    }
}

/// The KPI sheet's weights: a person's score weighs the post's own indicators, a team's
/// (department's) its shared ones, and a person's total mixes the two by `team_share`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiWeights {
    /// Own required cycles met (刚性周期).
    pub cycles: f64,
    /// Visits made, against the post's mean in the department.
    pub visits: f64,
    /// Minutes at the shops, against the post's mean in the department.
    pub service: f64,
    /// Team visits joined, against the post's mean in the department.
    pub team_visits: f64,
    /// Overtime kept low.
    pub overtime: f64,
    /// The department's coverage against the coverage target.
    pub coverage: f64,
    /// The department's customers kept within the over-service cap.
    pub over_service: f64,
    /// The department's time on the road kept low.
    pub travel: f64,
    /// The team score's share of a person's total (0-1).
    pub team_share: f64,
}

impl Default for KpiWeights {
    fn default() -> Self {
        // Estimates: the rigid cycles first (the study's 刚性), then the work done, overtime;
        // the team's coverage first. 团队业绩 + 个人业绩 at 40 : 60.
        KpiWeights {
            cycles: 0.4,
            visits: 0.15,
            service: 0.15,
            team_visits: 0.1,
            overtime: 0.2,
            coverage: 0.5,
            over_service: 0.25,
            travel: 0.25,
            team_share: 0.4,
        }
    }
}
