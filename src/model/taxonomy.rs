//! Id → label maps from `content/taxonomies.yaml`.

/// One taxonomy, in file order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub terms: Vec<(String, String)>,
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
}

#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub fields: Taxonomy,
    pub levels: Taxonomy,
    pub audience: Taxonomy,
    pub life_events: Taxonomy,
}
