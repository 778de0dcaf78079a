//! Round 1 against round 2 (vòng 1, vòng 2): two analyses compared criterion by criterion.
//! Scores changed, criteria added or removed, units reassigned, opinions changed, and the
//! change in points lost per unit and in total.

use super::Analysis;
use crate::model::{Code, Score};
use rust_decimal::Decimal;

/// A criterion whose score changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreChange {
    /// The code.
    pub code: Code,
    /// The title (the new round's).
    pub title: String,
    /// The old and new scores.
    pub old: Score,
    /// The new score.
    pub new: Score,
    /// The responsible units (the new round's).
    pub units: Vec<String>,
}

/// A criterion present in one round only.
#[derive(Debug, Clone, PartialEq)]
pub struct Only {
    /// The code.
    pub code: Code,
    /// The title.
    pub title: String,
    /// The score.
    pub score: Score,
    /// The responsible units.
    pub units: Vec<String>,
}

/// A criterion whose responsible units changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reassigned {
    /// The code.
    pub code: Code,
    /// The old units, lead first.
    pub old: Vec<String>,
    /// The new units, lead first.
    pub new: Vec<String>,
}

/// A criterion whose appraisal opinion changed.
#[derive(Debug, Clone, PartialEq)]
pub struct OpinionChange {
    /// The code.
    pub code: Code,
    /// The old opinion.
    pub old: String,
    /// The new opinion.
    pub new: String,
}

/// Points lost before and after, for a unit or the total.
#[derive(Debug, Clone, PartialEq)]
pub struct LostChange {
    /// The unit's name ("Chưa giao đơn vị" for the unassigned points).
    pub name: String,
    /// Points lost in the old round (where the unit leads).
    pub old_lost: Decimal,
    /// Points lost in the new round.
    pub new_lost: Decimal,
}

/// Everything that changed between two rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// Criteria whose score changed (only those).
    pub changed: Vec<ScoreChange>,
    /// Criteria only in the new round.
    pub added: Vec<Only>,
    /// Criteria only in the old round.
    pub removed: Vec<Only>,
    /// Criteria whose units changed.
    pub reassigned: Vec<Reassigned>,
    /// Criteria whose opinion changed.
    pub opinions: Vec<OpinionChange>,
    /// Points lost per lead unit, old and new, for every unit in either round.
    pub units: Vec<LostChange>,
    /// Total points lost, old and new.
    pub total: LostChange,
}

/// The label of the unassigned points in [`Diff::units`].
pub const UNASSIGNED: &str = "Chưa giao đơn vị";

/// Compares two analyses, in the new round's criterion order (then the removed ones).
pub fn diff(old: &Analysis, new: &Analysis) -> Diff {
    let mut changed = Vec::new();
    let mut added = Vec::new();
    let mut reassigned = Vec::new();
    let mut opinions = Vec::new();
    for n in &new.criteria {
        let new_row = new.row(n);
        let Some(o) = old.criteria.iter().find(|o| o.code == n.code) else {
            added.push(Only {
                code: n.code.clone(),
                title: new_row.title.clone(),
                score: n.score,
                units: new_row.units.clone(),
            });
            continue;
        };
        let old_row = old.row(o);
        if o.score != n.score {
            changed.push(ScoreChange {
                code: n.code.clone(),
                title: new_row.title.clone(),
                old: o.score,
                new: n.score,
                units: new_row.units.clone(),
            });
        }
        if old_row.units != new_row.units {
            reassigned.push(Reassigned {
                code: n.code.clone(),
                old: old_row.units.clone(),
                new: new_row.units.clone(),
            });
        }
        if old_row.opinion != new_row.opinion {
            opinions.push(OpinionChange {
                code: n.code.clone(),
                old: old_row.opinion.clone(),
                new: new_row.opinion.clone(),
            });
        }
    }
    let removed = old
        .criteria
        .iter()
        .filter(|o| !new.criteria.iter().any(|n| n.code == o.code))
        .map(|o| {
            let row = old.row(o);
            Only {
                code: o.code.clone(),
                title: row.title.clone(),
                score: o.score,
                units: row.units.clone(),
            }
        })
        .collect();

    let lead = |a: &Analysis, name: &str| {
        a.units
            .iter()
            .find(|u| u.name == name)
            .map_or(Decimal::ZERO, |u| u.lead.lost)
    };
    let mut names: Vec<&str> = new.units.iter().map(|u| u.name.as_str()).collect();
    for u in &old.units {
        if !names.contains(&u.name.as_str()) {
            names.push(&u.name);
        }
    }
    let mut units: Vec<LostChange> = names
        .into_iter()
        .map(|name| LostChange {
            name: name.to_string(),
            old_lost: lead(old, name),
            new_lost: lead(new, name),
        })
        .collect();
    if !old.unassigned.criteria.is_empty() || !new.unassigned.criteria.is_empty() {
        units.push(LostChange {
            name: UNASSIGNED.to_string(),
            old_lost: old.unassigned.totals.lost,
            new_lost: new.unassigned.totals.lost,
        });
    }
    Diff {
        changed,
        added,
        removed,
        reassigned,
        opinions,
        units,
        total: LostChange {
            name: "Tổng cộng".to_string(),
            old_lost: old.totals.lost,
            new_lost: new.totals.lost,
        },
    }
}
