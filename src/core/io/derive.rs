//! The derivation rules for thin lists (docs/domain.md (simulation rules)): what fills a
//! customer's class, zone, 档位, amount, value scores, night flag and hours when the list does
//! not give them. Every rule is a field of `DeriveRules`, editable and saved with the scenario;
//! a derived field is marked in `Customer::derived`.

use serde::{Deserialize, Serialize};

use crate::core::geo::Point;
use crate::core::scenario::{Industry, ValueScores, Zone};

/// One accepted spelling of an industry format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormatAlias {
    pub name: String,
    pub industry: Industry,
}

/// The editable derivation rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeriveRules {
    /// Format names (exact after trimming and lower-casing; a Chinese alias also matches a name
    /// that contains it, e.g. 小型超市 → 超市). Codes Z B S N Y F Q always match.
    pub formats: Vec<FormatAlias>,
    /// A 超市 with 档位 at or above this is 甲 (large), below it 丙.
    pub large_supermarket_grade: u8,
    /// Hotels, restaurants and entertainment (娱乐服务) at or below this 档位 are 丁 (small
    /// restaurants and inns), above it 乙.
    pub small_hospitality_grade: u8,
    /// Zone by density: shops closer than this (km) are one built-up area.
    pub link_km: f64,
    /// A built-up area of at least this many shops is urban (城区) ...
    pub urban_min_shops: usize,
    /// ... of at least this many a town (乡镇); smaller ones are rural (农村).
    pub town_min_shops: usize,
    /// Formats that are night shops when the list has no night flag.
    pub night_formats: Vec<Industry>,
    /// Amount per carton when the list has none: base + per-档位 × 档位 (CNY).
    pub amount_base: f64,
    pub amount_per_grade: f64,
    /// A point farther than this from the list's median is an error (swapped columns, a typo).
    pub max_spread_km: f64,
    /// Departments of a list imported without managers, when it has no department column (or
    /// it is not used): compact clusters of about this many managers each (a market manager
    /// leads about 5-8 managers: an estimate, docs/domain.md).
    pub department_managers: usize,
    /// Whether such a list's department column (部门, 区县, 片区 …) makes its departments.
    pub departments_from_column: bool,
}

impl Default for DeriveRules {
    fn default() -> Self {
        use Industry::*;
        let table: &[(&str, Industry)] = &[
            ("食杂店", Grocery),
            ("食杂", Grocery),
            ("杂货店", Grocery),
            ("副食店", Grocery),
            ("grocery", Grocery),
            ("便利店", Convenience),
            ("便利", Convenience),
            ("convenience", Convenience),
            ("超市", Supermarket),
            ("supermarket", Supermarket),
            ("商场", Mall),
            ("购物中心", Mall),
            ("百货", Mall),
            ("mall", Mall),
            ("烟酒店", TobaccoLiquor),
            ("烟酒", TobaccoLiquor),
            ("tobacco_liquor", TobaccoLiquor),
            ("tobacco and liquor", TobaccoLiquor),
            ("娱乐服务", Entertainment),
            ("娱乐", Entertainment),
            ("宾馆", Entertainment),
            ("酒店", Entertainment),
            ("饭店", Entertainment),
            ("餐饮", Entertainment),
            ("餐厅", Entertainment),
            ("ktv", Entertainment),
            ("网吧", Entertainment),
            ("entertainment", Entertainment),
            ("hotel", Entertainment),
            ("restaurant", Entertainment),
            ("其他", Other),
            ("其它", Other),
            ("兼营店", Other),
            ("兼营", Other),
            ("摊点", Other),
            ("other", Other),
        ];
        DeriveRules {
            formats: table
                .iter()
                .map(|(n, i)| FormatAlias {
                    name: n.to_string(),
                    industry: *i,
                })
                .collect(),
            large_supermarket_grade: 20,
            small_hospitality_grade: 10,
            link_km: 0.5,
            urban_min_shops: 300,
            town_min_shops: 25,
            night_formats: vec![Entertainment],
            amount_base: 180.0,
            amount_per_grade: 6.0,
            max_spread_km: 500.0,
            department_managers: 6,
            departments_from_column: true,
        }
    }
}

/// The one-letter code of an industry (食杂店 Z …).
pub fn industry_code(i: Industry) -> &'static str {
    match i {
        Industry::Grocery => "Z",
        Industry::Convenience => "B",
        Industry::Supermarket => "S",
        Industry::Mall => "N",
        Industry::TobaccoLiquor => "Y",
        Industry::Entertainment => "F",
        Industry::Other => "Q",
    }
}

/// The industry's name in licence data (what exports write).
pub fn industry_name(i: Industry) -> &'static str {
    match i {
        Industry::Grocery => "食杂店",
        Industry::Convenience => "便利店",
        Industry::Supermarket => "超市",
        Industry::Mall => "商场",
        Industry::TobaccoLiquor => "烟酒店",
        Industry::Entertainment => "娱乐服务",
        Industry::Other => "其他",
    }
}

/// Every industry format, in code order (Z B S N Y F Q).
pub const ALL_INDUSTRIES: [Industry; 7] = [
    Industry::Grocery,
    Industry::Convenience,
    Industry::Supermarket,
    Industry::Mall,
    Industry::TobaccoLiquor,
    Industry::Entertainment,
    Industry::Other,
];

impl DeriveRules {
    /// The industry a format name means, or `None` when no rule knows it.
    pub fn industry(&self, name: &str) -> Option<Industry> {
        let n = name.trim().to_lowercase();
        if let Some(i) = ALL_INDUSTRIES
            .iter()
            .find(|i| industry_code(**i).eq_ignore_ascii_case(&n))
        {
            return Some(*i);
        }
        if let Some(a) = self.formats.iter().find(|a| a.name.to_lowercase() == n) {
            return Some(a.industry);
        }
        // Contained Chinese aliases, longest first, so 大型商场超市 is a 商场 only if no longer
        // alias matches (deterministic: ties by table order).
        let mut cjk: Vec<&FormatAlias> = self
            .formats
            .iter()
            .filter(|a| !a.name.is_ascii() && a.name.chars().count() >= 2)
            .collect();
        cjk.sort_by_key(|a| std::cmp::Reverse(a.name.chars().count()));
        cjk.into_iter()
            .find(|a| n.contains(a.name.as_str()))
            .map(|a| a.industry)
    }

    /// Accepted format names, for the error message.
    pub fn accepted_formats(&self) -> String {
        let mut names: Vec<&str> = ALL_INDUSTRIES.iter().map(|i| industry_name(*i)).collect();
        names.extend(ALL_INDUSTRIES.iter().map(|i| industry_code(*i)));
        names.join("/")
    }

    /// Class (0 = 甲) from format plus size (档位), capped at the scenario's lowest class.
    pub fn class(&self, industry: Industry, grade: u8, classes: usize) -> u8 {
        let c = match industry {
            Industry::Mall => 0,
            Industry::Supermarket if grade >= self.large_supermarket_grade => 0,
            Industry::Supermarket => 2,
            Industry::Entertainment if grade > self.small_hospitality_grade => 1,
            Industry::Entertainment => 3,
            Industry::Convenience | Industry::TobaccoLiquor => 2,
            Industry::Grocery | Industry::Other => 3,
        };
        c.min(classes.saturating_sub(1).min(u8::MAX as usize) as u8)
    }

    /// The night-shop flag from the format.
    pub fn night(&self, industry: Industry) -> bool {
        self.night_formats.contains(&industry)
    }

    /// Monthly amount from cartons and 档位.
    pub fn amount(&self, sales: f64, grade: u8) -> f64 {
        sales * (self.amount_base + self.amount_per_grade * f64::from(grade))
    }

    /// Zone of every point by the size of the built-up area it belongs to (single linkage at
    /// `link_km`).
    ///
    /// Near-linear, so that a province's million shops stay fast: the shops are binned in
    /// squares whose diagonal is just under `link_km`, so the shops of one square are one area
    /// at once; two squares within two steps are joined by the first pair of their shops
    /// close enough, and not looked at again once they are in one area (in a city core,
    /// nearly always). The areas are the same as comparing every pair.
    pub fn zones_by_density(&self, pts: &[Point]) -> Vec<Zone> {
        let n = pts.len();
        let link = if self.link_km.is_finite() && self.link_km > 0.0 {
            self.link_km
        } else {
            0.5
        };
        // A hair under link/√2: two shops of one square are always within `link`, whatever
        // the rounding.
        let side = link / std::f64::consts::SQRT_2 * (1.0 - 1e-9);
        let square = |p: Point| ((p.x / side).floor() as i64, (p.y / side).floor() as i64);
        // Shops sorted by square, each square a run of them.
        let mut order: Vec<((i64, i64), usize)> = pts
            .iter()
            .enumerate()
            .map(|(i, p)| (square(*p), i))
            .collect();
        order.sort_unstable();
        let at: Vec<Point> = order.iter().map(|&(_, i)| pts[i]).collect();
        let mut runs: Vec<((i64, i64), usize, usize)> = Vec::new();
        for (k, &(sq, _)) in order.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if r.0 == sq => r.2 = k + 1,
                _ => runs.push((sq, k, k + 1)),
            }
        }
        // Union-find over positions in `order`.
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        fn join(p: &mut [usize], a: usize, b: usize) {
            let (a, b) = (find(p, a), find(p, b));
            if a != b {
                p[a.max(b)] = a.min(b);
            }
        }
        for &(_, lo, hi) in &runs {
            for k in lo + 1..hi {
                join(&mut parent, lo, k);
            }
        }
        // Squares up to two steps away may hold shops within `link`; each pair once.
        const AHEAD: [(i64, i64); 12] = [
            (0, 1),
            (0, 2),
            (1, -2),
            (1, -1),
            (1, 0),
            (1, 1),
            (1, 2),
            (2, -2),
            (2, -1),
            (2, 0),
            (2, 1),
            (2, 2),
        ];
        for &((x, y), lo, hi) in &runs {
            for (dx, dy) in AHEAD {
                let key = (x + dx, y + dy);
                let Ok(r) = runs.binary_search_by(|r| r.0.cmp(&key)) else {
                    continue;
                };
                let (_, lo2, hi2) = runs[r];
                if find(&mut parent, lo) == find(&mut parent, lo2) {
                    continue;
                }
                'pairs: for a in lo..hi {
                    for b in lo2..hi2 {
                        if at[a].dist(at[b]) <= link {
                            join(&mut parent, a, b);
                            break 'pairs;
                        }
                    }
                }
            }
        }
        let mut size = vec![0usize; n];
        let mut root = vec![0usize; n];
        for k in 0..n {
            let r = find(&mut parent, k);
            size[r] += 1;
            root[order[k].1] = r;
        }
        root.iter()
            .map(|&r| {
                if size[r] >= self.urban_min_shops {
                    Zone::Urban
                } else if size[r] >= self.town_min_shops {
                    Zone::Town
                } else {
                    Zone::Rural
                }
            })
            .collect()
    }
}

/// Zone from an admin name: …街道/社区 urban, …镇/乡 town, …村 rural; `None` when unclear.
pub fn zone_from_admin(name: &str) -> Option<Zone> {
    let n = name.trim();
    if n.contains('村') {
        Some(Zone::Rural)
    } else if n.ends_with('镇') || n.ends_with('乡') || n.contains("镇") {
        Some(Zone::Town)
    } else if n.contains("街道") || n.contains("社区") || n.ends_with('区') {
        Some(Zone::Urban)
    } else {
        None
    }
}

/// Zone from a zone column's value.
pub fn zone_from_name(name: &str) -> Option<Zone> {
    match name.trim().to_lowercase().as_str() {
        "城区" | "城市" | "城镇" | "urban" | "city" => Some(Zone::Urban),
        "乡镇" | "集镇" | "town" => Some(Zone::Town),
        "农村" | "乡村" | "rural" | "village" => Some(Zone::Rural),
        _ => None,
    }
}

/// Percentile rank (0..1, ties share the mid rank) of each value.
pub fn percentiles(xs: &[f64]) -> Vec<f64> {
    let n = xs.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0;
        for &k in &order[i..=j] {
            out[k] = if n > 1 { mid / (n - 1) as f64 } else { 0.5 };
        }
        i = j + 1;
    }
    out
}

/// 档位 from the sales percentile when the list has none: 1 + 29 × percentile.
pub fn grade_from_percentile(p: f64) -> u8 {
    (1.0 + (29.0 * p.clamp(0.0, 1.0)).round()) as u8
}

/// The five value scores from sales percentile `s` and 档位: loyalty follows 档位 (a steady
/// ordering record), dependency follows sales, the other three their mean.
pub fn value_from(s: f64, grade: u8) -> ValueScores {
    let g = (f64::from(grade.clamp(1, 30)) - 1.0) / 29.0;
    let s = s.clamp(0.0, 1.0);
    let mid = 100.0 * (s + g) / 2.0;
    ValueScores {
        loyalty: 100.0 * g,
        integrity: mid,
        cooperation: mid,
        growth: mid,
        dependency: 100.0 * s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_classes() {
        let r = DeriveRules::default();
        assert_eq!(r.industry("食杂店"), Some(Industry::Grocery));
        assert_eq!(r.industry(" z "), Some(Industry::Grocery));
        assert_eq!(r.industry("小型超市"), Some(Industry::Supermarket));
        assert_eq!(r.industry("Convenience"), Some(Industry::Convenience));
        assert_eq!(r.industry("宇宙飞船"), None);
        assert_eq!(r.class(Industry::Mall, 5, 4), 0);
        assert_eq!(r.class(Industry::Supermarket, 22, 4), 0);
        assert_eq!(r.class(Industry::Supermarket, 12, 4), 2);
        assert_eq!(r.class(Industry::Entertainment, 15, 4), 1);
        assert_eq!(r.class(Industry::Entertainment, 8, 4), 3);
        assert_eq!(r.class(Industry::Grocery, 30, 3), 2);
    }

    #[test]
    fn density_zones_and_percentiles() {
        let r = DeriveRules {
            urban_min_shops: 5,
            town_min_shops: 3,
            ..Default::default()
        };
        let mut pts: Vec<Point> = (0..5).map(|i| Point::new(i as f64 * 0.1, 0.0)).collect();
        pts.extend((0..3).map(|i| Point::new(10.0 + i as f64 * 0.1, 0.0)));
        pts.push(Point::new(30.0, 30.0));
        let z = r.zones_by_density(&pts);
        assert_eq!(z[0], Zone::Urban);
        assert_eq!(z[5], Zone::Town);
        assert_eq!(z[8], Zone::Rural);
        assert_eq!(percentiles(&[3.0, 1.0, 2.0, 2.0]), vec![1.0, 0.0, 0.5, 0.5]);
        assert_eq!(grade_from_percentile(1.0), 30);
        assert_eq!(grade_from_percentile(0.0), 1);
        assert_eq!(zone_from_admin("城关镇"), Some(Zone::Town));
        assert_eq!(zone_from_admin("李家村"), Some(Zone::Rural));
        assert_eq!(zone_from_admin("解放路街道"), Some(Zone::Urban));
    }

    /// Single linkage by comparing every pair (the rule as stated).
    fn zones_by_every_pair(r: &DeriveRules, pts: &[Point]) -> Vec<Zone> {
        let n = pts.len();
        let mut area: Vec<usize> = (0..n).collect();
        loop {
            let mut changed = false;
            for i in 0..n {
                for j in 0..n {
                    if pts[i].dist(pts[j]) <= r.link_km && area[j] < area[i] {
                        area[i] = area[j];
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let size = |a: usize| area.iter().filter(|&&b| b == a).count();
        area.iter()
            .map(|&a| {
                if size(a) >= r.urban_min_shops {
                    Zone::Urban
                } else if size(a) >= r.town_min_shops {
                    Zone::Town
                } else {
                    Zone::Rural
                }
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The squares give the areas every pair gives: clustered shops, points on the
        /// squares' edges and exactly `link_km` apart included.
        #[test]
        fn density_zones_equal_every_pair(
            raw in proptest::collection::vec((0u16..400, 0u16..400, 0u8..4), 1..300),
            link in proptest::sample::select(vec![0.5, 0.25, 1.0, 0.3]),
        ) {
            let r = DeriveRules {
                link_km: link,
                urban_min_shops: 12,
                town_min_shops: 4,
                ..Default::default()
            };
            // Half of the points on a grid of link/4 (exact distances of `link`), the others
            // clustered at a quarter of the scale.
            let pts: Vec<Point> = raw
                .iter()
                .map(|&(x, y, k)| match k {
                    0 | 1 => Point::new(f64::from(x) * link / 4.0, f64::from(y) * link / 4.0),
                    _ => Point::new(f64::from(x) * 0.01, f64::from(y) * 0.013),
                })
                .collect();
            proptest::prop_assert_eq!(r.zones_by_density(&pts), zones_by_every_pair(&r, &pts));
        }
    }
}
