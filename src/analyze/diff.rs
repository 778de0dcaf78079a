//! Round 1 against round 2 (vòng 1, vòng 2): two analyses compared criterion by criterion.
//! Scores changed, criteria added or removed, units reassigned, opinions changed, and the
//! change in points lost per unit and in total.

use super::Analysis;
use crate::model::{Code, Score, exact};
use rust_decimal::Decimal;
use serde::Serialize;

serde_with::with_prefix!(prefix_old "old_");
serde_with::with_prefix!(prefix_new "new_");

/// A criterion whose score changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreChange {
    /// The code.
    pub code: Code,
    /// The title (the new round's).
    pub title: String,
    /// The old score.
    #[serde(flatten, with = "prefix_old")]
    pub old: Score,
    /// The new score.
    #[serde(flatten, with = "prefix_new")]
    pub new: Score,
    /// Points lost in the old round.
    #[serde(with = "exact")]
    pub old_lost: Decimal,
    /// Points lost in the new round.
    #[serde(with = "exact")]
    pub new_lost: Decimal,
    /// The responsible units (the new round's).
    pub units: Vec<String>,
}

/// A criterion present in one round only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Only {
    /// The code.
    pub code: Code,
    /// The title.
    pub title: String,
    /// The score.
    #[serde(flatten)]
    pub score: Score,
    /// Points lost.
    #[serde(with = "exact")]
    pub lost: Decimal,
    /// The responsible units.
    pub units: Vec<String>,
}

impl Only {
    fn of(c: &super::Criterion) -> Self {
        Only {
            code: c.code.clone(),
            title: c.title.clone(),
            score: c.score,
            lost: c.lost,
            units: c.units.clone(),
        }
    }
}

/// A criterion whose responsible units changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reassigned {
    /// The code.
    pub code: Code,
    /// The old units, lead first.
    #[serde(rename = "old_units")]
    pub old: Vec<String>,
    /// The new units, lead first.
    #[serde(rename = "new_units")]
    pub new: Vec<String>,
}

/// A criterion whose appraisal opinion changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpinionChange {
    /// The code.
    pub code: Code,
    /// The old opinion.
    pub old: String,
    /// The new opinion.
    pub new: String,
}

/// Points lost before and after, for a unit or the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LostChange {
    /// The unit's name ("Chưa giao đơn vị" for the unassigned points).
    pub name: String,
    /// Points lost in the old round (where the unit leads).
    #[serde(with = "exact")]
    pub old_lost: Decimal,
    /// Points lost in the new round.
    #[serde(with = "exact")]
    pub new_lost: Decimal,
}

/// Everything that changed between two rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        let Some(o) = old.criteria.iter().find(|o| o.code == n.code) else {
            added.push(Only::of(n));
            continue;
        };
        if o.score != n.score {
            changed.push(ScoreChange {
                code: n.code.clone(),
                title: n.title.clone(),
                old: o.score,
                new: n.score,
                old_lost: o.lost,
                new_lost: n.lost,
                units: n.units.clone(),
            });
        }
        if o.units != n.units {
            reassigned.push(Reassigned {
                code: n.code.clone(),
                old: o.units.clone(),
                new: n.units.clone(),
            });
        }
        if o.opinion != n.opinion {
            opinions.push(OpinionChange {
                code: n.code.clone(),
                old: o.opinion.clone(),
                new: n.opinion.clone(),
            });
        }
    }
    let removed = old
        .criteria
        .iter()
        .filter(|o| !new.criteria.iter().any(|n| n.code == o.code))
        .map(Only::of)
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
