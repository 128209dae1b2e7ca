//! The study's claims (docs/domain.md "The staffing models"), measured on a comparison.
//!
//! The seed's pros/cons table is a set of claims to measure, not to reproduce: each claim names
//! one figure, computed for every model, and a comparison between models. A claim that fails
//! on a scenario is reported as failing with its figures — a finding, never a reason to tune
//! the model. *Structural* claims hold by construction of the models (a format model's books
//! are homogeneous in format); *emergent* ones can go either way.
//!
//! The texts of the claims live in the translation files (`claim.<id>` and `claim.<id>.how`);
//! the core knows ids, figures and verdicts only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::compare::Comparison;
use super::geo::Point;
use super::metrics::Metrics;
use super::models::{Assignment, ModelId};
use super::scenario::Scenario;

/// Whether a claim holds by construction or can go either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Structural,
    Emergent,
}

/// The comparison a claim makes between the subject model and the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "test", rename_all = "snake_case")]
pub enum Test {
    /// The subject's figure is strictly below every other model's.
    Lowest,
    /// The subject's figure is strictly above each model named.
    Above { than: Vec<ModelId> },
    /// The subject's figure is strictly below each model named.
    Below { than: Vec<ModelId> },
}

/// The figure a claim is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    TravelMinutesPerCustomer,
    TravelTimeShare,
    WorkloadCv,
    SkillInversionRate,
    FormatEntropyBits,
    TopCustomersTopStaffRate,
    ServiceMinutesPerCustomerMonth,
    SkilledServiceMinutesPerCustomerMonth,
    ContactsPerCustomer,
    /// Mean, over staff, of the mean distance (km, straight line) from each customer a staff
    /// member serves to the centre of those customers: how wide an area one person covers.
    BookSpreadKm,
}

/// Data a claim's figure rests on that the scenario does not hold: its managers were made up
/// for a customer list imported without them (`Scenario::managers_invented`), so anything
/// read from their skills would measure the generator, not the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    ManagerSkills,
}

impl Missing {
    /// The translation key of the sentence naming the data that would measure the claim.
    pub fn key(self) -> &'static str {
        match self {
            Missing::ManagerSkills => "claim.missing.manager_skills",
        }
    }
}

impl Figure {
    /// The figure's name: a contract metric's name, or the claim report's own.
    pub fn id(self) -> &'static str {
        match self {
            Figure::TravelMinutesPerCustomer => "travel_minutes_per_customer",
            Figure::TravelTimeShare => "travel_time_share",
            Figure::WorkloadCv => "workload_cv",
            Figure::SkillInversionRate => "skill_inversion_rate",
            Figure::FormatEntropyBits => "format_entropy_bits",
            Figure::TopCustomersTopStaffRate => "top_customers_top_staff_rate",
            Figure::ServiceMinutesPerCustomerMonth => "service_minutes_per_customer_month",
            Figure::SkilledServiceMinutesPerCustomerMonth => {
                "skilled_service_minutes_per_customer_month"
            }
            Figure::ContactsPerCustomer => "contacts_per_customer",
            Figure::BookSpreadKm => "book_spread_km",
        }
    }

    /// The data the figure reads beyond the customer list: the managers' skills for the
    /// staff tiers (inversions, strong managers on top shops) and the skill-weighted minutes.
    pub fn needs(self) -> Option<Missing> {
        match self {
            Figure::SkillInversionRate
            | Figure::TopCustomersTopStaffRate
            | Figure::SkilledServiceMinutesPerCustomerMonth => Some(Missing::ManagerSkills),
            _ => None,
        }
    }

    /// What the scenario lacks for this figure, if anything.
    fn missing_in(self, sc: &Scenario) -> Option<Missing> {
        self.needs().filter(|m| match m {
            Missing::ManagerSkills => sc.managers_invented,
        })
    }

    fn of(self, sc: &Scenario, a: &Assignment, m: &Metrics) -> Option<f64> {
        match self {
            Figure::TravelMinutesPerCustomer => m.travel_minutes_per_customer,
            Figure::TravelTimeShare => m.travel_time_share,
            Figure::WorkloadCv => m.workload_cv,
            Figure::SkillInversionRate => m.skill_inversion_rate,
            Figure::FormatEntropyBits => m.format_entropy_bits,
            Figure::TopCustomersTopStaffRate => m.top_customers_top_staff_rate,
            Figure::ServiceMinutesPerCustomerMonth => m.service_minutes_per_customer_month,
            Figure::SkilledServiceMinutesPerCustomerMonth => {
                m.skilled_service_minutes_per_customer_month
            }
            Figure::ContactsPerCustomer => m.contacts_per_customer,
            Figure::BookSpreadKm => book_spread_km(sc, a),
        }
    }

    /// The figure for every model of `cmp` that has it, by model id.
    fn per_model(self, sc: &Scenario, cmp: &Comparison) -> BTreeMap<&'static str, f64> {
        cmp.models
            .iter()
            .filter_map(|m| {
                self.of(sc, &m.assignment, &m.metrics)
                    .filter(|x| x.is_finite())
                    .map(|x| (m.model.id(), x))
            })
            .collect()
    }
}

/// One claim of the study, as docs/domain.md states it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimDef {
    pub id: &'static str,
    pub kind: Kind,
    pub subject: ModelId,
    pub figure: Figure,
    pub test: Test,
    /// A second figure shown beside the first, for context; the verdict never reads it.
    pub also: Option<Figure>,
}

/// The study's claims, in docs/domain.md's order.
pub fn definitions() -> Vec<ClaimDef> {
    use Figure::*;
    use ModelId::*;
    let def = |id, kind, subject, figure: Figure, test| ClaimDef {
        id,
        kind,
        subject,
        figure,
        test,
        // The travel claims are about time; travel's share of the working time says how much
        // of the day that time is.
        also: (figure == TravelMinutesPerCustomer).then_some(TravelTimeShare),
    };
    let e = Kind::Emergent;
    let s = Kind::Structural;
    let above = |than: &[ModelId]| Test::Above {
        than: than.to_vec(),
    };
    let below = |than: &[ModelId]| Test::Below {
        than: than.to_vec(),
    };
    vec![
        def(
            "region_least_travel",
            e,
            Region,
            TravelMinutesPerCustomer,
            Test::Lowest,
        ),
        def("region_best_balance", e, Region, WorkloadCv, Test::Lowest),
        def(
            "region_more_inversions",
            e,
            Region,
            SkillInversionRate,
            above(&[Format, Value]),
        ),
        def(
            "region_undifferentiated",
            e,
            Region,
            FormatEntropyBits,
            above(&[Format]),
        ),
        def(
            "format_fewer_inversions",
            e,
            Format,
            SkillInversionRate,
            below(&[Region]),
        ),
        def(
            "format_homogeneous_books",
            s,
            Format,
            FormatEntropyBits,
            Test::Lowest,
        ),
        def(
            "format_more_travel",
            e,
            Format,
            TravelMinutesPerCustomer,
            above(&[Region]),
        ),
        def(
            "value_top_staff_on_top_customers",
            e,
            Value,
            TopCustomersTopStaffRate,
            above(&[Region]),
        ),
        def(
            "value_more_travel",
            e,
            Value,
            TravelMinutesPerCustomer,
            above(&[Region]),
        ),
        def(
            "value_books_mix_formats",
            e,
            Value,
            FormatEntropyBits,
            above(&[Format]),
        ),
        def(
            "specialised_deeper_service",
            e,
            Specialised,
            ServiceMinutesPerCustomerMonth,
            above(&[Region]),
        ),
        def(
            "specialised_deeper_service_skilled",
            e,
            Specialised,
            SkilledServiceMinutesPerCustomerMonth,
            above(&[Region]),
        ),
        def(
            "specialised_more_contacts",
            s,
            Specialised,
            ContactsPerCustomer,
            above(&[Region]),
        ),
        def(
            "specialised_wider_area",
            e,
            Specialised,
            BookSpreadKm,
            above(&[Region]),
        ),
        def(
            "specialised_more_travel",
            e,
            Specialised,
            TravelMinutesPerCustomer,
            above(&[Region]),
        ),
    ]
}

/// A second figure shown with a claim, for every model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Also {
    pub metric: &'static str,
    pub figures: BTreeMap<&'static str, f64>,
}

/// One claim measured on a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    pub id: &'static str,
    pub kind: Kind,
    pub subject: ModelId,
    /// The figure's name (`figures` holds its value per model).
    pub metric: &'static str,
    #[serde(flatten)]
    pub test: Test,
    /// The figure for each model of the comparison, by model id; empty when data it rests on
    /// is missing (`missing`).
    pub figures: BTreeMap<&'static str, f64>,
    /// `None` when a model the claim needs is missing, its figure cannot be computed, or the
    /// data it rests on is missing (`missing`).
    pub holds: Option<bool>,
    /// The data the scenario lacks to measure this claim (then `holds` is `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Missing>,
    /// A second figure for context (travel's share of the working time beside travel minutes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub also: Option<Also>,
}

/// Measures every claim of the study on `cmp` (the comparison of `sc`). A claim whose figure
/// reads data the scenario only has made up (`Figure::needs`) gets no figures and no verdict.
pub fn measure(sc: &Scenario, cmp: &Comparison) -> Vec<ClaimResult> {
    definitions()
        .into_iter()
        .map(|d| {
            let missing = d.figure.missing_in(sc);
            let figures = if missing.is_some() {
                BTreeMap::new()
            } else {
                d.figure.per_model(sc, cmp)
            };
            let holds = verdict(&d, &figures, cmp);
            ClaimResult {
                id: d.id,
                kind: d.kind,
                subject: d.subject,
                metric: d.figure.id(),
                test: d.test,
                figures,
                holds,
                missing,
                also: d.also.map(|f| Also {
                    metric: f.id(),
                    figures: f.per_model(sc, cmp),
                }),
            }
        })
        .collect()
}

fn verdict(d: &ClaimDef, figures: &BTreeMap<&'static str, f64>, cmp: &Comparison) -> Option<bool> {
    let own = *figures.get(d.subject.id())?;
    let others: Vec<ModelId> = match &d.test {
        Test::Lowest => cmp
            .models
            .iter()
            .map(|m| m.model)
            .filter(|m| *m != d.subject)
            .collect(),
        Test::Above { than } | Test::Below { than } => than.clone(),
    };
    if others.is_empty() {
        return None;
    }
    let mut holds = true;
    for o in others {
        let x = *figures.get(o.id())?;
        holds &= match d.test {
            Test::Lowest | Test::Below { .. } => own < x,
            Test::Above { .. } => own > x,
        };
    }
    Some(holds)
}

/// Mean over staff of the mean distance from the customers a staff member serves (any
/// function) to their centre; `None` when no staff member serves anyone.
pub fn book_spread_km(sc: &Scenario, a: &Assignment) -> Option<f64> {
    let mut books: Vec<Vec<Point>> = vec![Vec::new(); a.staff.len()];
    for (c, resp) in a.responsible.iter().enumerate() {
        let Some(cu) = sc.customers.get(c) else {
            continue;
        };
        let mut seen: Vec<usize> = Vec::with_capacity(4);
        for s in resp.iter().flatten().copied() {
            if s < books.len() && !seen.contains(&s) {
                seen.push(s);
                books[s].push(cu.pos);
            }
        }
    }
    let spreads: Vec<f64> = books
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| {
            let n = b.len() as f64;
            let centre = Point {
                x: b.iter().map(|p| p.x).sum::<f64>() / n,
                y: b.iter().map(|p| p.y).sum::<f64>() / n,
            };
            b.iter().map(|p| p.dist(centre)).sum::<f64>() / n
        })
        .collect();
    (!spreads.is_empty()).then(|| spreads.iter().sum::<f64>() / spreads.len() as f64)
}

/// How one model's coverage holds up when the plan is lived under disturbances (absences,
/// closed shops, service-time noise).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    pub model: ModelId,
    /// Coverage of the plan lived as planned.
    pub coverage_planned: f64,
    /// Mean coverage over the replications, and its 95 % half-width.
    pub coverage_disturbed: f64,
    pub coverage_disturbed_ci95: f64,
    /// Share of (customer, post) pairs that met every rigid cycle, planned and disturbed.
    pub rigid_cycle_met_planned: f64,
    pub rigid_cycle_met_disturbed: f64,
    /// Coverage lost to disturbances, in points of rate (planned − disturbed).
    pub coverage_drop: f64,
}

/// Each model's coverage as planned (`planned`, one calendar without disturbances) against
/// the same plans lived under disturbances (`disturbed`, the means of N replications). Models
/// missing a coverage figure in either are left out.
pub fn robustness(planned: &Comparison, disturbed: &Comparison) -> Vec<Robustness> {
    planned
        .models
        .iter()
        .filter_map(|p| {
            let d = disturbed.models.iter().find(|d| d.model == p.model)?;
            let cp = p.metrics.coverage_rate?;
            let cd = d.metrics.coverage_rate?;
            let ci = d
                .metrics_ci95
                .as_ref()
                .and_then(|h| h.coverage_rate)
                .unwrap_or(0.0);
            Some(Robustness {
                model: p.model,
                coverage_planned: cp,
                coverage_disturbed: cd,
                coverage_disturbed_ci95: ci,
                rigid_cycle_met_planned: p.metrics.rigid_cycle_met_rate?,
                rigid_cycle_met_disturbed: d.metrics.rigid_cycle_met_rate?,
                coverage_drop: cp - cd,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::compare::{compare_with, Options};
    use crate::core::generate::{generate, Preset};

    fn assignment_only(sc: &Scenario) -> Comparison {
        compare_with(sc, &Options::assignment_only()).expect("compare")
    }

    #[test]
    fn every_claim_has_a_unique_id_and_its_subject_is_never_its_own_rival() {
        let defs = definitions();
        let mut ids: Vec<&str> = defs.iter().map(|d| d.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), defs.len());
        for d in &defs {
            if let Test::Above { than } | Test::Below { than } = &d.test {
                assert!(!than.is_empty() && !than.contains(&d.subject), "{}", d.id);
            }
        }
    }

    #[test]
    fn verdicts_follow_the_figures() {
        let sc = generate(Preset::Rural, 3).expect("gen");
        let mut cmp = assignment_only(&sc);
        // Set the figures by hand to check each test's direction, including ties.
        let set = |cmp: &mut Comparison, xs: [f64; 5]| {
            for (m, x) in cmp.models.iter_mut().zip(xs) {
                m.metrics.travel_minutes_per_customer = Some(x);
                m.metrics.skill_inversion_rate = Some(x);
            }
        };
        let find = |r: &[ClaimResult], id: &str| {
            r.iter()
                .find(|c| c.id == id)
                .and_then(|c| c.holds)
                .expect("measured")
        };
        set(&mut cmp, [1.0, 2.0, 3.0, 4.0, 5.0]);
        let r = measure(&sc, &cmp);
        assert!(find(&r, "region_least_travel"));
        assert!(find(&r, "format_more_travel"));
        assert!(!find(&r, "region_more_inversions"));
        assert!(!find(&r, "format_fewer_inversions"));
        set(&mut cmp, [1.0, 1.0, 3.0, 4.0, 5.0]);
        let r = measure(&sc, &cmp);
        assert!(!find(&r, "region_least_travel"), "a tie is not 'least'");
        assert!(!find(&r, "format_more_travel"));
        set(&mut cmp, [f64::NAN, 1.0, 3.0, 4.0, 5.0]);
        let r = measure(&sc, &cmp);
        let c = r.iter().find(|c| c.id == "region_least_travel").expect("c");
        assert_eq!(c.holds, None, "no figure, no verdict");
        assert!(!c.figures.contains_key("region"));
    }

    #[test]
    fn made_up_managers_leave_the_skill_claims_without_figures_or_verdict_and_no_other() {
        let mut sc = generate(Preset::Rural, 3).expect("gen");
        let cmp = assignment_only(&sc);
        let real = measure(&sc, &cmp);
        sc.managers_invented = true;
        let made_up = measure(&sc, &cmp);
        let mut unmeasured = 0;
        for (r, m) in real.iter().zip(&made_up) {
            assert_eq!(r.missing, None, "{}", r.id);
            match definitions()
                .iter()
                .find(|d| d.id == r.id)
                .map(|d| d.figure.needs())
            {
                Some(Some(need)) => {
                    unmeasured += 1;
                    assert_eq!(m.missing, Some(need), "{}", r.id);
                    assert_eq!(m.holds, None, "{}", r.id);
                    assert!(m.figures.is_empty(), "{}", r.id);
                }
                _ => assert_eq!(r, m),
            }
        }
        // The assignment alone measures the strong-managers claim: it had a verdict before.
        let top = real
            .iter()
            .find(|c| c.id == "value_top_staff_on_top_customers")
            .expect("claim");
        assert!(top.holds.is_some());
        assert_eq!(unmeasured, 4);
    }

    #[test]
    fn a_specialist_covers_a_wider_area_than_a_region_manager() {
        let sc = generate(Preset::County, 42).expect("gen");
        let cmp = assignment_only(&sc);
        let spread = |id: ModelId| {
            let m = cmp.models.iter().find(|m| m.model == id).expect("model");
            book_spread_km(&sc, &m.assignment).expect("spread")
        };
        let region = spread(ModelId::Region);
        assert!(region > 0.0);
        assert!(spread(ModelId::Specialised) > region);
    }
}
