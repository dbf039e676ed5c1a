#!/usr/bin/env python3
"""Build samples/eval/templated/ from samples/pdfs/: every single-document sample PDF (the layouts
the shipped rules have templates for), copied as is, with NAME.expected.json converted from the
sample generator's ground truth (samples/pdfs/NAME.expected.json, the `extract --json` shape) to
the evaluation format {"kind": ..., "fields": {...}}. A packet (several documents in one PDF) is
split into one PDF per document with pypdf, by the pages its ground truth gives each document,
named NAME_pN.pdf (N its first page). Needs `pip install pypdf`. Run from the repository root:
    python3 scripts/gen_eval_templated.py
"""
import json
import pathlib
import shutil

from pypdf import PdfReader, PdfWriter

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "samples" / "pdfs"
OUT = ROOT / "samples" / "eval" / "templated"


def write_expected(path, doc):
    expected = {"kind": doc["kind"], "fields": doc.get("fields", {})}
    path.write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    n = 0
    for pdf in sorted(SRC.glob("*.pdf")):
        truth = json.loads(pdf.with_suffix(".expected.json").read_text())
        docs = truth.get("documents", [])
        if len(docs) == 1:
            shutil.copyfile(pdf, OUT / pdf.name)
            write_expected(OUT / (pdf.stem + ".expected.json"), docs[0])
            n += 1
            continue
        reader = PdfReader(pdf)
        for doc in docs:
            stem = f"{pdf.stem}_p{doc['pages'][0]}"
            writer = PdfWriter()
            for page in doc["pages"]:
                writer.add_page(reader.pages[page - 1])
            writer.add_metadata({"/Title": stem})
            writer._ID = None  # no random file ID: the same bytes every run
            with open(OUT / f"{stem}.pdf", "wb") as f:
                writer.write(f)
            write_expected(OUT / f"{stem}.expected.json", doc)
            n += 1
    print(f"{n} documents in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
