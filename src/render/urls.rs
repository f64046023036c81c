//! The site's URLs: Vietnamese segments on a Vietnamese site, English ones on an English site.

use crate::config::Language;

#[derive(Debug, Clone)]
pub struct Urls {
    /// Base path, starting and ending with `/`.
    pub base: String,
    seg: Segments,
}

#[derive(Debug, Clone, Copy)]
struct Segments {
    procedures: &'static str,
    fields: &'static str,
    life_events: &'static str,
    agencies: &'static str,
    search: &'static str,
    stats: &'static str,
    notes: &'static str,
    open_data: &'static str,
}

impl Urls {
    pub fn new(base: &str, lang: Language) -> Urls {
        let seg = match lang {
            Language::Vi => Segments {
                procedures: "thu-tuc",
                fields: "linh-vuc",
                life_events: "su-kien",
                agencies: "co-quan",
                search: "tim-kiem",
                stats: "thong-ke",
                notes: "ghi-chu",
                open_data: "du-lieu-mo",
            },
            Language::En => Segments {
                procedures: "procedures",
                fields: "fields",
                life_events: "life-events",
                agencies: "agencies",
                search: "search",
                stats: "statistics",
                notes: "notes",
                open_data: "open-data",
            },
        };
        Urls {
            base: base.to_owned(),
            seg,
        }
    }

    pub fn home(&self) -> String {
        self.base.clone()
    }
    pub fn procedures(&self) -> String {
        format!("{}{}/", self.base, self.seg.procedures)
    }
    pub fn procedure(&self, slug: &str) -> String {
        format!("{}{}/{slug}/", self.base, self.seg.procedures)
    }
    pub fn fields(&self) -> String {
        format!("{}{}/", self.base, self.seg.fields)
    }
    pub fn field(&self, id: &str) -> String {
        format!("{}{}/{id}/", self.base, self.seg.fields)
    }
    pub fn life_events(&self) -> String {
        format!("{}{}/", self.base, self.seg.life_events)
    }
    pub fn life_event(&self, id: &str) -> String {
        format!("{}{}/{id}/", self.base, self.seg.life_events)
    }
    pub fn agencies(&self) -> String {
        format!("{}{}/", self.base, self.seg.agencies)
    }
    pub fn agency(&self, id: &str) -> String {
        format!("{}{}/{id}/", self.base, self.seg.agencies)
    }
    pub fn search(&self) -> String {
        format!("{}{}/", self.base, self.seg.search)
    }
    pub fn stats(&self) -> String {
        format!("{}{}/", self.base, self.seg.stats)
    }
    /// A month's page; `period` is `YYYY-MM`.
    pub fn stats_month(&self, period: &str) -> String {
        format!("{}{}/{period}/", self.base, self.seg.stats)
    }
    pub fn stats_notes(&self) -> String {
        format!("{}{}/{}/", self.base, self.seg.stats, self.seg.notes)
    }
    pub fn open_data(&self) -> String {
        format!("{}{}/", self.base, self.seg.open_data)
    }
    /// A machine-readable download under `/api/`.
    pub fn api(&self, name: &str) -> String {
        format!("{}api/{name}", self.base)
    }
    /// Folder of the search index files.
    pub fn search_index(&self) -> String {
        format!("{}assets/search/", self.base)
    }
    pub fn page(&self, path: &str) -> String {
        if path.is_empty() {
            self.base.clone()
        } else {
            format!("{}{path}/", self.base)
        }
    }
    pub fn file(&self, inner: &str) -> String {
        format!("{}files/{inner}", self.base)
    }
    pub fn asset(&self, name: &str) -> String {
        format!("{}assets/{name}", self.base)
    }

    /// The file an URL is written to, relative to the output folder.
    pub fn output_path(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(self.base.as_str())
            .unwrap_or(url)
            .trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_owned()
        }
    }
}
