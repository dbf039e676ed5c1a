//! The customer invoice as a value: what [`super::pdf::render`] prints and what the database keeps.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One customer invoice (or, later, supplemental invoice / credit memo) for one load.
///
/// Money is USD as a decimal with cents (`2450.00`); dates are calendar dates (ISO 8601 when
/// stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerInvoice {
    /// Our invoice number: `[billing] invoice_prefix` + a six-digit sequence (`NS-000001`).
    pub invoice_number: String,
    /// The day it was issued.
    pub issued: NaiveDate,
    /// The day payment is due: `issued` + the terms' days.
    pub due: NaiveDate,
    /// Terms in words (`Net 30`).
    pub terms: String,
    /// The broker's load number.
    pub load_number: String,
    /// Who pays: the customer from the directory.
    pub bill_to: Party,
    /// Who is paid: the broker (`[company] name`, `[billing] remit_to`).
    pub remit_to: Party,
    /// The customer's and the shipment's references, label and value (`("PO", "7730-A")`,
    /// `("BOL", "GHG-118734")`), in the order printed.
    pub references: Vec<(String, String)>,
    /// Pickup and delivery, in order.
    pub stops: Vec<Stop>,
    /// What is billed, in order: linehaul first, then fuel surcharge, then accessorials.
    pub lines: Vec<InvoiceLine>,
    /// The sum of `lines`, USD.
    pub total: Decimal,
    /// For a supplemental invoice (accessorials that came after the load was billed), the
    /// number of the load's first invoice; `None` for the load's invoice itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement_to: Option<String>,
    /// For a credit memo, the number of the invoice it credits (its lines, negated); `None`
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_of: Option<String>,
}

/// A name and a postal address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// Name (`Acme Foods Inc`).
    pub name: String,
    /// Address lines, as printed (may be empty).
    pub address: Vec<String>,
}

/// One stop of the shipment as the invoice prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    /// `Pickup` or `Delivery`.
    pub kind: String,
    /// City and state (`Fresno, CA`), or the facility when that is all there is.
    pub place: String,
    /// The day, when known.
    pub date: Option<NaiveDate>,
}

/// One billed line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// The charge code: `linehaul`, `fuel_surcharge`, `detention`, `lumper`, … (the carrier
    /// invoice's codes, docs/domain.md).
    pub code: String,
    /// In words (`Linehaul`, `Fuel surcharge (6.5%)`, `Lumper (receipt 55120)`).
    pub description: String,
    /// USD.
    pub amount: Decimal,
}
