//! The worker's side of the pilot view: a pilot request run on its scenario (assembled as a
//! comparison's is, so imported lists, settings and locks apply), and a kept pilot's plans
//! written as the CLI's files, with the column headers in the page's language.

use thiserror::Error;

use super::error::RequestError;
use super::message::{Explain, Message};
use super::protocol::{Answer, PilotFile, PilotRequest};
use super::request_scenario::scenario_of;
use crate::core::compare::Progress;
use crate::core::dates::working_dates;
use crate::core::io::export::{assignments_with_department_csv, schedule_csv};
use crate::core::io::pilot::kpi_csv;
use crate::core::pilot::{self, Options, Pilot, PilotError, PilotSpec, StageResult};
use crate::i18n::{t, Lang};

/// Why a pilot could not run: its scenario cannot be assembled, or the pilot is refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PilotRunError {
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error(transparent)]
    Pilot(#[from] PilotError),
}

impl Explain for PilotError {
    fn message(&self) -> Message {
        Message::of(self.key(), self.args())
    }
}

impl Explain for PilotRunError {
    fn message(&self) -> Message {
        match self {
            PilotRunError::Request(e) => e.message(),
            PilotRunError::Pilot(e) => e.message(),
        }
    }
}

/// Why a pilot's file cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PilotQueryError {
    #[error("no pilot computed yet")]
    NoPilotYet,
    #[error("the pilot has no stage {0}")]
    NoStage(usize),
}

impl Explain for PilotQueryError {
    fn message(&self) -> Message {
        match *self {
            PilotQueryError::NoPilotYet => Message::new("pilot.error.no_result"),
            PilotQueryError::NoStage(s) => Message::new("pilot.error.no_stage").with("stage", s),
        }
    }
}

/// The pilot spec a request asks for.
pub fn spec(req: &PilotRequest) -> PilotSpec {
    PilotSpec {
        departments: req.departments.clone(),
        model: req.model,
        stages: req.stages.clone(),
    }
}

/// Runs the pilot `req` asks for, with the establishment as submitted per stage; `progress`
/// after each plan (today's, then each stage's).
pub fn run(req: &PilotRequest, progress: &mut dyn FnMut(Progress)) -> Result<Pilot, PilotRunError> {
    let sc = scenario_of(&req.base)?;
    let opt = Options {
        establishment: true,
        ..Options::default()
    };
    let pilot = pilot::run(&sc, &spec(req), &opt, &mut |done, total| {
        progress(Progress { done, total })
    })?;
    Ok(pilot)
}

/// The plan of stage `stage` (0: today's).
pub fn plan(p: &Pilot, stage: usize) -> Option<&StageResult> {
    if stage == 0 {
        Some(&p.baseline)
    } else {
        p.stages.get(stage - 1)
    }
}

/// File `file` of stage `stage` of the kept pilot `p`, as the CLI writes it in the stage's
/// folder, its header row in `lang` (the values are the same bytes).
pub fn export(
    p: Option<&Pilot>,
    stage: usize,
    file: PilotFile,
    lang: Lang,
) -> Result<Answer, PilotQueryError> {
    let p = p.ok_or(PilotQueryError::NoPilotYet)?;
    let r = plan(p, stage).ok_or(PilotQueryError::NoStage(stage))?;
    let (sc, a, cal) = (&r.plan.scenario, &r.plan.assignment, &r.calendar);
    let text = match file {
        PilotFile::Assignments => assignments_with_department_csv(sc, a),
        PilotFile::Schedule => {
            let dates = sc
                .settings
                .start_date
                .as_deref()
                .and_then(|s| working_dates(s, cal.weeks * cal.days_per_week, cal.days_per_week))
                .unwrap_or_default();
            schedule_csv(sc, a, cal, &dates)
        }
        PilotFile::Kpi => kpi_csv(&r.kpi),
    };
    let folder = if stage == 0 {
        "baseline".to_string()
    } else {
        format!("stage-{stage}")
    };
    Ok(Answer::File {
        name: format!("pilot-{folder}-{}.csv", file.id()),
        text: localised_header(&text, lang),
    })
}

/// `text` (a CSV file with an optional byte order mark) with its header row in `lang`: each
/// column id read through `pilot.csv.<id>`; English keeps the contract's ids, and a column
/// without a translation keeps its id. The rows below are unchanged.
pub fn localised_header(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let (head, body) = match rest.find('\n') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (head, cr) = match head.strip_suffix('\r') {
        Some(h) => (h, "\r"),
        None => (head, ""),
    };
    let names: Vec<String> = head
        .split(',')
        .map(|id| {
            let key = format!("pilot.csv.{id}");
            let name = t(lang, &key);
            if name == key {
                id.to_string()
            } else {
                name.to_string()
            }
        })
        .collect();
    format!("{bom}{}{cr}{body}", names.join(","))
}
