//! What the wording templates see: the model itself, serialized, with points as exact
//! decimal text ("20.581") that the `vn` filters format (issue 12). Besides the model, a
//! template gets only what the letter chooses to show: lists sorted by points lost, and the
//! criteria of one unit.

use crate::analyze::{AreaSummary, Criterion, CriterionRef, UnitSummary};
use crate::model::exact;
use crate::render::RenderContext;
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

/// What every template sees: year, organ, place, the cover letter's reference, the basis
/// to cite, deadline.
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
    // The document of another organ the table came with, to cite; null when none.
    c.insert("basis", &meta.basis);
    // An empty string when there is none, so that `{% if deadline %}` reads naturally.
    c.insert(
        "deadline",
        &meta.deadline.as_ref().map(iso_date).unwrap_or_default(),
    );
    c
}

/// The context of the cover letter's templates: `analysis` (the model, as `check --json`
/// has it), `result` (the unit's index when it is known, else null), `shortfalls` and
/// `counted`, `areas_by_loss` and `units_by_loss` (most points
/// lost first), and `previous` (the comparison with the previous round, or null).
pub fn cover(ctx: &RenderContext<'_>) -> Context {
    let a = ctx.analysis;
    let mut c = common(ctx);
    // Null when the unit's index is not known: the letter then speaks of points lost only.
    let result = a.index.map(|i| i.score);
    let mut areas: Vec<&AreaSummary> = a
        .areas
        .iter()
        .filter(|x| x.totals.lost > Decimal::ZERO)
        .collect();
    areas.sort_by_key(|x| std::cmp::Reverse(x.totals.lost));
    let mut units: Vec<&UnitSummary> = a.units.iter().collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.lead.lost));
    exact::as_text(|| {
        c.insert("analysis", a);
        c.insert("result", &result);
        c.insert("shortfalls", &a.shortfalls().count());
        c.insert("counted", &a.criteria.len());
        c.insert("areas_by_loss", &areas);
        c.insert("units_by_loss", &units);
        c.insert("previous", &ctx.previous);
    });
    c
}

/// The context of a unit letter's templates: `unit` (as `check --json` has it), and the
/// criteria it leads (`led`) and co-operates on (`cooperating`), in full.
pub fn unit(ctx: &RenderContext<'_>, unit: &UnitSummary) -> Context {
    let pick = |refs: &[CriterionRef]| -> Vec<&Criterion> {
        refs.iter()
            .filter_map(|r| ctx.analysis.criteria.get(r.index))
            .collect()
    };
    let mut c = common(ctx);
    exact::as_text(|| {
        c.insert("unit", unit);
        c.insert("led", &pick(&unit.led));
        c.insert("cooperating", &pick(&unit.cooperating));
    });
    c
}

/// The context of the annex heading: `annex.heading` and `annex.title`.
pub fn annex(ctx: &RenderContext<'_>) -> Context {
    #[derive(Serialize)]
    struct AnnexView<'a> {
        heading: &'a str,
        title: &'a str,
    }
    let mut c = common(ctx);
    c.insert(
        "annex",
        &AnnexView {
            heading: &ctx.meta.annex.heading,
            title: &ctx.meta.annex.title,
        },
    );
    c
}
