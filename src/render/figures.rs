//! The sums the documents print, to two decimals, with their parts rounded so that they add
//! up on paper (issue 14): the cover letter's 20,58 = 16,52 + 4,06, the units' and the
//! areas' figures summing to it, in the letters, the annexes and the summary sheet alike.

use crate::analyze::{Analysis, UnitSummary};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// The places every total and sum is printed with.
pub const PLACES: u32 = 2;

/// `d` rounded half away from zero to [`PLACES`], as a total is printed.
pub fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(PLACES, RoundingStrategy::MidpointAwayFromZero)
}

/// The parts rounded to [`PLACES`] so that they sum to their rounded sum (the largest
/// remainder method): each part is cut down to the places, and the cents the cutting lost
/// go one each to the parts that lost the most; ties go to the earlier part.
pub fn apportion(parts: &[Decimal]) -> Vec<Decimal> {
    let total = round(parts.iter().sum());
    let floors: Vec<Decimal> = parts
        .iter()
        .map(|p| p.round_dp_with_strategy(PLACES, RoundingStrategy::ToNegativeInfinity))
        .collect();
    let cent = Decimal::new(1, PLACES);
    let missing = total - floors.iter().sum::<Decimal>();
    // Between 0 and the number of parts: each floor is less than a cent below its part, and
    // the rounded total at most half a cent below the exact one.
    let cents = (missing / cent).to_usize().unwrap_or(0);
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Stable: equal remainders keep the parts' order.
    order.sort_by_key(|&i| std::cmp::Reverse(parts[i] - floors[i]));
    let mut out = floors;
    for &i in order.iter().take(cents) {
        out[i] += cent;
    }
    out
}

/// Points lost per area as printed, in [`Analysis::areas`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaFigures {
    /// Điểm tối đa of the area's criteria in the table.
    pub max: Decimal,
    /// Điểm đạt: the maximum less the points lost, so that each row adds up too.
    pub achieved: Decimal,
    /// Điểm bị trừ.
    pub lost: Decimal,
}

/// Every sum of one analysis as the documents print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// The points lost over the counted criteria.
    pub lost: Decimal,
    /// Of which, to the appraisal (thẩm định).
    pub lost_appraisal: Decimal,
    /// Of which, to the sociological survey.
    pub lost_survey: Decimal,
    /// The points lost on the criteria each unit leads, in [`Analysis::units`] order.
    pub units: Vec<Decimal>,
    /// The points lost on criteria with no lead unit.
    pub unassigned: Decimal,
    /// Per area, in [`Analysis::areas`] order.
    pub areas: Vec<AreaFigures>,
    /// The maximum over the counted criteria.
    pub max: Decimal,
    /// The points achieved over the counted criteria.
    pub achieved: Decimal,
}

impl Printed {
    /// The printed figures of `analysis`: each breakdown of the points lost apportioned
    /// from the same rounded total.
    pub fn of(analysis: &Analysis) -> Printed {
        let t = &analysis.totals;
        let split = apportion(&[t.lost_appraisal, t.lost_survey]);
        let mut by_unit: Vec<Decimal> = analysis.units.iter().map(|u| u.lead.lost).collect();
        by_unit.push(analysis.unassigned.totals.lost);
        let mut by_unit = apportion(&by_unit);
        let unassigned = by_unit.pop().unwrap_or_default();
        let area_lost = apportion(
            &analysis
                .areas
                .iter()
                .map(|a| a.totals.lost)
                .collect::<Vec<_>>(),
        );
        let area_max = apportion(
            &analysis
                .areas
                .iter()
                .map(|a| a.totals.max)
                .collect::<Vec<_>>(),
        );
        let areas = area_max
            .into_iter()
            .zip(area_lost)
            .map(|(max, lost)| AreaFigures {
                max,
                achieved: max - lost,
                lost,
            })
            .collect();
        let lost = round(t.lost);
        let max = round(t.max);
        Printed {
            lost,
            lost_appraisal: split[0],
            lost_survey: split[1],
            units: by_unit,
            unassigned,
            areas,
            max,
            achieved: max - lost,
        }
    }
}

impl Printed {
    /// The points lost on the criteria `unit` leads, as the cover letter prints them.
    pub fn lead(&self, analysis: &Analysis, unit: &UnitSummary) -> Decimal {
        analysis
            .units
            .iter()
            .position(|u| u.name == unit.name)
            .and_then(|i| self.units.get(i).copied())
            .unwrap_or_else(|| round(unit.lead.lost))
    }

    /// The points lost on the criteria `unit` co-operates on, rounded as a sum: they are
    /// another unit's share, and sum to nothing printed elsewhere.
    pub fn cooperating(analysis: &Analysis, unit: &UnitSummary) -> Decimal {
        round(
            unit.cooperating
                .iter()
                .filter_map(|r| analysis.criteria.get(r.index))
                .map(|c| c.lost)
                .sum(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ds(xs: &[&str]) -> Vec<Decimal> {
        xs.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn parts_add_up_to_the_rounded_total() {
        // The sample: 16,516 + 4,065 = 20,581. Rounded alone they print 16,52 + 4,07 = 20,59.
        assert_eq!(apportion(&ds(&["16.516", "4.065"])), ds(&["16.52", "4.06"]));
        // Its areas: 20,581 over six areas, two cents to hand out.
        assert_eq!(
            apportion(&ds(&["2.424", "0.487", "1.766", "3.754", "2.76", "9.39"])),
            ds(&["2.42", "0.49", "1.77", "3.75", "2.76", "9.39"])
        );
        // Ties go to the earlier part.
        assert_eq!(
            apportion(&ds(&["0.335", "0.335", "0.33"])),
            ds(&["0.34", "0.33", "0.33"])
        );
        assert_eq!(apportion(&[]), Vec::<Decimal>::new());
        assert_eq!(apportion(&ds(&["5", "0"])), ds(&["5.00", "0.00"]));
    }

    #[test]
    fn parts_always_sum_to_the_rounded_total() {
        // A deterministic spread of three-place parts.
        let mut seed = 7u64;
        for _ in 0..500 {
            let parts: Vec<Decimal> = (0..1 + seed % 9)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    Decimal::new(i64::try_from((seed >> 33) % 10_000).unwrap(), 3)
                })
                .collect();
            let printed = apportion(&parts);
            assert_eq!(
                printed.iter().sum::<Decimal>(),
                round(parts.iter().sum()),
                "{parts:?}"
            );
            for (p, q) in parts.iter().zip(&printed) {
                assert!((p - q).abs() < d("0.01"), "{p} printed as {q}");
            }
        }
    }
}
