//! Calibrated confidence: what a generic reading's confidence is worth.
//!
//! The generic reader ([`crate::extract::generic`]) scores each value it reads (0–1) from how it
//! found it: the label's distance, the value's type. That raw score orders values but is not a
//! probability. `freightdesk rules calibrate DIR…` measures, on evaluation folders, how often a
//! value of each band of raw score was right, and writes [`CALIBRATION_FILE`] into the rules
//! folder; extraction then reports that share as the field's confidence (histogram binning,
//! made non-decreasing by pool-adjacent-violators). Values read by a template stay at 1.0.

use serde::{Deserialize, Serialize};

/// The calibration's file in a rules folder.
pub const CALIBRATION_FILE: &str = "confidence.json";

/// Measured bands `(from, fields, right)` pooled together, with their summed fields and right.
type Pool = (Vec<(f64, usize, usize)>, usize, usize);

/// A confidence band and what its values were worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibratedBand {
    /// Lower bound of raw scores in the band (inclusive).
    pub from: f64,
    /// Values measured in the band.
    pub fields: usize,
    /// Of those, right.
    pub right: usize,
    /// The confidence reported for a raw score in the band: the share right, smoothed
    /// ((right + 1) / (fields + 2)) and non-decreasing with `from`.
    pub confidence: f64,
}

/// The calibration of one rules folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// The evaluation folders it was measured on.
    pub trained_on: Vec<String>,
    /// Bands, highest `from` first.
    pub bands: Vec<CalibratedBand>,
}

impl Calibration {
    /// From measured `(from, fields, right)` bands (any order; empty bands are dropped).
    pub fn fit(trained_on: Vec<String>, measured: &[(f64, usize, usize)]) -> Calibration {
        let mut bands: Vec<(f64, usize, usize)> =
            measured.iter().copied().filter(|b| b.1 > 0).collect();
        bands.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Pool adjacent violators, lowest band first: a higher raw score is never worth less.
        let mut pools: Vec<Pool> = Vec::new();
        for b in bands {
            pools.push((vec![b], b.1, b.2));
            while pools.len() >= 2 {
                let n = pools.len();
                let share = |p: &Pool| (p.2 as f64 + 1.0) / (p.1 as f64 + 2.0);
                if share(&pools[n - 2]) <= share(&pools[n - 1]) {
                    break;
                }
                let last = pools.pop().expect("two pools");
                let prev = pools.last_mut().expect("two pools");
                prev.0.extend(last.0);
                prev.1 += last.1;
                prev.2 += last.2;
            }
        }
        let mut out: Vec<CalibratedBand> = pools
            .iter()
            .flat_map(|(members, fields, right)| {
                let confidence =
                    ((*right as f64 + 1.0) / (*fields as f64 + 2.0) * 1000.0).round() / 1000.0;
                members.iter().map(move |m| CalibratedBand {
                    from: m.0,
                    fields: m.1,
                    right: m.2,
                    confidence,
                })
            })
            .collect();
        out.reverse();
        Calibration {
            trained_on,
            bands: out,
        }
    }

    /// The calibrated confidence of a raw score (two decimals): its band's; a score below
    /// every band keeps the lowest band's.
    pub fn apply(&self, raw: f64) -> f64 {
        let band = self
            .bands
            .iter()
            .find(|b| raw >= b.from - 1e-9)
            .or(self.bands.last());
        band.map_or(raw, |b| (b.confidence * 100.0).round() / 100.0)
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a calibration serializes") + "\n"
    }

    /// Read the file's text. Errors: not JSON of this shape, or a band whose confidence is
    /// outside 0–1.
    pub fn from_json(text: &str) -> Result<Calibration, String> {
        let c: Calibration = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(b) = c
            .bands
            .iter()
            .find(|b| !(0.0..=1.0).contains(&b.confidence) || !(0.0..=1.0).contains(&b.from))
        {
            return Err(format!(
                "band from {} has confidence {}: both must be within 0 and 1",
                b.from, b.confidence
            ));
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_become_the_share_right_and_never_fall_as_the_score_rises() {
        // 0.7+ was right more often than 0.8+: the two are pooled.
        let c = Calibration::fit(
            vec!["dev".into()],
            &[
                (0.9, 98, 97),
                (0.8, 100, 90),
                (0.7, 100, 98),
                (0.5, 50, 40),
                (0.0, 0, 0),
            ],
        );
        let conf: Vec<f64> = c.bands.iter().map(|b| b.confidence).collect();
        assert_eq!(conf.len(), 4);
        assert!(conf.windows(2).all(|w| w[0] >= w[1]), "{conf:?}");
        assert_eq!(conf[1], conf[2]);
        assert_eq!(
            conf[1],
            ((188.0 + 1.0) / 202.0 * 1000.0_f64).round() / 1000.0
        );
        assert_eq!(c.apply(0.95), 0.98);
        assert_eq!(c.apply(0.55), 0.79);
        assert_eq!(c.apply(0.1), 0.79, "below every band: the lowest band's");
        let back = Calibration::from_json(&c.to_json()).unwrap();
        assert_eq!(back, c);
        assert!(Calibration::from_json(r#"{"trained_on": [], "bands": [{"from": 0.5, "fields": 1, "right": 1, "confidence": 7}]}"#).is_err());
    }
}
