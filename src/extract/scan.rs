//! Preparing a scan for OCR: level it, and a black-and-white copy without the rules of its
//! tables.
//!
//! A page fed through a scanner or photographed is seldom square, and a form's ruled table
//! crosses its words: at one or two degrees the rules cut through the text, and Tesseract's
//! sparse-text mode (see [`super::ocr`]) loses whole rows of a form (a receiving report's
//! `Carrier Name`, `BOL #`, `Load #` cells read as `EarierName ____HgRine`). So, before
//! Tesseract:
//! 1. the skew is measured by the projection profile (the angle at which the ink, summed along
//!    rows, stacks into the sharpest peaks: text lines and a table's rules both do) and the
//!    image is turned back by it;
//! 2. a copy is made black and white at Otsu's threshold, and its rules are taken out: runs of
//!    ink longer than any letter, along a row (a twelfth of the page's width) or a column (a
//!    twentieth), each followed within a pixel either side, so a rule one pixel off square is
//!    still one run.
//!
//! The copy is read besides the leveled scan, not instead of it: taking rules out also takes
//! out a solid dark bar (a heading printed white on black), and Tesseract reads digits better
//! in grays. Decoding, turning and thresholding are the `image` and `imageproc` crates'; the
//! measures are ours.
//!
//! Entry point: [`prepare`].

use image::{GrayImage, Luma};
use imageproc::contrast::{otsu_level, threshold, ThresholdType};
use imageproc::geometric_transformations::{rotate_about_center_no_crop, Border, Interpolation};

/// Largest skew looked for, degrees either way. A page turned further is not a skewed scan.
pub const MAX_SKEW_DEG: f64 = 5.0;

/// Skews under this, degrees, are left as they are: Tesseract reads them well, and turning an
/// image blurs it a little (bilinear resampling).
pub const MIN_SKEW_DEG: f64 = 0.2;

/// Pixels darker than this (of 255) are ink.
const INK_BELOW: u8 = 128;

/// A scan made ready for Tesseract: two images of the same size, as binary PGMs (`P5`).
pub struct Prepared {
    /// The scan turned level, in grays; `None` when it was level already (read the original).
    pub leveled: Option<Vec<u8>>,
    /// The leveled scan in black and white (Otsu's threshold) with its rules taken out;
    /// `None` when it has no rules (at least a page width of them), and nothing to add.
    pub without_rules: Option<Vec<u8>>,
}

/// The image `bytes` (PNG, JPEG or binary PGM) prepared for OCR: leveled when its skew is
/// between [`MIN_SKEW_DEG`] and [`MAX_SKEW_DEG`], and a black-and-white copy without rules.
/// `None` when it is a TIFF (which may hold several pages: Tesseract reads those as they are)
/// or cannot be decoded; `None` is never an error: the caller OCRs the original.
pub fn prepare(bytes: &[u8]) -> Option<Prepared> {
    if super::ocr::image_kind(bytes) == Some("tiff") {
        return None;
    }
    let mut image = image::load_from_memory(bytes).ok()?.into_luma8();
    let mut leveled = None;
    if let Some(slope) = skew_slope(&image) {
        image = rotate_about_center_no_crop(
            &image,
            -(slope.atan() as f32),
            Interpolation::Bilinear,
            Border::Constant(Luma([255])),
        );
        leveled = Some(pgm(&image));
    }
    let level = otsu_level(&image);
    let mut bw = threshold(&image, level, ThresholdType::Binary);
    let removed = remove_rules(&mut bw);
    Some(Prepared {
        leveled,
        without_rules: (removed >= u64::from(bw.width())).then(|| pgm(&bw)),
    })
}

/// Take the rules out of a black-and-white image: ink on a run along a row at least a twelfth
/// of the page wide, or along a column at least a twentieth, where a pixel counts as on the
/// run when it or a neighbour across the run is ink (a rule drifting one pixel is one run).
/// Returns the pixels taken out.
fn remove_rules(image: &mut GrayImage) -> u64 {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let ink: Vec<bool> = image.as_raw().iter().map(|&v| v < INK_BELOW).collect();
    let pixels = image.as_mut();
    let mut removed = 0;
    // Along rows (step 1 between pixels of a line, `w` between lines), then along columns.
    for (along_rows, min_run) in [(true, w / 12), (false, w / 20)] {
        let (lines, length, step, across) = if along_rows {
            (h, w, 1, w)
        } else {
            (w, h, w, 1)
        };
        // Ink at `p`, or beside it across the line's direction.
        let near: Vec<bool> = (0..ink.len())
            .map(|p| {
                let line = if along_rows { p / w } else { p % w };
                ink[p] || (line > 0 && ink[p - across]) || (line + 1 < lines && ink[p + across])
            })
            .collect();
        for line in 0..lines {
            let first = if along_rows { line * w } else { line };
            let mut i = 0;
            while i < length {
                let start = i;
                while i < length && near[first + i * step] {
                    i += 1;
                }
                if i - start >= min_run.max(1) {
                    for k in start..i {
                        let p = first + k * step;
                        if ink[p] && pixels[p] != 255 {
                            pixels[p] = 255;
                            removed += 1;
                        }
                    }
                }
                i += 1;
            }
        }
    }
    removed
}

/// The skew of a page as a slope (dy/dx, y down) when it is between [`MIN_SKEW_DEG`] and
/// [`MAX_SKEW_DEG`]: the slope at which the ink, summed along lines of that slope, gives the
/// largest sum of squares (searched every 0.1°, then every 0.01° around the best). `None` when
/// level or with fewer than 500 ink pixels.
pub fn skew_slope(image: &GrayImage) -> Option<f64> {
    let (w, h) = image.dimensions();
    // Every other pixel both ways, and at most 60,000 of them (evenly taken): the peaks are
    // the same.
    let raw = image.as_raw();
    let mut ink: Vec<(f64, f64)> = Vec::new();
    for y in (0..h as usize).step_by(2) {
        let row = &raw[y * w as usize..(y + 1) * w as usize];
        for x in (0..w as usize).step_by(2) {
            if row[x] < INK_BELOW {
                ink.push((x as f64, y as f64));
            }
        }
    }
    if ink.len() < 500 {
        return None;
    }
    if ink.len() > 60_000 {
        let step = ink.len() / 60_000 + 1;
        ink = ink.into_iter().step_by(step).collect();
    }
    let max = MAX_SKEW_DEG.to_radians().tan();
    let offset = f64::from(w) * max + 1.0;
    let mut bins = vec![0u32; (f64::from(h) + 2.0 * offset) as usize + 2];
    let mut score = |deg: f64| {
        let s = deg.to_radians().tan();
        bins.iter_mut().for_each(|b| *b = 0);
        for &(x, y) in &ink {
            bins[(y - x * s + offset) as usize] += 1;
        }
        bins.iter()
            .map(|&b| u64::from(b) * u64::from(b))
            .sum::<u64>()
    };
    let best = |from: f64, to: f64, step: f64, score: &mut dyn FnMut(f64) -> u64| {
        let n = ((to - from) / step).round() as i64;
        (0..=n)
            .map(|i| from + i as f64 * step)
            .map(|d| (score(d), d))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.abs().total_cmp(&a.1.abs())))
            .map_or(0.0, |(_, d)| d)
    };
    let coarse = best(-MAX_SKEW_DEG, MAX_SKEW_DEG, 0.1, &mut score);
    let fine = best(coarse - 0.1, coarse + 0.1, 0.01, &mut score);
    (fine.abs() >= MIN_SKEW_DEG && fine.abs() <= MAX_SKEW_DEG).then(|| fine.to_radians().tan())
}

/// A grayscale image as a binary PGM (`P5`, maxval 255).
fn pgm(image: &GrayImage) -> Vec<u8> {
    let (w, h) = image.dimensions();
    let mut out = format!("P5\n{w} {h}\n255\n").into_bytes();
    out.extend_from_slice(image.as_raw());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with dark text-like bars along lines of slope `slope`.
    fn page(slope: f64) -> GrayImage {
        let (w, h) = (800u32, 1000u32);
        let mut img = GrayImage::from_pixel(w, h, Luma([255]));
        for row in 0..20 {
            let base = 100.0 + f64::from(row) * 40.0;
            for x in 50..750u32 {
                // Words: ink in runs of 30 px with 10 px gaps.
                if x % 40 >= 30 {
                    continue;
                }
                let y0 = base + f64::from(x) * slope;
                for dy in 0..8 {
                    let y = (y0 + f64::from(dy)) as u32;
                    if y < h {
                        img.put_pixel(x, y, Luma([0]));
                    }
                }
            }
        }
        img
    }

    #[test]
    fn a_skewed_page_is_measured_and_a_level_one_left_alone() {
        let slope = 1.5f64.to_radians().tan();
        let got = skew_slope(&page(slope)).expect("skewed");
        assert!((got.atan().to_degrees() - 1.5).abs() < 0.05, "{got}");
        let got = skew_slope(&page(-slope)).expect("skewed");
        assert!((got.atan().to_degrees() + 1.5).abs() < 0.05, "{got}");
        assert_eq!(skew_slope(&page(0.0)), None);
        assert_eq!(
            skew_slope(&GrayImage::from_pixel(100, 100, Luma([255]))),
            None
        );
    }

    #[test]
    fn a_leveled_page_measures_level() {
        let slope = 2.0f64.to_radians().tan();
        let mut png = Vec::new();
        page(slope)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let prepared = prepare(&png).expect("decoded");
        let leveled = prepared.leveled.expect("skewed");
        assert!(leveled.starts_with(b"P5\n"));
        let again = image::load_from_memory(&leveled).unwrap().into_luma8();
        assert_eq!(skew_slope(&again), None);
        // Not an image, or a TIFF: left to Tesseract as it is.
        assert!(prepare(b"not an image").is_none());
        assert!(prepare(b"II*\0rest").is_none());
    }
}
