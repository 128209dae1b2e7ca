//! Province-size imports: the row limit (a list just over the old limit of 100,000 imports, one
//! over the limit is refused with the documented error), and the streaming readers giving the
//! same customers from one list saved as CSV (UTF-8, UTF-8 with BOM, GBK, UTF-16) and as XLSX.

use proptest::prelude::*;
use visit_sandbox::core::io::customers::import_customers_limited;
use visit_sandbox::core::io::{
    import_customers, CustomerImport, DeriveRules, ImportErrorKind, ImportErrors, MAX_CUSTOMERS,
};
use visit_sandbox::core::settings::Settings;
use visit_sandbox::i18n::{tf, Lang};

const HEAD: &str = "客户编码,客户名称,经度,纬度,业态,月销量,档位\n";

/// `n` rows of a thin list spread over about 100 × 100 km (cheap to write: no randomness).
fn list(n: usize) -> String {
    let mut s = String::with_capacity(HEAD.len() + n * 48);
    s.push_str(HEAD);
    let formats = ["食杂店", "便利店", "超市", "烟酒店", "娱乐服务"];
    for i in 0..n {
        let lon = 117.0 + (i % 997) as f64 * 0.001;
        let lat = 36.0 + (i % 991) as f64 * 0.0009;
        let f = formats[i % formats.len()];
        s.push_str(&format!(
            "C{i},店{i},{lon:.4},{lat:.4},{f},{},{}\n",
            i % 50,
            1 + i % 30
        ));
    }
    s
}

fn customers(bytes: &[u8], limit: usize) -> Result<CustomerImport, ImportErrors> {
    import_customers_limited(
        bytes,
        &Settings::default(),
        &DeriveRules::default(),
        None,
        limit,
    )
}

#[test]
fn the_limit_is_a_million_and_documented_as_such() {
    const { assert!(MAX_CUSTOMERS >= 1_000_000) };
    let text = |lang| {
        tf(
            lang,
            ImportErrorKind::TooManyRows {
                limit: MAX_CUSTOMERS,
            }
            .key(),
            &[("limit", MAX_CUSTOMERS.to_string())],
        )
    };
    assert!(text(Lang::ZhCn).contains(&MAX_CUSTOMERS.to_string()));
    assert!(text(Lang::En).contains(&MAX_CUSTOMERS.to_string()));
    let doc = include_str!("../docs/data.md");
    assert!(doc.contains("| customers per list | 1,000,000 (`MAX_CUSTOMERS`"));
}

#[test]
fn a_list_just_over_the_old_limit_imports() {
    let n = 100_001;
    let imp = import_customers(
        list(n).as_bytes(),
        &Settings::default(),
        &DeriveRules::default(),
        None,
    )
    .expect("imports");
    assert_eq!(imp.customers.len(), n);
    assert_eq!(imp.customers[n - 1].id, format!("C{}", n - 1));
}

/// The limit through the same reader with a small limit: the full `MAX_CUSTOMERS` + 1 rows
/// would take a minute at the tests' optimisation level, and the limit is one parameter of
/// the one reader (`import_customers` passes `MAX_CUSTOMERS`).
#[test]
fn one_row_over_the_limit_is_refused_with_the_documented_error() {
    let limit = 2_000;
    let ok = customers(list(limit).as_bytes(), limit).expect("at the limit");
    assert_eq!(ok.customers.len(), limit);
    let e = customers(list(limit + 1).as_bytes(), limit).expect_err("over");
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].kind, ImportErrorKind::TooManyRows { limit });
    assert_eq!(e.more, 0);
    // Blank lines are not rows.
    let spaced = list(limit).replace('\n', "\n\n");
    assert_eq!(
        customers(spaced.as_bytes(), limit)
            .expect("blank lines")
            .customers
            .len(),
        limit
    );
    // Bad rows before the limit do not hide it, and a million bad rows are not a million
    // messages: the errors stay capped.
    let bad = list(limit + 1).replace("食杂店", "宇宙飞船");
    let e = customers(bad.as_bytes(), limit).expect_err("over");
    assert_eq!(e.errors[0].kind, ImportErrorKind::TooManyRows { limit });
    let e = customers(list(limit).replace("食杂店", "宇宙飞船").as_bytes(), limit)
        .expect_err("bad formats");
    assert_eq!(e.errors.len(), visit_sandbox::core::io::error::MAX_REPORTED);
    assert_eq!(e.errors.len() + e.more, limit.div_ceil(5));
}

/// The list written as an XLSX workbook by an independent writer (`rust_xlsxwriter`: shared
/// strings, deflate), numbers as numbers.
fn xlsx(text: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(v) if r > 0 && c >= 2 => ws.write_number(r, c, v).map(|_| ()),
                _ => ws.write_string(r, c, cell).map(|_| ()),
            }
            .expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// One list saved five ways gives the same customers: the decoders and the sheet reader
    /// stream (in chunks the lists here are long enough to cross), the result is the file's.
    #[test]
    fn every_encoding_and_xlsx_give_the_same_customers(n in 1usize..4_000, skip in 0usize..7) {
        let text: String = list(n + 1)
            .lines()
            .enumerate()
            .filter(|(i, _)| *i == 0 || i % 7 != skip)
            .map(|(_, l)| format!("{l}\r\n"))
            .collect();
        let utf8 = text.as_bytes().to_vec();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&utf8);
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
        prop_assert!(!unmappable);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let want = customers(&utf8, MAX_CUSTOMERS).expect("utf-8").customers;
        for bytes in [bom, gbk.into_owned(), utf16, xlsx(&text)] {
            let got = customers(&bytes, MAX_CUSTOMERS).expect("imports").customers;
            prop_assert_eq!(&got, &want);
        }
    }
}
