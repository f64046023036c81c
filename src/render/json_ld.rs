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
