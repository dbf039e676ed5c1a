#!/usr/bin/env python3
"""Add `fields.stops` from a regenerated evaluation corpus to the existing expected files.

The generators under scripts/eval_gen/ write, for every rate_confirmation and bill_of_lading text PDF,
the stops the document prints as `fields.stops` (see each generator's README). The documents already in
samples/eval/dev/ and samples/eval/blind/ were generated before that key existed. This script takes a
corpus regenerated elsewhere (a scratch copy of the repository: the generators write
samples/eval/corpus/GEN/ and delete it first) and, for every regenerated `*.expected.json` that has
`fields.stops`:

  1. finds the existing file of the same final name in samples/eval/dev/ or samples/eval/blind/
     (scripts/eval_split.py's rule: `GEN_` is put before a name that does not start with it);
  2. checks that the existing file is the same document (determinism check): the whole JSON object
     without `fields.stops`, i.e. kind, layout, every other field (values and key order) and any other
     top-level key, must be IDENTICAL to the regenerated one; if anything differs the file is not touched
     and counts as a mismatch;
  3. only then writes `fields.stops` as the last key of `fields`, keeping the file's formatting (the
     expected files are `json.dumps(indent=2)` + newline; a file in any other format is left alone and
     reported). A file that already holds the same `stops` is left as it is.

It also compares the regenerated PDF's bytes (sha256) with the existing PDF's and reports how many are
identical (report only: PDFs are never written). No PDF, scan or other file is written; only expected
files in dev/ and blind/ change.

samples/eval/blind/ is held out: for it the output gives counts only, never a file name or a value.

Usage (from anywhere):
  python3 scripts/eval_add_stops.py /tmp/stopsgen/samples/eval/corpus            # write
  python3 scripts/eval_add_stops.py /tmp/stopsgen/samples/eval/corpus --dry-run  # check only
Options: --target DIR (default: this repository's samples/eval). Exit status 1 when a regenerated document
has no existing counterpart, a file's format is unknown, or there is a mismatch.
"""
import argparse
import copy
import hashlib
import json
import pathlib
import sys
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parent.parent


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump_style(text, obj):
    """The json.dumps arguments that reproduce `text` exactly, or None."""
    for ensure_ascii in (True, False):
        if json.dumps(obj, indent=2, ensure_ascii=ensure_ascii) + "\n" == text:
            return {"indent": 2, "ensure_ascii": ensure_ascii}
    return None


def without_stops(obj):
    o = copy.deepcopy(obj)
    o.get("fields", {}).pop("stops", None)
    return o


def diff_keys(old, new):
    """Names of what differs between two expected objects (stops left out)."""
    out = []
    for k in sorted(set(old) | set(new)):
        if k == "fields":
            continue
        if old.get(k) != new.get(k):
            out.append(k)
    of, nf = old.get("fields", {}), new.get("fields", {})
    for k in sorted(set(of) | set(nf)):
        if of.get(k) != nf.get(k):
            out.append(f"fields.{k}")
    if not out and list(of) != list(nf):
        out.append("fields key order")
    return out or ["formatting of the object"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=pathlib.Path, help="regenerated samples/eval/corpus (holds GEN/ folders)")
    ap.add_argument("--target", type=pathlib.Path, default=ROOT / "samples" / "eval",
                    help="folder holding dev/ and blind/ (default: this repository's samples/eval)")
    ap.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    a = ap.parse_args()
    sides = {"dev": a.target / "dev", "blind": a.target / "blind"}
    stats = {}  # (gen, side) -> Counter
    dev_notes = []
    problems = 0
    for gen in sorted(p for p in a.corpus.iterdir() if p.is_dir()):
        for exp in sorted(gen.glob("*.expected.json")):
            new = json.loads(exp.read_text())
            stem = exp.name[: -len(".expected.json")]
            prefix = "" if stem.startswith(f"{gen.name}_") else f"{gen.name}_"
            # PDF bytes of every regenerated text PDF (report only)
            pdf_new = gen / f"{stem}.pdf"
            found = [s for s, d in sides.items() if (d / f"{prefix}{exp.name}").exists()]
            if len(found) != 1:
                c = stats.setdefault((gen.name, "?"), Counter())
                c["no single existing counterpart"] += 1
                problems += 1
                continue
            side = found[0]
            c = stats.setdefault((gen.name, side), Counter({"PDFs compared": 0, "PDFs byte-identical": 0}))
            dest = sides[side] / f"{prefix}{exp.name}"
            pdf_old = sides[side] / f"{prefix}{stem}.pdf"
            if pdf_new.exists():
                c["PDFs compared"] += 1
                if pdf_old.exists() and sha256(pdf_new) == sha256(pdf_old):
                    c["PDFs byte-identical"] += 1
            stops = new.get("fields", {}).get("stops")
            if stops is None:
                continue
            c["regenerated with stops"] += 1
            c["  of which PDF byte-identical"] += 0
            if pdf_new.exists() and pdf_old.exists() and sha256(pdf_new) == sha256(pdf_old):
                c["  of which PDF byte-identical"] += 1
            text = dest.read_text()
            old = json.loads(text)
            if json.dumps(without_stops(old)) != json.dumps(without_stops(new)):
                c["mismatch (not touched)"] += 1
                problems += 1
                if side == "dev":
                    dev_notes.append(f"{dest.name}: differs in {', '.join(diff_keys(without_stops(old), without_stops(new)))}")
                continue
            if "stops" in old.get("fields", {}):
                if old["fields"]["stops"] == stops:
                    c["already had these stops"] += 1
                else:
                    c["holds other stops (not touched)"] += 1
                    problems += 1
                    if side == "dev":
                        dev_notes.append(f"{dest.name}: already holds different stops")
                continue
            style = dump_style(text, old)
            if style is None:
                c["unknown formatting (not touched)"] += 1
                problems += 1
                if side == "dev":
                    dev_notes.append(f"{dest.name}: formatting is not json.dumps(indent=2)")
                continue
            old["fields"]["stops"] = stops  # a new key goes last
            if not a.dry_run:
                dest.write_text(json.dumps(old, **style) + "\n")
            c["stops written" if not a.dry_run else "stops would be written"] += 1
    for (gen, side), c in sorted(stats.items()):
        print(f"{gen:7s} {side:5s} " + "; ".join(f"{k.strip()}: {v}" for k, v in c.items()))
    for n in dev_notes:
        print("dev:", n)
    if a.dry_run:
        print("dry run: nothing written")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
