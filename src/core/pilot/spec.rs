//! What a pilot is asked to do, and why a request is refused.

use thiserror::Error;

use crate::core::assignment::ModelId;
use crate::core::error::CoreError;
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, ZoneModel};

/// A staged pilot (试点, 先少后多): the departments that try a model with posts, and the posts
/// each stage has created.
#[derive(Debug, Clone, PartialEq)]
pub struct PilotSpec {
    /// Department ids (`Department::id`), e.g. `D2`.
    pub departments: Vec<String>,
    pub model: ModelId,
    /// The posts of each stage, in order. Empty: one stage, the model as the settings
    /// configure it (`Settings::posts`).
    pub stages: Vec<Vec<Function>>,
}

/// Why a pilot cannot be run. Nothing is changed by a refused pilot.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PilotError {
    #[error("name at least one pilot department")]
    NoDepartments,
    #[error("there is no department '{id}'; the scenario's departments are {known}")]
    UnknownDepartment { id: String, known: String },
    #[error(
        "the {model} model has no posts: a staged pilot needs the specialised or hybrid model \
         (with posts in some zone)"
    )]
    ModelWithoutPosts { model: &'static str },
    #[error("stage {stage} is empty: give its posts joined by '+', e.g. service+brand")]
    EmptyStage { stage: usize },
    #[error(
        "stage {stage} names '{name}', which is not a post: use service, brand, training or \
         research"
    )]
    UnknownPost { stage: usize, name: String },
    #[error(
        "stage {stage} has no service post: every stage keeps it, since it takes the functions \
         of the posts not yet created"
    )]
    NoServicePost { stage: usize },
    #[error(
        "customer '{customer}' names '{manager}' as today's manager, who is not among the \
         managers: import the manager list, or correct the name"
    )]
    UnknownCurrentManager { customer: String, manager: String },
    #[error("{0}")]
    Core(#[from] CoreError),
}

impl PilotError {
    /// Translation key of the message (`error.pilot.*`).
    pub fn key(&self) -> &'static str {
        match self {
            PilotError::NoDepartments => "error.pilot.no_departments",
            PilotError::UnknownDepartment { .. } => "error.pilot.unknown_department",
            PilotError::ModelWithoutPosts { .. } => "error.pilot.model_without_posts",
            PilotError::EmptyStage { .. } => "error.pilot.empty_stage",
            PilotError::UnknownPost { .. } => "error.pilot.unknown_post",
            PilotError::NoServicePost { .. } => "error.pilot.no_service_post",
            PilotError::UnknownCurrentManager { .. } => "error.pilot.unknown_current_manager",
            PilotError::Core(e) => e.key(),
        }
    }

    /// The message's arguments, by name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PilotError::NoDepartments => Vec::new(),
            PilotError::UnknownDepartment { id, known } => {
                vec![("id", id.clone()), ("known", known.clone())]
            }
            PilotError::ModelWithoutPosts { model } => vec![("model", model.to_string())],
            PilotError::EmptyStage { stage } | PilotError::NoServicePost { stage } => {
                vec![("stage", stage.to_string())]
            }
            PilotError::UnknownPost { stage, name } => {
                vec![("stage", stage.to_string()), ("name", name.clone())]
            }
            PilotError::UnknownCurrentManager { customer, manager } => {
                vec![("customer", customer.clone()), ("manager", manager.clone())]
            }
            PilotError::Core(e) => e.args(),
        }
    }
}

/// Reads stages written as `service+brand,service+brand+training+research` (stages split by
/// `,`, posts by `+`; blanks around names ignored). Stages are numbered from 1 in errors.
pub fn parse_stages(text: &str) -> Result<Vec<Vec<Function>>, PilotError> {
    text.split(',')
        .enumerate()
        .map(|(i, stage)| parse_stage(i + 1, stage))
        .collect()
}

/// One stage's posts (`service+brand`).
pub fn parse_stage(stage: usize, text: &str) -> Result<Vec<Function>, PilotError> {
    let names: Vec<&str> = text
        .split('+')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() {
        return Err(PilotError::EmptyStage { stage });
    }
    let mut posts = Vec::new();
    for name in names {
        let f = Function::ALL
            .into_iter()
            .find(|f| f.id().eq_ignore_ascii_case(name))
            .ok_or_else(|| PilotError::UnknownPost {
                stage,
                name: name.to_string(),
            })?;
        if !posts.contains(&f) {
            posts.push(f);
        }
    }
    posts.sort();
    Ok(posts)
}

/// The departments of a `D2,D3` list (blanks ignored, order kept, repeats dropped).
pub fn parse_departments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|x| x == d) {
            out.push(d.to_string());
        }
    }
    out
}

impl PilotSpec {
    /// The pilot departments' indices into `Scenario::departments`, and the stages to run
    /// (the settings' posts when none are given), or why the request is refused.
    pub fn check(&self, sc: &Scenario) -> Result<(Vec<usize>, Vec<Vec<Function>>), PilotError> {
        if self.departments.is_empty() {
            return Err(PilotError::NoDepartments);
        }
        let mut depts = Vec::new();
        for id in &self.departments {
            let d = sc
                .departments
                .iter()
                .position(|x| x.id == *id)
                .ok_or_else(|| PilotError::UnknownDepartment {
                    id: id.clone(),
                    known: sc
                        .departments
                        .iter()
                        .map(|x| x.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            if !depts.contains(&d) {
                depts.push(d);
            }
        }
        depts.sort_unstable();
        if self.stages.is_empty() {
            let mut posts = sc.settings.posts.clone();
            posts.sort();
            posts.dedup();
            return Ok((depts, vec![posts]));
        }
        let with_posts = match self.model {
            ModelId::Specialised => true,
            ModelId::Hybrid => [
                sc.settings.hybrid.urban,
                sc.settings.hybrid.town,
                sc.settings.hybrid.rural,
            ]
            .into_iter()
            .any(ZoneModel::has_posts),
            _ => false,
        };
        if !with_posts {
            return Err(PilotError::ModelWithoutPosts {
                model: self.model.id(),
            });
        }
        for (i, posts) in self.stages.iter().enumerate() {
            if posts.is_empty() {
                return Err(PilotError::EmptyStage { stage: i + 1 });
            }
            if !posts.contains(&Function::Service) {
                return Err(PilotError::NoServicePost { stage: i + 1 });
            }
        }
        Ok((depts, self.stages.clone()))
    }
}
