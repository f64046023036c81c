//! Decodes an agency file.

use super::decode::Ctx;
use super::yaml::Node;
use crate::model::RefKind;
use crate::model::agency::*;

pub fn decode(ctx: &mut Ctx, root: &Node, id: &str) -> Option<Agency> {
    let mut m = ctx.map(root, "agency")?;
    if let Some(n) = m.get("id") {
        if let Some(written) = ctx.text(n, "`id`") {
            if written != id {
                ctx.error(n.pos, written.chars().count(), format!("`id` `{written}` differs from the file name `{id}`"), format!("an agency's id is its file name: remove `id:` or rename the file to `{written}.yaml`"));
            }
        }
    }
    let name = m.req(ctx, "name").and_then(|n| ctx.nonempty(n, "`name`"));
    let kind = m.get("kind").and_then(|n| ctx.text(n, "`kind`"));
    let level = m.get("level").and_then(|n| ctx.id(n, "`level`"));
    let level = ctx.reference(RefKind::Level, level);
    let parent = m.get("parent").and_then(|n| ctx.id(n, "`parent`"));
    if parent.as_ref().is_some_and(|p| p.value == id) {
        if let Some(p) = &parent {
            ctx.error(
                p.pos,
                p.width,
                "an agency cannot be its own parent",
                "remove `parent` or name the agency above this one",
            );
        }
    }
    let parent = ctx.reference(RefKind::Agency, parent.filter(|p| p.value != id));
    let address = m.get("address").and_then(|n| ctx.text(n, "`address`"));
    let geo = m.get("geo").and_then(|n| geo(ctx, n));
    let phone = m.get("phone").and_then(|n| ctx.text(n, "`phone`"));
    let hotline = m.get("hotline").and_then(|n| ctx.text(n, "`hotline`"));
    let email = m.get("email").and_then(|n| ctx.email(n, "`email`"));
    let website = m
        .get("website")
        .and_then(|n| ctx.url(n, "`website`", crate::url::Allow::Web));
    let opening_hours = m.get("opening_hours").and_then(|n| opening_hours(ctx, n));
    let feedback = match m.get("feedback") {
        Some(n) => ctx.list(n, "`feedback`", feedback),
        None => Vec::new(),
    };
    let aliases = match m.get("aliases") {
        Some(n) => ctx.list(n, "`aliases`", |ctx, a| ctx.nonempty(a, "an alias")),
        None => Vec::new(),
    };
    m.finish(ctx);
    Some(Agency {
        id: id.to_owned(),
        file: ctx.file.to_owned(),
        name: name?,
        kind,
        level,
        parent,
        address,
        geo,
        phone,
        hotline,
        email,
        website,
        opening_hours,
        feedback,
        aliases,
    })
}

fn geo(ctx: &mut Ctx, n: &Node) -> Option<(f64, f64)> {
    let mut m = ctx.map(n, "geo")?;
    let lat = m
        .req(ctx, "lat")
        .and_then(|v| signed(ctx, v, "`lat`", 90.0));
    let lon = m
        .req(ctx, "lon")
        .and_then(|v| signed(ctx, v, "`lon`", 180.0));
    m.finish(ctx);
    Some((lat?, lon?))
}

/// A latitude or longitude: a number between `-limit` and `limit` degrees.
fn signed(ctx: &mut Ctx, n: &Node, what: &str, limit: f64) -> Option<f64> {
    let value = match n.value {
        super::yaml::Value::Int(i) => Some(i as f64),
        super::yaml::Value::Float(f) if f.is_finite() => Some(f),
        _ => None,
    };
    match value {
        Some(v) if v.abs() <= limit => Some(v),
        Some(v) => {
            let width = n.raw_text(ctx.source).map_or(1, |t| t.chars().count());
            ctx.error(
                n.pos,
                width,
                format!("{what} {v} is out of range (−{limit} to {limit} degrees)"),
                "copy the coordinates from a map: latitude first (about 8 to 24 in Viet Nam), then longitude (about 102 to 110)",
            );
            None
        }
        None => {
            ctx.error(
                n.pos,
                1,
                format!("{what}: expected a number"),
                "write a decimal such as `21.0285`",
            );
            None
        }
    }
}

fn opening_hours(ctx: &mut Ctx, n: &Node) -> Option<OpeningHours> {
    let mut m = ctx.map(n, "opening_hours")?;
    let regular = match m.get("regular") {
        Some(v) => ctx.list(v, "`regular`", rule),
        None => Vec::new(),
    };
    let closed = match m.get("closed") {
        Some(v) => ctx.list(v, "`closed`", |ctx, d| {
            ctx.date(d, "a closed date").map(|d| d.value)
        }),
        None => Vec::new(),
    };
    let note = m.get("note").and_then(|v| ctx.text(v, "`note`"));
    m.finish(ctx);
    Some(OpeningHours {
        regular,
        closed,
        note,
    })
}

fn rule(ctx: &mut Ctx, n: &Node) -> Option<OpeningRule> {
    let mut m = ctx.map(n, "opening hours rule")?;
    let days = match m.req(ctx, "days") {
        Some(v) => ctx.list(v, "`days`", |ctx, d| ctx.choice(d, "a day", &Weekday::ALL)),
        None => Vec::new(),
    };
    let times = match m.req(ctx, "times") {
        Some(v) => ctx.list(v, "`times`", time_range),
        None => Vec::new(),
    };
    m.finish(ctx);
    Some(OpeningRule { days, times })
}

fn time_range(ctx: &mut Ctx, n: &Node) -> Option<(String, String)> {
    let s = ctx.text(n, "a time range")?;
    let parsed = s
        .split_once('-')
        .and_then(|(a, b)| Some((hhmm(a.trim())?, hhmm(b.trim())?)));
    match parsed {
        Some((a, b)) if a < b => Some((a, b)),
        _ => {
            ctx.error(
                n.pos,
                s.chars().count(),
                format!("`{s}` is not a time range"),
                "write opening and closing time as `07:30-11:30` (24-hour clock)",
            );
            None
        }
    }
}

fn hhmm(s: &str) -> Option<String> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && s.len() <= 5).then(|| format!("{h:02}:{m:02}"))
}

fn feedback(ctx: &mut Ctx, n: &Node) -> Option<Feedback> {
    let mut m = ctx.map(n, "feedback channel")?;
    let kind = m
        .req(ctx, "type")
        .and_then(|v| ctx.choice(v, "feedback `type`", &FeedbackKind::ALL));
    let value = m.req(ctx, "value").and_then(|v| match kind {
        Some(FeedbackKind::Web) => ctx.url(v, "feedback `value`", crate::url::Allow::Web),
        Some(FeedbackKind::Email) => ctx.email(v, "feedback `value`"),
        // A Zalo or Facebook channel is a page address or a name/number; addresses are checked.
        Some(FeedbackKind::Zalo | FeedbackKind::Facebook) => {
            let s = ctx.nonempty(v, "feedback `value`")?;
            let looks_like_address =
                s.contains(':') || s.starts_with("//") || s.starts_with("www.");
            if looks_like_address {
                ctx.url(v, "feedback `value`", crate::url::Allow::Web)
            } else {
                Some(s)
            }
        }
        _ => ctx.nonempty(v, "feedback `value`"),
    });
    let label = m.get("label").and_then(|v| ctx.text(v, "`label`"));
    m.finish(ctx);
    Some(Feedback {
        kind: kind?,
        value: value?,
        label,
    })
}
