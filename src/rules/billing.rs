//! `billing.toml`: when a load is billed to its customer, and what the customer invoice holds.
//!
//! `[default]` applies to every customer; `[customer.<customer_id>]` changes, for that customer,
//! the keys it gives (the others stay the default's). Checked by `rules check` like every rule
//! file: an unknown document kind, a rate confirmation or carrier invoice among the documents sent
//! to the customer, a check id that `checks.toml` does not have, or an unknown charge code is a
//! problem with its line and column.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::load::Problems;
use crate::model::DocumentKind;

/// When a load with complete paperwork is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillWhen {
    /// As soon as the required documents are on file (the POD arrives).
    Delivery,
    /// Only once the carrier's invoice is on file too (its accessorials can pass through).
    CarrierInvoice,
}

/// One customer's billing rule (the default's keys, with the customer's own over them).
#[derive(Debug, Clone, PartialEq)]
pub struct BillingRule {
    /// The documents the load must hold before it is billed; each is attached to the invoice
    /// email as its own pages. Only kinds a customer may receive (POD, BOL, lumper receipt).
    pub require: Vec<DocumentKind>,
    /// The POD must be signed (`signed` read true).
    pub signed_pod: bool,
    /// Check ids (`checks.toml`) whose open exception on the load holds billing until a person
    /// resolves it.
    pub hold_on: Vec<String>,
    /// Bill on delivery or wait for the carrier's invoice.
    pub bill_when: BillWhen,
    /// Days from the invoice date to the due date (`Net 30`: 30).
    pub terms_days: u32,
    /// Carrier accessorials billed on to the customer, by charge code (`lumper`, `detention`, …),
    /// each with its markup in percent (0: at cost). A lumper is billed from its lumper receipt;
    /// the other codes from the carrier invoice's lines, when it is on file.
    pub pass_through: BTreeMap<String, Decimal>,
    /// How the invoice reaches the customer: by email (the PDF and the required documents'
    /// pages, to `billing_email`), as an X12 210 file (`[billing.edi]` of the config), or both.
    pub delivery: Vec<Delivery>,
    /// The customer's interchange receiver id (ISA08, GS03; qualifier `ZZ`), from its EDI
    /// implementation guide; required when `delivery` has `edi`.
    pub edi_receiver_id: Option<String>,
    /// The customer's special charge codes (X12 element 150, in L108 of the 210) by our charge
    /// code (`fuel_surcharge = "FUE"`), from its EDI implementation guide; a line whose code has
    /// none is sent with its description only.
    pub edi_charge_codes: BTreeMap<String, String>,
}

/// How a customer invoice is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// An email to the customer's billing address with the invoice PDF and the required
    /// documents' own pages.
    Email,
    /// An X12 210 (Motor Carrier Freight Details and Invoice, 005010) file in
    /// `[billing.edi] outbox`.
    Edi,
}

/// The whole of `billing.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct BillingRules {
    /// `[default]`.
    pub default: BillingRule,
    /// `[customer.<id>]`, merged over the default.
    pub customers: BTreeMap<String, BillingRule>,
    /// Where each table is, `billing.toml#default` / `billing.toml#customer.CUST-002`.
    pub refs: BTreeMap<String, String>,
}

impl BillingRules {
    /// The rule for `customer_id` (its own table merged over the default, or the default), and
    /// where it is written.
    pub fn for_customer(&self, customer_id: &str) -> (&BillingRule, String) {
        match self.customers.get(customer_id) {
            Some(r) => (r, format!("billing.toml#customer.{customer_id}")),
            None => (&self.default, "billing.toml#default".to_string()),
        }
    }
}

/// The charge codes a pass-through may name: the accessorials of [`crate::model::CHARGE_CODES`]
/// (linehaul and fuel surcharge are the customer's own rate, never passed through).
pub fn pass_through_codes() -> impl Iterator<Item = &'static str> {
    crate::model::CHARGE_CODES
        .into_iter()
        .filter(|c| !matches!(*c, "linehaul" | "fuel_surcharge"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBilling {
    default: RawRule,
    #[serde(default)]
    customer: BTreeMap<String, RawRule>,
    /// `[[test]]` tables are not part of billing.toml's rules.
    #[serde(default, rename = "test")]
    _tests: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    require: Option<Vec<Spanned<String>>>,
    signed_pod: Option<bool>,
    hold_on: Option<Vec<Spanned<String>>>,
    bill_when: Option<BillWhen>,
    terms_days: Option<Spanned<i64>>,
    pass_through: Option<BTreeMap<Spanned<String>, Spanned<f64>>>,
    delivery: Option<Spanned<Vec<Delivery>>>,
    edi_receiver_id: Option<Spanned<String>>,
    edi_charge_codes: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// Compile `billing.toml`; each problem goes to `pr` with its place.
pub(super) fn compile(raw: RawBilling, pr: &mut Problems) -> Option<BillingRules> {
    let base = BillingRule {
        require: vec![DocumentKind::ProofOfDelivery],
        signed_pod: true,
        hold_on: Vec::new(),
        bill_when: BillWhen::Delivery,
        terms_days: 30,
        pass_through: BTreeMap::new(),
        delivery: vec![Delivery::Email],
        edi_receiver_id: None,
        edi_charge_codes: BTreeMap::new(),
    };
    let default = merge(&base, &raw.default, pr)?;
    let mut customers = BTreeMap::new();
    let mut refs = BTreeMap::new();
    refs.insert("default".into(), "billing.toml#default".into());
    for (id, r) in &raw.customer {
        customers.insert(id.clone(), merge(&default, r, pr)?);
        refs.insert(id.clone(), format!("billing.toml#customer.{id}"));
    }
    Some(BillingRules {
        default,
        customers,
        refs,
    })
}

fn merge(base: &BillingRule, r: &RawRule, pr: &mut Problems) -> Option<BillingRule> {
    let mut out = base.clone();
    let mut ok = true;
    if let Some(req) = &r.require {
        out.require.clear();
        for k in req {
            match DocumentKind::from_str(k.get_ref()) {
                Ok(kind) if !kind.may_go_to_customer() => {
                    pr.at(
                        k.span(),
                        format!(
                            "the required documents go to the customer with the invoice, and a \
                             customer never receives a {}; to wait for the carrier's invoice, \
                             write bill_when = \"carrier_invoice\"",
                            kind.as_str()
                        ),
                    );
                    ok = false;
                }
                Ok(kind) => out.require.push(kind),
                Err(e) => {
                    pr.at(k.span(), e);
                    ok = false;
                }
            }
        }
    }
    if let Some(s) = r.signed_pod {
        out.signed_pod = s;
    }
    if let Some(h) = &r.hold_on {
        out.hold_on.clear();
        for id in h {
            // Against the checks freightdesk has, not those that compiled: a broken check in
            // checks.toml is reported there, once.
            if super::load::KNOWN_CHECKS.contains(&id.get_ref().as_str()) {
                out.hold_on.push(id.get_ref().clone());
            } else {
                pr.at(
                    id.span(),
                    format!(
                        "hold_on names check `{}`, which is not a check (checks.toml lists them)",
                        id.get_ref()
                    ),
                );
                ok = false;
            }
        }
    }
    if let Some(w) = r.bill_when {
        out.bill_when = w;
    }
    if let Some(t) = &r.terms_days {
        match u32::try_from(*t.get_ref()) {
            Ok(d) if d <= 365 => out.terms_days = d,
            _ => {
                pr.at(t.span(), "terms_days is a number of days from 0 to 365");
                ok = false;
            }
        }
    }
    if let Some(p) = &r.pass_through {
        out.pass_through.clear();
        for (code, pct) in p {
            if !pass_through_codes().any(|c| c == code.get_ref()) {
                pr.at(
                    code.span(),
                    format!(
                        "unknown charge code `{}`; one of {}",
                        code.get_ref(),
                        pass_through_codes().collect::<Vec<_>>().join(", ")
                    ),
                );
                ok = false;
                continue;
            }
            match Decimal::try_from(*pct.get_ref()) {
                Ok(d) if !d.is_sign_negative() => {
                    out.pass_through
                        .insert(code.get_ref().clone(), d.round_dp(4));
                }
                _ => {
                    pr.at(
                        pct.span(),
                        "a markup is a percent of zero or more (0: at cost)",
                    );
                    ok = false;
                }
            }
        }
    }
    if let Some(d) = &r.delivery {
        if d.get_ref().is_empty() {
            pr.at(
                d.span(),
                "delivery names one or both of \"email\" and \"edi\"",
            );
            ok = false;
        }
        out.delivery = d.get_ref().clone();
        out.delivery.dedup();
    }
    if let Some(id) = &r.edi_receiver_id {
        let v = id.get_ref().trim();
        if v.is_empty()
            || v.len() > 15
            || !v
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            pr.at(
                id.span(),
                "edi_receiver_id is 1 to 15 capital letters and digits, as the customer's EDI guide gives it",
            );
            ok = false;
        }
        out.edi_receiver_id = Some(v.to_string());
    }
    if let Some(codes) = &r.edi_charge_codes {
        for (code, edi) in codes {
            if !crate::model::CHARGE_CODES.contains(&code.get_ref().as_str()) {
                pr.at(
                    code.span(),
                    format!(
                        "unknown charge code `{}`; one of {}",
                        code.get_ref(),
                        crate::model::CHARGE_CODES.join(", ")
                    ),
                );
                ok = false;
            } else if edi.get_ref().len() != 3
                || !edi
                    .get_ref()
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                pr.at(
                    edi.span(),
                    "an X12 special charge code is 3 capital letters or digits, like \"FUE\"",
                );
                ok = false;
            } else {
                out.edi_charge_codes
                    .insert(code.get_ref().clone(), edi.get_ref().clone());
            }
        }
    }
    if out.delivery.contains(&Delivery::Edi) && out.edi_receiver_id.is_none() && ok {
        let at = r.delivery.as_ref().map(|d| d.span()).unwrap_or(0..0);
        pr.at(
            at,
            "delivery has \"edi\" but no edi_receiver_id says whom the 210 is for",
        );
        ok = false;
    }
    ok.then_some(out)
}
