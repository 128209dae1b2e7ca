//! Whether a scenario is usable: ids unique, numbers finite and in range, indices valid. Used on
//! every load and by the property tests on every generated scenario.

use std::collections::BTreeSet;

use crate::core::scenario::Scenario;

/// Every problem found, in English (empty when the scenario is valid).
pub fn problems(sc: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    let s = &sc.settings;
    if s.classes.is_empty() {
        out.push("settings.classes is empty".to_string());
    }
    if s.weeks == 0 || !(1..=7).contains(&s.days_per_week) {
        out.push("settings: weeks must be ≥ 1 and days_per_week 1..=7".to_string());
    }
    if !(s.day_minutes.is_finite() && s.day_minutes > 0.0) {
        out.push("settings.day_minutes must be positive".to_string());
    }
    let mut ids = BTreeSet::new();
    for c in sc.customers.iter() {
        let mut bad = |what: &str| out.push(format!("customer {}: {what}", c.id));
        if !ids.insert(c.id.as_str()) {
            bad("duplicate id");
        }
        if !(c.pos.x.is_finite() && c.pos.y.is_finite()) {
            bad("position not finite");
        }
        if c.class as usize >= s.classes.len().max(1) {
            bad("class outside settings.classes");
        }
        if !(1..=30).contains(&c.grade) {
            bad("grade outside 1..=30");
        }
        if !(c.monthly_sales.is_finite() && c.monthly_sales >= 0.0) {
            bad("monthly_sales negative or not finite");
        }
        if !(c.monthly_amount.is_finite() && c.monthly_amount >= 0.0) {
            bad("monthly_amount negative or not finite");
        }
        let v = c.value;
        if [
            v.loyalty,
            v.integrity,
            v.cooperation,
            v.growth,
            v.dependency,
        ]
        .iter()
        .any(|x| !(0.0..=100.0).contains(x))
        {
            bad("value score outside 0..=100");
        }
        if c.open_min >= c.close_min || c.close_min > 48 * 60 {
            bad("opening hours");
        }
        if c.department.is_some_and(|d| d >= sc.departments.len()) {
            bad("department index outside departments");
        }
    }
    let mut mids = BTreeSet::new();
    for m in &sc.managers {
        let mut bad = |what: &str| out.push(format!("manager {}: {what}", m.id));
        if !mids.insert(m.id.as_str()) {
            bad("duplicate id");
        }
        if m.department >= sc.departments.len() {
            bad("department index outside departments");
        }
        if std::iter::once(m.competence)
            .chain(m.skills)
            .any(|x| !(0.0..=100.0).contains(&x))
        {
            bad("competence or skill outside 0..=100");
        }
        if m.pay_grade == 0
            || (!s.pay_per_month.is_empty() && m.pay_grade as usize > s.pay_per_month.len())
        {
            bad("pay grade outside settings.pay_per_month");
        }
    }
    for d in &sc.departments {
        if !(d.office.x.is_finite() && d.office.y.is_finite()) {
            out.push(format!("department {}: office not finite", d.id));
        }
    }
    out
}
