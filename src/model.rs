//! The trade's nouns, shared by every stage: document kinds, extracted fields with their
//! provenance, charge lines, and the normalization of printed values.
//!
//! Names and normalized formats follow the freight back-office conventions documented in
//! `docs/domain.md`: money is USD as a decimal string with two places and no separators
//! (`"2350.00"`), dates are ISO 8601 (`"2026-07-14"`), weight is whole pounds (`"42000"`), states
//! are two-letter codes, identifiers are printed values without their label (`"MC 123456"` →
//! `"123456"`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The kind of a freight document. Serialized in snake_case (`"carrier_invoice"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Broker → carrier load confirmation, signed and returned by the carrier.
    RateConfirmation,
    /// Bill of lading issued by the shipper at pickup (VICS is the US standard layout).
    BillOfLading,
    /// Proof of delivery: the BOL or delivery receipt signed by the consignee.
    ProofOfDelivery,
    /// Carrier's freight bill to the broker.
    CarrierInvoice,
    /// Receipt for an unloading (lumper) fee.
    LumperReceipt,
    /// The customer's tender to the broker (shipper → broker): the customer's reference, the
    /// stops and the rate the customer pays; the most trusted source of the customer rate.
    LoadTender,
    /// Notice of Assignment (NOA): a carrier's invoices are now paid to a factoring company,
    /// whose remit-to it gives. Not about one load.
    NoticeOfAssignment,
    /// Anything that is not one of the above (a brochure, a W-9, a photo).
    Other,
}

impl DocumentKind {
    /// Every kind, in a stable order.
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::RateConfirmation,
        DocumentKind::BillOfLading,
        DocumentKind::ProofOfDelivery,
        DocumentKind::CarrierInvoice,
        DocumentKind::LumperReceipt,
        DocumentKind::LoadTender,
        DocumentKind::NoticeOfAssignment,
        DocumentKind::Other,
    ];

    /// The snake_case name used in rule files, the database and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::RateConfirmation => "rate_confirmation",
            DocumentKind::BillOfLading => "bill_of_lading",
            DocumentKind::ProofOfDelivery => "proof_of_delivery",
            DocumentKind::CarrierInvoice => "carrier_invoice",
            DocumentKind::LumperReceipt => "lumper_receipt",
            DocumentKind::LoadTender => "load_tender",
            DocumentKind::NoticeOfAssignment => "notice_of_assignment",
            DocumentKind::Other => "other",
        }
    }

    /// Whether a document of this kind may be sent to a customer (shipper or consignee). Only
    /// the paperwork of the shipment itself may: the POD, the BOL and a lumper receipt (which
    /// backs a lumper fee billed on to the customer). A rate confirmation and a carrier invoice
    /// show what the broker pays the carrier (the broker's margin), and `other` is unknown: they
    /// never leave for a customer, whatever the rule files say (`rules check` refuses a customer
    /// route that attaches them, and [`crate::notify`] would not attach them anyway).
    pub fn may_go_to_customer(self) -> bool {
        matches!(
            self,
            DocumentKind::ProofOfDelivery
                | DocumentKind::BillOfLading
                | DocumentKind::LumperReceipt
        )
    }

    /// The short name a person gives a file of this kind (`POD`, `BOL`, `rate-confirmation`…),
    /// used to name attachments: `POD-4471203.pdf`.
    pub fn file_label(self) -> &'static str {
        match self {
            DocumentKind::RateConfirmation => "rate-confirmation",
            DocumentKind::BillOfLading => "BOL",
            DocumentKind::ProofOfDelivery => "POD",
            DocumentKind::CarrierInvoice => "carrier-invoice",
            DocumentKind::LumperReceipt => "lumper-receipt",
            DocumentKind::LoadTender => "load-tender",
            DocumentKind::NoticeOfAssignment => "NOA",
            DocumentKind::Other => "document",
        }
    }

    /// The canonical fields of this kind, in the order staff read them.
    pub fn canonical_fields(self) -> &'static [&'static str] {
        match self {
            DocumentKind::RateConfirmation => &[
                "load_number",
                "broker_name",
                "carrier_name",
                "carrier_mc",
                "carrier_dot",
                "equipment",
                "pickup_date",
                "pickup_city",
                "pickup_state",
                "delivery_date",
                "delivery_city",
                "delivery_state",
                "commodity",
                "weight_lb",
                "linehaul_usd",
                "fuel_surcharge_usd",
                "total_usd",
                "payment_terms",
            ],
            DocumentKind::BillOfLading => &[
                "bol_number",
                "load_number",
                "pro_number",
                "ship_date",
                "shipper_name",
                "shipper_city",
                "shipper_state",
                "consignee_name",
                "consignee_city",
                "consignee_state",
                "carrier_name",
                "scac",
                "po_number",
                "handling_units",
                "weight_lb",
                "freight_terms",
                "hazmat",
            ],
            DocumentKind::ProofOfDelivery => &[
                "bol_number",
                "pro_number",
                "load_number",
                "delivery_date",
                "received_by",
                "signed",
                "osd_notes",
            ],
            DocumentKind::CarrierInvoice => &[
                "invoice_number",
                "invoice_date",
                "load_number",
                "pro_number",
                "bol_number",
                "carrier_name",
                "carrier_mc",
                "total_usd",
                "remit_to_name",
                "remit_to_address",
                "payment_terms",
            ],
            DocumentKind::LumperReceipt => &[
                "receipt_number",
                "receipt_date",
                "facility",
                "load_number",
                "po_number",
                "amount_usd",
            ],
            DocumentKind::LoadTender => &[
                "load_number",
                "customer_reference",
                "po_number",
                "shipper_name",
                "equipment",
                "commodity",
                "weight_lb",
                "customer_rate_usd",
                "fuel_surcharge_usd",
                "total_usd",
                "payment_terms",
            ],
            DocumentKind::NoticeOfAssignment => &[
                "carrier_name",
                "carrier_mc",
                "factor_name",
                "remit_to_name",
                "remit_to_address",
                "effective_date",
            ],
            DocumentKind::Other => &[],
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown document kind `{s}` (expected one of: {})",
                    DocumentKind::ALL.map(|k| k.as_str()).join(", ")
                )
            })
    }
}

/// Where a value was read: the page (1-based) and the byte span in that page's text, or the
/// email subject/body when `page` is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// 1-based page of the PDF; 0 for the email subject or body.
    pub page: u32,
    /// Byte offsets `[start, end)` of the printed value in the page text.
    pub span: (usize, usize),
    /// The value as printed, trimmed.
    pub printed: String,
    /// The rule that produced it: `file#template_id.field`.
    pub rule: String,
    /// How sure the reader is of the value, 0 to 1: 1 for a template's match; for the kind's
    /// labels and patterns ([`Provenance::is_generic`]), how often a value of that raw score was
    /// right on the evaluation corpus when the rules folder has `confidence.json`
    /// ([`crate::rules::calibration`]), else the generic reader's raw score.
    #[serde(default = "full_confidence")]
    pub confidence: f64,
}

impl Provenance {
    /// Whether the value was read by the kind's generic labels or patterns (`kinds.toml#…`),
    /// not by a template: the values whose confidence is calibrated.
    pub fn is_generic(&self) -> bool {
        self.rule.starts_with("kinds.toml#")
    }
}

fn full_confidence() -> f64 {
    1.0
}

/// One extracted field: its normalized value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Normalized value (see the module docs for formats).
    pub value: String,
    /// Where it was printed.
    pub provenance: Provenance,
}

/// The code of a charge line, from the trade's usual accessorials.
pub const CHARGE_CODES: [&str; 8] = [
    "linehaul",
    "fuel_surcharge",
    "detention",
    "layover",
    "lumper",
    "tonu",
    "stop_off",
    "other",
];

/// A line of money on a document: an invoice line item, or an accessorial a rate confirmation
/// agrees to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    /// The row label as printed.
    pub description: String,
    /// One of [`CHARGE_CODES`].
    pub code: String,
    /// USD with two places; `None` where the row prints no amount ("reimbursed with receipt").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_usd: Option<Decimal>,
    /// 1-based page it was read on.
    #[serde(skip)]
    pub page: u32,
}

/// Whether a stop is where freight is loaded or unloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopType {
    /// Freight is loaded (shipper, origin, ship-from).
    Pickup,
    /// Freight is unloaded (consignee, destination, ship-to, receiver).
    Delivery,
}

impl StopType {
    /// `pickup` or `delivery`.
    pub fn as_str(self) -> &'static str {
        match self {
            StopType::Pickup => "pickup",
            StopType::Delivery => "delivery",
        }
    }
}

/// One stop of a rate confirmation or bill of lading, in the order the document prints it.
/// `pickup_*` fields are the first pickup's and `delivery_*` the last delivery's (docs/domain.md).
/// Every part is optional: only what the document prints for that stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    /// Pickup or delivery.
    #[serde(rename = "type")]
    pub stop_type: StopType,
    /// Facility or company name, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street line(s), as printed (`1200 Industrial Pkwy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// USPS two-letter state code (a state printed by name is given its code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// ZIP code, 5 digits or ZIP+4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// The stop's date (appointment or scheduled day), ISO 8601 `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Appointment time or window, 24-hour: `HH:MM` or `HH:MM-HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The stop's reference (pickup number, PO, delivery or appointment number), as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// 1-based page it was read on.
    #[serde(skip)]
    pub page: u32,
}

/// One document found in an attachment (a PDF can hold several: a packet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedDocument {
    /// What it is.
    pub kind: DocumentKind,
    /// 1-based pages of the source file this document spans.
    pub pages: Vec<u32>,
    /// The template that matched (`file#id`), or `None` when classified by generic keywords.
    pub template: Option<String>,
    /// Who issued the layout, from the template (`"Red Mesa Trucking LLC"`).
    pub issuer: Option<String>,
    /// Canonical fields by name.
    pub fields: BTreeMap<String, Field>,
    /// Invoice line items (`carrier_invoice`).
    pub charges: Vec<Charge>,
    /// Accessorials agreed (`rate_confirmation`).
    pub accessorials: Vec<Charge>,
    /// Pickups and deliveries in printed order (`rate_confirmation`, `bill_of_lading`).
    #[serde(default)]
    pub stops: Vec<Stop>,
}

impl ExtractedDocument {
    /// The normalized value of a field, if extracted.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|f| f.value.as_str())
    }

    /// A money field as a decimal.
    pub fn money(&self, name: &str) -> Option<Decimal> {
        self.field(name).and_then(|v| Decimal::from_str(v).ok())
    }
}

/// How a printed value is turned into its normalized form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// Trimmed text, inner whitespace folded.
    Text,
    /// An identifier: trimmed, label-free.
    Id,
    /// Digits only (MC, DOT numbers).
    Digits,
    /// USD: `$1,234.56` → `1234.56`.
    Money,
    /// US dates → `YYYY-MM-DD`.
    Date,
    /// Weight → whole pounds; `kg` converted.
    Weight,
    /// Whole number.
    Integer,
    /// Two-letter state code, upper case.
    State,
    /// `true` when the pattern matched with a non-empty value, `false` otherwise.
    Flag,
    /// Freight charge terms → `prepaid`, `collect`, `third_party`.
    FreightTerms,
}

impl ValueType {
    /// The type a canonical field has unless a rule says otherwise.
    pub fn for_field(name: &str) -> ValueType {
        match name {
            n if n.ends_with("_usd") => ValueType::Money,
            n if n.ends_with("_date") => ValueType::Date,
            "weight_lb" => ValueType::Weight,
            n if n.ends_with("_state") => ValueType::State,
            "carrier_mc" | "carrier_dot" => ValueType::Digits,
            "handling_units" => ValueType::Integer,
            "signed" | "hazmat" => ValueType::Flag,
            "freight_terms" => ValueType::FreightTerms,
            n if n.ends_with("_number") || n == "scac" => ValueType::Id,
            _ => ValueType::Text,
        }
    }
}

/// Date formats seen on US freight paperwork, tried in order (chrono strftime syntax).
const DATE_FORMATS: [&str; 17] = [
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%m-%d-%Y",
    "%m-%d-%y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d-%B-%Y",
    "%d %B %Y",
    "%d %b, %Y",
    "%d %B, %Y",
    "%d-%b-%y",
    "%d %b %y",
];

/// A day of the month written as an ordinal (`1st`, `24th`): the number alone.
static ORDINAL_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)\b").expect("valid regex"));

/// Parse a US-style date as printed on freight paperwork (`07/14/2026`, `7/14/26`,
/// `Jul 14, 2026`, `2026-07-14`, `16-May-2026`, `17-Jun-26`, `22 MAR 2026`, `October 1st, 2026`, `24th Feb,
/// 2026`) into a date.
pub fn parse_date(printed: &str) -> Option<NaiveDate> {
    let s = printed.trim().trim_end_matches(['.', ',']);
    let s = ORDINAL_DAY.replace_all(s, "$1").replace("Sept", "Sep");
    // `%Y` also reads "26" as the year 26; freight paperwork is from this century or the last.
    DATE_FORMATS
        .iter()
        .filter_map(|f| NaiveDate::parse_from_str(&s, f).ok())
        .find(|d| (1950..2100).contains(&chrono::Datelike::year(d)))
}

/// Parse a printed USD amount (`$2,350.00`, `2350`, `USD 2,350.00`, `2,350 USD`) into a decimal
/// with two places.
pub fn parse_money(printed: &str) -> Option<Decimal> {
    let cleaned: String = printed
        .trim()
        .trim_start_matches("USD")
        .trim_end_matches("USD")
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | ' '))
        .collect();
    let (neg, body) = match cleaned.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        Some(inner) => (true, inner.to_string()),
        None => (false, cleaned),
    };
    let mut d = Decimal::from_str(&body).ok()?;
    if neg {
        d = -d;
    }
    d.rescale(2);
    Some(d)
}

/// Format a decimal as USD with separators for people: `$2,350.00`.
pub fn format_usd(amount: Decimal) -> String {
    let mut d = amount.round_dp(2);
    d.rescale(2);
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}${grouped}.{frac}",
        if d.is_sign_negative() { "-" } else { "" }
    )
}

/// Normalize a printed value by type. Returns `None` when the text is not a value of that type
/// (a date that does not parse), so a rule can fall through to its next candidate.
pub fn normalize(value_type: ValueType, printed: &str) -> Option<String> {
    let p = printed.trim();
    match value_type {
        ValueType::Text => {
            let folded = p.split_whitespace().collect::<Vec<_>>().join(" ");
            (!folded.is_empty()).then_some(folded)
        }
        ValueType::Id => {
            let v = p.trim_matches(|c: char| c == '#' || c == ':' || c.is_whitespace());
            (!v.is_empty()).then(|| v.to_string())
        }
        ValueType::Digits => {
            let d: String = p.chars().filter(char::is_ascii_digit).collect();
            (!d.is_empty()).then_some(d)
        }
        ValueType::Money => parse_money(p).map(|d| d.to_string()),
        ValueType::Date => parse_date(p).map(|d| d.format("%Y-%m-%d").to_string()),
        ValueType::Weight => {
            let lower = p.to_ascii_lowercase();
            let number: String = lower
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.' || *c == ' ')
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let n = Decimal::from_str(&number).ok()?;
            let lb = if lower.contains("kg") {
                n * Decimal::from_str("2.20462").ok()?
            } else {
                n
            };
            Some(lb.round().to_string())
        }
        ValueType::Integer => {
            let d: String = p
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .filter(char::is_ascii_digit)
                .collect();
            (!d.is_empty()).then_some(d)
        }
        ValueType::State => {
            let s = p.to_ascii_uppercase();
            (s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase())).then_some(s)
        }
        ValueType::Flag => Some((!p.is_empty()).to_string()),
        ValueType::FreightTerms => {
            let l = p.to_ascii_lowercase();
            if l.contains("third") || l.contains("3rd") {
                Some("third_party".into())
            } else if l.contains("prepaid") || l.contains("pre-paid") {
                Some("prepaid".into())
            } else if l.contains("collect") {
                Some("collect".into())
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_us_styles() {
        for p in [
            "07/14/2026",
            "7/14/26",
            "Jul 14, 2026",
            "July 14, 2026",
            "2026-07-14",
        ] {
            assert_eq!(
                normalize(ValueType::Date, p).as_deref(),
                Some("2026-07-14"),
                "{p}"
            );
        }
        assert_eq!(normalize(ValueType::Date, "14/07/2026"), None);
    }

    #[test]
    fn money_and_weight() {
        assert_eq!(
            normalize(ValueType::Money, "$2,350.00").as_deref(),
            Some("2350.00")
        );
        assert_eq!(
            normalize(ValueType::Money, "2350").as_deref(),
            Some("2350.00")
        );
        assert_eq!(normalize(ValueType::Money, "N/A"), None);
        assert_eq!(
            normalize(ValueType::Weight, "42,000 lbs").as_deref(),
            Some("42000")
        );
        assert_eq!(
            normalize(ValueType::Weight, "1000 kg").as_deref(),
            Some("2205")
        );
        assert_eq!(format_usd(Decimal::from_str("2350").unwrap()), "$2,350.00");
        assert_eq!(format_usd(Decimal::from_str("-250.5").unwrap()), "-$250.50");
        assert_eq!(format_usd(Decimal::from_str("999.99").unwrap()), "$999.99");
    }

    #[test]
    fn identifiers_and_terms() {
        assert_eq!(
            normalize(ValueType::Digits, "MC 123456").as_deref(),
            Some("123456")
        );
        assert_eq!(
            normalize(ValueType::FreightTerms, "3rd Party").as_deref(),
            Some("third_party")
        );
        assert_eq!(normalize(ValueType::State, "Texas"), None);
    }
}
