//! The two panels that edit settings, as data: the assumptions panel (every row of the table,
//! grouped, one field per part) and the what-if panel (the rows it shows, per fieldset). Both
//! are built from a table of rows passed in, so a test can add a row and find it in both; the
//! page renders these models and writes through the rows' own `apply`.

use crate::core::assumptions::{
    Input, Part, Row, Section, Setting, WhatIfLabel, CRITERIA, DIMENSION_KEYS,
};
use crate::core::settings::Settings;
use crate::core::value_group::ValueGroup;
use crate::i18n::{t, Lang};

/// A text of a panel: a translation key, or a name the settings hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Key(&'static str),
    /// The name of the settings' format class (its number when the settings have none).
    Class(usize),
    /// Pay grade `index + 1` (`learn.assume.grade`).
    Grade(usize),
}

impl Label {
    /// The text in `lang`, with `lookup` giving the text of a key.
    pub fn text_with(
        &self,
        lang: Lang,
        s: &Settings,
        lookup: &dyn Fn(Lang, &str) -> String,
    ) -> String {
        match *self {
            Label::Key(k) => lookup(lang, k),
            Label::Class(k) => s
                .classes
                .get(k)
                .map(|c| {
                    if lang == Lang::ZhCn {
                        c.name_zh.clone()
                    } else {
                        c.name_en.clone()
                    }
                })
                .unwrap_or_else(|| (k + 1).to_string()),
            Label::Grade(g) => {
                lookup(lang, "learn.assume.grade").replace("{n}", &(g + 1).to_string())
            }
        }
    }

    /// The text in `lang` from the translation files.
    pub fn text(&self, lang: Lang, s: &Settings) -> String {
        self.text_with(lang, s, &|l, k| t(l, k).to_string())
    }

    /// The translation key it names, if any.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            Label::Key(k) => Some(k),
            Label::Class(_) => None,
            Label::Grade(_) => Some("learn.assume.grade"),
        }
    }
}

/// What tells a row's several inputs apart (a class, a zone, a grade, a value group, a reach
/// criterion…); none for a whole row.
pub fn part_label(part: Part) -> Option<Label> {
    match part {
        Part::Whole => None,
        Part::Class(k) => Some(Label::Class(k)),
        Part::Zone(z) => Some(Label::Key(z.key())),
        Part::Grade(g) => Some(Label::Grade(g)),
        Part::Dimension(i) => DIMENSION_KEYS.get(i).map(|k| Label::Key(k)),
        Part::Group(k) => ValueGroup::ALL.get(k).map(|g| Label::Key(g.key())),
        Part::Criterion(i) => CRITERIA.get(i).map(|(_, k)| Label::Key(k)),
        Part::Open => Some(Label::Key("learn.assume.open")),
        Part::Close => Some(Label::Key("learn.assume.close")),
    }
}

/// One input of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<'a> {
    pub setting: Setting<'a>,
    /// The setting's id (`speed-urban`).
    pub id: String,
    /// The input element's id.
    pub element: String,
    /// What names the input (the what-if panel's label; the part's name in the assumptions
    /// panel, none for a row with one input).
    pub label: Option<Label>,
    /// The name a refusal gives the field, when not its label.
    pub refusal: Option<Label>,
    /// The value in the row's unit (0/1 for a flag, the option's index for a choice).
    pub value: f64,
    pub input: Input,
}

/// One row of the assumptions panel.
#[derive(Debug, Clone, PartialEq)]
pub struct AssumptionRow<'a> {
    pub row: &'a Row,
    pub fields: Vec<Field<'a>>,
}

/// Consecutive rows of one group (`learn.assume.group.*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    pub key: &'static str,
    pub rows: Vec<AssumptionRow<'a>>,
}

/// The assumptions panel for `s`: every row of `rows`, grouped as listed, one field per part
/// (element id `assume-<setting id>`).
pub fn assumptions_panel<'a>(rows: &'a [Row], s: &Settings) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for row in rows {
        let fields = row
            .parts
            .of(s)
            .into_iter()
            .map(|part| {
                let setting = Setting { row, part };
                let id = setting.id();
                Field {
                    element: format!("assume-{id}"),
                    id,
                    label: part_label(part),
                    refusal: None,
                    value: setting.get(s),
                    input: setting.input(s),
                    setting,
                }
            })
            .collect();
        let r = AssumptionRow { row, fields };
        match groups.last_mut() {
            Some(g) if g.key == row.group => g.rows.push(r),
            _ => groups.push(Group {
                key: row.group,
                rows: vec![r],
            }),
        }
    }
    groups
}

/// One fieldset of the what-if panel.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIfGroup<'a> {
    pub section: Section,
    pub fields: Vec<Field<'a>>,
}

/// The what-if panel for `s`: every section in its order, each with the fields of the rows
/// that name it, in table order.
pub fn what_if_panel<'a>(rows: &'a [Row], s: &Settings) -> Vec<WhatIfGroup<'a>> {
    Section::ALL
        .iter()
        .map(|&section| WhatIfGroup {
            section,
            fields: rows
                .iter()
                .filter_map(|row| row.what_if.map(|w| (row, w)))
                .filter(|(_, w)| w.section == section)
                .flat_map(|(row, w)| {
                    row.parts.of(s).into_iter().take(w.limit).map(move |part| {
                        let setting = Setting { row, part };
                        let label = match w.label {
                            WhatIfLabel::Part => part_label(part),
                            WhatIfLabel::Key(k) => Some(Label::Key(k)),
                            WhatIfLabel::PerPart(keys) => {
                                keys.get(part.index()).map(|k| Label::Key(k))
                            }
                        };
                        Field {
                            id: setting.id(),
                            element: (w.element)(part),
                            label,
                            refusal: w.refusal.map(Label::Key),
                            value: setting.get(s),
                            input: setting.input(s),
                            setting,
                        }
                    })
                })
                .collect(),
        })
        .collect()
}

/// Every translation key the two panels name for `s` (groups, names, units, bases, sources,
/// options, part names, what-if labels and legends).
pub fn keys(rows: &[Row], s: &Settings) -> Vec<&'static str> {
    let mut out = Vec::new();
    let field = |out: &mut Vec<&'static str>, f: &Field<'_>| {
        out.extend(f.label.iter().chain(&f.refusal).filter_map(Label::key));
        if let Input::Choice(options) = f.input {
            out.extend(options.iter().map(|(_, k)| *k));
        }
    };
    for g in assumptions_panel(rows, s) {
        out.push(g.key);
        for r in &g.rows {
            out.extend([r.row.name, r.row.basis, r.row.source.key()]);
            out.extend(r.row.unit);
            for f in &r.fields {
                field(&mut out, f);
            }
        }
    }
    for g in what_if_panel(rows, s) {
        out.push(g.section.key());
        for f in &g.fields {
            field(&mut out, f);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The keys of `keys(rows, s)` that `has` lacks in a language.
pub fn missing_texts(
    rows: &[Row],
    s: &Settings,
    has: &dyn Fn(Lang, &str) -> bool,
) -> Vec<(Lang, &'static str)> {
    let keys = keys(rows, s);
    Lang::ALL
        .iter()
        .flat_map(|&l| {
            keys.iter()
                .filter(move |k| !has(l, k))
                .map(move |k| (l, *k))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::assumptions::ROWS;
    use crate::core::generate::Preset;

    #[test]
    fn every_text_the_panels_name_is_translated() {
        for p in Preset::ALL {
            let s = p.settings();
            let missing = missing_texts(ROWS, &s, &|l, k| t(l, k) != k);
            assert!(missing.is_empty(), "{missing:?}");
        }
    }

    #[test]
    fn the_what_if_panel_keeps_its_element_ids_and_order() {
        let s = Settings::default();
        let ids: Vec<(Section, String)> = what_if_panel(ROWS, &s)
            .into_iter()
            .flat_map(|g| g.fields.into_iter().map(move |f| (g.section, f.element)))
            .collect();
        let expect = [
            "mode-team",
            "mode-stagger",
            "mode-flexible",
            "mode-deep",
            "service-min-0",
            "service-min-1",
            "service-min-2",
            "service-min-3",
            "absence",
            "closed",
            "cover",
            "speed-urban",
            "speed-town",
            "speed-rural",
            "cycle-0",
            "cycle-1",
            "cycle-2",
            "cycle-3",
            "team-per-month",
            "team-size",
            "deep-factor",
            "weight-0",
            "weight-1",
            "weight-2",
            "weight-3",
            "weight-4",
            "high-value",
            "core-share",
            "hybrid-0",
            "hybrid-1",
            "hybrid-2",
        ];
        assert_eq!(
            ids.iter().map(|(_, e)| e.as_str()).collect::<Vec<_>>(),
            expect
        );
        assert!(ids.iter().all(|(sec, _)| sec.more()
            == !matches!(
                sec,
                Section::Modes | Section::ServiceMinutes | Section::Disturbances
            )));
    }

    #[test]
    fn every_row_is_listed_once_in_one_group_with_a_source_and_a_basis() {
        let s = Settings::default();
        let groups = assumptions_panel(ROWS, &s);
        let mut keys: Vec<&str> = groups.iter().map(|g| g.key).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a group split in two by the table's order");
        for key in [
            "learn.assume.group.reach",
            "learn.assume.group.cycle_groups",
            "learn.assume.group.sessions",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
        let listed: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.rows.iter().map(|r| r.row.id))
            .collect();
        assert_eq!(listed, ROWS.iter().map(|r| r.id).collect::<Vec<_>>());
        for r in groups.iter().flat_map(|g| &g.rows) {
            for lang in Lang::ALL {
                for key in [r.row.source.key(), r.row.basis, r.row.name] {
                    let text = t(lang, key);
                    assert!(text != key && !text.is_empty(), "{}: {key}", r.row.id);
                }
            }
        }
    }

    #[test]
    fn value_groups_and_reach_criteria_are_named_and_entered_by_kind() {
        let s = Settings::default();
        let rows: Vec<AssumptionRow<'_>> = assumptions_panel(ROWS, &s)
            .into_iter()
            .flat_map(|g| g.rows)
            .collect();
        let row = |id: &str| rows.iter().find(|r| r.row.id == id).expect(id);
        let service = row("cycle_by_group_service");
        assert_eq!(
            service.fields.iter().map(|f| f.label).collect::<Vec<_>>(),
            ValueGroup::ALL
                .iter()
                .map(|g| Some(Label::Key(g.key())))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            service.fields.iter().map(|f| f.value).collect::<Vec<_>>(),
            vec![1.0, 0.0, 0.0, 0.0]
        );
        let brand = row("reach_brand");
        assert_eq!(
            brand.fields.iter().map(|f| f.label).collect::<Vec<_>>(),
            CRITERIA
                .iter()
                .map(|(_, k)| Some(Label::Key(k)))
                .collect::<Vec<_>>()
        );
        let field = |id: &str| brand.fields.iter().find(|f| f.id == id).expect(id);
        assert_eq!(field("reach-brand-core").input, Input::Flag);
        assert_eq!(field("reach-brand-core").element, "assume-reach-brand-core");
        assert_eq!(
            field("reach-brand-top_classes").input,
            Input::Number {
                lo: 0.0,
                hi: s.classes.len() as f64,
                step: 1.0,
                integer: true
            }
        );
        assert!(matches!(
            field("reach-brand-sample_share").input,
            Input::Number {
                lo: 0.0,
                hi: 100.0,
                integer: false,
                ..
            }
        ));
        assert_eq!(
            Label::Key(ValueGroup::Core.key()).text(Lang::ZhCn, &s),
            "核心客户"
        );
    }

    #[test]
    fn the_assumptions_panel_has_every_setting_once() {
        let s = Settings::default();
        let fields: Vec<String> = assumptions_panel(ROWS, &s)
            .into_iter()
            .flat_map(|g| g.rows)
            .flat_map(|r| r.fields)
            .map(|f| f.id)
            .collect();
        let all: Vec<String> = crate::core::assumptions::all(&s)
            .iter()
            .map(|x| x.id())
            .collect();
        assert_eq!(fields, all);
    }
}
