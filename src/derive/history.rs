//! Change history of procedures: each version read by `load::history` is compared with the
//! previous version of the same procedure *code* (so renames and moves continue a history):
//! what changed in the record becomes a [`Change`]; formatting-only commits produce nothing.
//! `render::history` words it.

use crate::date::Date;
use crate::load::history::Decoded;
use crate::model::Procedure;
use crate::model::procedure::{ChannelKind, Deadline, Status};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One meaningful change of a procedure, as data (the theme words it).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Published,
    Name {
        from: String,
        to: String,
    },
    Fee {
        channel: ChannelKind,
        from: Vec<u64>,
        to: Vec<u64>,
    },
    Deadline {
        channel: ChannelKind,
        from: Option<Deadline>,
        to: Option<Deadline>,
    },
    ChannelAdded(ChannelKind),
    ChannelRemoved(ChannelKind),
    DocumentAdded(String),
    DocumentRemoved(String),
    LegalAdded(String),
    LegalRemoved(String),
    Status {
        from: Status,
        to: Status,
    },
}

/// Changes of one commit to one procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub date: Date,
    pub commit: String,
    pub changes: Vec<Change>,
}

/// Procedure code → its entries, newest first.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub by_code: BTreeMap<String, Vec<Entry>>,
}

/// The changes of every procedure, from its versions oldest first.
pub(crate) fn changes(versions: Vec<Decoded<'_>>) -> History {
    let mut last: BTreeMap<String, Cow<'_, Procedure>> = BTreeMap::new();
    let mut history = History::default();
    for v in versions {
        let p = v.procedure;
        let changes = match last.get(&p.code.value) {
            None => vec![Change::Published],
            Some(before) => compare(before, &p),
        };
        if !changes.is_empty() {
            history
                .by_code
                .entry(p.code.value.clone())
                .or_default()
                .push(Entry {
                    date: v.date,
                    commit: v.commit,
                    changes,
                });
        }
        last.insert(p.code.value.clone(), p);
    }
    for entries in history.by_code.values_mut() {
        entries.reverse();
    }
    history
}

fn fees(p: &Procedure, kind: ChannelKind) -> Option<Vec<u64>> {
    p.channels
        .iter()
        .find(|c| c.kind == kind)
        .map(|c| c.fees.iter().map(|f| f.amount).collect())
}

/// What changed between two versions of a procedure, in reading order.
pub fn compare(a: &Procedure, b: &Procedure) -> Vec<Change> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push(Change::Name {
            from: a.name.clone(),
            to: b.name.clone(),
        });
    }
    if a.status != b.status {
        out.push(Change::Status {
            from: a.status,
            to: b.status,
        });
    }
    for (_, kind) in ChannelKind::ALL {
        let before = a.channels.iter().find(|c| c.kind == kind);
        let after = b.channels.iter().find(|c| c.kind == kind);
        match (before, after) {
            (None, Some(_)) => out.push(Change::ChannelAdded(kind)),
            (Some(_), None) => out.push(Change::ChannelRemoved(kind)),
            (Some(x), Some(y)) => {
                if x.deadline != y.deadline {
                    out.push(Change::Deadline {
                        channel: kind,
                        from: x.deadline,
                        to: y.deadline,
                    });
                }
                let (f, t) = (
                    fees(a, kind).unwrap_or_default(),
                    fees(b, kind).unwrap_or_default(),
                );
                let total = |v: &[u64]| v.iter().sum::<u64>();
                if total(&f) != total(&t) || f.len() != t.len() {
                    out.push(Change::Fee {
                        channel: kind,
                        from: f,
                        to: t,
                    });
                }
            }
            (None, None) => {}
        }
    }
    let docs = |p: &Procedure| -> Vec<String> {
        p.documents
            .iter()
            .flat_map(|g| g.items.iter().map(|d| d.name.clone()))
            .collect()
    };
    let (da, db) = (docs(a), docs(b));
    out.extend(
        db.iter()
            .filter(|d| !da.contains(d))
            .cloned()
            .map(Change::DocumentAdded),
    );
    out.extend(
        da.iter()
            .filter(|d| !db.contains(d))
            .cloned()
            .map(Change::DocumentRemoved),
    );
    let legal =
        |p: &Procedure| -> Vec<String> { p.legal_basis.iter().map(|l| l.number.clone()).collect() };
    let (la, lb) = (legal(a), legal(b));
    out.extend(
        lb.iter()
            .filter(|d| !la.contains(d))
            .cloned()
            .map(Change::LegalAdded),
    );
    out.extend(
        la.iter()
            .filter(|d| !lb.contains(d))
            .cloned()
            .map(Change::LegalRemoved),
    );
    out
}
