//! The column dictionary: which headers (Chinese or English) name which field of an imported
//! list. Headers are matched after normalising case, spaces, `_`/`-` and a trailing unit in
//! brackets, so `月销量（条）`, `Monthly Sales` and `monthly_sales` are one column.

use std::collections::BTreeMap;

use super::error::{Collector, ImportError, ImportErrorKind, Source};
use super::table::Table;

/// One column of the dictionary.
#[derive(Debug, Clone, Copy)]
pub struct ColumnDef {
    /// Canonical (English) name; also the translation key suffix `import.column.<id>`.
    pub id: &'static str,
    /// Accepted headers; the first is the one exports and templates write.
    pub aliases: &'static [&'static str],
}

/// The headers a customer's id is read under (the customer list's, and any file that names
/// customers, such as a lock file).
pub const CUSTOMER_ID_ALIASES: &[&str] = &[
    "客户编码",
    "客户代码",
    "许可证号",
    "专卖许可证号",
    "customer_id",
    "id",
    "customer_code",
    "licence",
    "license",
];

/// Columns of a customer list. Required: customer_id, longitude + latitude (or x_km + y_km),
/// format, monthly_sales. All others are optional with documented defaults (docs/data.md).
pub const CUSTOMER_COLUMNS: &[ColumnDef] = &[
    ColumnDef {
        id: "customer_id",
        aliases: CUSTOMER_ID_ALIASES,
    },
    ColumnDef {
        id: "name",
        aliases: &[
            "客户名称",
            "名称",
            "店名",
            "商户名称",
            "name",
            "customer_name",
        ],
    },
    ColumnDef {
        id: "longitude",
        aliases: &["经度", "longitude", "lon", "lng"],
    },
    ColumnDef {
        id: "latitude",
        aliases: &["纬度", "latitude", "lat"],
    },
    ColumnDef {
        id: "x_km",
        aliases: &["x坐标", "x_km", "x"],
    },
    ColumnDef {
        id: "y_km",
        aliases: &["y坐标", "y_km", "y"],
    },
    ColumnDef {
        id: "format",
        aliases: &[
            "业态",
            "经营业态",
            "业态名称",
            "format",
            "industry",
            "format_code",
        ],
    },
    ColumnDef {
        id: "class",
        aliases: &["业态分类", "客户分类", "分类", "class", "format_class"],
    },
    ColumnDef {
        id: "zone",
        aliases: &["区域类型", "城乡类型", "市场类型", "zone", "market_type"],
    },
    ColumnDef {
        id: "admin",
        aliases: &["行政区划", "乡镇街道", "所属乡镇", "admin", "township"],
    },
    ColumnDef {
        id: "grade",
        aliases: &["档位", "客户档位", "grade"],
    },
    ColumnDef {
        id: "monthly_sales",
        aliases: &["月销量", "月均销量", "销量", "monthly_sales", "sales"],
    },
    ColumnDef {
        id: "monthly_amount",
        aliases: &[
            "月销售额",
            "月均销售额",
            "销售额",
            "monthly_amount",
            "amount",
        ],
    },
    ColumnDef {
        id: "loyalty",
        aliases: &["忠诚度", "loyalty"],
    },
    ColumnDef {
        id: "integrity",
        aliases: &["诚信度", "integrity"],
    },
    ColumnDef {
        id: "cooperation",
        aliases: &["合作度", "cooperation"],
    },
    ColumnDef {
        id: "growth",
        aliases: &["成长度", "growth"],
    },
    ColumnDef {
        id: "dependency",
        aliases: &["依存度", "dependency"],
    },
    ColumnDef {
        id: "night_shop",
        aliases: &["夜店", "夜间经营", "night_shop", "night"],
    },
    ColumnDef {
        id: "open",
        aliases: &["开门时间", "营业开始", "open", "opening_time"],
    },
    ColumnDef {
        id: "close",
        aliases: &["关门时间", "营业结束", "close", "closing_time"],
    },
    ColumnDef {
        id: "hours",
        aliases: &["营业时间", "opening_hours", "hours"],
    },
    ColumnDef {
        id: "growth_potential",
        aliases: &["成长潜力", "growth_potential"],
    },
    ColumnDef {
        id: "volatile_sales",
        aliases: &["销量波动", "volatile_sales"],
    },
    ColumnDef {
        id: "special_difficulty",
        aliases: &["特殊困难", "special_difficulty"],
    },
    ColumnDef {
        id: "current_manager",
        aliases: &["现客户经理", "客户经理", "current_manager", "manager"],
    },
    ColumnDef {
        id: "department",
        aliases: &[
            "部门",
            "所属部门",
            "客户服务部",
            "营销部",
            "区域营销部",
            "department",
        ],
    },
    // An area that stands for a department when the list has no department column.
    ColumnDef {
        id: "district",
        aliases: &["区县", "所属区县", "片区", "district"],
    },
    ColumnDef {
        id: "derived",
        aliases: &["派生字段", "derived"],
    },
];

/// Columns of a manager list. Required: manager_id. Optional: the rest (docs/data.md).
pub const MANAGER_COLUMNS: &[ColumnDef] = &[
    ColumnDef {
        id: "manager_id",
        aliases: &["客户经理编码", "员工编号", "工号", "manager_id", "id"],
    },
    ColumnDef {
        id: "manager_name",
        aliases: &["姓名", "客户经理", "name", "manager_name"],
    },
    ColumnDef {
        id: "department_id",
        aliases: &["部门编码", "department_id"],
    },
    ColumnDef {
        id: "department",
        aliases: &[
            "部门",
            "所属部门",
            "客户服务部",
            "department",
            "department_name",
        ],
    },
    ColumnDef {
        id: "competence",
        aliases: &["综合素质", "competence"],
    },
    ColumnDef {
        id: "skill_service",
        aliases: &["服务技能", "客户服务技能", "skill_service"],
    },
    ColumnDef {
        id: "skill_brand",
        aliases: &["品牌培育技能", "skill_brand"],
    },
    ColumnDef {
        id: "skill_training",
        aliases: &["培训指导技能", "skill_training"],
    },
    ColumnDef {
        id: "skill_research",
        aliases: &["市场调研技能", "skill_research"],
    },
    ColumnDef {
        id: "pay_grade",
        aliases: &["薪级", "薪酬等级", "pay_grade"],
    },
    ColumnDef {
        id: "market_manager",
        aliases: &["市场经理", "market_manager"],
    },
    ColumnDef {
        id: "base_longitude",
        aliases: &["驻地经度", "部门经度", "base_longitude"],
    },
    ColumnDef {
        id: "base_latitude",
        aliases: &["驻地纬度", "部门纬度", "base_latitude"],
    },
    ColumnDef {
        id: "base_x_km",
        aliases: &["驻地x坐标", "base_x_km"],
    },
    ColumnDef {
        id: "base_y_km",
        aliases: &["驻地y坐标", "base_y_km"],
    },
];

/// The dictionary entry `id` of `defs`.
pub fn def(defs: &'static [ColumnDef], id: &str) -> Option<&'static ColumnDef> {
    defs.iter().find(|d| d.id == id)
}

/// The header exports write for column `id` (its first alias).
pub fn header(defs: &'static [ColumnDef], id: &str) -> &'static str {
    def(defs, id)
        .and_then(|d| d.aliases.first().copied())
        .unwrap_or("")
}

/// A header reduced to what identifies it.
pub fn normalise(h: &str) -> String {
    let mut s = h.trim().to_lowercase();
    // A trailing unit in brackets: 月销量（条）, sales (cartons).
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if s.ends_with(close) {
            if let Some(i) = s.rfind(open) {
                if i > 0 {
                    s.truncate(i);
                }
            }
        }
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '*'))
        .collect()
}

/// Where each dictionary column sits in one table.
#[derive(Debug, Clone)]
pub struct Columns {
    idx: BTreeMap<&'static str, usize>,
    headers: Vec<String>,
}

impl Columns {
    /// Maps `table`'s headers to `defs`; unknown headers are ignored, a column named twice is
    /// an error.
    pub fn resolve(
        table: &Table,
        defs: &'static [ColumnDef],
        source: Source,
    ) -> Result<Columns, ImportError> {
        Columns::of_headers(&table.headers, table.header_row, defs, source)
    }

    /// Maps the header row `headers` (spreadsheet row `header_row`) to `defs` (see `resolve`).
    pub fn of_headers<S: AsRef<str>>(
        headers: &[S],
        header_row: usize,
        defs: &'static [ColumnDef],
        source: Source,
    ) -> Result<Columns, ImportError> {
        let mut idx = BTreeMap::new();
        for (i, h) in headers.iter().map(AsRef::as_ref).enumerate() {
            let n = normalise(h);
            if n.is_empty() {
                continue;
            }
            let found = defs
                .iter()
                .find(|d| d.aliases.iter().any(|a| normalise(a) == n));
            if let Some(d) = found {
                if idx.insert(d.id, i).is_some() {
                    return Err(ImportError::cell(
                        source,
                        header_row,
                        h,
                        h,
                        ImportErrorKind::DuplicateColumn,
                    ));
                }
            }
        }
        Ok(Columns {
            idx,
            headers: headers.iter().map(|h| h.as_ref().to_string()).collect(),
        })
    }

    pub fn has(&self, id: &str) -> bool {
        self.idx.contains_key(id)
    }

    /// The header as written in the file (for error messages), else the dictionary's name.
    pub fn header_of(&self, defs: &'static [ColumnDef], id: &str) -> String {
        self.idx
            .get(id)
            .and_then(|&i| self.headers.get(i).cloned())
            .unwrap_or_else(|| header(defs, id).to_string())
    }

    /// The cell of column `id` in `cells`: `None` when the column is absent or the cell empty.
    pub fn get<'a, S: AsRef<str>>(&self, cells: &'a [S], id: &str) -> Option<&'a str> {
        let i = *self.idx.get(id)?;
        cells.get(i).map(AsRef::as_ref).filter(|s| !s.is_empty())
    }

    /// Reports a missing required column (naming its accepted headers) into `errs`.
    pub fn require(
        &self,
        defs: &'static [ColumnDef],
        id: &str,
        source: Source,
        errs: &mut Collector,
    ) -> bool {
        if self.has(id) {
            return true;
        }
        let accepted = def(defs, id)
            .map(|d| d.aliases.join("/"))
            .unwrap_or_default();
        errs.push(ImportError {
            source,
            row: Some(1),
            column: Some(header(defs, id).to_string()),
            value: None,
            kind: ImportErrorKind::MissingColumn { accepted },
        });
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalise(" 月销量（条） "), "月销量");
        assert_eq!(normalise("Monthly Sales"), "monthlysales");
        assert_eq!(normalise("monthly_sales"), "monthlysales");
        assert_eq!(normalise("(x)"), "(x)");
    }

    #[test]
    fn aliases_are_unique_within_a_dictionary() {
        for defs in [CUSTOMER_COLUMNS, MANAGER_COLUMNS] {
            let mut seen = std::collections::BTreeSet::new();
            for d in defs {
                for a in d.aliases {
                    assert!(seen.insert(normalise(a)), "alias {a} twice");
                }
            }
        }
    }
}
