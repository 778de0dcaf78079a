//! What the wording templates see: the model itself, serialized, with points as exact
//! decimal text ("20.581") that the `vn` filters format (issue 12). Besides the model, a
//! template gets only what the letter chooses to show: lists sorted by points lost, and the
//! criteria of one unit.

use crate::analyze::{AreaSummary, Criterion, CriterionRef, UnitSummary};
use crate::model::exact;
use crate::render::RenderContext;
use crate::render::figures::Printed;
use crate::render::templates::iso_date;
use rust_decimal::Decimal;
use serde::Serialize;
use tera::Context;

/// The cover letter's reference as the templates name it.
#[derive(Serialize)]
struct LetterRef {
    kind: String,
    number_symbol: String,
    date: String,
}

/// The sums as the documents print them (see [`figures`]): they add up on paper.
#[derive(Serialize)]
struct Sums {
    #[serde(with = "exact")]
    lost: Decimal,
    #[serde(with = "exact")]
    lost_appraisal: Decimal,
    #[serde(with = "exact")]
    lost_survey: Decimal,
    #[serde(with = "exact")]
    unassigned: Decimal,
}

/// An item of the model with its points lost as printed (`printed`), the share of the
/// printed total that belongs to it.
#[derive(Serialize)]
struct WithPrinted<'a, T> {
    #[serde(flatten)]
    item: &'a T,
    #[serde(with = "exact")]
    printed: Decimal,
}

/// What every template sees: year, organ, place, whose index it is, who asks, the cover
/// letter's reference, the basis to cite, the office reports go through, the deadline,
/// the index (`result`, null when not known) and the printed sums (`printed`).
fn common(ctx: &RenderContext<'_>, printed: &Printed) -> Context {
    let meta = ctx.meta;
    let mut c = Context::new();
    c.insert("year", &meta.year);
    c.insert("organ_short", &meta.organ_short);
    c.insert("organ_brief", &meta.organ_brief);
    c.insert("appraised", &meta.appraised);
    c.insert("requester", &meta.requester);
    c.insert("via", &meta.via.clone().unwrap_or_default());
    c.insert("place", &meta.place);
    c.insert(
        "letter",
        &LetterRef {
            kind: meta.letter.kind.clone(),
            number_symbol: meta.letter.number_symbol(),
            date: iso_date(&meta.letter.date),
        },
    );
    // The document of another organ the table came with, to cite; null when none.
    c.insert("basis", &meta.basis);
    // An empty string when there is none, so that `{% if deadline %}` reads naturally.
    c.insert(
        "deadline",
        &meta.deadline.as_ref().map(iso_date).unwrap_or_default(),
    );
    exact::as_text(|| {
        // Null when the unit's index is not known: the letters then speak of points lost only.
        c.insert("result", &ctx.analysis.index.map(|i| i.score));
        c.insert(
            "printed",
            &Sums {
                lost: printed.lost,
                lost_appraisal: printed.lost_appraisal,
                lost_survey: printed.lost_survey,
                unassigned: printed.unassigned,
            },
        );
    });
    c
}

/// The context of the cover letter's templates: `analysis` (the model, as `check --json`
/// has it), `shortfalls` (how many criteria fell short), `areas_by_loss` and
/// `units_by_loss` (most points lost first, each with its `printed` share), and `previous`
/// (the comparison with the previous round, or null).
pub fn cover(ctx: &RenderContext<'_>, printed: &Printed) -> Context {
    let a = ctx.analysis;
    let mut c = common(ctx, printed);
    let mut areas: Vec<WithPrinted<'_, AreaSummary>> = a
        .areas
        .iter()
        .zip(&printed.areas)
        .filter(|(x, _)| x.totals.lost > Decimal::ZERO)
        .map(|(item, p)| WithPrinted {
            item,
            printed: p.lost,
        })
        .collect();
    areas.sort_by_key(|x| std::cmp::Reverse(x.item.totals.lost));
    let mut units: Vec<WithPrinted<'_, UnitSummary>> = a
        .units
        .iter()
        .zip(&printed.units)
        .map(|(item, &printed)| WithPrinted { item, printed })
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.item.lead.lost));
    exact::as_text(|| {
        c.insert("analysis", a);
        c.insert("shortfalls", &a.shortfalls().count());
        c.insert("areas_by_loss", &areas);
        c.insert("units_by_loss", &units);
        c.insert("previous", &ctx.previous);
    });
    c
}

/// The context of a unit letter's templates: `unit` (as `check --json` has it, with its
/// points lost as lead as printed in the cover letter, `unit.printed`), the criteria it
/// leads (`led`) and co-operates on (`cooperating`), in full, and the points lost on the
/// latter (`cooperating_lost`, rounded as a sum).
pub fn unit(ctx: &RenderContext<'_>, unit: &UnitSummary, printed: &Printed) -> Context {
    let pick = |refs: &[CriterionRef]| -> Vec<&Criterion> {
        refs.iter()
            .filter_map(|r| ctx.analysis.criteria.get(r.index))
            .collect()
    };
    let mut c = common(ctx, printed);
    let lead = printed.lead(ctx.analysis, unit);
    let cooperating_lost = Printed::cooperating(ctx.analysis, unit);
    exact::as_text(|| {
        c.insert(
            "unit",
            &WithPrinted {
                item: unit,
                printed: lead,
            },
        );
        c.insert("led", &pick(&unit.led));
        c.insert("cooperating", &pick(&unit.cooperating));
        c.insert(
            "cooperating_lost",
            &cooperating_lost.normalize().to_string(),
        );
    });
    c
}

/// The context of the annex heading: `annex.heading` and `annex.title`.
pub fn annex(ctx: &RenderContext<'_>, printed: &Printed) -> Context {
    #[derive(Serialize)]
    struct AnnexView<'a> {
        heading: &'a str,
        title: &'a str,
    }
    let mut c = common(ctx, printed);
    c.insert(
        "annex",
        &AnnexView {
            heading: &ctx.meta.annex.heading,
            title: &ctx.meta.annex.title,
        },
    );
    c
}

/// The context of a unit letter's annex heading: `unit`, how many criteria it leads
/// (`led`) and co-operates on (`cooperating`), and `letter`, the unit letter's own
/// reference.
pub fn unit_annex(ctx: &RenderContext<'_>, unit: &UnitSummary, printed: &Printed) -> Context {
    let meta = ctx.meta;
    let mut c = common(ctx, printed);
    c.insert(
        "letter",
        &LetterRef {
            kind: meta.unit_letter.kind.clone(),
            number_symbol: meta.unit_letter.number_symbol(),
            date: iso_date(&meta.unit_letter.date),
        },
    );
    exact::as_text(|| c.insert("unit", unit));
    c.insert("led", &unit.led.len());
    c.insert("cooperating", &unit.cooperating.len());
    c
}
