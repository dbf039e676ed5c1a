"""invoice2data side of scripts/bench-compare; run with the bench virtualenv's Python.

    harness.py accuracy TEMPLATE_DIR PDF_DIR [-v]
        Extract every PDF_DIR/*.pdf with invoice2data's library API and compare with the
        `.expected.json` beside it (what freightdesk extracts). Prints one summary line
        (-v: every disagreement).
    harness.py attachments INBOX_DIR OUT_DIR
        Save every PDF attached to INBOX_DIR/*.eml (by type application/pdf or a .pdf name, as
        freightdesk takes them) as OUT_DIR/<message>-<n>.pdf; prints how many.
    harness.py library TEMPLATE_DIR PDF...
        Generous to invoice2data: one warm process (imports done, templates loaded, one untimed
        pass to compile its regexes) prints "ready", then for each line read on stdin makes one
        timed pass over the PDFs with `extract_data(path, templates=…)` and prints its wall
        seconds (scripts/bench-compare runs it as a coprocess, between the other tools' runs).
        invoice2data memoizes extracted text per file; that cache is cleared before every pass,
        or passes 2..RUNS would not read the PDFs at all.
"""

import datetime
import json
import logging
import pathlib
import sys
import time

logging.disable(logging.CRITICAL)  # invoice2data logs every miss at WARNING/ERROR

if sys.argv[1:2] != ["attachments"]:
    from invoice2data import extract_data
    from invoice2data import input as i2d_input
    from invoice2data.extract import _dates
    from invoice2data.extract.loader import read_templates
    from invoice2data.input import pdftotext

# freightdesk reads these as true/false; absent = false (src/model.rs ValueType::Flag).
FLAGS = ("signed", "hazmat")
# Fields freightdesk has and invoice2data cannot produce: a charge line's code comes from
# rules/kinds.toml [[charge_code]] keywords, outside the template.
LINE_KEYS = ("description", "amount_usd")


def canonical(name, value):
    """invoice2data's typed value in freightdesk's string form (representation only)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if name.endswith("_usd") and isinstance(value, float | int):
        return f"{value:.2f}"
    if isinstance(value, list):  # several matches left: not one value
        return json.dumps(value, default=str)
    return str(value)


def fields_of(result):
    """freightdesk field name -> value, from one invoice2data result."""
    out = {}
    for name, value in result.items():
        if name.endswith("_line2"):
            continue
        line2 = result.get(name + "_line2")
        v = canonical(name, value)
        if line2 is not None and v is not None:
            v = f"{v}, {canonical(name, line2)}"
        out[name] = v
    return out


def rows_of(rows):
    got = []
    for r in rows or []:
        amount = r.get("amount") or None
        got.append({"description": r.get("description"), "amount_usd": amount})
    return got


def accuracy(template_dir, pdf_dir, verbose):
    templates = read_templates(template_dir)
    docs = recognized = fields = fields_ok = fields_recognized = rows = rows_ok = 0
    files = sorted(pathlib.Path(pdf_dir).glob("*.pdf"))
    other_ok = other = 0
    for pdf in files:
        expected = json.loads(pdf.with_suffix("").with_suffix(".expected.json").read_text())["documents"]
        expected = [d for d in expected if d.get("kind") != "other"] if expected else []
        result = extract_data(str(pdf), templates=templates, input_module=pdftotext)
        if not expected:
            other += 1
            other_ok += not result
            if verbose and result:
                print(f"{pdf.name}: not a freight document, invoice2data read it as {result.get('template')}")
            continue
        got_kind = result.get("kind")
        used = False
        for doc in expected:
            docs += 1
            want = doc.get("fields", {})
            want_rows = [
                {"description": r["description"], "amount_usd": r.get("amount_usd")}
                for r in doc.get("charges", []) + doc.get("accessorials", [])
            ]
            fields += len(want)
            rows += len(want_rows)
            # One invoice2data result per file: it can stand for one document of the file only.
            if used or got_kind != doc["kind"]:
                if verbose:
                    print(f"{pdf.name}: {doc['kind']} (pages {doc.get('pages')}) not recognized"
                          f" (invoice2data: {result.get('template') or 'no template'})")
                continue
            used = True
            recognized += 1
            fields_recognized += len(want)
            got = fields_of(result)
            for name, v in want.items():
                g = got.get(name)
                if g is None and name in FLAGS:
                    g = "false"
                if g == v:
                    fields_ok += 1
                elif verbose:
                    print(f"{pdf.name}: {name}: freightdesk {v!r}, invoice2data {g!r}")
            got_rows = rows_of(result.get("charges")) + rows_of(result.get("accessorials"))
            for r in want_rows:
                if r in got_rows:
                    rows_ok += 1
                elif verbose:
                    print(f"{pdf.name}: row {r} not read (invoice2data: {got_rows})")
    pct = 100.0 * fields_ok / fields if fields else 0.0
    print(f"invoice2data, our 14 templates, on samples/pdfs ({len(files)} PDFs): {recognized} of {docs} freight "
          f"documents recognized, {other_ok} of {other} non-freight left alone;")
    print(f"  fields as freightdesk reads them: {fields_ok} of {fields} ({pct:.0f}%; {fields_ok} of "
          f"{fields_recognized} in the documents recognized), charge/accessorial lines {rows_ok} of {rows}")


def library(template_dir, files):
    templates = read_templates(template_dir)

    def one_pass():
        i2d_input._cached_to_text.cache_clear()
        pdftotext._words.cache_clear()
        _dates.parse_date.cache_clear()
        t0 = time.perf_counter()
        for f in files:
            extract_data(f, templates=templates, input_module=pdftotext)
        return time.perf_counter() - t0

    one_pass()  # warm-up, untimed
    print("ready", flush=True)
    for _ in sys.stdin:
        print(f"{one_pass():.6f}", flush=True)


def attachments(inbox, out_dir):
    import email
    import email.policy

    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for eml in sorted(pathlib.Path(inbox).glob("*.eml")):
        msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        k = 0
        for part in msg.walk():
            name = part.get_filename() or ""
            if part.get_content_type() == "application/pdf" or name.lower().endswith(".pdf"):
                k += 1
                (out / f"{eml.stem}-{k}.pdf").write_bytes(part.get_payload(decode=True) or b"")
        n += k
    print(n)


def main():
    cmd = sys.argv[1]
    if cmd == "attachments":
        attachments(sys.argv[2], sys.argv[3])
    elif cmd == "accuracy":
        accuracy(sys.argv[2], sys.argv[3], "-v" in sys.argv[4:])
    elif cmd == "library":
        library(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
