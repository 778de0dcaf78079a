//! Stage 3, analyze: an [`Appraisal`] to an [`Analysis`]: which rows are groups, parents and
//! counted leaves; the exact points lost; the totals, per unit and per area; the split
//! between appraisal and survey points; the reconciliation with the declared total.

pub mod diff;

use crate::config::Config;
use crate::model::{Appraisal, Code, DeclaredTotal, Row, Score, Warned, Warning};
use crate::text;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// What a row is in the criterion tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// No score (or "không áp dụng"): a heading over the rows it prefixes.
    Group,
    /// A scored row whose scored children carry its points (5.11 in the seed): not counted.
    Parent,
    /// A scored row without scored children: counted.
    Leaf,
}

/// A counted criterion with its loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Its index in [`Appraisal::rows`].
    pub index: usize,
    /// The criterion code.
    pub code: Code,
    /// The points achieved and maximum.
    pub score: Score,
    /// Điểm bị trừ: points lost, maximum − achieved, exact.
    pub lost: Decimal,
    /// Whether it is scored by the sociological survey (Điều tra xã hội học).
    pub survey: bool,
}

/// Sums of points over a set of criteria.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Điểm tối đa.
    pub max: Decimal,
    /// Điểm đạt.
    pub achieved: Decimal,
    /// Điểm bị trừ.
    pub lost: Decimal,
    /// Of the points lost, those lost on survey criteria (ĐTXHH).
    pub lost_survey: Decimal,
}

impl Totals {
    fn add(&mut self, c: &Criterion) {
        self.max += c.score.max;
        self.achieved += c.score.achieved;
        self.lost += c.lost;
        if c.survey {
            self.lost_survey += c.lost;
        }
    }

    /// Of the points lost, those lost to the appraisal (thẩm định), not the survey.
    pub fn lost_appraisal(&self) -> Decimal {
        self.lost - self.lost_survey
    }
}

/// A responsible unit and the criteria it must act on (only criteria with a loss).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSummary {
    /// The canonical name.
    pub name: String,
    /// How a letter addresses it after "Kính gửi:".
    pub addressee: String,
    /// The points lost on the criteria it leads (chủ trì).
    pub lead: Totals,
    /// The criteria it leads, as indexes into [`Analysis::criteria`].
    pub led: Vec<usize>,
    /// The criteria it co-operates on (phối hợp), as indexes into [`Analysis::criteria`].
    pub cooperating: Vec<usize>,
}

/// The criteria with a loss and no responsible unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unassigned {
    /// Their points.
    pub totals: Totals,
    /// The criteria, as indexes into [`Analysis::criteria`].
    pub criteria: Vec<usize>,
}

/// One area (lĩnh vực).
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSummary {
    /// The area number.
    pub area: u32,
    /// Its name from the config or the scheme.
    pub name: Option<String>,
    /// Its points over the counted criteria listed.
    pub totals: Totals,
    /// How many counted criteria fell short.
    pub short: usize,
}

/// The computed total against the declared one.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    /// The declared total row.
    pub declared: DeclaredTotal,
    /// The points lost the declaration implies (its note, else maximum − achieved).
    pub declared_lost: Decimal,
    /// Computed minus declared.
    pub difference: Decimal,
    /// Half a unit of the declared figure's last decimal (0.005 for "20,58").
    pub tolerance: Decimal,
}

impl Reconciliation {
    /// Whether the difference is within the rounding of the declared figure.
    pub fn agrees(&self) -> bool {
        self.difference.abs() <= self.tolerance
    }
}

/// The analysis of one appraisal: the output of [`analyze`].
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// What was parsed.
    pub appraisal: Appraisal,
    /// The kind of each row of [`Appraisal::rows`].
    pub kinds: Vec<RowKind>,
    /// The counted (leaf) criteria in sheet order, including those at full marks.
    pub criteria: Vec<Criterion>,
    /// Totals over the counted criteria.
    pub totals: Totals,
    /// Responsible units, in order of first appearance.
    pub units: Vec<UnitSummary>,
    /// Points lost with no responsible unit.
    pub unassigned: Unassigned,
    /// Areas in code order.
    pub areas: Vec<AreaSummary>,
    /// The reconciliation, when the input declares a total.
    pub reconciliation: Option<Reconciliation>,
    /// The appraisal year: the config's, else the title block's.
    pub year: Option<i32>,
}

impl Analysis {
    /// The parsed row of a counted criterion.
    pub fn row(&self, criterion: &Criterion) -> &Row {
        &self.appraisal.rows[criterion.index]
    }

    /// The counted criteria that lost points.
    pub fn shortfalls(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| c.lost > Decimal::ZERO)
    }

    /// The rows the analysis annex lists, Excel and Word alike, in sheet order: every
    /// criterion that lost points, and every group or parent with such a criterion below it
    /// (a parent appears once, as a heading, issue 3).
    pub fn annex_lines(&self) -> Vec<AnnexLine<'_>> {
        let short: HashMap<usize, &Criterion> = self.shortfalls().map(|c| (c.index, c)).collect();
        // Every strict ancestor of a shortfall: one pass, not a scan of the rows per heading.
        let mut above: HashSet<&[u32]> = HashSet::new();
        for c in short.values() {
            let parts = c.code.0.as_slice();
            above.extend((1..parts.len()).map(|n| &parts[..n]));
        }
        self.appraisal
            .rows
            .iter()
            .enumerate()
            .filter_map(|(index, row)| match self.kinds.get(index) {
                Some(RowKind::Leaf) => short.get(&index).map(|c| AnnexLine::Shortfall(row, c)),
                Some(RowKind::Group | RowKind::Parent) => above
                    .contains(row.code.0.as_slice())
                    .then_some(AnnexLine::Heading(row)),
                None => None,
            })
            .collect()
    }
}

/// A line of the analysis annex.
#[derive(Debug, Clone, Copy)]
pub enum AnnexLine<'a> {
    /// A group or parent heading over criteria that lost points.
    Heading(&'a Row),
    /// A criterion that lost points.
    Shortfall(&'a Row, &'a Criterion),
}

/// Analyzes an appraisal.
pub fn analyze(appraisal: Appraisal, config: &Config) -> Warned<Analysis> {
    let mut warnings = Vec::new();
    let rows = &appraisal.rows;
    // Every strict ancestor of a scored code, so that telling parents from leaves stays
    // linear in the number of rows (comparing every pair grew with their square).
    let scored_ancestors: HashSet<&[u32]> = rows
        .iter()
        .filter(|o| o.score.is_some())
        .flat_map(|o| (1..o.code.0.len()).map(|n| &o.code.0[..n]))
        .collect();
    let kinds: Vec<RowKind> = rows
        .iter()
        .map(|row| match row.score {
            None => RowKind::Group,
            Some(_) if scored_ancestors.contains(row.code.0.as_slice()) => RowKind::Parent,
            Some(_) => RowKind::Leaf,
        })
        .collect();

    let mut criteria = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let Some(score) = row.score.filter(|_| kinds[index] == RowKind::Leaf) else {
            continue;
        };
        let lost = score.lost();
        criteria.push(Criterion {
            index,
            code: row.code.clone(),
            score,
            lost,
            survey: is_survey(rows, index),
        });
        check_note(row, lost, &mut warnings);
    }

    check_parents(rows, &kinds, &criteria, &mut warnings);

    let mut totals = Totals::default();
    let mut units: Vec<UnitSummary> = Vec::new();
    let mut unassigned = Unassigned::default();
    // Folded only if some unit needs its addressee.
    let directory = std::cell::LazyCell::new(|| crate::parse::units::Directory::new(config));
    for (i, c) in criteria.iter().enumerate() {
        totals.add(c);
        if c.lost.is_zero() {
            continue;
        }
        let row = &rows[c.index];
        if row.units.is_empty() {
            unassigned.totals.add(c);
            unassigned.criteria.push(i);
            warnings.push(Warning {
                row: Some(row.row),
                code: Some(c.code.to_string()),
                message: format!(
                    "tiêu chí {} chưa có cơ quan chủ trì; {} điểm bị trừ được tính vào mục \"Chưa giao đơn vị\"",
                    c.code,
                    text::vn(c.lost)
                ),
            });
            continue;
        }
        for (position, name) in row.units.iter().enumerate() {
            let at = match units.iter().position(|u| &u.name == name) {
                Some(at) => at,
                None => {
                    units.push(UnitSummary {
                        name: name.clone(),
                        addressee: directory
                            .find(name)
                            .and_then(|u| u.addressee.clone())
                            .unwrap_or_else(|| name.clone()),
                        lead: Totals::default(),
                        led: Vec::new(),
                        cooperating: Vec::new(),
                    });
                    units.len() - 1
                }
            };
            let unit = &mut units[at];
            if position == 0 {
                unit.lead.add(c);
                unit.led.push(i);
            } else {
                unit.cooperating.push(i);
            }
        }
    }

    let mut areas: Vec<AreaSummary> = Vec::new();
    for c in &criteria {
        let area = c.code.area();
        let at = match areas.iter().position(|a| a.area == area) {
            Some(at) => at,
            None => {
                areas.push(AreaSummary {
                    area,
                    name: config.area_name(area),
                    totals: Totals::default(),
                    short: 0,
                });
                areas.len() - 1
            }
        };
        areas[at].totals.add(c);
        if c.lost > Decimal::ZERO {
            areas[at].short += 1;
        }
    }
    areas.sort_by_key(|a| a.area);

    let reconciliation = appraisal.declared_total.clone().map(|declared| {
        let implied = declared.score.max - declared.score.achieved;
        let declared_lost = declared.lost.unwrap_or(implied);
        let scale = [declared.score.achieved, declared.score.max, declared_lost]
            .iter()
            .map(Decimal::scale)
            .max()
            .unwrap_or(0);
        let tolerance = Decimal::new(5, scale + 1);
        let r = Reconciliation {
            declared,
            declared_lost,
            difference: totals.lost - declared_lost,
            tolerance,
        };
        if !r.agrees() {
            warnings.push(Warning {
                row: Some(r.declared.row),
                code: None,
                message: format!(
                    "tổng điểm bị trừ tính được là {} nhưng dòng tổng ghi {} (chênh lệch {})",
                    text::vn(totals.lost),
                    text::vn(r.declared_lost),
                    text::vn(r.difference)
                ),
            });
        }
        if let Some(note) = r.declared.lost.filter(|n| (*n - implied).abs() > tolerance) {
            warnings.push(Warning {
                row: Some(r.declared.row),
                code: None,
                message: format!(
                    "dòng tổng ghi {} điểm bị trừ nhưng {}/{} cho {}",
                    text::vn(note),
                    text::vn(r.declared.score.achieved),
                    text::vn(r.declared.score.max),
                    text::vn(implied)
                ),
            });
        }
        r
    });

    let year = config.year.or(appraisal.title.year);
    Warned {
        output: Analysis {
            appraisal,
            kinds,
            criteria,
            totals,
            units,
            unassigned,
            areas,
            reconciliation,
            year,
        },
        warnings,
    }
}

/// Survey criteria are marked only by "Điều tra xã hội học" in the opinion (domain notes §9,
/// irregularity 14); a leaf with no opinion of its own takes its nearest heading's.
fn is_survey(rows: &[Row], index: usize) -> bool {
    let marks = |opinion: &str| {
        let key = text::header_key(opinion);
        key.contains("dieu tra xa hoi hoc") || key.split(' ').any(|w| w == "dtxhh")
    };
    let row = &rows[index];
    if !row.opinion.is_empty() {
        return marks(&row.opinion);
    }
    rows[..index]
        .iter()
        .rev()
        .find(|o| o.code.is_ancestor_of(&row.code))
        .is_some_and(|o| marks(&o.opinion))
}

/// A number in the note column is the points lost as the author computed them: compare.
fn check_note(row: &Row, lost: Decimal, warnings: &mut Vec<Warning>) {
    if let Some(note) = crate::parse::number::number(&row.note)
        && note != lost
    {
        warnings.push(Warning {
            row: Some(row.row),
            code: Some(row.code.to_string()),
            message: format!(
                "cột ghi chú ghi {} điểm bị trừ nhưng {} cho {}",
                row.note,
                score_text(row),
                text::vn(lost)
            ),
        });
    }
}

/// A parent's own loss should equal its leaves' sum; only the leaves are counted either way.
fn check_parents(
    rows: &[Row],
    kinds: &[RowKind],
    criteria: &[Criterion],
    warnings: &mut Vec<Warning>,
) {
    for (index, row) in rows.iter().enumerate() {
        let (RowKind::Parent, Some(score)) = (kinds[index], row.score) else {
            continue;
        };
        let children: Decimal = criteria
            .iter()
            .filter(|c| row.code.is_ancestor_of(&c.code))
            .map(|c| c.lost)
            .sum();
        if children != score.lost() {
            warnings.push(Warning {
                row: Some(row.row),
                code: Some(row.code.to_string()),
                message: format!(
                    "tiêu chí {} bị trừ {} điểm nhưng các tiêu chí thành phần bị trừ tổng cộng {}; chỉ tính các tiêu chí thành phần",
                    row.code,
                    text::vn(score.lost()),
                    text::vn(children)
                ),
            });
        }
    }
}

fn score_text(row: &Row) -> String {
    row.score
        .map(|s| format!("{}/{}", text::vn(s.achieved), text::vn(s.max)))
        .unwrap_or_default()
}
