//! Vietnamese number and date formatting: the decimal comma, rounding half away from zero,
//! and dates by the rule of Decree 30 (Phụ lục I, II.4b).

use crate::model::DocDate;
use rust_decimal::Decimal;

/// A decimal as Vietnamese writes it: decimal comma, no trailing zeros ("0,25", "20,581").
pub fn vn(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

/// A decimal rounded half away from zero to `dp` places, as Vietnamese writes it, keeping
/// the places ("20,58", "1,50"). rust_decimal's `round_dp` rounds half to even.
pub fn vn_fixed(d: Decimal, dp: u32) -> String {
    let mut r = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r.to_string().replace('.', ",")
}

/// A criterion's points lost as the annexes print them: two places at least, more when the
/// figure has them ("0,50", "0,25", "0,257"), as the Excel annex's number format shows it.
pub fn vn_points(d: Decimal) -> String {
    let mut r = d.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    r.to_string().replace('.', ",")
}

/// The blank left for the văn thư to fill in a draft's number or day (Decree 30, Phụ lục I,
/// II.3: "Số:      /UBND-NV"). No-break spaces, so that the blank and what it stands in
/// front of never part at a line end (issue 14).
pub const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// A day or month as the date rule writes it (Decree 30, Phụ lục I, II.4b): days 1–9 and the
/// months 1 and 2 take a leading zero, other months do not.
fn day_text(day: u32) -> String {
    format!("{day:02}")
}

fn month_text(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// "ngày 05 tháng 01 năm 2021", "ngày 30 tháng 10 năm 2020"; blanks for a draft's missing
/// parts ("ngày       tháng 11 năm 2020").
pub fn vn_date_words(date: &DocDate) -> String {
    // A blank replaces the number and its spaces: "ngày      tháng 11 năm 2020".
    let part = |n: Option<String>| n.map_or(BLANK.to_string(), |n| format!(" {n} "));
    let day = part(date.day.map(day_text));
    let month = part(date.month.map(month_text));
    format!("ngày{day}tháng{month}năm {}", date.year)
}

/// "30/10/2020" as in the seed's reference line; blanks for a draft ("      /11/2020").
pub fn vn_date_short(date: &DocDate) -> String {
    let day = date.day.map_or(BLANK.to_string(), |d| format!("{d:02}"));
    let month = date.month.map_or(BLANK.to_string(), |m| format!("{m:02}"));
    format!("{day}/{month}/{}", date.year)
}

#[cfg(test)]
mod date_tests {
    use super::*;
    use crate::model::DocDate;

    #[test]
    fn the_date_rule() {
        let d = |s| vn_date_words(&DocDate::parse(s).unwrap());
        assert_eq!(d("2021-01-05"), "ngày 05 tháng 01 năm 2021");
        assert_eq!(d("2020-10-30"), "ngày 30 tháng 10 năm 2020");
        assert_eq!(d("2020-03-05"), "ngày 05 tháng 3 năm 2020");
        assert_eq!(d("2020-02-15"), "ngày 15 tháng 02 năm 2020");
        assert_eq!(
            d("2020-11"),
            "ngày\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}tháng 11 năm 2020"
        );
        assert_eq!(vn_points(Decimal::new(5, 1)), "0,50");
        assert_eq!(vn_points(Decimal::new(257, 3)), "0,257");
        assert_eq!(vn_points(Decimal::new(1000, 3)), "1,00");
        assert_eq!(
            vn_date_short(&DocDate::parse("2020-10-30").unwrap()),
            "30/10/2020"
        );
    }
}
