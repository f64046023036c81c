//! Id → label maps from `content/taxonomies.yaml`, with the optional extras of a term:
//! an order of procedures (life events as step-by-step) and an end date (former levels).

use super::At;
use crate::date::Date;
use std::collections::HashMap;

/// One taxonomy, in file order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub terms: Vec<(String, String)>,
    /// Procedure codes in the order a citizen does them, by term id (`steps:`).
    pub steps: HashMap<String, Vec<At<String>>>,
    /// The last day a term applied (`until:`), e.g. district level before 1/7/2025.
    pub until: HashMap<String, Date>,
}

impl Taxonomy {
    pub fn label(&self, id: &str) -> Option<&str> {
        self.terms
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.as_str())
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.terms.iter().map(|(k, _)| k.as_str())
    }

    /// The ordered procedure codes of a term; empty when the term is unordered.
    pub fn steps_of(&self, id: &str) -> &[At<String>] {
        self.steps.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether a term ended before `today`.
    pub fn ended(&self, id: &str, today: Date) -> bool {
        self.until.get(id).is_some_and(|d| *d < today)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub fields: Taxonomy,
    pub levels: Taxonomy,
    pub audience: Taxonomy,
    pub life_events: Taxonomy,
}
