//! Stage 3, analyze: an [`Appraisal`] to an [`Analysis`]: which rows are groups, parents and
//! counted leaves; the exact points lost; the totals, per unit and per area; the split
//! between appraisal and survey points; the reconciliation with the declared total.

pub mod diff;

use crate::config::Config;
use crate::model::{Appraisal, Code, DeclaredTotal, Row, Score, Warned, Warning, exact};
use crate::text;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

serde_with::with_prefix!(prefix_total "total_");
serde_with::with_prefix!(prefix_lead "lead_");

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

/// A counted criterion with its loss, and what its row says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Its index in [`Appraisal::rows`].
    #[serde(skip)]
    pub index: usize,
    /// The criterion code.
    pub code: Code,
    /// Its name, without the code.
    pub title: String,
    /// Its area (lĩnh vực): the code's first part.
    pub area: u32,
    /// The 1-based sheet row.
    pub row: usize,
    /// The points achieved and maximum.
    #[serde(flatten)]
    pub score: Score,
    /// Điểm bị trừ: points lost, maximum − achieved, exact.
    #[serde(with = "exact")]
    pub lost: Decimal,
    /// Whether it is scored by the sociological survey (Điều tra xã hội học).
    pub survey: bool,
    /// The responsible units, lead (chủ trì) first.
    pub units: Vec<String>,
    /// Ý kiến thẩm định: the appraisal opinion, as written.
    pub opinion: String,
    /// Nguyên nhân, giải pháp: cause and solution, as written.
    pub solution: String,
    /// Ghi chú: the note column, as written.
    pub note: String,
}

/// A counted criterion named in a list (a unit's, the unassigned ones): serialized as its
/// code, used through its index into [`Analysis::criteria`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CriterionRef {
    /// The index into [`Analysis::criteria`].
    #[serde(skip)]
    pub index: usize,
    /// The criterion's code.
    pub code: Code,
}

/// Sums of points over a set of criteria.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Điểm tối đa.
    #[serde(with = "exact")]
    pub max: Decimal,
    /// Điểm đạt.
    #[serde(with = "exact")]
    pub achieved: Decimal,
    /// Điểm bị trừ.
    #[serde(with = "exact")]
    pub lost: Decimal,
    /// Of the points lost, those lost to the appraisal (thẩm định).
    #[serde(with = "exact")]
    pub lost_appraisal: Decimal,
    /// Of the points lost, those lost on survey criteria (ĐTXHH).
    #[serde(with = "exact")]
    pub lost_survey: Decimal,
}

impl Totals {
    fn add(&mut self, c: &Criterion) {
        self.max += c.score.max;
        self.achieved += c.score.achieved;
        self.lost += c.lost;
        if c.survey {
            self.lost_survey += c.lost;
        } else {
            self.lost_appraisal += c.lost;
        }
    }
}

/// A responsible unit and the criteria it must act on (only criteria with a loss).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitSummary {
    /// The canonical name.
    pub name: String,
    /// How a letter addresses it after "Kính gửi:".
    pub addressee: String,
    /// The points of the criteria it leads (chủ trì).
    #[serde(flatten, with = "prefix_lead")]
    pub lead: Totals,
    /// The criteria it leads.
    #[serde(rename = "lead")]
    pub led: Vec<CriterionRef>,
    /// The criteria it co-operates on (phối hợp).
    pub cooperating: Vec<CriterionRef>,
}

/// The criteria with a loss and no responsible unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Unassigned {
    /// Their points.
    #[serde(flatten)]
    pub totals: Totals,
    /// The criteria.
    pub criteria: Vec<CriterionRef>,
}

/// One area (lĩnh vực).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaSummary {
    /// The area number.
    pub area: u32,
    /// Its name from the config or the scheme.
    pub name: Option<String>,
    /// Its points over the counted criteria listed.
    #[serde(flatten)]
    pub totals: Totals,
    /// How many counted criteria fell short.
    pub short: usize,
}

/// The computed total against the declared one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// The declared total row.
    #[serde(flatten)]
    pub declared: DeclaredTotal,
    /// The points lost the declaration implies (its note, else maximum − achieved).
    #[serde(with = "exact")]
    pub declared_lost: Decimal,
    /// Computed minus declared.
    #[serde(with = "exact")]
    pub difference: Decimal,
    /// Half a unit of the declared figure's last decimal (0.005 for "20,58").
    #[serde(with = "exact")]
    pub tolerance: Decimal,
    /// Whether the difference is within the rounding of the declared figure.
    pub agrees: bool,
}

/// Where the unit's index (its score out of the index's maximum) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndexSource {
    /// The table's total row, which agrees with its criteria.
    TotalRow,
    /// The configuration's `[index]`.
    Config,
    /// The criteria themselves: their maxima cover the whole index.
    Criteria,
}

/// The unit's index (Chỉ số CCHC) as far as it is known: the letters state "đạt X/Y điểm"
/// only from this (issue 13), never from a sum over the few criteria a table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexScore {
    /// The points achieved and the index's maximum.
    #[serde(flatten)]
    pub score: Score,
    /// Where they come from.
    pub source: IndexSource,
}

/// The analysis of one appraisal: the output of [`analyze`]. Serialized, it is the object
/// `check --json` prints (with the warnings beside it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// What was parsed: the source, sheet, layout and title block.
    #[serde(flatten)]
    pub appraisal: Appraisal,
    /// The kind of each row of [`Appraisal::rows`].
    #[serde(skip)]
    pub kinds: Vec<RowKind>,
    /// The reconciliation, when the input declares a total.
    #[serde(rename = "declared_total")]
    pub reconciliation: Option<Reconciliation>,
    /// Totals over the counted criteria.
    #[serde(flatten, with = "prefix_total")]
    pub totals: Totals,
    /// The counted (leaf) criteria in sheet order, including those at full marks.
    pub criteria: Vec<Criterion>,
    /// Responsible units, in order of first appearance.
    pub units: Vec<UnitSummary>,
    /// Points lost with no responsible unit.
    pub unassigned: Unassigned,
    /// Areas in code order.
    pub areas: Vec<AreaSummary>,
    /// The appraisal year: the config's, else the title block's.
    pub year: Option<i32>,
    /// The unit's index, when it is known ([`index_score`]).
    pub index: Option<IndexScore>,
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
        self.annex_lines_where(|_| true)
    }

    /// The lines of the annex that lists only the criteria `keep` picks, under their own
    /// headings: a unit letter's annex of the criteria it leads or co-operates on.
    pub fn annex_lines_where(&self, keep: impl Fn(&Criterion) -> bool) -> Vec<AnnexLine<'_>> {
        let short: HashMap<usize, &Criterion> = self
            .shortfalls()
            .filter(|c| keep(c))
            .map(|c| (c.index, c))
            .collect();
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

/// Analyzes an appraisal: [`classify`] its rows, take the [`losses`] of the counted
/// criteria, sum them [`per_unit`] and [`per_area`], and [`reconcile`] the sum with the
/// declared total.
///
/// # Examples
///
/// ```
/// use cchc::Config;
/// use std::path::Path;
///
/// let config = Config::load(Path::new("input/cchc.toml"))?;
/// let path = Path::new("input/tuan-giao-2019.xlsx");
/// // The sheets are read one at a time, as the parser asks for them.
/// let book = cchc::read::read(path, None)?;
/// let parsed = cchc::parse::parse(book, path, &config)?;
/// let analysis = cchc::analyze(parsed.output, &config).output;
/// let noi_vu = analysis.units.iter().find(|u| u.name == "Phòng Nội vụ").unwrap();
/// assert_eq!(noi_vu.lead.lost.normalize().to_string(), "5.52");
/// assert!(analysis.reconciliation.unwrap().agrees);
/// # Ok::<(), cchc::Error>(())
/// ```
pub fn analyze(appraisal: Appraisal, config: &Config) -> Warned<Analysis> {
    let mut warnings = Vec::new();
    let kinds = classify(&appraisal.rows);
    let criteria = losses(&appraisal.rows, &kinds, &mut warnings);
    check_parents(&appraisal.rows, &kinds, &criteria, &mut warnings);
    let mut totals = Totals::default();
    for c in &criteria {
        totals.add(c);
    }
    let (units, unassigned) = per_unit(&criteria, config, &mut warnings);
    let areas = per_area(&appraisal.rows, &criteria, config, &mut warnings);
    let reconciliation = appraisal
        .declared_total
        .clone()
        .map(|declared| reconcile(declared, &totals, &mut warnings));
    let year = config.year.or(appraisal.title.year);
    let index = index_score(reconciliation.as_ref(), &totals, config);
    Warned {
        output: Analysis {
            appraisal,
            kinds,
            reconciliation,
            totals,
            criteria,
            units,
            unassigned,
            areas,
            year,
            index,
        },
        warnings,
    }
}

/// The unit's index, when it is known: from the table's total row when it agrees with the
/// criteria, else from the configuration's `[index]`, else from the criteria when their
/// maxima make up the whole index (100 points unless `[index] max` says otherwise).
pub fn index_score(
    reconciliation: Option<&Reconciliation>,
    totals: &Totals,
    config: &Config,
) -> Option<IndexScore> {
    let index_max = config.index.max.unwrap_or(Decimal::ONE_HUNDRED);
    if let Some(r) = reconciliation.filter(|r| r.agrees) {
        return Some(IndexScore {
            score: r.declared.score,
            source: IndexSource::TotalRow,
        });
    }
    if let Some(achieved) = config.index.score {
        return Some(IndexScore {
            score: Score {
                achieved,
                max: index_max,
            },
            source: IndexSource::Config,
        });
    }
    (totals.max == index_max).then_some(IndexScore {
        score: Score {
            achieved: totals.achieved,
            max: totals.max,
        },
        source: IndexSource::Criteria,
    })
}

/// What each row is: a group heading (no score), a parent (scored, with scored children) or
/// a counted leaf.
pub fn classify(rows: &[Row]) -> Vec<RowKind> {
    // Every strict ancestor of a scored code, so that telling parents from leaves stays
    // linear in the number of rows (comparing every pair grew with their square).
    let scored_ancestors: HashSet<&[u32]> = rows
        .iter()
        .filter(|o| o.score.is_some())
        .flat_map(|o| (1..o.code.0.len()).map(|n| &o.code.0[..n]))
        .collect();
    rows.iter()
        .map(|row| match row.score {
            None => RowKind::Group,
            Some(_) if scored_ancestors.contains(row.code.0.as_slice()) => RowKind::Parent,
            Some(_) => RowKind::Leaf,
        })
        .collect()
}

/// The counted criteria (the leaves) with their exact losses, in sheet order; a note
/// column that disagrees with a loss is a warning.
pub fn losses(rows: &[Row], kinds: &[RowKind], warnings: &mut Vec<Warning>) -> Vec<Criterion> {
    let mut criteria = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let Some(score) = row.score.filter(|_| kinds[index] == RowKind::Leaf) else {
            continue;
        };
        let lost = score.lost();
        criteria.push(Criterion {
            index,
            code: row.code.clone(),
            title: row.title.clone(),
            area: row.code.area(),
            row: row.row,
            score,
            lost,
            survey: is_survey(rows, index),
            units: row.units.clone(),
            opinion: row.opinion.clone(),
            solution: row.solution.clone(),
            note: row.note.clone(),
        });
        check_note(row, lost, warnings);
    }
    criteria
}

/// The points lost per responsible unit, in order of first appearance: the lead unit (the
/// first named) carries the loss, the others co-operate. Criteria with a loss and no unit
/// are set apart, with a warning each.
pub fn per_unit(
    criteria: &[Criterion],
    config: &Config,
    warnings: &mut Vec<Warning>,
) -> (Vec<UnitSummary>, Unassigned) {
    let mut units: Vec<UnitSummary> = Vec::new();
    let mut unassigned = Unassigned::default();
    // Folded only if some unit needs its addressee.
    let directory = std::cell::LazyCell::new(|| crate::parse::units::Directory::new(config));
    for (index, c) in criteria.iter().enumerate() {
        if c.lost.is_zero() {
            continue;
        }
        let listed = CriterionRef {
            index,
            code: c.code.clone(),
        };
        if c.units.is_empty() {
            unassigned.totals.add(c);
            unassigned.criteria.push(listed);
            warnings.push(Warning {
                row: Some(c.row),
                code: Some(c.code.to_string()),
                message: format!(
                    "tiêu chí {} chưa có cơ quan chủ trì; {} điểm bị trừ được tính vào mục \"Chưa giao đơn vị\"",
                    c.code,
                    text::vn(c.lost)
                ),
            });
            continue;
        }
        for (position, name) in c.units.iter().enumerate() {
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
                unit.led.push(listed.clone());
            } else {
                unit.cooperating.push(listed.clone());
            }
        }
    }
    (units, unassigned)
}

/// The points per area (lĩnh vực), in code order. An area is named by the table's own
/// heading row ("2. CẢI CÁCH THỂ CHẾ") when it has one, else by the config or its scheme; a
/// heading that names the area otherwise than the config is a warning (issue 13: a table of
/// the 2022 frame run with the 2012 scheme).
pub fn per_area(
    rows: &[Row],
    criteria: &[Criterion],
    config: &Config,
    warnings: &mut Vec<Warning>,
) -> Vec<AreaSummary> {
    let mut areas: Vec<AreaSummary> = Vec::new();
    for c in criteria {
        let at = match areas.iter().position(|a| a.area == c.area) {
            Some(at) => at,
            None => {
                areas.push(AreaSummary {
                    area: c.area,
                    name: area_name(rows, c.area, config, warnings),
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
    areas
}

/// The name of `area`: the title of the table's heading row coded with the area number
/// alone, else the config's.
fn area_name(
    rows: &[Row],
    area: u32,
    config: &Config,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    let configured = config.area_name(area);
    let Some(heading) = rows
        .iter()
        .find(|r| r.code.0 == [area] && r.score.is_none() && !r.title.is_empty())
    else {
        return configured;
    };
    if let Some(name) = &configured
        && text::header_key(name) != text::header_key(&heading.title)
    {
        warnings.push(Warning {
            row: Some(heading.row),
            code: None,
            message: format!(
                "bảng gọi lĩnh vực {area} là `{}`, cấu hình gọi là `{name}` (xem [areas] scheme); dùng tên trong bảng",
                heading.title
            ),
        });
    }
    Some(heading.title.clone())
}

/// The computed points lost against the declared total row, within the rounding of the
/// declared figure; a disagreement, or a total row that contradicts itself, is a warning.
pub fn reconcile(
    declared: DeclaredTotal,
    totals: &Totals,
    warnings: &mut Vec<Warning>,
) -> Reconciliation {
    let implied = declared.score.max - declared.score.achieved;
    let declared_lost = declared.lost.unwrap_or(implied);
    let scale = [declared.score.achieved, declared.score.max, declared_lost]
        .iter()
        .map(Decimal::scale)
        .max()
        .unwrap_or(0);
    let tolerance = Decimal::new(5, scale + 1);
    let difference = totals.lost - declared_lost;
    let agrees = difference.abs() <= tolerance;
    if !agrees {
        warnings.push(Warning {
            row: Some(declared.row),
            code: None,
            message: format!(
                "tổng điểm bị trừ tính được là {} nhưng dòng tổng ghi {} (chênh lệch {})",
                text::vn(totals.lost),
                text::vn(declared_lost),
                text::vn(difference)
            ),
        });
    }
    if let Some(note) = declared.lost.filter(|n| (*n - implied).abs() > tolerance) {
        warnings.push(Warning {
            row: Some(declared.row),
            code: None,
            message: format!(
                "dòng tổng ghi {} điểm bị trừ nhưng {}/{} cho {}",
                text::vn(note),
                text::vn(declared.score.achieved),
                text::vn(declared.score.max),
                text::vn(implied)
            ),
        });
    }
    Reconciliation {
        declared,
        declared_lost,
        difference,
        tolerance,
        agrees,
    }
}

/// Survey criteria are marked by "Điều tra xã hội học" (or "ĐTXHH") in the opinion (domain
/// notes §9, irregularity 14), the note or the solution column, or by a short "khảo sát"
/// mark there (issue 13: a sentence about holding surveys is not a mark); a leaf with no
/// mark of its own takes its nearest heading's.
fn is_survey(rows: &[Row], index: usize) -> bool {
    let marked = |row: &Row| {
        [&row.opinion, &row.note, &row.solution].iter().any(|text| {
            let key = text::header_key(text);
            key.contains("dieu tra xa hoi hoc")
                || key.split(' ').any(|w| w == "dtxhh")
                || (key.contains("khao sat") && key.split(' ').count() <= 4)
        })
    };
    let row = &rows[index];
    if marked(row) {
        return true;
    }
    if !row.opinion.is_empty() {
        return false;
    }
    rows[..index]
        .iter()
        .rev()
        .find(|o| o.code.is_ancestor_of(&row.code))
        .is_some_and(marked)
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
