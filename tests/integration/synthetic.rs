//! The benchmarks' synthetic tables read back to the figures they were made with, so that a
//! benchmark measures real work.

#[path = "../../benches/support/synthetic.rs"]
mod tables;

use cchc::config::Config;
use rust_decimal::Decimal;
use std::path::Path;
use tables::{Table, appraisal};

fn load(table: &Table) -> cchc::Warned<cchc::Analysis> {
    let path = Path::new("tong-hop.tsv");
    cchc::load_bytes(
        path,
        table.tsv.clone().into_bytes(),
        None,
        &Config::default(),
    )
    .expect("a synthetic table parses")
}

#[test]
fn parses_to_the_figures_it_was_made_with() {
    for (criteria, seed) in [(1, 0), (50, 1), (500, 2)] {
        let table = appraisal(criteria, seed);
        let analyzed = load(&table);
        let analysis = &analyzed.output;
        assert_eq!(analysis.criteria.len(), criteria);
        assert_eq!(analysis.totals.lost, table.lost);
        assert_eq!(analysis.totals.max, table.max);
        let reconciled = analysis.reconciliation.as_ref().expect("a total row");
        assert_eq!(reconciled.difference, Decimal::ZERO);
        assert!(analysis.criteria.iter().any(|c| c.survey) || criteria < 50);
        assert!(analyzed.warnings.is_empty(), "{:?}", analyzed.warnings);
    }
}

#[test]
fn same_seed_same_table() {
    assert_eq!(appraisal(40, 7), appraisal(40, 7));
    assert_ne!(appraisal(40, 7).tsv, appraisal(40, 8).tsv);
}
