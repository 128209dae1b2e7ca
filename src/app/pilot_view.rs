//! The pilot view (试点), as data: a pilot run (`core::pilot::Pilot`) shaped for the page, plain
//! and serialisable so it crosses the worker boundary. Per plan (today's, then each stage's)
//! the posts and people per post, the headline figures of the pilot and of the company, the
//! before/after per person, the KPI sheet and the establishment as submitted; per customer the
//! stage in which its manager first changes, for the map. The page only renders it.

use serde::{Deserialize, Serialize};

use crate::core::assignment::ModelId;
use crate::core::geo::Point;
use crate::core::pilot::{ManagerRow, PersonKpi, Pilot, Scope, Side, StageResult, TeamKpi};
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::staffing::Post;

/// The figures of a part of the company (the pilot departments, or all of it) under one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeView {
    pub customers: usize,
    pub people: usize,
    pub coverage_rate: f64,
    pub travel_hours: f64,
    pub overtime_hours: f64,
    /// 元 per month.
    pub monthly_cost: f64,
    pub customers_changing_manager: usize,
    /// Of the scope's customers.
    pub customers_changing_manager_share: f64,
}

impl From<&Scope> for ScopeView {
    fn from(s: &Scope) -> Self {
        ScopeView {
            customers: s.customers,
            people: s.people,
            coverage_rate: s.coverage_rate,
            travel_hours: s.travel_hours,
            overtime_hours: s.overtime_hours,
            monthly_cost: s.monthly_cost,
            customers_changing_manager: s.customers_changing_manager,
            customers_changing_manager_share: s.customers_changing_manager_share,
        }
    }
}

/// People holding a post in the pilot departments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPeople {
    /// `generalist` or a post's id.
    pub post: String,
    pub people: usize,
}

/// One person's side (today's or the plan's) of the before/after table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideView {
    /// `generalist` or a post's id; empty when the person has no duty.
    pub post: String,
    pub customers: usize,
    /// 甲乙 (the top classes) among them.
    pub top_customers: usize,
    pub required_hours: f64,
    pub km: f64,
    pub overtime_hours: f64,
}

impl From<&Side> for SideView {
    fn from(s: &Side) -> Self {
        SideView {
            post: s.post.to_string(),
            customers: s.customers,
            top_customers: s.top_customers,
            required_hours: s.required_hours,
            km: s.km,
            overtime_hours: s.overtime_hours,
        }
    }
}

/// A pilot person, today against the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagerView {
    pub staff: String,
    pub name: String,
    pub department: String,
    pub before: SideView,
    pub after: SideView,
    pub gained: usize,
    pub lost: usize,
}

impl From<&ManagerRow> for ManagerView {
    fn from(m: &ManagerRow) -> Self {
        ManagerView {
            staff: m.staff.clone(),
            name: m.name.clone(),
            department: m.department.clone(),
            before: (&m.before).into(),
            after: (&m.after).into(),
            gained: m.gained,
            lost: m.lost,
        }
    }
}

/// A person's line of the KPI sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub staff: String,
    pub name: String,
    pub department: String,
    pub post: String,
    pub required_cycles: usize,
    pub cycles_met: usize,
    pub visits: usize,
    pub service_minutes: f64,
    pub team_visits: usize,
    pub overtime_hours: f64,
    pub personal_score: f64,
    pub team_score: f64,
    pub total_score: f64,
}

impl From<&PersonKpi> for PersonView {
    fn from(p: &PersonKpi) -> Self {
        PersonView {
            staff: p.staff.clone(),
            name: p.name.clone(),
            department: p.department.clone(),
            post: p.post.to_string(),
            required_cycles: p.required_cycles,
            cycles_met: p.cycles_met,
            visits: p.visits,
            service_minutes: p.service_minutes,
            team_visits: p.team_visits,
            overtime_hours: p.overtime_hours,
            personal_score: p.personal_score,
            team_score: p.team_score,
            total_score: p.total_score,
        }
    }
}

/// A team's (department's) line of the KPI sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub department: String,
    pub people: usize,
    pub coverage_rate: f64,
    pub customers: usize,
    pub customers_over_cap: usize,
    pub travel_share: f64,
    pub team_score: f64,
}

impl From<&TeamKpi> for TeamView {
    fn from(t: &TeamKpi) -> Self {
        TeamView {
            department: t.department.clone(),
            people: t.people,
            coverage_rate: t.coverage_rate,
            customers: t.customers,
            customers_over_cap: t.customers_over_cap,
            travel_share: t.travel_share,
            team_score: t.team_score,
        }
    }
}

/// A row of the establishment as the pilot departments submit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableView {
    pub department: String,
    pub post: Post,
    pub people_now: usize,
    pub people_needed: usize,
    pub people_matched: usize,
    pub shortfall: usize,
    pub min_skill: f64,
    pub pay_grade: u8,
    /// 元 per month for the post's people needed.
    pub monthly_pay: f64,
}

/// A department's payroll, today against the establishment submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayrollView {
    pub department: String,
    pub today: f64,
    pub submitted: f64,
    pub people_unplaced: usize,
}

/// One plan: today's (stage 0) or a stage's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub stage: usize,
    /// The posts created (empty for today's plan).
    pub posts: Vec<String>,
    /// People per post in the pilot departments.
    pub establishment: Vec<PostPeople>,
    pub people_moved: usize,
    /// Customers whose main staff member is not today's manager, as a share of all customers.
    pub changing_share: f64,
    /// Their count (all in the pilot departments: elsewhere nobody changes).
    pub changing: usize,
    pub pilot: ScopeView,
    pub company: ScopeView,
    pub managers: Vec<ManagerView>,
    pub people: Vec<PersonView>,
    pub teams: Vec<TeamView>,
    pub table: Vec<TableView>,
    pub payroll: Vec<PayrollView>,
    pub fingerprint: String,
}

impl From<&StageResult> for PlanView {
    fn from(r: &StageResult) -> Self {
        PlanView {
            stage: r.stage,
            posts: r.posts.iter().map(|p| p.to_string()).collect(),
            establishment: r
                .establishment
                .iter()
                .map(|p| PostPeople {
                    post: p.post.to_string(),
                    people: p.people,
                })
                .collect(),
            people_moved: r.people_moved,
            changing_share: r.customers_changing_manager_share,
            changing: r.customers_changing_manager.len(),
            pilot: (&r.pilot).into(),
            company: (&r.company).into(),
            managers: r.managers.iter().map(ManagerView::from).collect(),
            people: r.kpi.people.iter().map(PersonView::from).collect(),
            teams: r.kpi.teams.iter().map(TeamView::from).collect(),
            table: r
                .table
                .iter()
                .map(|t| TableView {
                    department: t.department.clone(),
                    post: t.post,
                    people_now: t.people_now,
                    people_needed: t.people_needed,
                    people_matched: t.people_matched,
                    shortfall: t.shortfall,
                    min_skill: t.min_skill,
                    pay_grade: t.pay_grade,
                    monthly_pay: t.monthly_pay,
                })
                .collect(),
            payroll: r
                .payroll
                .iter()
                .map(|p| PayrollView {
                    department: p.department.clone(),
                    today: p.today,
                    submitted: p.submitted,
                    people_unplaced: p.people_unplaced,
                })
                .collect(),
            fingerprint: r.fingerprint.clone(),
        }
    }
}

/// Where a customer stands on the pilot's map.
pub const OUTSIDE: i8 = -1;

/// What the map of the pilot draws: every customer, with the stage in which its manager first
/// changes (`OUTSIDE` for customers of other departments, 0 for pilot customers who keep
/// today's manager through every stage), and the pilot departments' offices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PilotMap {
    pub points: Vec<Point>,
    pub change: Vec<i8>,
    pub offices: Vec<Point>,
}

/// A pilot run as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PilotView {
    /// The pilot departments' ids and names.
    pub departments: Vec<String>,
    pub department_names: Vec<String>,
    pub model: ModelId,
    /// Customers the list left without a manager (given their nearest named neighbour's).
    pub customers_without_manager: usize,
    /// Today's plan, then each stage's.
    pub plans: Vec<PlanView>,
    pub map: PilotMap,
}

/// The page's view of `p`.
pub fn pilot_view(p: &Pilot) -> PilotView {
    // Every plan is planned on the same held scenario: customers in their department of today.
    let sc = &p.baseline.plan.scenario;
    let pilot: Vec<usize> = p
        .departments
        .iter()
        .filter_map(|id| sc.departments.iter().position(|d| &d.id == id))
        .collect();
    let change = sc
        .customers
        .iter()
        .map(|c| {
            if !c.department.is_some_and(|d| pilot.contains(&d)) {
                return OUTSIDE;
            }
            p.stages
                .iter()
                .find(|s| s.customers_changing_manager.contains(&c.id))
                .map_or(0, |s| i8::try_from(s.stage).unwrap_or(i8::MAX))
        })
        .collect();
    PilotView {
        departments: p.departments.clone(),
        department_names: pilot
            .iter()
            .filter_map(|&d| sc.departments.get(d).map(|x| x.name.clone()))
            .collect(),
        model: p.model,
        customers_without_manager: p.customers_without_manager,
        plans: std::iter::once(&p.baseline)
            .chain(&p.stages)
            .map(PlanView::from)
            .collect(),
        map: PilotMap {
            points: sc.customers.iter().map(|c| c.pos).collect(),
            change,
            offices: pilot
                .iter()
                .filter_map(|&d| sc.departments.get(d).map(|x| x.office))
                .collect(),
        },
    }
}

/// The pilot view's inputs: the pilot departments, the model and the posts of each stage.
#[derive(Debug, Clone, PartialEq)]
pub struct PilotForm {
    /// Department ids, in the scenario's order.
    pub departments: Vec<String>,
    pub model: ModelId,
    pub stages: Vec<Vec<Function>>,
}

/// The models a staged pilot can try (those with posts).
pub const PILOT_MODELS: [ModelId; 2] = [ModelId::Specialised, ModelId::Hybrid];

impl PilotForm {
    /// The form for a scenario: its second department (the first when it has one), the
    /// specialised model, and two stages: service and brand, then every post.
    pub fn for_scenario(sc: &Scenario) -> PilotForm {
        let d = sc.departments.get(1).or_else(|| sc.departments.first());
        PilotForm {
            departments: d.map(|d| vec![d.id.clone()]).unwrap_or_default(),
            model: ModelId::Specialised,
            stages: vec![
                vec![Function::Service, Function::Brand],
                Function::ALL.to_vec(),
            ],
        }
    }

    /// The form with department `id` in the pilot or out of it, kept in `sc`'s order.
    pub fn with_department(&self, sc: &Scenario, id: &str, on: bool) -> PilotForm {
        let departments = sc
            .departments
            .iter()
            .map(|d| d.id.as_str())
            .filter(|&d| {
                if d == id {
                    on
                } else {
                    self.departments.iter().any(|x| x == d)
                }
            })
            .map(str::to_string)
            .collect();
        PilotForm {
            departments,
            ..self.clone()
        }
    }

    /// The form with `post` created in stage `stage` (0-based) or not; the service post stays
    /// in every stage (it does the work of the posts not yet created).
    pub fn with_post(&self, stage: usize, post: Function, on: bool) -> PilotForm {
        let mut next = self.clone();
        if post == Function::Service {
            return next;
        }
        if let Some(posts) = next.stages.get_mut(stage) {
            posts.retain(|&p| p != post);
            if on {
                posts.push(post);
                posts.sort();
            }
        }
        next
    }

    /// The form with one more stage, a copy of the last (a stage adds posts to the one before).
    pub fn with_stage_added(&self) -> PilotForm {
        let mut next = self.clone();
        let last = next
            .stages
            .last()
            .cloned()
            .unwrap_or_else(|| vec![Function::Service]);
        next.stages.push(last);
        next
    }

    /// The form without its last stage (one stays).
    pub fn with_stage_removed(&self) -> PilotForm {
        let mut next = self.clone();
        if next.stages.len() > 1 {
            next.stages.pop();
        }
        next
    }
}
