//! Agencies' `parent` links form a tree: a cycle (a → b → a) is an error naming every member.

use crate::diag::Diagnostic;
use crate::model::Content;
use std::collections::{HashMap, HashSet};

pub(crate) fn check_parent_cycles(content: &Content, out: &mut Vec<Diagnostic>) {
    let by_id: HashMap<&str, &crate::model::Agency> = content
        .agencies
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let parent_of = |id: &str| -> Option<&str> {
        by_id
            .get(id)
            .and_then(|a| a.parent.as_ref())
            .map(|p| p.value.as_str())
    };
    let mut done: HashSet<&str> = HashSet::new();
    // Agencies are sorted by id, so each cycle is reported once, from its smallest id.
    for start in content.agencies.iter().map(|a| a.id.as_str()) {
        if done.contains(start) {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut at = Some(start);
        while let Some(id) = at {
            if done.contains(id) {
                break;
            }
            if let Some(i) = path.iter().position(|p| *p == id) {
                report(&path[i..], &by_id, out);
                break;
            }
            path.push(id);
            at = parent_of(id).filter(|p| by_id.contains_key(p));
        }
        done.extend(path);
    }
}

fn report(cycle: &[&str], by_id: &HashMap<&str, &crate::model::Agency>, out: &mut Vec<Diagnostic>) {
    // Start the message at the smallest id, so it does not depend on where the walk began.
    let first = (0..cycle.len()).min_by_key(|i| cycle[*i]).unwrap_or(0);
    let ordered: Vec<&str> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .copied()
        .collect();
    let Some(a) = by_id.get(ordered[0]) else {
        return;
    };
    let Some(parent) = &a.parent else {
        return;
    };
    let names = ordered
        .iter()
        .chain(std::iter::once(&ordered[0]))
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    let mut d = Diagnostic::error(
        &a.file,
        parent.pos,
        format!("agencies are each other's parents: {names}"),
    )
    .width(parent.width)
    .help("an agency's `parent` is the agency above it: remove `parent` from the one at the top");
    for id in &ordered[1..] {
        if let Some(other) = by_id.get(id) {
            let line = other.parent.as_ref().map_or(0, |p| p.pos.line);
            d = d.related(
                &other.file,
                line,
                format!(
                    "`{id}` names `{}` as its parent",
                    other.parent.as_ref().map_or("", |p| p.value.as_str())
                ),
            );
        }
    }
    out.push(d);
}
