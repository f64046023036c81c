//! The portal's JSON record (`get-formality-by-citizen`): `code`, `name`, `executionSteps[]`,
//! `executionMethods[]`, `executionCases[]`, `legalBasisesDetails[]`, … HTML in descriptions
//! becomes Markdown. Keys we do not read are named in the summary, never dropped silently.

use super::html::to_markdown;
use super::record::{RawCase, RawChannel, RawCount, RawFees, RawItem, RawLegal, RawResult, Record};
use serde_json::Value;

/// The records in a JSON document: one record, a list of them, or either wrapped in `data`.
pub(crate) fn records(text: &str) -> Result<Vec<Record>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "the JSON is not valid at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let mut out = Vec::new();
    collect(&value, &mut out, 0);
    if out.is_empty() {
        return Err(
            "no procedure record in this JSON: expected an object with `code` and `name` (the portal's get-formality-by-citizen record)"
                .into(),
        );
    }
    Ok(out)
}

fn collect(v: &Value, out: &mut Vec<Record>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect(i, out, depth + 1)),
        Value::Object(map) if map.contains_key("code") && map.contains_key("name") => {
            out.push(record(v))
        }
        Value::Object(map) => {
            for key in ["data", "result", "content", "items"] {
                if let Some(inner) = map.get(key) {
                    collect(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// A value as text: strings as they are, numbers as written, `null` as empty.
fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The first of `keys` an object has, as text.
fn first(v: &Value, keys: &[&str]) -> String {
    keys.iter()
        .map(|k| text(v.get(*k)))
        .find(|s| !s.trim().is_empty())
        .unwrap_or_default()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Names of a list of objects (`[{name}]`) or strings.
fn names(v: &Value, key: &str) -> Vec<String> {
    list(v, key)
        .iter()
        .map(|i| match i {
            Value::String(s) => s.clone(),
            other => first(other, &["name", "title", "value"]),
        })
        .filter(|s| !s.trim().is_empty())
        .collect()
}

const READ: [&str; 22] = [
    "code",
    "name",
    "executionSteps",
    "executionMethods",
    "executionCases",
    "legalBasisesDetails",
    "resultsDetails",
    "requirementsAndConditions",
    "categoriesDetails",
    "subjectTypesDetails",
    "departmentsExecuting",
    "departmentsAuthority",
    "isWard",
    "isProvince",
    "isMinistry",
    "isDistrict",
    "keywords",
    "description",
    "decisionNumber",
    "procedureType",
    "departmentsCoordinating",
    "receivingAddress",
];

/// Keys that carry nothing for a reader (ids, timestamps of the portal's own database).
fn is_bookkeeping(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k == "id"
        || k.ends_with("id")
        || k.ends_with("ids")
        || k.contains("date")
        || k.contains("time")
        || k.contains("modified")
        || k.contains("created")
}

fn record(v: &Value) -> Record {
    let mut r = Record {
        code: text(v.get("code")),
        name: text(v.get("name")),
        ..Record::default()
    };
    for (flag, label) in [
        ("isMinistry", "Cấp trung ương"),
        ("isProvince", "Cấp tỉnh"),
        ("isDistrict", "Cấp huyện"),
        ("isWard", "Cấp xã"),
    ] {
        if v.get(flag).and_then(Value::as_bool) == Some(true) {
            r.levels.push(label.to_owned());
        }
    }
    r.fields = names(v, "categoriesDetails");
    r.audience = names(v, "subjectTypesDetails");
    r.agencies = names(v, "departmentsExecuting");
    r.authority = names(v, "departmentsAuthority");
    r.steps = list(v, "executionSteps")
        .iter()
        .map(|s| match s {
            Value::String(t) => to_markdown(t),
            other => {
                let title = first(other, &["name", "title", "stepName"]);
                let body = to_markdown(&first(other, &["description", "content", "detail"]));
                match (title.trim().is_empty(), body.trim().is_empty()) {
                    (false, false) => format!("{}\n{body}", to_markdown(&title)),
                    (false, true) => to_markdown(&title),
                    _ => body,
                }
            }
        })
        .filter(|s| !s.trim().is_empty())
        .collect();
    for m in list(v, "executionMethods") {
        let method = match text(m.get("submissionMethod")).as_str() {
            "ONLINE" => "Trực tuyến".to_owned(),
            "DIRECT" => "Trực tiếp".to_owned(),
            "POSTAL" => "Dịch vụ bưu chính".to_owned(),
            other => other.to_owned(),
        };
        let time = text(m.get("processingTime"));
        let unit = text(m.get("processingTimeUnit"));
        let fees = list(m, "fees")
            .iter()
            .map(|f| {
                (
                    first(f, &["name", "feeName", "label"]),
                    first(f, &["amount", "value", "fee"]),
                )
            })
            .collect();
        r.channels.push(RawChannel {
            method,
            deadline: format!("{time} {unit}").trim().to_owned(),
            fees: RawFees::List(fees),
            description: to_markdown(&text(m.get("description"))).replace('\n', " "),
        });
    }
    for c in list(v, "executionCases") {
        let items = list(c, "profileComponents")
            .iter()
            .map(|p| RawItem {
                name: first(p, &["name", "title"]),
                form: list(p, "attachments")
                    .iter()
                    .map(|a| match a {
                        Value::String(s) => s.clone(),
                        other => first(other, &["name", "fileName", "title"]),
                    })
                    .find(|s| !s.trim().is_empty())
                    .unwrap_or_default(),
                count: RawCount::Split {
                    originals: text(p.get("originalQty")),
                    copies: text(p.get("copyQty")),
                },
            })
            .collect();
        r.documents.push(RawCase {
            name: first(c, &["name", "title"]),
            items,
        });
    }
    r.legal = list(v, "legalBasisesDetails")
        .iter()
        .map(|l| RawLegal {
            number: first(l, &["code", "number", "symbol", "documentNumber"]),
            title: first(l, &["name", "title", "abstract", "summary"]),
            issued: first(l, &["issuedDate", "promulgationDate", "issueDate", "date"]),
            issuer: first(l, &["issuingAgency", "agencyName", "issuer"]),
        })
        .collect();
    r.results = list(v, "resultsDetails")
        .iter()
        .map(|x| match x {
            Value::String(s) => RawResult {
                name: s.clone(),
                electronic: false,
            },
            other => RawResult {
                name: first(other, &["name", "title"]),
                electronic: other
                    .get("isElectronic")
                    .or_else(|| other.get("electronic"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
        })
        .collect();
    r.requirements = to_markdown(&text(v.get("requirementsAndConditions")));
    r.keywords = match v.get("keywords") {
        Some(Value::Array(_)) => names(v, "keywords"),
        other => vec![text(other)],
    };
    r.description = to_markdown(&text(v.get("description"))).replace('\n', " ");
    for (key, label) in [
        ("decisionNumber", "Số quyết định"),
        ("procedureType", "Loại thủ tục"),
        ("receivingAddress", "Địa chỉ tiếp nhận HS"),
    ] {
        let t = text(v.get(key));
        if !t.trim().is_empty() {
            r.extra.push((label.to_owned(), t));
        }
    }
    let coordinating = names(v, "departmentsCoordinating");
    if !coordinating.is_empty() {
        r.extra
            .push(("Cơ quan phối hợp".to_owned(), coordinating.join(", ")));
    }
    if let Value::Object(map) = v {
        let unread: Vec<&str> = map
            .iter()
            .filter(|(k, val)| {
                !READ.contains(&k.as_str())
                    && !is_bookkeeping(k)
                    && !matches!(val, Value::Null)
                    && val.as_str().is_none_or(|s| !s.trim().is_empty())
                    && val.as_array().is_none_or(|a| !a.is_empty())
            })
            .map(|(k, _)| k.as_str())
            .collect();
        if !unread.is_empty() {
            r.notes.push(format!(
                "keys of the record with no place in our format, not imported: {}",
                unread.join(", ")
            ));
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_record_a_list_or_a_wrapped_response() {
        let one = r#"{"code": "1.1", "name": "A"}"#;
        assert_eq!(records(one).unwrap().len(), 1);
        let wrapped = r#"{"success": true, "data": [{"code": "1.1", "name": "A"}, {"code": "1.2", "name": "B", "isWard": true}]}"#;
        let got = records(wrapped).unwrap();
        assert_eq!(
            got.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
            ["1.1", "1.2"]
        );
        assert_eq!(got[1].levels, vec!["Cấp xã".to_owned()]);
        assert!(records(r#"{"data": null}"#).is_err());
        assert!(records("{").unwrap_err().contains("line 1"));
    }

    #[test]
    fn methods_fees_and_counts_are_kept_as_written() {
        let r = &records(
            r#"{"code": "1", "name": "A", "executionMethods": [{"submissionMethod": "POSTAL",
            "processingTime": 1, "processingTimeUnit": "Giờ", "fees": [{"name": "Phí", "amount": "Theo bảng giá"}]}],
            "executionCases": [{"name": "Giấy tờ phải xuất trình", "profileComponents": [{"name": "Thẻ căn cước", "originalQty": 1, "copyQty": null}]}]}"#,
        )
        .unwrap()[0];
        assert_eq!(r.channels[0].method, "Dịch vụ bưu chính");
        assert_eq!(r.channels[0].deadline, "1 Giờ");
        match &r.channels[0].fees {
            RawFees::List(l) => {
                assert_eq!(l, &vec![("Phí".to_owned(), "Theo bảng giá".to_owned())])
            }
            other => panic!("{other:?}"),
        }
        match &r.documents[0].items[0].count {
            RawCount::Split { originals, copies } => {
                assert_eq!((originals.as_str(), copies.as_str()), ("1", ""))
            }
            other => panic!("{other:?}"),
        }
    }
}
