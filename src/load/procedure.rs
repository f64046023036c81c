//! Decodes a procedure file.

use super::decode::{Ctx, MapReader};
use super::yaml::Node;
use crate::model::procedure::*;
use crate::model::{At, RefKind};

pub fn decode(ctx: &mut Ctx, root: &Node, slug: &str) -> Option<Procedure> {
    let mut m = ctx.map(root, "procedure")?;
    let code = m.req(ctx, "code").and_then(|n| ctx.at_text(n, "`code`"));
    // The code names a published file (`/api/procedures/<code>.json`): letters, digits, dots.
    let code = code.filter(|c| {
        let ok = !c.value.is_empty()
            && !c.value.starts_with('.')
            && c.value.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-');
        if !ok {
            ctx.error(
                c.pos,
                c.width,
                format!("procedure code `{}` is not a national code", c.value),
                "write the code from the national database, e.g. \"1.001193\" (letters, digits and dots)",
            );
        }
        ok
    });
    ctx.reference(RefKind::CodeDefinition, code.clone());
    let name = m.req(ctx, "name").and_then(|n| ctx.nonempty(n, "`name`"));
    let summary = m.get("summary").and_then(|n| ctx.text(n, "`summary`"));
    let keywords = opt_list(ctx, &mut m, "keywords", |ctx, n| {
        ctx.nonempty(n, "a keyword")
    });
    let fields = req_ids(ctx, &mut m, "fields", RefKind::Field);
    let levels = req_ids(ctx, &mut m, "levels", RefKind::Level);
    let audience = req_ids(ctx, &mut m, "audience", RefKind::Audience);
    let life_events = opt_list(ctx, &mut m, "life_events", |ctx, n| {
        let id = ctx.id(n, "life event");
        ctx.reference(RefKind::LifeEvent, id)
    });
    let competent_authority = m.req(ctx, "competent_authority").and_then(|n| {
        let id = ctx.id(n, "`competent_authority`");
        ctx.reference(RefKind::Agency, id)
    });
    let agencies = req_ids(ctx, &mut m, "agencies", RefKind::Agency);
    let channels = req_list(ctx, &mut m, "channels", channel);
    let online_level = match m.get("online_level") {
        Some(n) => ctx
            .choice(n, "`online_level`", &OnlineLevel::ALL)
            .map(|v| At {
                value: v,
                pos: n.pos,
                width: 1,
            }),
        None => Some(At::new(OnlineLevel::None)),
    };
    let documents = req_list(ctx, &mut m, "documents", document_group);
    let steps = req_list(ctx, &mut m, "steps", step);
    let requirements = m
        .get("requirements")
        .and_then(|n| ctx.markdown(n, "`requirements`"));
    let results = req_list(ctx, &mut m, "results", outcome);
    let legal_basis = req_list(ctx, &mut m, "legal_basis", legal);
    let related = opt_list(ctx, &mut m, "related", |ctx, n| {
        let code = ctx.at_text(n, "a related procedure code");
        ctx.reference(RefKind::Procedure, code)
    });
    let status = m
        .req(ctx, "status")
        .and_then(|n| ctx.choice(n, "`status`", &Status::ALL));
    let effective_from = m
        .get("effective_from")
        .and_then(|n| ctx.date(n, "`effective_from`"));
    let effective_to = m
        .get("effective_to")
        .and_then(|n| ctx.date(n, "`effective_to`"));
    let alert = m.get("alert").and_then(|n| ctx.text(n, "`alert`"));
    let last_checked = m
        .req(ctx, "last_checked")
        .and_then(|n| ctx.date(n, "`last_checked`"));
    m.finish(ctx);
    Some(Procedure {
        slug: slug.to_owned(),
        file: ctx.file.to_owned(),
        code: code?,
        name: name?,
        summary,
        keywords,
        fields: fields?,
        levels: levels?,
        audience: audience?,
        life_events,
        competent_authority: competent_authority?,
        agencies: agencies?,
        channels: channels?,
        online_level: online_level?,
        documents: documents?,
        steps: steps?,
        requirements,
        results: results?,
        legal_basis: legal_basis?,
        related,
        status: status?,
        effective_from: effective_from.map(|d| d.value),
        effective_to: effective_to.map(|d| d.value),
        alert,
        last_checked: last_checked?,
        source_hash: crate::hash::Key::new()
            .with(ctx.file)
            .with(ctx.source)
            .finish(),
    })
}

fn opt_list<T>(
    ctx: &mut Ctx,
    m: &mut MapReader,
    key: &'static str,
    f: impl FnMut(&mut Ctx, &Node) -> Option<T>,
) -> Vec<T> {
    match m.get(key) {
        Some(n) => ctx.list(n, &format!("`{key}`"), f),
        None => Vec::new(),
    }
}

/// A required list that must have at least one item.
fn req_list<T>(
    ctx: &mut Ctx,
    m: &mut MapReader,
    key: &'static str,
    f: impl FnMut(&mut Ctx, &Node) -> Option<T>,
) -> Option<Vec<T>> {
    let n = m.req(ctx, key)?;
    let errors_before = ctx.diags.len();
    let items = ctx.list(n, &format!("`{key}`"), f);
    if items.is_empty() && ctx.diags.len() == errors_before {
        ctx.error(
            n.pos,
            1,
            format!("`{key}` is empty"),
            format!("list at least one item under `{key}`"),
        );
    }
    (ctx.diags.len() == errors_before).then_some(items)
}

fn req_ids(
    ctx: &mut Ctx,
    m: &mut MapReader,
    key: &'static str,
    kind: RefKind,
) -> Option<Vec<At<String>>> {
    req_list(ctx, m, key, |ctx, n| {
        let id = ctx.id(n, &format!("an id in `{key}`"));
        ctx.reference(kind, id)
    })
}

fn channel(ctx: &mut Ctx, n: &Node) -> Option<Channel> {
    let mut m = ctx.map(n, "channel")?;
    let kind = m
        .req(ctx, "type")
        .and_then(|v| ctx.choice(v, "channel `type`", &ChannelKind::ALL));
    let deadline = m.get("deadline").and_then(|v| deadline(ctx, v));
    let fees = match m.get("fees") {
        Some(v) => ctx.list(v, "`fees`", fee),
        None => Vec::new(),
    };
    let url = m
        .get("url")
        .and_then(|v| ctx.url(v, "`url`", crate::url::Allow::Web));
    let note = m.get("note").and_then(|v| ctx.text(v, "`note`"));
    m.finish(ctx);
    Some(Channel {
        kind: kind?,
        deadline,
        fees,
        url,
        note,
        pos: n.pos,
    })
}

fn deadline(ctx: &mut Ctx, n: &Node) -> Option<Deadline> {
    let mut m = ctx.map(n, "deadline")?;
    let value_node = m.req(ctx, "value");
    let value = value_node.and_then(|v| ctx.number(v, "deadline `value`"));
    let unit = m
        .req(ctx, "unit")
        .and_then(|v| ctx.choice(v, "deadline `unit`", &DeadlineUnit::ALL));
    m.finish(ctx);
    let value = match (value, value_node) {
        (Some(v), Some(node)) => deadline_value(ctx, node, v, unit)?,
        _ => return None,
    };
    Some(Deadline { value, unit: unit? })
}

/// A deadline is more than 0, a whole number or a half (`0.5` working days), and at most
/// ten years in its unit: `1e300` is a typing accident, not a deadline.
fn deadline_value(
    ctx: &mut Ctx,
    node: &Node,
    value: f64,
    unit: Option<DeadlineUnit>,
) -> Option<f64> {
    let max = match unit {
        Some(DeadlineUnit::Hours) => 87_600.0,
        Some(DeadlineUnit::Months) => 120.0,
        _ => 3_650.0,
    };
    let written = node
        .raw_text(ctx.source)
        .map_or_else(|| value.to_string(), str::to_owned);
    let width = written.chars().count();
    let message = if value <= 0.0 {
        Some(format!("deadline `value` {written} must be more than 0"))
    } else if value > max {
        Some(format!(
            "deadline `value` {written} is too large (at most {max} in this unit)"
        ))
    } else if (value * 2.0).fract() != 0.0 {
        Some(format!(
            "deadline `value` {written} is not a whole number or a half"
        ))
    } else {
        None
    };
    match message {
        None => Some(value),
        Some(m) => {
            ctx.error(
                node.pos,
                width,
                m,
                "write the legal deadline as a whole number such as `5` (or a half, `0.5`); for hours use `unit: hours`",
            );
            None
        }
    }
}

fn fee(ctx: &mut Ctx, n: &Node) -> Option<Fee> {
    let mut m = ctx.map(n, "fee")?;
    let label = m
        .req(ctx, "label")
        .and_then(|v| ctx.nonempty(v, "fee `label`"));
    let amount = m
        .req(ctx, "amount")
        .and_then(|v| ctx.uint(v, "fee `amount` (VND)"));
    let note = m.get("note").and_then(|v| ctx.text(v, "`note`"));
    m.finish(ctx);
    Some(Fee {
        label: label?,
        amount: amount?,
        note,
    })
}

fn document_group(ctx: &mut Ctx, n: &Node) -> Option<DocumentGroup> {
    let mut m = ctx.map(n, "document group")?;
    let case = m.req(ctx, "case").and_then(|v| ctx.nonempty(v, "`case`"));
    let kind = match m.get("kind") {
        Some(v) => ctx.choice(
            v,
            "document `kind`",
            &[
                ("submit", DocumentKind::Submit),
                ("present", DocumentKind::Present),
            ],
        ),
        None => Some(DocumentKind::Submit),
    };
    let items = match m.req(ctx, "items") {
        Some(v) => ctx.list(v, "`items`", document_item),
        None => Vec::new(),
    };
    m.finish(ctx);
    Some(DocumentGroup {
        case: case?,
        kind: kind?,
        items,
    })
}

fn document_item(ctx: &mut Ctx, n: &Node) -> Option<DocumentItem> {
    let mut m = ctx.map(n, "document")?;
    let name = m
        .req(ctx, "name")
        .and_then(|v| ctx.nonempty(v, "document `name`"));
    let originals = m
        .get("originals")
        .and_then(|v| ctx.uint(v, "`originals`"))
        .unwrap_or(0);
    let copies = m
        .get("copies")
        .and_then(|v| ctx.uint(v, "`copies`"))
        .unwrap_or(0);
    let required = m
        .get("required")
        .and_then(|v| ctx.boolean(v, "`required`"))
        .unwrap_or(true);
    let note = m.get("note").and_then(|v| ctx.text(v, "`note`"));
    let form = m.get("form").and_then(|v| form(ctx, v));
    m.finish(ctx);
    Some(DocumentItem {
        name: name?,
        originals,
        copies,
        required,
        note,
        form,
    })
}

fn form(ctx: &mut Ctx, n: &Node) -> Option<Form> {
    let mut m = ctx.map(n, "form")?;
    let title = m
        .req(ctx, "title")
        .and_then(|v| ctx.nonempty(v, "form `title`"));
    let file = m
        .req(ctx, "file")
        .and_then(|v| ctx.at_text(v, "form `file`"));
    let file = ctx.reference(RefKind::File, file);
    m.finish(ctx);
    Some(Form {
        title: title?,
        file: file?,
    })
}

fn step(ctx: &mut Ctx, n: &Node) -> Option<Step> {
    let mut m = ctx.map(n, "step")?;
    let title = m
        .req(ctx, "title")
        .and_then(|v| ctx.nonempty(v, "step `title`"));
    let body = m.get("body").and_then(|v| ctx.markdown(v, "step `body`"));
    m.finish(ctx);
    Some(Step {
        title: title?,
        body,
    })
}

fn outcome(ctx: &mut Ctx, n: &Node) -> Option<Outcome> {
    let mut m = ctx.map(n, "result")?;
    let name = m
        .req(ctx, "name")
        .and_then(|v| ctx.nonempty(v, "result `name`"));
    let electronic = m
        .get("electronic")
        .and_then(|v| ctx.boolean(v, "`electronic`"))
        .unwrap_or(false);
    m.finish(ctx);
    Some(Outcome {
        name: name?,
        electronic,
    })
}

fn legal(ctx: &mut Ctx, n: &Node) -> Option<LegalBasis> {
    let mut m = ctx.map(n, "legal basis")?;
    let number = m
        .req(ctx, "number")
        .and_then(|v| ctx.nonempty(v, "legal `number`"));
    let title = m
        .req(ctx, "title")
        .and_then(|v| ctx.nonempty(v, "legal `title`"));
    let issued = m.get("issued").and_then(|v| ctx.date(v, "`issued`"));
    let url = m
        .get("url")
        .and_then(|v| ctx.url(v, "`url`", crate::url::Allow::WebOrPath));
    m.finish(ctx);
    Some(LegalBasis {
        number: number?,
        title: title?,
        issued: issued.map(|d| d.value),
        url,
    })
}
