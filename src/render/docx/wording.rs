//! What the wording templates see: the analysis and the metadata as plain values (numbers
//! as f64 for comparisons in templates; the `vn` filters format them exactly).

use crate::analyze::{Criterion, Totals, UnitSummary};
use crate::render::RenderContext;
use crate::render::templates::iso_date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use tera::Context;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

#[derive(Serialize)]
struct LetterRef {
    kind: String,
    number_symbol: String,
    date: String,
}

#[derive(Serialize)]
struct Score {
    achieved: f64,
    max: f64,
}

#[derive(Serialize)]
struct TotalsView {
    max: f64,
    achieved: f64,
    lost: f64,
    lost_survey: f64,
    lost_appraisal: f64,
}

impl From<&Totals> for TotalsView {
    fn from(t: &Totals) -> Self {
        TotalsView {
            max: f(t.max),
            achieved: f(t.achieved),
            lost: f(t.lost),
            lost_survey: f(t.lost_survey),
            lost_appraisal: f(t.lost_appraisal()),
        }
    }
}

#[derive(Serialize)]
struct AreaView {
    area: u32,
    name: String,
    lost: f64,
    short: usize,
}

#[derive(Serialize)]
struct UnitLine {
    name: String,
    addressee: String,
    lost: f64,
    led: usize,
    cooperating: usize,
}

#[derive(Serialize)]
struct Unassigned {
    lost: f64,
    codes: Vec<String>,
}

#[derive(Serialize)]
struct CriterionView {
    code: String,
    title: String,
    achieved: f64,
    max: f64,
    lost: f64,
    survey: bool,
    opinion: String,
    solution: String,
    /// The lead unit (chủ trì), empty when none.
    lead: String,
    /// Every unit, lead first.
    units: Vec<String>,
}

#[derive(Serialize)]
struct UnitView {
    name: String,
    addressee: String,
    lost: f64,
    led: Vec<CriterionView>,
    cooperating: Vec<CriterionView>,
}

#[derive(Serialize)]
struct AnnexView {
    heading: String,
    title: String,
}

/// What every template sees: year, organ, place, the cover letter's reference, deadline.
fn common(ctx: &RenderContext<'_>) -> Context {
    let meta = ctx.meta;
    let mut c = Context::new();
    c.insert("year", &meta.year);
    c.insert("organ_short", &meta.organ_short);
    c.insert("place", &meta.place);
    c.insert(
        "letter",
        &LetterRef {
            kind: meta.letter.kind.clone(),
            number_symbol: meta.letter.number_symbol(),
            date: iso_date(&meta.letter.date),
        },
    );
    // An empty string when there is none, so that `{% if deadline %}` reads naturally.
    c.insert(
        "deadline",
        &meta.deadline.as_ref().map(iso_date).unwrap_or_default(),
    );
    c
}

/// The context of the cover letter's templates.
pub fn cover(ctx: &RenderContext<'_>) -> Context {
    let a = ctx.analysis;
    let mut c = common(ctx);
    let (achieved, max) = match &a.reconciliation {
        Some(r) => (r.declared.score.achieved, r.declared.score.max),
        None => (a.totals.achieved, a.totals.max),
    };
    c.insert(
        "result",
        &Score {
            achieved: f(achieved),
            max: f(max),
        },
    );
    c.insert("totals", &TotalsView::from(&a.totals));
    c.insert("shortfalls", &a.shortfalls().count());
    c.insert("counted", &a.criteria.len());

    let mut areas: Vec<&crate::analyze::AreaSummary> = a
        .areas
        .iter()
        .filter(|x| x.totals.lost > Decimal::ZERO)
        .collect();
    areas.sort_by_key(|x| std::cmp::Reverse(x.totals.lost));
    let areas: Vec<AreaView> = areas
        .into_iter()
        .map(|x| AreaView {
            area: x.area,
            name: x.name.clone().unwrap_or_else(|| format!("{}", x.area)),
            lost: f(x.totals.lost),
            short: x.short,
        })
        .collect();
    c.insert("areas", &areas);

    let mut units: Vec<&UnitSummary> = a.units.iter().collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.lead.lost));
    let units: Vec<UnitLine> = units
        .into_iter()
        .map(|u| UnitLine {
            name: u.name.clone(),
            addressee: u.addressee.clone(),
            lost: f(u.lead.lost),
            led: u.led.len(),
            cooperating: u.cooperating.len(),
        })
        .collect();
    c.insert("units", &units);
    c.insert(
        "unassigned",
        &Unassigned {
            lost: f(a.unassigned.totals.lost),
            codes: a
                .unassigned
                .criteria
                .iter()
                .filter_map(|&i| a.criteria.get(i))
                .map(|c| c.code.to_string())
                .collect(),
        },
    );
    c.insert("previous", &ctx.previous.map(PreviousView::from));
    c
}

/// One criterion's change between rounds, for the cover letter.
#[derive(Serialize)]
struct ChangeView {
    code: String,
    old: String,
    new: String,
}

/// The comparison with the previous round (`generate --previous`); `null` without one.
#[derive(Serialize)]
struct PreviousView {
    old_lost: f64,
    new_lost: f64,
    changed: Vec<ChangeView>,
    added: usize,
    removed: usize,
}

impl From<&crate::analyze::diff::Diff> for PreviousView {
    fn from(d: &crate::analyze::diff::Diff) -> Self {
        let score = |s: &crate::model::Score| {
            format!("{}/{}", crate::text::vn(s.achieved), crate::text::vn(s.max))
        };
        PreviousView {
            old_lost: f(d.total.old_lost),
            new_lost: f(d.total.new_lost),
            changed: d
                .changed
                .iter()
                .map(|c| ChangeView {
                    code: c.code.to_string(),
                    old: score(&c.old),
                    new: score(&c.new),
                })
                .collect(),
            added: d.added.len(),
            removed: d.removed.len(),
        }
    }
}

fn criterion(ctx: &RenderContext<'_>, c: &Criterion) -> CriterionView {
    let row = ctx.analysis.row(c);
    CriterionView {
        code: c.code.to_string(),
        title: row.title.clone(),
        achieved: f(c.score.achieved),
        max: f(c.score.max),
        lost: f(c.lost),
        survey: c.survey,
        opinion: row.opinion.clone(),
        solution: row.solution.clone(),
        lead: row.units.first().cloned().unwrap_or_default(),
        units: row.units.clone(),
    }
}

/// The context of a unit letter's templates.
pub fn unit(ctx: &RenderContext<'_>, unit: &UnitSummary) -> Context {
    let a = ctx.analysis;
    let pick = |indexes: &[usize]| -> Vec<CriterionView> {
        indexes
            .iter()
            .filter_map(|&i| a.criteria.get(i))
            .map(|c| criterion(ctx, c))
            .collect()
    };
    let mut c = common(ctx);
    c.insert(
        "unit",
        &UnitView {
            name: unit.name.clone(),
            addressee: unit.addressee.clone(),
            lost: f(unit.lead.lost),
            led: pick(&unit.led),
            cooperating: pick(&unit.cooperating),
        },
    );
    c
}

/// The context of the annex heading.
pub fn annex(ctx: &RenderContext<'_>) -> Context {
    let mut c = common(ctx);
    c.insert(
        "annex",
        &AnnexView {
            heading: ctx.meta.annex.heading.clone(),
            title: ctx.meta.annex.title.clone(),
        },
    );
    c
}
