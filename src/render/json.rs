//! The `cchc check --json` object: one JSON document with the figures printed exactly
//! (20.581, never 20.580999999).

use crate::analyze::{Analysis, Totals};
use crate::model::{Reference, Warning};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::Serializer;

/// A decimal serialized as a JSON number with exactly its digits (serde_json's
/// `arbitrary_precision`), normalized ("0.5", not "0.50").
#[derive(Debug, Clone, Copy)]
struct Num(Decimal);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let number: serde_json::Number = self
            .0
            .normalize()
            .to_string()
            .parse()
            .map_err(serde::ser::Error::custom)?;
        number.serialize(s)
    }
}

#[derive(Serialize)]
struct Report<'a> {
    source: String,
    sheet: &'a str,
    layout: &'static str,
    title: Title<'a>,
    declared_total: Option<Declared>,
    total_max: Num,
    total_achieved: Num,
    total_lost: Num,
    total_lost_appraisal: Num,
    total_lost_survey: Num,
    criteria: Vec<CriterionJson<'a>>,
    units: Vec<UnitJson<'a>>,
    unassigned: UnassignedJson,
    areas: Vec<AreaJson>,
    warnings: Vec<WarningJson<'a>>,
}

#[derive(Serialize)]
struct Title<'a> {
    lines: &'a [String],
    organ: Option<&'a str>,
    heading: Option<&'a str>,
    subtitle: Option<&'a str>,
    year: Option<i32>,
    reference: Option<ReferenceJson<'a>>,
}

#[derive(Serialize)]
struct ReferenceJson<'a> {
    kind: &'a str,
    number: &'a str,
    symbol: &'a str,
    date: Option<String>,
    issuer: &'a str,
}

#[derive(Serialize)]
struct Declared {
    row: usize,
    achieved: Num,
    max: Num,
    lost: Option<Num>,
    agrees: bool,
}

#[derive(Serialize)]
struct CriterionJson<'a> {
    code: String,
    title: &'a str,
    area: u32,
    row: usize,
    achieved: Num,
    max: Num,
    lost: Num,
    survey: bool,
    units: &'a [String],
    opinion: &'a str,
    solution: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    name: &'a str,
    addressee: &'a str,
    lead_lost: Num,
    lead_lost_appraisal: Num,
    lead_lost_survey: Num,
    lead: Vec<String>,
    cooperating: Vec<String>,
}

#[derive(Serialize)]
struct UnassignedJson {
    lost: Num,
    criteria: Vec<String>,
}

#[derive(Serialize)]
struct AreaJson {
    area: u32,
    name: Option<String>,
    max: Num,
    achieved: Num,
    lost: Num,
    short: usize,
}

#[derive(Serialize)]
struct WarningJson<'a> {
    row: Option<usize>,
    code: Option<&'a str>,
    message: &'a str,
}

/// Renders the analysis and its warnings as pretty-printed JSON.
pub fn render(analysis: &Analysis, warnings: &[Warning]) -> String {
    let a = &analysis.appraisal;
    let codes = |indexes: &[usize]| -> Vec<String> {
        indexes
            .iter()
            .map(|&i| analysis.criteria[i].code.to_string())
            .collect()
    };
    let Totals {
        max,
        achieved,
        lost,
        lost_survey,
    } = analysis.totals;
    let report = Report {
        source: a.source.display().to_string(),
        sheet: &a.sheet,
        layout: match a.layout {
            crate::model::Layout::Annex => "annex",
            crate::model::Layout::PerColumn => "per-column",
        },
        title: Title {
            lines: &a.title.lines,
            organ: a.title.organ.as_deref(),
            heading: a.title.heading.as_deref(),
            subtitle: a.title.subtitle.as_deref(),
            year: analysis.year,
            reference: a.title.reference.as_ref().map(reference),
        },
        declared_total: analysis.reconciliation.as_ref().map(|r| Declared {
            row: r.declared.row,
            achieved: Num(r.declared.score.achieved),
            max: Num(r.declared.score.max),
            lost: r.declared.lost.map(Num),
            agrees: r.agrees(),
        }),
        total_max: Num(max),
        total_achieved: Num(achieved),
        total_lost: Num(lost),
        total_lost_appraisal: Num(analysis.totals.lost_appraisal()),
        total_lost_survey: Num(lost_survey),
        criteria: analysis
            .criteria
            .iter()
            .map(|c| {
                let row = analysis.row(c);
                CriterionJson {
                    code: c.code.to_string(),
                    title: &row.title,
                    area: c.code.area(),
                    row: row.row,
                    achieved: Num(c.score.achieved),
                    max: Num(c.score.max),
                    lost: Num(c.lost),
                    survey: c.survey,
                    units: &row.units,
                    opinion: &row.opinion,
                    solution: &row.solution,
                    note: &row.note,
                }
            })
            .collect(),
        units: analysis
            .units
            .iter()
            .map(|u| UnitJson {
                name: &u.name,
                addressee: &u.addressee,
                lead_lost: Num(u.lead.lost),
                lead_lost_appraisal: Num(u.lead.lost_appraisal()),
                lead_lost_survey: Num(u.lead.lost_survey),
                lead: codes(&u.led),
                cooperating: codes(&u.cooperating),
            })
            .collect(),
        unassigned: UnassignedJson {
            lost: Num(analysis.unassigned.totals.lost),
            criteria: codes(&analysis.unassigned.criteria),
        },
        areas: analysis
            .areas
            .iter()
            .map(|area| AreaJson {
                area: area.area,
                name: area.name.clone(),
                max: Num(area.totals.max),
                achieved: Num(area.totals.achieved),
                lost: Num(area.totals.lost),
                short: area.short,
            })
            .collect(),
        warnings: warnings
            .iter()
            .map(|w| WarningJson {
                row: w.row,
                code: w.code.as_deref(),
                message: &w.message,
            })
            .collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

fn reference(r: &Reference) -> ReferenceJson<'_> {
    ReferenceJson {
        kind: &r.kind,
        number: &r.number,
        symbol: &r.symbol,
        date: r.date.map(|d| d.to_string()),
        issuer: &r.issuer,
    }
}

// ----------------------------------------------------------------------------------------
// `cchc diff --json`.

#[derive(Serialize)]
struct DiffJson {
    changed: Vec<ChangedJson>,
    added: Vec<OnlyJson>,
    removed: Vec<OnlyJson>,
    reassigned: Vec<ReassignedJson>,
    opinions: Vec<OpinionJson>,
    units: Vec<LostJson>,
    total: TotalJson,
}

#[derive(Serialize)]
struct ChangedJson {
    code: String,
    title: String,
    old_achieved: Num,
    new_achieved: Num,
    old_max: Num,
    new_max: Num,
    old_lost: Num,
    new_lost: Num,
    units: Vec<String>,
}

#[derive(Serialize)]
struct OnlyJson {
    code: String,
    title: String,
    achieved: Num,
    max: Num,
    lost: Num,
    units: Vec<String>,
}

#[derive(Serialize)]
struct ReassignedJson {
    code: String,
    old_units: Vec<String>,
    new_units: Vec<String>,
}

#[derive(Serialize)]
struct OpinionJson {
    code: String,
    old: String,
    new: String,
}

#[derive(Serialize)]
struct LostJson {
    name: String,
    old_lost: Num,
    new_lost: Num,
}

#[derive(Serialize)]
struct TotalJson {
    old_lost: Num,
    new_lost: Num,
}

/// Renders a round-to-round comparison as pretty-printed JSON.
pub fn render_diff(diff: &crate::analyze::diff::Diff) -> String {
    let only = |o: &crate::analyze::diff::Only| OnlyJson {
        code: o.code.to_string(),
        title: o.title.clone(),
        achieved: Num(o.score.achieved),
        max: Num(o.score.max),
        lost: Num(o.score.lost()),
        units: o.units.clone(),
    };
    let json = DiffJson {
        changed: diff
            .changed
            .iter()
            .map(|c| ChangedJson {
                code: c.code.to_string(),
                title: c.title.clone(),
                old_achieved: Num(c.old.achieved),
                new_achieved: Num(c.new.achieved),
                old_max: Num(c.old.max),
                new_max: Num(c.new.max),
                old_lost: Num(c.old.lost()),
                new_lost: Num(c.new.lost()),
                units: c.units.clone(),
            })
            .collect(),
        added: diff.added.iter().map(only).collect(),
        removed: diff.removed.iter().map(only).collect(),
        reassigned: diff
            .reassigned
            .iter()
            .map(|r| ReassignedJson {
                code: r.code.to_string(),
                old_units: r.old.clone(),
                new_units: r.new.clone(),
            })
            .collect(),
        opinions: diff
            .opinions
            .iter()
            .map(|o| OpinionJson {
                code: o.code.to_string(),
                old: o.old.clone(),
                new: o.new.clone(),
            })
            .collect(),
        units: diff
            .units
            .iter()
            .map(|u| LostJson {
                name: u.name.clone(),
                old_lost: Num(u.old_lost),
                new_lost: Num(u.new_lost),
            })
            .collect(),
        total: TotalJson {
            old_lost: Num(diff.total.old_lost),
            new_lost: Num(diff.total.new_lost),
        },
    };
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
