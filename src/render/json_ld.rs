//! The schema.org `GovernmentService` of a procedure page's `<head>`, as typed values:
//! built straight from the model and written by serde, with no `serde_json::Value` tree
//! made and sorted per page. Every object's fields are declared in sorted key order,
//! which is the order a `serde_json::Value` map writes them in (the output of the
//! version that built one).

use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Service<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "areaServed", skip_serializing_if = "Option::is_none")]
    pub area_served: Option<Area<'a>>,
    #[serde(rename = "availableChannel")]
    pub available_channel: Vec<Channel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub identifier: &'a str,
    pub name: &'a str,
    pub offers: Vec<Offer>,
    pub provider: Vec<Organization<'a>>,
    #[serde(rename = "serviceType")]
    pub service_type: Option<&'a str>,
    pub url: String,
}

#[derive(Serialize)]
pub(super) struct Area<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub(super) struct Organization<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub address: Option<&'a str>,
    pub name: &'a str,
    pub telephone: Option<&'a str>,
    pub url: String,
}

#[derive(Serialize)]
pub(super) struct Channel<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'static str,
    #[serde(rename = "processingTime", skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<String>,
    #[serde(rename = "serviceLocation", skip_serializing_if = "Option::is_none")]
    pub service_location: Option<Place<'a>>,
    /// Present (perhaps `null`) on the online channel only.
    #[serde(rename = "serviceUrl", skip_serializing_if = "Option::is_none")]
    pub service_url: Option<Option<&'a str>>,
}

#[derive(Serialize)]
pub(super) struct Place<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub address: Option<&'a str>,
    pub name: &'a str,
}

#[derive(Serialize)]
pub(super) struct Offer {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub price: u64,
    #[serde(rename = "priceCurrency")]
    pub price_currency: &'static str,
}

/// `json` made safe inside a `<script>` element: `<`, `>` and `&` (which occur only
/// inside its strings) as JSON escapes, so no text can close the element.
pub(super) fn script_safe(json: String) -> String {
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn script_text_cannot_close_the_element() {
        assert_eq!(
            script_safe(r#"{"name":"</script><b>A&B"}"#.into()),
            r#"{"name":"\u003c/script\u003e\u003cb\u003eA\u0026B"}"#
        );
        assert_eq!(
            script_safe(r#"{"name":"Đăng ký"}"#.into()),
            r#"{"name":"Đăng ký"}"#
        );
    }
}
