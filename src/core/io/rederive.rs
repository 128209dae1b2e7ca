//! Derived fields again under corrected rules: the import review lets the user change the
//! derivation rules after an import, and the scenario is re-derived from what it holds, without
//! the list's bytes. Only the fields the import derived (`Customer::derived`) change; what the
//! list gave stays as read. The result equals importing the same list under the new rules
//! (tested against `import_customers`), so a correction and a fresh import never disagree.

use super::derive::DeriveRules;
use crate::core::scenario::{Customer, Scenario};

/// `sc` with every derived field of its customers recomputed under `rules`. The rules that do
/// not depend on anything the rules change (档位 from the sales percentile, value scores) are
/// kept as they are; a class, a zone, an amount, a night flag and opening hours follow the new
/// rules.
pub fn rederive(sc: &Scenario, rules: &DeriveRules) -> Scenario {
    let mut out = sc.clone();
    let any_zone = sc.customers.iter().any(|c| c.derived.zone);
    let zones = if any_zone {
        // Density over the whole list, as the import measures it: a read zone does not
        // change which shops form one built-up area.
        let pts: Vec<_> = sc.customers.iter().map(|c| c.pos).collect();
        rules.zones_by_density(&pts)
    } else {
        Vec::new()
    };
    let classes = sc.settings.classes.len();
    let hours = &sc.settings.hours;
    for (i, c) in out.customers_mut().iter_mut().enumerate() {
        let d = c.derived;
        if d.class {
            c.class = rules.class(c.industry, c.grade, classes);
        }
        if d.zone {
            if let Some(z) = zones.get(i) {
                c.zone = *z;
            }
        }
        if d.amount {
            c.monthly_amount = rules.amount(c.monthly_sales, c.grade);
        }
        if d.night_shop {
            c.night_shop = if d.hours {
                rules.night(c.industry)
            } else {
                read_hours_are_night(c)
            };
        }
        if d.hours {
            (c.open_min, c.close_min) = if c.night_shop {
                (hours.night_open, hours.night_close)
            } else {
                (hours.day_open, hours.day_close)
            };
        }
    }
    out
}

/// The import's rule for a list with hours but no night column: hours that start at 17:00 or
/// later or run past midnight are a night shop's.
fn read_hours_are_night(c: &Customer) -> bool {
    c.open_min >= 17 * 60 || c.close_min > 24 * 60
}

#[cfg(test)]
mod tests {
    use super::super::customers::import_customers;
    use super::*;
    use crate::core::scenario::{Industry, Zone};
    use crate::core::settings::Settings;

    fn list(rows: &[&str]) -> Vec<u8> {
        let mut s = String::from("客户编码,x坐标,y坐标,业态,月销量,档位,营业时间\n");
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s.into_bytes()
    }

    fn town() -> Vec<u8> {
        // A dense block of 12 shops, a hamlet of 3, a lone hotel open at night.
        let mut rows = Vec::new();
        for i in 0..12 {
            let fmt = ["超市", "娱乐服务", "食杂店", "便利店"][i % 4];
            rows.push(format!(
                "C{i},{},{},{fmt},{},{},",
                0.1 * (i % 4) as f64,
                0.1 * (i / 4) as f64,
                10 + i,
                5 + i
            ));
        }
        for i in 0..3 {
            rows.push(format!("H{i},{},20,食杂店,3,2,", 20.0 + 0.2 * i as f64));
        }
        rows.push("N1,40,40,娱乐服务,30,25,19:00-03:00".to_string());
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        list(&refs)
    }

    fn imported(rules: &DeriveRules) -> Scenario {
        let mut sc = Scenario::empty(1);
        let imp = import_customers(&town(), &Settings::default(), rules, None).expect("list");
        sc.customers = imp.customers.into();
        sc
    }

    #[test]
    fn same_rules_change_nothing() {
        let r = DeriveRules::default();
        let sc = imported(&r);
        assert_eq!(rederive(&sc, &r), sc);
    }

    #[test]
    fn corrected_rules_equal_a_fresh_import_under_them() {
        let before = DeriveRules::default();
        let after = DeriveRules {
            urban_min_shops: 10,
            town_min_shops: 3,
            large_supermarket_grade: 8,
            small_hospitality_grade: 5,
            night_formats: vec![Industry::Entertainment, Industry::Convenience],
            amount_base: 200.0,
            ..DeriveRules::default()
        };
        let sc = imported(&before);
        let again = rederive(&sc, &after);
        assert_eq!(again, imported(&after));
        // And the correction did change something in each family it touches.
        assert!(again.customers.iter().any(|c| c.zone == Zone::Urban));
        assert!(sc.customers.iter().all(|c| c.zone != Zone::Urban));
        assert_ne!(
            again.customers.iter().filter(|c| c.night_shop).count(),
            sc.customers.iter().filter(|c| c.night_shop).count()
        );
        assert_ne!(
            again.customers.iter().map(|c| c.class).collect::<Vec<_>>(),
            sc.customers.iter().map(|c| c.class).collect::<Vec<_>>()
        );
    }

    #[test]
    fn read_fields_stay_as_read() {
        let mut sc = imported(&DeriveRules::default());
        // The lone night hotel gave its hours: its night flag follows them, whatever the
        // night formats say.
        let after = DeriveRules {
            night_formats: Vec::new(),
            ..DeriveRules::default()
        };
        sc = rederive(&sc, &after);
        let n1 = sc.customers.iter().find(|c| c.id == "N1").expect("N1");
        assert!(n1.night_shop);
        assert!(!n1.derived.hours);
        assert_eq!((n1.open_min, n1.close_min), (19 * 60, 27 * 60));
    }
}
