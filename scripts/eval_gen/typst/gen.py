#!/usr/bin/env python3
"""Typst evaluation-corpus generator for freightdesk.

Writes Typst markup from seeded lexicons, compiles it with the `typst` PyPI binding, checks every
expected value's printed form with `pdftotext -layout`, rasterizes some first pages into noisy
"scans", and writes NAME.expected.json files plus MANIFEST.json.

Run from the repository root:  python3 scripts/eval_gen/typst/gen.py
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import typst  # noqa: E402

from common import FONT_DIRS  # noqa: E402
from world import make_load  # noqa: E402
from layouts_rc import RC_LAYOUTS  # noqa: E402
from layouts_inv import INV_LAYOUTS  # noqa: E402
from layouts_bol import BOL_LAYOUTS, POD_LAYOUTS, LR_LAYOUTS  # noqa: E402
from layouts_other import OTHER_LAYOUTS  # noqa: E402

SEED = 20260714
OUT = os.path.join("samples", "eval", "corpus", "typst")


class Doc:
    def __init__(self, name, kind, layout):
        self.name, self.kind, self.layout = name, kind, layout
        self.fields, self.printed, self.later = {}, {}, set()
        self.charges = None
        self.stops = None  # stops printed on a rate confirmation / bill of lading: [(normalized, printed)]
        self.max_pages = 4 if kind == "rate_confirmation" else 1
        self.src = ""

    def f(self, key, norm, printed=None, later=False):
        self.fields[key] = norm
        self.printed[key] = norm if printed is None else printed
        if later:
            self.later.add(key)

    def stop(self, kind, **vals):
        """Record one printed stop (`fields.stops`). `kind` is "pickup" or "delivery"; every other value is
        the normalized string (printed as is), a (normalized, printed) pair, or a (normalized, [printed, ...])
        pair when several printed forms must all be in the text; None or a None normalized value = not
        printed, key left out."""
        norm, printed = {"type": kind}, {}
        for k, v in vals.items():
            n, p = (v, v) if not isinstance(v, tuple) else v
            if n is None:
                continue
            norm[k] = n
            printed[k] = p if isinstance(p, list) else [p]
        if self.stops is None:
            self.stops = []
        self.stops.append((norm, printed))


def norm_text(s):
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s)


def pdftext(path, first=None, last=None):
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first), "-l", str(last)]
    return subprocess.run(cmd + [path, "-"], check=True, capture_output=True, text=True).stdout


def page_count(path):
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def compile_doc(doc, tmpdir):
    p = os.path.join(tmpdir, doc.name + ".typ")
    with open(p, "w") as fh:
        fh.write(doc.src)
    try:
        return typst.compile(p, font_paths=FONT_DIRS, ignore_system_fonts=True)
    except Exception as e:  # show the failing source to make debugging possible
        sys.stderr.write(f"\n--- typst failed on {doc.name} ({doc.layout}) ---\n{e}\n(source left in {p})\n")
        raise


STOP_KEYS = {"type", "name", "address", "city", "state", "zip", "date", "time", "reference"}
STOP_FORMAT = {"type": r"pickup|delivery", "state": r"[A-Z]{2}", "zip": r"\d{5}", "date": r"\d{4}-\d\d-\d\d",
               "time": r"\d\d:\d\d(-\d\d:\d\d)?"}


def wrapped_in(lines, s, tol=2, gap=2):
    """True when `s` is printed wrapped over consecutive lines of `pdftotext -layout` (a table cell too
    narrow for it): its words split into pieces, each next piece on one of the next `gap` lines, starting
    at the same column (within `tol`) as the first."""
    words = norm_text(s).split()
    n = len(words)

    def pat(ws):
        return re.compile(r"\s+".join(map(re.escape, ws)))

    def rest(i, k, col):  # words[k:] go on below line i, from column col
        for j in range(i + 1, min(i + 1 + gap, len(lines))):
            for m in range(n, k, -1):
                for mt in pat(words[k:m]).finditer(lines[j]):
                    if abs(mt.start() - col) <= tol and (m == n or rest(j, m, col)):
                        return True
        return False

    for i, line in enumerate(lines):
        for m in range(n - 1, 0, -1):
            for mt in pat(words[:m]).finditer(line):
                if rest(i, m, mt.start()):
                    return True
    return False


def verify(doc, pdf_path):
    """Every expected value's printed form must be in the text layer; fail loudly otherwise. A stop
    value may also be printed wrapped in its table cell (`wrapped_in`)."""
    raw = pdftext(pdf_path)
    text = norm_text(raw)
    bad = []
    for k, v in doc.printed.items():
        if norm_text(v) not in text:
            bad.append(f"{k}: printed form {v!r} not found")
    lines = [unicodedata.normalize("NFKC", ln).replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
             for ln in raw.splitlines()]
    for i, (norm, printed) in enumerate(doc.stops or []):
        for k, v in norm.items():
            if k not in STOP_KEYS or not isinstance(v, str) or not v.strip():
                bad.append(f"stops[{i}].{k}: not a stop key or empty ({v!r})")
            elif k in STOP_FORMAT and not re.fullmatch(STOP_FORMAT[k], v):
                bad.append(f"stops[{i}].{k}: {v!r} is not normalized")
        for k, ps in printed.items():
            for p in ps:
                if norm_text(p) not in text and not wrapped_in(lines, p):
                    bad.append(f"stops[{i}].{k}: printed form {p!r} not found")
    if bad:
        raise SystemExit(f"VERIFY FAILED {doc.name} ({doc.layout}):\n  " + "\n  ".join(bad))
    n = page_count(pdf_path)
    if n > doc.max_pages:
        raise SystemExit(f"VERIFY FAILED {doc.name} ({doc.layout}): {n} pages, at most {doc.max_pages} expected")
    return text


def expected(doc, fields=None):
    e = {"kind": doc.kind, "fields": dict(fields if fields is not None else doc.fields), "layout": doc.layout}
    if doc.charges is not None and fields is None:
        e["fields"]["charges"] = doc.charges
    if doc.stops is not None and fields is None:  # text PDFs only: a scan's expected file names no stops
        e["fields"]["stops"] = [norm for norm, _ in doc.stops]
    return e


PLAN = (
    [("rate_confirmation", RC_LAYOUTS, 22)] + [("carrier_invoice", INV_LAYOUTS, 20)] +
    [("bill_of_lading", BOL_LAYOUTS, 14)] + [("proof_of_delivery", POD_LAYOUTS, 10)] +
    [("lumper_receipt", LR_LAYOUTS, 6)] + [("other", OTHER_LAYOUTS, 8)]
)
SHORT = {"rate_confirmation": "rc", "carrier_invoice": "inv", "bill_of_lading": "bol",
         "proof_of_delivery": "pod", "lumper_receipt": "lumper", "other": "other"}
# documents rasterized into scans: (kind short name, index)
SCANS = {"pod": [0, 1, 2, 3, 4, 6, 8], "bol": [0, 2, 5, 9], "lumper": [0, 2, 4], "inv": [1, 6, 11],
         "rc": [4, 9, 14]}


def make_scan(doc, pdf_path, out_dir, r, tmpdir):
    from PIL import Image, ImageFilter
    dpi = r.choice([150, 150, 175, 200])
    stem = os.path.join(tmpdir, doc.name + "_r")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-gray", "-png", pdf_path, stem], check=True)
    png = [f for f in os.listdir(tmpdir) if f.startswith(doc.name + "_r")][0]
    im = Image.open(os.path.join(tmpdir, png)).convert("L")
    angle = r.choice([-1, 1]) * r.uniform(0.3, 2.0)
    im = im.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    # paper tone + speckle noise (deterministic: drawn from r)
    w, h = im.size
    px = im.load()
    for _ in range(int(w * h * 0.0015)):
        x, y = r.randrange(w), r.randrange(h)
        px[x, y] = r.choice([0, 40, 90, 255, 200])
    im = im.point(lambda v: int(18 + v * 0.88))
    im = im.filter(ImageFilter.GaussianBlur(r.uniform(0.5, 0.9)))
    name = doc.name + "_scan"
    if r.random() < 0.8:
        fn = name + ".jpg"
        im.save(os.path.join(out_dir, fn), "JPEG", quality=r.randint(55, 70), optimize=True)
    else:
        fn = name + ".png"
        im = im.point(lambda v: 0 if v < 150 else 255).convert("1")
        im.save(os.path.join(out_dir, fn), "PNG", optimize=True)
    # fields on page 1 only
    first = norm_text(pdftext(pdf_path, 1, 1))
    fields = {k: v for k, v in doc.fields.items() if k not in doc.later and norm_text(doc.printed[k]) in first}
    return fn, name, fields


def main():
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        raise SystemExit("need poppler-utils (pdftotext, pdftoppm)")
    for d in FONT_DIRS:
        if not os.path.isdir(d):
            raise SystemExit(f"missing font directory {d}: apt-get install fonts-liberation fonts-dejavu-core fonts-freefont-ttf")
    only = sys.argv[1] if len(sys.argv) > 1 else None
    if os.path.isdir(OUT) and not only:
        shutil.rmtree(OUT)
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    tmpdir = tempfile.mkdtemp(prefix="typstgen")
    master = random.Random(SEED)
    for kind, layouts, count in PLAN:
        short = SHORT[kind]
        for i in range(count):
            seed = master.randrange(1 << 30)
            if not layouts:
                continue
            layout_id, fn = layouts[i % len(layouts)]
            name = f"typst_{short}_{i + 1:02d}"
            if only and only not in (name, layout_id, short):
                continue
            r = random.Random(seed)
            n_pick = 1 + (r.random() < 0.3) + (r.random() < 0.15)
            n_drop = 1 + (r.random() < 0.35) + (r.random() < 0.15)
            if kind not in ("rate_confirmation", "bill_of_lading"):
                n_pick, n_drop = 1, 1
            L = make_load(r, n_pick, n_drop, whole=r.random() < 0.15)
            doc = Doc(name, kind, layout_id)
            fn(doc, r, L)
            pdf = compile_doc(doc, tmpdir)
            path = os.path.join(OUT, name + ".pdf")
            with open(path, "wb") as fh:
                fh.write(pdf)
            verify(doc, path)
            with open(os.path.join(OUT, name + ".expected.json"), "w") as fh:
                json.dump(expected(doc), fh, indent=2)
                fh.write("\n")
            manifest.append({"file": name + ".pdf", "kind": kind, "layout": layout_id, "pages": page_count(path)})
            if i in SCANS.get(short, []):
                fnm, sname, sfields = make_scan(doc, path, OUT, r, tmpdir)
                with open(os.path.join(OUT, sname + ".expected.json"), "w") as fh:
                    json.dump(expected(doc, sfields), fh, indent=2)
                    fh.write("\n")
                manifest.append({"file": fnm, "kind": kind, "layout": layout_id, "scan_of": name + ".pdf"})
            print(f"{name:20s} {layout_id} {kind:18s} {len(doc.fields):2d} fields")
    if not only:
        with open(os.path.join(OUT, "MANIFEST.json"), "w") as fh:
            json.dump({"generator": "typst (PyPI binding) via scripts/eval_gen/typst/gen.py", "seed": SEED,
                       "documents": manifest}, fh, indent=2)
            fh.write("\n")
    shutil.rmtree(tmpdir)
    kinds = {}
    for m in manifest:
        kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    print("documents:", len(manifest), kinds, "layouts:", len({m["layout"] for m in manifest}))


if __name__ == "__main__":
    main()
