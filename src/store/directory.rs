//! Who is who: customers (shippers) and carriers, from the CSV files staff edit or export from
//! their TMS (`customers.csv`, `carriers.csv` in the configured directory folder).
//!
//! Entry point: [`Directory::load`]; [`Directory::save`] mirrors it into the database so lists
//! and joins see the same names.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sqlx::AnyConnection;

use super::Result as StoreResult;

/// Why the directory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// A file could not be read or a row does not fit the columns.
    #[error("directory file {path}: {message}")]
    Invalid {
        /// File.
        path: PathBuf,
        /// What is wrong (csv gives the line).
        message: String,
    },
}

/// A shipper whose loads we move.
#[derive(Debug, Clone, Deserialize)]
pub struct Customer {
    /// Stable id.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Other spellings seen on paperwork, `;`-separated.
    #[serde(default)]
    pub aliases: String,
    /// Contact for status emails.
    #[serde(default)]
    pub contact_name: Option<String>,
    /// Address for status emails.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// How dates are written in this customer's emails: a strftime pattern (`%b %-d, %Y` gives
    /// `Jul 14, 2026`, the US convention and the default, [`US_DATE`]; `%d/%m/%Y` gives
    /// `14/07/2026`). Optional column `date_format` of customers.csv.
    #[serde(default)]
    pub date_format: Option<String>,
    /// Where the customer's invoices go (optional column `billing_email`; default:
    /// `contact_email`).
    #[serde(default)]
    pub billing_email: Option<String>,
    /// The bill-to address printed on the customer's invoices, lines separated by `;`
    /// (optional column `billing_address`: `PO Box 118; Joliet, IL 60433`).
    #[serde(default)]
    pub billing_address: Option<String>,
}

impl Customer {
    /// The address invoices go to: `billing_email`, else `contact_email`.
    pub fn invoice_email(&self) -> Option<&str> {
        self.billing_email
            .as_deref()
            .or(self.contact_email.as_deref())
            .filter(|e| !e.trim().is_empty())
    }
}

/// One lane of a customer's contract rates (`lanes.csv`): what the customer pays for a load from
/// `origin` to `destination`.
///
/// Columns: `customer_id,origin,destination,equipment,rate_usd,fuel_surcharge_pct`. Origin and
/// destination are `City, ST` (`Joliet, IL`), compared ignoring case, spaces and punctuation;
/// `equipment` may be empty (any equipment). `rate_usd` is the linehaul in USD (decimal, more
/// than zero); `fuel_surcharge_pct` is a percent of the linehaul (`6.5`; empty: no fuel line).
#[derive(Debug, Clone, Deserialize)]
pub struct Lane {
    /// The customer (`customers.csv`).
    pub customer_id: String,
    /// `City, ST` of the first pickup.
    pub origin: String,
    /// `City, ST` of the last delivery.
    pub destination: String,
    /// Equipment (`Dry Van`), or empty for any.
    #[serde(default)]
    pub equipment: String,
    /// Linehaul, USD.
    pub rate_usd: rust_decimal::Decimal,
    /// Fuel surcharge, percent of the linehaul.
    #[serde(default)]
    pub fuel_surcharge_pct: Option<rust_decimal::Decimal>,
}

/// The US way of writing a date in a letter, `Jul 14, 2026`: the default of email templates'
/// `date` filter (a strftime pattern).
pub const US_DATE: &str = "%b %-d, %Y";

/// Whether `pattern` is a strftime pattern chrono can write: `Err` names the problem.
pub fn check_date_format(pattern: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    if pattern.trim().is_empty() {
        return Err("date_format is empty".into());
    }
    if StrftimeItems::new(pattern).any(|i| matches!(i, Item::Error)) {
        return Err(format!(
            "date_format `{pattern}` is not a date pattern (like `%b %-d, %Y` for Jul 14, 2026, \
             or `%d/%m/%Y` for 14/07/2026)"
        ));
    }
    Ok(())
}

/// `lanes.csv` rows that cannot price a load: an unknown customer, a rate of zero or less, a
/// negative fuel percent, or one lane (customer, origin, destination, equipment) given twice.
fn check_lanes(lanes: &[Lane], customers: &[Customer]) -> Result<(), String> {
    let mut seen = std::collections::HashMap::new();
    for (i, l) in lanes.iter().enumerate() {
        let line = i + 2;
        if !customers.iter().any(|c| c.customer_id == l.customer_id) {
            return Err(format!(
                "line {line}: customer `{}` is not in customers.csv",
                l.customer_id
            ));
        }
        if l.rate_usd <= rust_decimal::Decimal::ZERO {
            return Err(format!(
                "line {line}: rate_usd {} is not more than zero",
                l.rate_usd
            ));
        }
        if l.fuel_surcharge_pct.is_some_and(|p| p.is_sign_negative()) {
            return Err(format!("line {line}: fuel_surcharge_pct is negative"));
        }
        let key = (
            l.customer_id.clone(),
            fold(&l.origin),
            fold(&l.destination),
            fold(&l.equipment),
        );
        if let Some(first) = seen.insert(key, line) {
            return Err(format!(
                "line {line}: the lane {} {} -> {} is already priced on line {first}; \
                 one lane has one rate",
                l.customer_id, l.origin, l.destination
            ));
        }
    }
    Ok(())
}

/// A carrier we book.
#[derive(Debug, Clone, Deserialize)]
pub struct Carrier {
    /// Stable id.
    pub carrier_id: String,
    /// Name.
    pub name: String,
    /// FMCSA MC number, digits.
    #[serde(default)]
    pub mc: Option<String>,
    /// USDOT number.
    #[serde(default)]
    pub dot: Option<String>,
    /// SCAC.
    #[serde(default)]
    pub scac: Option<String>,
    /// Email domains the carrier writes from, `;`-separated.
    #[serde(default)]
    pub email_domains: String,
    /// Remit-to on file.
    #[serde(default)]
    pub remit_to_name: Option<String>,
    /// Remit-to address on file.
    #[serde(default)]
    pub remit_to_address: Option<String>,
    /// Dispatch / billing contact.
    #[serde(default)]
    pub contact_email: Option<String>,
}

/// The whole directory, in memory.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Customers.
    pub customers: Vec<Customer>,
    /// Carriers.
    pub carriers: Vec<Carrier>,
    /// Customers' contract rates by lane (`lanes.csv`; none when the file is missing).
    pub lanes: Vec<Lane>,
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, DirectoryError> {
    let invalid = |message: String| DirectoryError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| invalid(e.to_string()))?;
    rdr.deserialize()
        .map(|r| r.map_err(|e| invalid(e.to_string())))
        .collect()
}

impl Directory {
    /// Read `customers.csv` and `carriers.csv` from `dir`. A missing file is an empty list.
    pub fn load(dir: &Path) -> Result<Directory, DirectoryError> {
        let customers = dir.join("customers.csv");
        let carriers = dir.join("carriers.csv");
        let customer_rows: Vec<Customer> = if customers.exists() {
            read_csv(&customers)?
        } else {
            Vec::new()
        };
        for c in &customer_rows {
            if let Some(f) = &c.date_format {
                check_date_format(f).map_err(|message| DirectoryError::Invalid {
                    path: customers.clone(),
                    message: format!("customer {}: {message}", c.customer_id),
                })?;
            }
        }
        let lanes_path = dir.join("lanes.csv");
        let lanes: Vec<Lane> = if lanes_path.exists() {
            read_csv(&lanes_path)?
        } else {
            Vec::new()
        };
        check_lanes(&lanes, &customer_rows).map_err(|message| DirectoryError::Invalid {
            path: lanes_path.clone(),
            message,
        })?;
        Ok(Directory {
            customers: customer_rows,
            carriers: if carriers.exists() {
                read_csv(&carriers)?
            } else {
                Vec::new()
            },
            lanes,
        })
    }

    /// The customer's contract lane from `origin` to `destination` (each `City, ST`) for
    /// `equipment`: a lane naming that equipment first, else one for any equipment.
    pub fn lane_for(
        &self,
        customer_id: &str,
        origin: &str,
        destination: &str,
        equipment: Option<&str>,
    ) -> Option<&Lane> {
        let (o, d) = (fold(origin), fold(destination));
        let on_lane = |l: &&Lane| {
            l.customer_id == customer_id && fold(&l.origin) == o && fold(&l.destination) == d
        };
        let eq = equipment.map(fold).unwrap_or_default();
        self.lanes
            .iter()
            .filter(on_lane)
            .find(|l| !eq.is_empty() && fold(&l.equipment) == eq)
            .or_else(|| {
                self.lanes
                    .iter()
                    .filter(on_lane)
                    .find(|l| l.equipment.trim().is_empty())
            })
    }

    /// The customer whose name or an alias is contained in (or contains) the printed shipper
    /// name, ignoring case and punctuation.
    pub fn customer_for_shipper(&self, printed: &str) -> Option<&Customer> {
        let p = fold(printed);
        if p.is_empty() {
            return None;
        }
        self.customers.iter().find(|c| {
            std::iter::once(c.name.as_str())
                .chain(c.aliases.split(';'))
                .map(fold)
                .filter(|n| !n.is_empty())
                .any(|n| p.contains(&n) || n.contains(&p))
        })
    }

    /// A customer by id.
    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.customer_id == id)
    }

    /// The carrier with this MC number (digits).
    pub fn carrier_by_mc(&self, mc: &str) -> Option<&Carrier> {
        self.carriers.iter().find(|c| c.mc.as_deref() == Some(mc))
    }

    /// The carrier that writes from this address's domain.
    pub fn carrier_by_email(&self, addr: &str) -> Option<&Carrier> {
        let domain = addr.rsplit('@').next()?.to_lowercase();
        self.carriers.iter().find(|c| {
            c.email_domains
                .split(';')
                .any(|d| !d.trim().is_empty() && d.trim().eq_ignore_ascii_case(&domain))
        })
    }

    /// Mirror the directory into the database (replacing what was there), in one transaction:
    /// all of it or nothing, and one disk sync instead of one per row.
    pub async fn save(&self, conn: &mut AnyConnection) -> StoreResult<()> {
        let mut tx = sqlx::Connection::begin(conn).await?;
        let conn = &mut *tx;
        sqlx::query("DELETE FROM customers")
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM carriers")
            .execute(&mut *conn)
            .await?;
        for c in &self.customers {
            sqlx::query(
                "INSERT INTO customers (customer_id, name, aliases, contact_name, contact_email) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&c.customer_id)
            .bind(&c.name)
            .bind(&c.aliases)
            .bind(c.contact_name.as_deref())
            .bind(c.contact_email.as_deref())
            .execute(&mut *conn)
            .await?;
        }
        for c in &self.carriers {
            sqlx::query(
                "INSERT INTO carriers (carrier_id, name, mc, dot, scac, email_domains, remit_to_name, \
                 remit_to_address, contact_email) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&c.carrier_id)
            .bind(&c.name)
            .bind(c.mc.as_deref())
            .bind(c.dot.as_deref())
            .bind(c.scac.as_deref())
            .bind(&c.email_domains)
            .bind(c.remit_to_name.as_deref())
            .bind(c.remit_to_address.as_deref())
            .bind(c.contact_email.as_deref())
            .execute(&mut *conn)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
