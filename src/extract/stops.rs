//! Stops: where a rate confirmation or a bill of lading says its freight is picked up and
//! delivered, in printed order.
//!
//! Entry point: [`read_stops`]. Two printed forms are read, with the stop headings of
//! `[stops]` in `rules/kinds.toml` (`PICKUP`, `Ship From`, `Consignee`, …):
//! - a **box** under (or beside) a stop heading — `PICKUP`, `Stop 2 - Delivery`, `CONSIGNEE
//!   #2`, `SHIP FROM` — whose lines in the heading's column hold the name, the street, the city,
//!   state and ZIP, and dates, times and references, labelled (`Appt: 07/14/2026 08:00`) or
//!   bare;
//! - a **table** whose header names stop columns (`Stop | Type | Facility | Address | City, ST |
//!   Date | Window | Ref`): one stop per row whose type (or stop) cell prints a stop heading,
//!   with the lines wrapped under it.
//!
//! The same stop printed twice (a summary `Origin: Joliet, IL` over the pickup's box) is one
//! stop. A heading with nothing recognizable under it (`Shipper` over a signature line) is no
//! stop: a stop names at least its city, or its name with a date or street.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{normalize, Stop, StopType, ValueType};
use crate::rules::StopRules;

use super::generic::{
    after_label, cells, city_state, direction_rest, is_label, page_lines, Cell, DATE,
};
use super::PageText;

/// The stops printed on a document's pages, in printed order (page, line, column); empty when
/// none is found. `known` holds every label and heading of every kind (a box ends at the next
/// one). Never fails: what cannot be read is left out.
pub fn read_stops(pages: &[PageText], rules: &StopRules, known: &[String]) -> Vec<Stop> {
    let mut found: Vec<((u32, usize, usize), Stop)> = Vec::new();
    for page in pages {
        let lines = page_lines(&page.text);
        let mut in_table = vec![false; lines.len()];
        for li in 0..lines.len() {
            if let Some((rows, used)) = table_at(&lines, li, rules) {
                for (at, mut s) in rows {
                    s.page = page.page;
                    found.push(((page.page, at.0, at.1), s));
                }
                for u in used {
                    in_table[u] = true;
                }
            }
        }
        for (li, &(base, line)) in lines.iter().enumerate() {
            if in_table[li] {
                continue;
            }
            let cs = cells(line, base);
            for ci in 0..cs.len() {
                if let Some(mut s) = box_at(&lines, li, &cs, ci, rules, known) {
                    s.page = page.page;
                    found.push(((page.page, li, cs[ci].col), s));
                }
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Stop> = Vec::new();
    for (_, s) in found {
        if !is_stop(&s) {
            continue;
        }
        match out.iter_mut().find(|o| same_stop(o, &s)) {
            Some(o) => fill(o, s),
            None => out.push(s),
        }
    }
    out
}

/// Enough to be a stop: its city, or its name with a date or a street.
fn is_stop(s: &Stop) -> bool {
    s.city.is_some() || (s.name.is_some() && (s.date.is_some() || s.address.is_some()))
}

/// The same stop printed twice: same type, both printing their city or both their name, and no
/// part printed by both that differs (two deliveries in one city to two consignees are two).
fn same_stop(a: &Stop, b: &Stop) -> bool {
    let eq = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    let both = |x: &Option<String>, y: &Option<String>| x.is_some() && y.is_some();
    a.stop_type == b.stop_type
        && (both(&a.city, &b.city) || both(&a.name, &b.name))
        && [
            (&a.name, &b.name),
            (&a.city, &b.city),
            (&a.state, &b.state),
            (&a.date, &b.date),
        ]
        .into_iter()
        .all(|(x, y)| eq(x, y))
}

/// Fill what `a` lacks from `b`.
fn fill(a: &mut Stop, b: Stop) {
    let take = |x: &mut Option<String>, y: Option<String>| {
        if x.is_none() {
            *x = y;
        }
    };
    take(&mut a.name, b.name);
    take(&mut a.address, b.address);
    take(&mut a.city, b.city);
    take(&mut a.state, b.state);
    take(&mut a.zip, b.zip);
    take(&mut a.date, b.date);
    take(&mut a.time, b.time);
    take(&mut a.reference, b.reference);
}

fn empty_stop(stop_type: StopType) -> Stop {
    Stop {
        stop_type,
        name: None,
        address: None,
        city: None,
        state: None,
        zip: None,
        date: None,
        time: None,
        reference: None,
        page: 0,
    }
}

/// A stop number printed before a heading: `Stop 1 -`, `Stop #2:`, `1.`, `#3`, `(2)`.
static STOP_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:stop\s*(?:#|no\.?)?\s*\d{1,2}|#\s*\d{1,2}|\(?\d{1,2}[.)])\s*[:\-–—.]*\s*")
        .expect("valid regex")
});

/// A stop heading at the start of `cell`: its type and what the cell prints after it (empty
/// for a heading alone, `Acme Foods DC` of `Pickup: Acme Foods DC`). None for a label that
/// starts with a heading's word (`Pickup Date:`, `Pickup #: 8812`, `Shipper's Signature`).
fn stop_heading<'a>(cell: &'a str, rules: &StopRules) -> Option<(StopType, &'a str)> {
    let t = cell.trim();
    // Names of one stop printed together: `SHIPPER / PICKUP`, `Consignee/Receiver`.
    if t.contains('/') {
        let parts: Vec<&str> = t.split('/').map(str::trim).collect();
        let types: Vec<Option<StopType>> = parts
            .iter()
            .map(|p| {
                stop_heading(p, rules)
                    .filter(|(_, rest)| rest.is_empty())
                    .map(|(ty, _)| ty)
            })
            .collect();
        if parts.len() >= 2 && types[0].is_some() && types.iter().all(|ty| *ty == types[0]) {
            return Some((types[0]?, ""));
        }
    }
    let t = match STOP_NUMBER.find(t) {
        Some(m) => &t[m.end()..],
        None => t,
    };
    // `Stop 1 (Pickup)`
    let t = t.strip_prefix('(').map_or(t, |r| r.trim_end_matches(')'));
    let mut best: Option<(usize, StopType, &str)> = None;
    for (ty, labels) in [
        (StopType::Pickup, &rules.pickup),
        (StopType::Delivery, &rules.delivery),
    ] {
        for l in labels {
            if let Some(rest) = after_label(t, l) {
                if best.is_none_or(|(n, _, _)| l.len() > n) {
                    best = Some((l.len(), ty, rest));
                }
            }
        }
    }
    let Some((_, ty, rest)) = best else {
        // A heading printed after its direction: `FROM: Shipper`, `TO: Consignee`.
        let rest = direction_rest(t)?;
        return stop_heading(rest, rules).filter(|(_, r)| r.is_empty());
    };
    let between = &t[..t.len() - rest.len()];
    let rest = rest.trim();
    // A number after `#` or `No.` is the stop's reference, not its heading (`Pickup #: 8812`),
    // unless it is a small ordinal (`Pickup #1`).
    let ordinal = rest
        .trim_start_matches('#')
        .trim_matches(['(', ')'])
        .split_whitespace()
        .next()
        .is_some_and(|w| w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()));
    if (between.contains('#') || between.to_ascii_lowercase().contains(" no")) && !ordinal {
        return None;
    }
    if ordinal {
        // `Pickup 1`, `Delivery #2 of 3`, `Stop 2 (1)`: a numbered heading, nothing after it.
        let after = rest
            .trim_start_matches('#')
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '(' || c == ')')
            .trim();
        let after = after
            .strip_prefix("of")
            .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' '))
            .unwrap_or(after);
        let after = after.trim_start_matches([':', '-', '–', '—', ' ']);
        return Some((ty, after));
    }
    Some((ty, rest))
}

/// The stop a heading cell heads, read from its box: what follows it in its cell, the cell
/// beside it (`PICKUP   Acme Foods DC`), and the lines under it in its column.
fn box_at(
    lines: &[(usize, &str)],
    li: usize,
    cs: &[Cell<'_>],
    ci: usize,
    rules: &StopRules,
    known: &[String],
) -> Option<Stop> {
    let cell = &cs[ci];
    // A heading that names only the stop's number (`Stop 2`) leaves its type to the box.
    let (ty, rest, number) = match stop_heading(cell.text, rules) {
        Some((ty, rest)) => (ty, rest, None),
        None => {
            let n: u32 = BARE_STOP.captures(cell.text)?[1].parse().ok()?;
            (StopType::Delivery, "", Some(n))
        }
    };
    let mut stop = empty_stop(ty);
    let mut state = BoxState::default();
    let mut anchor = cell.clone();
    let next = cs.get(ci + 1);
    if !rest.is_empty() {
        read_part(rest, &mut stop, &mut state);
    } else if let Some(n) = next.filter(|n| {
        stop_heading(n.text, rules).is_none()
            && !is_label(n.text, known)
            && split_label(n.text).is_none()
            && !is_dated_part(n.text)
            && n.text.starts_with(|c: char| !c.is_lowercase())
    }) {
        // A name printed beside its heading, its address under the name.
        read_part(n.text, &mut stop, &mut state);
        anchor = n.clone();
    }
    let after_anchor = if anchor.col == cell.col {
        ci + 1
    } else {
        ci + 2
    };
    // A column of the stop's dates and references on the heading's line (`PICK UP #1
    // Date: 22-May-2026` over `Hours: …` and `Ref #: …`) is this box's, not a neighbour's.
    let mut parts_col = None;
    if cs.get(after_anchor).is_some_and(|c| is_dated_part(c.text)) {
        parts_col = Some(cs[after_anchor].col);
        for c in cs[after_anchor..]
            .iter()
            .take_while(|c| is_stop_part(c.text))
        {
            read_part(c.text, &mut stop, &mut state);
        }
    }
    // The box lies between the heading's neighbours on its line: from the end of the cell
    // before it (or the heading's own column when that is another heading) to the next cell
    // (a box beside it), else to the page's edge.
    let lo = match ci.checked_sub(1).map(|p| &cs[p]) {
        None => 0,
        Some(p) if stop_heading(p.text, rules).is_some() || is_label(p.text, known) => cell.col,
        Some(p) => p.end_col + 1,
    };
    let bounded = cs
        .get(after_anchor)
        .map(|c| c.col)
        .filter(|_| parts_col.is_none());
    let hi = bounded.unwrap_or(usize::MAX);
    let (mut seen, mut skipped) = (0, 0);
    // A part cut at the end of its line (`Time: FCFS 06:00 -` over `14:00`), with its column:
    // read with the line under it.
    let mut pending: Option<(String, usize)> = None;
    for &(b, l) in &lines[li + 1..] {
        if l.trim().is_empty() {
            if seen > 0 {
                break;
            }
            continue;
        }
        let inside: Vec<Cell<'_>> = cells(l, b)
            .into_iter()
            .filter(|c| c.col + 2 >= lo && c.end_col <= hi.saturating_add(1))
            .collect();
        // The box's lines start under its heading (or its name) or left of it, never further
        // right than it ends; a line with nothing there is another column's (passed over, at
        // most three times).
        match inside.first() {
            Some(first) if first.col <= anchor.end_col => {}
            // A line of the box's column of dates and references only (`PU #: 8812` under a
            // time wrapped onto two lines).
            Some(first)
                if (bounded.is_some()
                    || parts_col.is_some_and(|p| first.col + 4 >= p && first.col <= p + 4))
                    && (is_dated_part(first.text) || pending.is_some()) => {}
            _ => {
                skipped += 1;
                if skipped > 3 {
                    break;
                }
                continue;
            }
        }
        seen += 1;
        if seen > 8 {
            break;
        }
        let mut ended = false;
        let mut k = 0;
        while k < inside.len() {
            let c = &inside[k];
            let part = split_label(c.text).map(|(l, _)| part_of(&l));
            // Another heading, or a label that is no part of a stop (`CARRIER`, `Rate:`),
            // ends the box.
            // So does a second name, street or city label: the next party's box, its heading
            // lost (a scan) or printed elsewhere.
            let again = match part {
                Some(Part::Name) => stop.name.is_some(),
                Some(Part::Address) => stop.address.is_some(),
                Some(Part::Place) => stop.city.is_some(),
                _ => false,
            };
            if stop_heading(c.text, rules).is_some()
                || again
                || (is_label(c.text, known) && part.as_ref().is_none_or(|p| *p == Part::Other))
            {
                ended = k == 0;
                break;
            }
            // Beyond the box's own column (no neighbour bounds it), only a stop's labelled or
            // typed parts printed near it: another column's text is someone else's.
            let far = k > 0
                && c.col > inside[k - 1].end_col + 24
                && parts_col.is_none_or(|p| c.col + 4 < p);
            if k > 0 && bounded.is_none() && (!is_stop_part(c.text) || far) {
                break;
            }
            // A label alone in its cell (`Pickup #:`) with its value in the next one.
            let (text, used) = match inside.get(k + 1) {
                Some(v) if split_label(c.text).is_some_and(|(_, val)| val.is_empty()) => {
                    (format!("{} {}", c.text, v.text), 2)
                }
                _ => (c.text.to_string(), 1),
            };
            let text = match pending.take() {
                Some((p, col)) if col.abs_diff(c.col) <= 4 && split_label(&text).is_none() => {
                    format!("{p} {text}")
                }
                Some((p, col)) if col.abs_diff(c.col) <= 4 => {
                    read_part(&p, &mut stop, &mut state);
                    text
                }
                // Another column's cell: the cut part waits for its own.
                other => {
                    pending = other;
                    text
                }
            };
            if text.ends_with(['-', '–', ',']) && pending.is_none() {
                pending = Some((text, c.col));
            } else {
                read_part(&text, &mut stop, &mut state);
            }
            k += used;
        }
        if ended {
            break;
        }
    }
    if let Some((p, _)) = pending {
        read_part(&p, &mut stop, &mut state);
    }
    if state.references > 1 {
        stop.reference = None;
    }
    if let Some(n) = number {
        stop.stop_type = numbered_stop_type(n, &state.words, rules);
    }
    Some(stop)
}

/// A stop's heading that names only its number: `Stop 2`, `STOP #3:`, `Stop No. 1`.
static BARE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^stop\s*(?:#|no\.?)?\s*(\d{1,2})\s*:?$").expect("valid regex")
});

/// The type of a stop headed by its number only: the kind of stop its box's words name more
/// often (`Pickup #:`, `Shipper:`; `Delivery Appt:`, `Consignee:`), else by its number: stop 1
/// is the pickup, a later one a delivery (a truckload picks up first and drops after).
fn numbered_stop_type(number: u32, words: &str, rules: &StopRules) -> StopType {
    let count = |headings: &[String]| {
        headings
            .iter()
            .map(|h| {
                let h = format!(" {} ", normal_words(h));
                words.matches(h.as_str()).count()
            })
            .sum::<usize>()
    };
    let (p, d) = (count(&rules.pickup), count(&rules.delivery));
    match p.cmp(&d) {
        std::cmp::Ordering::Greater => StopType::Pickup,
        std::cmp::Ordering::Less => StopType::Delivery,
        std::cmp::Ordering::Equal if number <= 1 => StopType::Pickup,
        std::cmp::Ordering::Equal => StopType::Delivery,
    }
}

/// Lower-case words separated by single spaces (`Pick-Up #:` → `pick up`).
fn normal_words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a box has read so far: a name, street or city line comes only before the city line.
#[derive(Default)]
struct BoxState {
    city_seen: bool,
    /// References printed for the stop: with more than one (`PU# 8812` and `PO# 4500`), none
    /// is *the* stop's reference.
    references: usize,
    /// Every part read, as lower-case words between spaces (` pickup appt 08 00 `): what names
    /// the type of a stop headed by its number only.
    words: String,
}

/// A date, a time, or a labelled part of a stop (`Appt: …`, `PU#: …`).
fn is_stop_part(text: &str) -> bool {
    DATE.is_match(text) || parse_time(text).is_some() || split_label(text).is_some()
}

/// A stop's date, time or reference, labelled (`Date: …`, `Ref #: …`) or bare.
fn is_dated_part(text: &str) -> bool {
    match split_label(text) {
        Some((l, _)) => matches!(part_of(&l), Part::Date | Part::Time | Part::Reference),
        None => DATE.is_match(text) || parse_time(text).is_some(),
    }
}

/// The lines of a table cell with a wrapped value joined to the line it continues: a line
/// continues the one above unless it starts a street (a number), a label (`Attn:`) or a city
/// line, or the line above ends with its ZIP code; a ZIP code alone continues its city line.
fn join_wrapped(parts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        let joins = out.last().is_some_and(|prev: &String| {
            let bare_zip = ZIP.is_match(p) && p.trim().len() <= 10;
            if bare_zip {
                return !ZIP.is_match(prev);
            }
            !p.starts_with(|c: char| c.is_ascii_digit())
                && split_label(p).is_none()
                && !ZIP.is_match(prev)
                && city_state(p).is_none()
                && !DATE.is_match(p)
                && parse_time(p).is_none()
                && continues_text(p)
        });
        match out.last_mut() {
            Some(prev) if joins => {
                prev.push(' ');
                prev.push_str(p);
            }
            _ => out.push(p.clone()),
        }
    }
    out
}

/// Words that may continue a wrapped name or street: letters, not a label's caption.
fn continues_text(p: &str) -> bool {
    p.chars().any(char::is_alphanumeric) && !p.ends_with(':')
}

/// `Label: value` with a short label (one to four words): (label in lower case, value).
fn split_label(text: &str) -> Option<(String, &str)> {
    let i = text.find(':')?;
    let (label, value) = (&text[..i], text[i + 1..].trim());
    let words = label.split_whitespace().count();
    // `08:00` is a time, not a label.
    let alpha = label.chars().any(char::is_alphabetic);
    ((1..=4).contains(&words) && alpha && !label.chars().any(|c| c.is_ascii_digit()))
        .then(|| (label.trim().to_ascii_lowercase(), value))
}

/// What a labelled part of a stop is, by its label's words.
#[derive(Debug, PartialEq)]
enum Part {
    Reference,
    Date,
    Time,
    Name,
    Address,
    Place,
    Contact,
    Other,
}

fn part_of(label: &str) -> Part {
    let words: Vec<&str> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&[
        "phone",
        "ph",
        "tel",
        "fax",
        "email",
        "contact",
        "attn",
        "note",
        "notes",
        "instructions",
        "comments",
        "dock",
        "seal",
        "trailer",
        "driver",
        "sid",
        "cid",
    ]) {
        // Printed in a stop's box, but not one of its parts here (the SID# and CID# of a VICS
        // bill of lading identify the shipper and the consignee).
        Part::Contact
    } else if label.contains('#')
        || has(&[
            "ref",
            "reference",
            "po",
            "number",
            "no",
            "conf",
            "confirmation",
            "order",
            "release",
            "booking",
        ])
    {
        Part::Reference
    } else if has(&[
        "date",
        "appt",
        "appointment",
        "scheduled",
        "sched",
        "eta",
        "arrival",
        "arrive",
        "ready",
        "day",
    ]) {
        Part::Date
    } else if has(&["time", "window", "hours", "hrs"]) {
        Part::Time
    } else if has(&["name", "facility", "company", "location", "site"]) && !has(&["city"]) {
        Part::Name
    } else if has(&["address", "addr", "street"]) {
        Part::Address
    } else if has(&["city", "zip", "state"]) {
        Part::Place
    } else {
        Part::Other
    }
}

/// Read one printed part of a stop's box into `stop`: labelled (`Appt: 07/14/2026 08:00`,
/// `PU #: 8812`, `Address: 1 Main St`) or bare (a name, a street, `Joliet, IL 60431`, a date, a
/// window). The first value of each kind stands.
fn read_part(text: &str, stop: &mut Stop, st: &mut BoxState) {
    st.words.push(' ');
    st.words.push_str(&normal_words(text));
    st.words.push(' ');
    let set = |x: &mut Option<String>, v: Option<String>| {
        if x.is_none() {
            *x = v;
        }
    };
    if let Some((label, value)) = split_label(text) {
        if value.is_empty() {
            return;
        }
        match part_of(&label) {
            Part::Reference => {
                if let Some(r) = reference(value) {
                    st.references += 1;
                    set(&mut stop.reference, Some(r));
                }
            }
            Part::Date => {
                set(&mut stop.date, date(value));
                set(&mut stop.time, parse_time(value));
            }
            // Under a time's own label a bare 24-hour time is one (`Window: Appt 1000`).
            Part::Time => set(
                &mut stop.time,
                parse_time(value).or_else(|| bare_time(value)),
            ),
            Part::Name => set(&mut stop.name, name(value)),
            Part::Address => {
                if !place(value, stop) {
                    set(&mut stop.address, Some(fold(value)));
                }
            }
            Part::Place => {
                place(value, stop);
            }
            Part::Contact | Part::Other => {}
        }
        return;
    }
    // References follow the stop's place (`Shipper Ref 185066`, `Del # 6893653` under its city
    // line); before it a number is part of a name or a street.
    let refs = if st.city_seen {
        bare_references(text)
    } else {
        Vec::new()
    };
    if !refs.is_empty() {
        st.references += refs.len();
        set(&mut stop.reference, refs.into_iter().next());
        // A date and a time printed on the reference's line are the stop's too.
        set(&mut stop.date, date(text));
        set(&mut stop.time, parse_time(text));
        return;
    }
    if !st.city_seen && place(text, stop) {
        st.city_seen = true;
        return;
    }
    if let Some(d) = date(text) {
        set(&mut stop.date, Some(d));
        set(&mut stop.time, parse_time(text));
        return;
    }
    if let Some(t) = parse_time(text) {
        set(&mut stop.time, Some(t));
        return;
    }
    if st.city_seen {
        return;
    }
    let street = text.starts_with(|c: char| c.is_ascii_digit())
        || text.to_ascii_lowercase().starts_with("po box")
        || text.to_ascii_lowercase().starts_with("p.o.");
    if street {
        set(&mut stop.address, Some(fold(text)));
    } else if stop.name.is_none() && stop.address.is_none() {
        stop.name = name(text);
    }
}

/// A city, state and ZIP line (`Joliet, IL 60431`, `1 Main St, Joliet, IL`, `Acme Foods,
/// Joliet, IL`) read into `stop`; false when `text` is not one. What precedes the city in the
/// same cell is the street when it starts with a number, else the name.
fn place(text: &str, stop: &mut Stop) -> bool {
    let has_zip = ZIP.is_match(text);
    if !has_zip && !text.contains(',') {
        return false;
    }
    let Some((city, state)) = city_state(text) else {
        return false;
    };
    if stop.city.is_none() {
        stop.city = Some(fold(&city));
        stop.state = Some(state);
        stop.zip = ZIP.captures(text).map(|c| c[1].to_string());
    }
    if let Some(i) = text.rfind(city.as_str()) {
        let before = text[..i].trim().trim_end_matches(',').trim();
        if !before.is_empty() {
            let (head, street) = match before.find(|c: char| c.is_ascii_digit()) {
                Some(0) => (None, Some(before)),
                Some(j) if before[..j].trim_end().ends_with(',') => (
                    Some(before[..j].trim().trim_end_matches(',').trim()),
                    Some(&before[j..]),
                ),
                _ => (Some(before), None),
            };
            if let Some(s) = street {
                if stop.address.is_none() {
                    stop.address = Some(fold(s.trim().trim_end_matches(',')));
                }
            }
            if let Some(h) = head.filter(|h| !h.is_empty()) {
                if stop.name.is_none() {
                    stop.name = name(h);
                }
            }
        }
    }
    true
}

/// A ZIP code (or ZIP+4) at the end of a line.
static ZIP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{5}(?:-\d{4})?)\s*$").expect("valid regex"));

/// Inner whitespace folded, as a text field's value is ([`normalize`] of [`ValueType::Text`]).
fn fold(s: &str) -> String {
    normalize(ValueType::Text, s).unwrap_or_default()
}

/// A name: letters, not a caption (`Signature:`) nor a lone word in lower case.
fn name(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(',');
    (s.chars().any(char::is_alphabetic) && !s.ends_with(':') && !s.starts_with(char::is_lowercase))
        .then(|| fold(s))
}

fn date(s: &str) -> Option<String> {
    DATE.find(s)
        .and_then(|m| normalize(ValueType::Date, m.as_str()))
}

/// A reference: the first word-like token of the value (`8812` of `8812 / ACME`), as printed.
fn reference(s: &str) -> Option<String> {
    // Past a label printed in the cell (`PU# ACM-77120`, `PO 4500098812`).
    s.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .map(|w| w.trim_start_matches(['#', ':']))
        .find(|w| {
            !w.is_empty() && !w.ends_with(['#', ':']) && w.chars().any(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
}

/// References printed after their labels without a colon (`Pickup # 4968575`, `PU#3934804`,
/// `Cons Ref 1921225 Appt # 554740`): each value, as printed. A value has at least three digits
/// and four characters; its label is one to three words before it that name a reference
/// (`Ref`, `PO`, `No.`, `Pickup Number`) or end in `#` after a stop's or an appointment's word
/// (`Pickup #`, `Appt #`), and not a phone or a dock. A facility's own number (`Kroger DC
/// #6094`), a `PO Box` and a line ending in a city, state and ZIP are none.
fn bare_references(text: &str) -> Vec<String> {
    const WORDS: [&str; 13] = [
        "ref",
        "reference",
        "po",
        "pu",
        "no",
        "number",
        "conf",
        "confirmation",
        "order",
        "release",
        "booking",
        "bol",
        "pro",
    ];
    // Words before a `#` that make it a reference's number (`Appt # 554740`, `Pickup # 12`).
    const NUMBERED: [&str; 11] = [
        "appt",
        "appointment",
        "pickup",
        "pick",
        "delivery",
        "del",
        "cons",
        "consignee",
        "shipper",
        "customer",
        "load",
    ];
    // A line that ends in a city, state and ZIP is a place (`Store #1234, Joliet, IL 60431`).
    if city_state(text).is_some() {
        return Vec::new();
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut label: Vec<&str> = Vec::new();
    for tok in tokens {
        // `PU#3934804`: the label's end joined to its value.
        let (head, value) = match tok.rfind('#') {
            Some(i) if i + 1 < tok.len() => (Some(&tok[..=i]), &tok[i + 1..]),
            _ => (None, tok),
        };
        if let Some(h) = head.filter(|h| h.len() > 1) {
            label.push(h);
        }
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let is_value = digits >= 3
            && value.len() >= 4
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !is_value {
            if digits > 0 {
                label.clear();
            } else if head.is_none() {
                label.push(tok);
            }
            continue;
        }
        let words = &label[label.len().saturating_sub(3)..];
        let text = words.join(" ").to_ascii_lowercase();
        let ws: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // `PO Box 1234` is a street; `DC #6094` a facility's number.
        let named = ws
            .iter()
            .enumerate()
            .any(|(i, w)| WORDS.contains(w) && !(*w == "po" && ws.get(i + 1) == Some(&"box")))
            || (text.ends_with('#') && ws.iter().any(|w| NUMBERED.contains(w)));
        if !words.is_empty() && named && part_of(&text) != Part::Contact {
            out.push(value.to_string());
        }
        label.clear();
    }
    out
}

/// A 24-hour time printed as four digits (`1000`, `0630`): `HH:MM`.
fn bare_time(text: &str) -> Option<String> {
    static HHMM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b([01]\d|2[0-3])([0-5]\d)\b").expect("valid regex"));
    let c = HHMM.captures(text)?;
    Some(format!("{}:{}", &c[1], &c[2]))
}

/// One clock time: `08:00`, `8:00 AM`, `2 PM`.
const CLOCK: &str = r"(\d{1,2}):(\d{2})\s*([ap]\.?\s?m\b\.?)?|(\d{1,2})\s*([ap]\.?\s?m\b\.?)";

/// A window between two clock times (`08:00 - 16:00`, `8:00 AM to 2:00 PM`), or between two
/// 24-hour times without a colon (`0800-1600`).
static TIME_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{CLOCK})\s*(?:-|–|—|to|until|thru)\s*(?:{CLOCK})|\b([01]\d|2[0-3])([0-5]\d)\s*(?:-|–|to)\s*([01]\d|2[0-3])([0-5]\d)\b"
    ))
    .expect("valid regex")
});
static TIME_ONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{CLOCK})")).expect("valid regex"));

/// 24-hour `HH:MM` from an hour, minutes and an `am`/`pm` marker.
fn clock(h: &str, m: Option<&str>, ampm: Option<&str>) -> Option<String> {
    let mut h: u32 = h.parse().ok()?;
    let m: u32 = m.map_or(Some(0), |m| m.parse().ok())?;
    if let Some(a) = ampm {
        let pm = a.to_ascii_lowercase().starts_with('p');
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// A stop's time in `text`, 24-hour: a window `HH:MM-HH:MM` or one time `HH:MM`; an `am`/`pm`
/// on the window's end only applies to its start too (`8:00-11:00 AM`). None when no clock
/// time is printed (`FCFS`).
pub fn parse_time(text: &str) -> Option<String> {
    if let Some(c) = TIME_RANGE.captures(text) {
        let g = |i: usize| c.get(i).map(|m| m.as_str());
        if let Some(h1) = g(11) {
            return Some(format!("{h1}:{}-{}:{}", g(12)?, g(13)?, g(14)?));
        }
        let (h1, m1, a1) = match g(1) {
            Some(h) => (h, g(2), g(3)),
            None => (g(4)?, None, g(5)),
        };
        let (h2, m2, a2) = match g(6) {
            Some(h) => (h, g(7), g(8)),
            None => (g(9)?, None, g(10)),
        };
        let start = clock(h1, m1, a1.or(a2))?;
        let end = clock(h2, m2, a2)?;
        return Some(format!("{start}-{end}"));
    }
    let c = TIME_ONE.captures(text)?;
    let g = |i: usize| c.get(i).map(|m| m.as_str());
    match g(1) {
        Some(h) => clock(h, g(2), g(3)),
        None => clock(g(4)?, None, g(5)),
    }
}

/// A column of a stop table, by its header's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Stop,
    Type,
    Name,
    Address,
    Place,
    State,
    Zip,
    Date,
    Time,
    DateTime,
    Reference,
}

/// The column a header cell names, if it names one.
fn column_of(header: &str, rules: &StopRules) -> Option<Column> {
    let h = header
        .trim()
        .trim_end_matches([':', '.'])
        .to_ascii_lowercase();
    if h.chars().any(|c| c.is_ascii_digit()) || h.len() > 30 {
        return None;
    }
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric() && c != '#')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    let date = has(&["date", "day", "scheduled"]);
    let time = has(&["time", "window", "hours", "appt", "appointment"]);
    Some(match () {
        _ if matches!(
            h.as_str(),
            "stop" | "stop #" | "stop no" | "#" | "seq" | "no" | "stop no."
        ) =>
        {
            Column::Stop
        }
        _ if has(&["type", "activity", "action", "event"]) || h == "p/d" || h == "pu/del" => {
            Column::Type
        }
        _ if date && time => Column::DateTime,
        _ if date => Column::Date,
        _ if time && !h.contains('#') => Column::Time,
        _ if has(&["city"]) => Column::Place,
        _ if has(&["zip", "postal"]) => Column::Zip,
        _ if h == "st" || h == "state" => Column::State,
        _ if has(&["address", "street"]) => Column::Address,
        _ if has(&[
            "ref",
            "reference",
            "references",
            "po",
            "pu#",
            "conf",
            "confirmation",
        ]) || h.contains('#') =>
        {
            Column::Reference
        }
        _ if has(&[
            "facility", "name", "location", "company", "site", "customer",
        ]) || stop_heading(header, rules).is_some() =>
        {
            Column::Name
        }
        _ => return None,
    })
}

/// A stop table whose header is line `li`: its stops with where each row starts, and the lines
/// it spans. A header names at least three stop columns, one of them a stop, type or name and
/// one a date, city or street, and nothing else.
#[allow(clippy::type_complexity)]
fn table_at(
    lines: &[(usize, &str)],
    li: usize,
    rules: &StopRules,
) -> Option<(Vec<((usize, usize), Stop)>, Vec<usize>)> {
    let (b, l) = lines[li];
    let head = cells(l, b);
    if head.len() < 3 {
        return None;
    }
    let cols: Vec<(Column, usize, usize)> = head
        .iter()
        .map(|c| column_of(c.text, rules).map(|k| (k, c.col, c.end_col)))
        .collect::<Option<_>>()?;
    let has = |k: &[Column]| cols.iter().any(|(c, _, _)| k.contains(c));
    if !has(&[Column::Stop, Column::Type, Column::Name])
        || !has(&[
            Column::Date,
            Column::DateTime,
            Column::Place,
            Column::Address,
        ])
    {
        return None;
    }
    // The column a cell stands in: the one it overlaps most, else the last starting before it.
    let column = |c: &Cell<'_>| -> usize {
        let overlap =
            |&(_, a, e): &(Column, usize, usize)| c.end_col.min(e).saturating_sub(c.col.max(a));
        let best = (0..cols.len()).max_by_key(|&i| overlap(&cols[i]));
        match best.filter(|&i| overlap(&cols[i]) > 0) {
            Some(i) => i,
            None => cols
                .iter()
                .rposition(|&(_, a, _)| a <= c.col + 1)
                .unwrap_or(0),
        }
    };
    let row_type = |texts: &[Vec<String>]| -> Option<StopType> {
        for (i, (k, _, _)) in cols.iter().enumerate() {
            if matches!(k, Column::Type | Column::Stop | Column::Name) {
                for t in &texts[i] {
                    if let Some((ty, _)) = stop_heading(t, rules) {
                        return Some(ty);
                    }
                    // The stop's number and its type in one cell (`1 PU`, `3 SO`, `2-DEL`).
                    let t = if *k == Column::Stop {
                        let rest = t
                            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '#')
                            .trim_start_matches([' ', '-', '.', ')']);
                        if rest.len() == t.len() {
                            continue;
                        }
                        if let Some((ty, _)) = stop_heading(rest, rules) {
                            return Some(ty);
                        }
                        rest
                    } else {
                        t.as_str()
                    };
                    // `PU` / `DEL` / `P` / `D` in a type column.
                    if matches!(k, Column::Type | Column::Stop) {
                        match t.to_ascii_lowercase().as_str() {
                            "pu" | "p" | "p/u" | "pick" | "load" => return Some(StopType::Pickup),
                            "del" | "d" | "drop" | "so" | "unload" => {
                                return Some(StopType::Delivery)
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        None
    };
    let mut rows: Vec<((usize, usize), Vec<Vec<String>>)> = Vec::new();
    let mut used = vec![li];
    let mut blank = 0;
    let first_col = cols[0].1;
    for (lj, &(b, l)) in lines.iter().enumerate().skip(li + 1).take(40) {
        if l.trim().is_empty() {
            blank += 1;
            if blank >= 2 {
                break;
            }
            continue;
        }
        let cs = cells(l, b);
        let mut texts: Vec<Vec<String>> = vec![Vec::new(); cols.len()];
        for c in &cs {
            texts[column(c)].push(c.text.to_string());
        }
        let starts = row_type(&texts);
        if cs[0].col + 3 < first_col || (starts.is_none() && (blank > 0 || rows.is_empty())) {
            break;
        }
        blank = 0;
        used.push(lj);
        if starts.is_some() {
            rows.push(((lj, cs[0].col), texts));
        } else if let Some((_, r)) = rows.last_mut() {
            for (i, t) in texts.into_iter().enumerate() {
                r[i].extend(t);
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for (at, mut texts) in rows {
        // A value wrapped onto the row's next line continues it (`Riverbend Steel` over
        // `Supply`; `4225 Logistics Blvd, Memphis,` over `TN 38118`).
        for (i, (k, _, _)) in cols.iter().enumerate() {
            if matches!(k, Column::Name | Column::Address | Column::Place) {
                texts[i] = join_wrapped(&texts[i]);
            }
        }
        let Some(ty) = row_type(&texts) else { continue };
        let mut stop = empty_stop(ty);
        let mut st = BoxState::default();
        for (i, (k, _, _)) in cols.iter().enumerate() {
            let t = &texts[i];
            match k {
                Column::Stop | Column::Type => {}
                Column::Name => {
                    for (j, part) in t.iter().enumerate() {
                        if j == 0 && stop_heading(part, rules).is_some() {
                            continue;
                        }
                        read_part(part, &mut stop, &mut st);
                    }
                }
                Column::Address => {
                    // `FACILITY / ADDRESS`: a name may head the address lines.
                    for part in t {
                        read_part(part, &mut stop, &mut st);
                    }
                }
                Column::Place => {
                    let joined = t.join(" ");
                    if !place(&joined, &mut stop) && stop.city.is_none() && !joined.is_empty() {
                        stop.city = name(&joined);
                    }
                }
                Column::State => {
                    if let Some(s) = t.first().filter(|s| s.len() == 2) {
                        stop.state = Some(s.to_ascii_uppercase());
                    }
                }
                Column::Zip => {
                    stop.zip = t.first().and_then(|z| ZIP.captures(z)).map(|c| c[1].into());
                }
                Column::Date | Column::DateTime => {
                    let joined = t.join(" ");
                    stop.date = date(&joined);
                    if stop.time.is_none() {
                        stop.time = parse_time(&joined);
                    }
                }
                Column::Time => {
                    stop.time = parse_time(&t.join(" "));
                }
                Column::Reference => {
                    // One reference per line; several lines, several references: none is *the*
                    // stop's reference.
                    let refs: Vec<String> = t.iter().filter_map(|r| reference(r)).collect();
                    if refs.len() == 1 {
                        stop.reference = refs.into_iter().next();
                    }
                }
            }
        }
        out.push((at, stop));
    }
    Some((out, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> StopRules {
        StopRules {
            kinds: Vec::new(),
            pickup: ["Pickup", "Pick Up", "Shipper", "Ship From", "Origin"]
                .map(String::from)
                .to_vec(),
            delivery: ["Delivery", "Consignee", "Ship To", "Destination"]
                .map(String::from)
                .to_vec(),
        }
    }

    fn read(text: &str) -> Vec<Stop> {
        let page = PageText {
            page: 1,
            text: text.to_string(),
            glyphs: text.len(),
            ocr_confidence: None,
        };
        let known = vec!["Carrier".to_string(), "Shipper".to_string()];
        read_stops(&[page], &rules(), &known)
    }

    fn short(s: &Stop) -> String {
        format!(
            "{} {} | {} | {}, {} {} | {} {} | {}",
            s.stop_type.as_str(),
            s.name.as_deref().unwrap_or("-"),
            s.address.as_deref().unwrap_or("-"),
            s.city.as_deref().unwrap_or("-"),
            s.state.as_deref().unwrap_or("-"),
            s.zip.as_deref().unwrap_or("-"),
            s.date.as_deref().unwrap_or("-"),
            s.time.as_deref().unwrap_or("-"),
            s.reference.as_deref().unwrap_or("-"),
        )
    }

    #[test]
    fn a_stop_table_with_wrapped_cells_gives_one_stop_per_row() {
        let stops = read(concat!(
            " Stop    Type      Facility            Address                          Date          Time                 Ref\n",
            " 1       Pickup    Riverbend Steel     208 Distribution Way, Denver,    05/20/2026    FCFS 06:00 - 14:00   PU763203\n",
            "                   Supply              CO 80216\n",
            " 2       Delivery  Harbor City         9548 Harbor Ave, Atlanta, GA     05/25/2026    Appt 1:00 PM         4757563\n",
            "                   Distribution Ctr    30336\n",
        ));
        let got: Vec<String> = stops.iter().map(short).collect();
        assert_eq!(
            got,
            [
                "pickup Riverbend Steel Supply | 208 Distribution Way | Denver, CO 80216 | 2026-05-20 06:00-14:00 | PU763203",
                "delivery Harbor City Distribution Ctr | 9548 Harbor Ave | Atlanta, GA 30336 | 2026-05-25 13:00 | 4757563",
            ]
        );
    }

    #[test]
    fn boxes_side_by_side_under_headings_after_their_direction() {
        let stops = read(concat!(
            " FROM: Shipper                                  TO: Consignee\n",
            " Maple Leaf Farms                               Sunbelt Steel Products Corp.\n",
            " 2520 Old Mill Rd                               8824 Freight Ln\n",
            " Laredo TX 78045                                Ontario, California 91761\n",
            " Pickup #: 4471                                 Appt: Jul 17, 2026 08:00\n",
            "\n",
            " SHIPPER SIGNATURE                              CARRIER\n",
            " /s/ Dmitri Rivera                              Lone Oak Motor Lines\n",
        ));
        let got: Vec<String> = stops.iter().map(short).collect();
        assert_eq!(
            got,
            [
                "pickup Maple Leaf Farms | 2520 Old Mill Rd | Laredo, TX 78045 | - - | 4471",
                "delivery Sunbelt Steel Products Corp. | 8824 Freight Ln | Ontario, CA 91761 | 2026-07-17 08:00 | -",
            ]
        );
    }

    #[test]
    fn a_box_with_its_dates_beside_it_and_a_time_cut_at_the_line_end() {
        let stops = read(concat!(
            "  PICK UP #1                                    Date: 22-May-2026\n",
            "  Pioneer Pet Nutrition                         Time: FCFS 06:00 -\n",
            "  1297 Distribution Way                         14:00\n",
            "  Boise ID 83709                                Ref #: PU194393\n",
            "\n",
            "  Origin: Boise, ID          Destination: Little Rock, AR 72206\n",
        ));
        let got: Vec<String> = stops.iter().map(short).collect();
        assert_eq!(
            got,
            [
                "pickup Pioneer Pet Nutrition | 1297 Distribution Way | Boise, ID 83709 | 2026-05-22 06:00-14:00 | PU194393",
                "delivery - | - | Little Rock, AR 72206 | - - | -",
            ]
        );
    }

    #[test]
    fn a_stop_headed_by_its_number_takes_its_type_from_its_box() {
        let stops = read(concat!(
            " STOP 1                      STOP 2                        STOP 3\n",
            " Acme Foods DC               Lakeside Grocers              Harbor Market\n",
            " 2200 Industrial Pkwy        100 Lake St                   9 Pier Rd\n",
            " Joliet, IL 60436            Gary, IN 46402                Toledo, OH 43604\n",
            " Ready: 07/14/2026           Pickup #: PU-2231             Deliver by: 07/16/2026\n",
        ));
        let got: Vec<(&str, &str)> = stops
            .iter()
            .map(|s| (s.stop_type.as_str(), s.city.as_deref().unwrap_or("-")))
            .collect();
        // Stop 1 and stop 3 by their numbers, stop 2 by its pickup number.
        assert_eq!(
            got,
            [
                ("pickup", "Joliet"),
                ("pickup", "Gary"),
                ("delivery", "Toledo")
            ]
        );
    }

    #[test]
    fn labels_that_start_with_a_stop_word_are_not_headings() {
        let r = rules();
        assert!(stop_heading("Pickup #: 8812", &r).is_none());
        assert!(stop_heading("Pickup Date: 07/14/2026", &r).is_none());
        assert!(stop_heading("Shipper's Signature", &r).is_none());
        assert_eq!(
            stop_heading("Stop 2 - Delivery", &r),
            Some((StopType::Delivery, ""))
        );
        assert_eq!(
            stop_heading("SHIPPER / PICKUP", &r),
            Some((StopType::Pickup, ""))
        );
        assert_eq!(
            stop_heading("Consignee: Acme DC", &r),
            Some((StopType::Delivery, "Acme DC"))
        );
        assert_eq!(
            stop_heading("Delivery #2 of 3", &r),
            Some((StopType::Delivery, ""))
        );
    }

    #[test]
    fn a_stop_table_with_the_number_and_type_in_one_cell_and_the_place_under_the_name() {
        let s = read(
            "STOP       LOCATION                        DATE / TIME          REFERENCE
1 PU       Liberty Road Pet Nutrition      4/19/2026            PU# 3934804
           12562 Commerce Blvd             11:00 - 14:00
           Fontana, CA 92335
2 SO       Crosswind Distribution Center   4/20/2026            Cons Ref 7304924
           17231 Railroad St               08:00 - 15:00
           Dallas, TX 75241
",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(
            short(&s[0]),
            "pickup Liberty Road Pet Nutrition | 12562 Commerce Blvd | Fontana, CA 92335 | 2026-04-19 11:00-14:00 | 3934804"
        );
        assert_eq!(
            short(&s[1]),
            "delivery Crosswind Distribution Center | 17231 Railroad St | Dallas, TX 75241 | 2026-04-20 08:00-15:00 | 7304924"
        );
    }

    #[test]
    fn references_printed_without_a_colon_and_bare_times_under_a_time_label() {
        assert_eq!(bare_references("Pickup # 4968575"), ["4968575"]);
        assert_eq!(bare_references("PU#3934804"), ["3934804"]);
        assert_eq!(
            bare_references("Cons Ref 1921225 Appt # 554740"),
            ["1921225", "554740"]
        );
        assert!(bare_references("Highline Warehouse #56").is_empty());
        assert!(bare_references("Kroger DC #6094").is_empty());
        assert!(bare_references("PO Box 72791").is_empty());
        assert!(bare_references("Store No 1234, Joliet, IL 60431").is_empty());
        assert!(bare_references("12562 Commerce Blvd").is_empty());
        assert!(bare_references("Phone # 555-1234").is_empty());
        assert!(bare_references("Mesa Verde Grocers DC 2700").is_empty());
        let s = read(
            "PICKUP 1\nMesa Verde Grocers\n13337 Lakeview Ct\nBoise, ID 83709\nScheduled: 17-Jun-26\nWindow: Appt 1000\nPickup # 4968575\n",
        );
        assert_eq!(
            short(&s[0]),
            "pickup Mesa Verde Grocers | 13337 Lakeview Ct | Boise, ID 83709 | 2026-06-17 10:00 | 4968575"
        );
    }

    #[test]
    fn times_are_24_hour_windows_or_one_time() {
        assert_eq!(parse_time("08:00 - 16:00").as_deref(), Some("08:00-16:00"));
        assert_eq!(
            parse_time("8:00 AM to 2:30 PM").as_deref(),
            Some("08:00-14:30")
        );
        assert_eq!(parse_time("0800-1600 hrs").as_deref(), Some("08:00-16:00"));
        assert_eq!(parse_time("8:00-11:00 AM").as_deref(), Some("08:00-11:00"));
        assert_eq!(parse_time("Appt 1:30 PM").as_deref(), Some("13:30"));
        assert_eq!(parse_time("12:00 AM").as_deref(), Some("00:00"));
        assert_eq!(parse_time("FCFS"), None);
        assert_eq!(parse_time("Joliet, IL 60431"), None);
        assert_eq!(parse_time("07/14/2026"), None);
    }
}
