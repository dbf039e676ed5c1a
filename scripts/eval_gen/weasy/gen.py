#!/usr/bin/env python3
"""Evaluation-corpus generator drawn with WeasyPrint (HTML + CSS -> PDF).

Run from the repository root:  python3 scripts/eval_gen/weasy/gen.py
Writes samples/eval/corpus/weasy/: NAME.pdf / NAME_scan.jpg|png, NAME.expected.json, MANIFEST.json.
Deterministic: every document draws from random.Random seeded with its own name.
Each PDF is checked with `pdftotext -layout`: every expected value's printed form must be on the page,
else the run fails loudly (exit 1).
"""
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

# fontTools stamps the subset fonts' head.modified with the current time unless this is set:
# fixing it makes the PDFs byte-identical from run to run.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import weasyprint  # noqa: E402
from PIL import Image, ImageChops, ImageDraw, ImageFilter  # noqa: E402

from scenario import Load  # noqa: E402
import layouts_rc as rc  # noqa: E402
import layouts_inv as inv  # noqa: E402
import layouts_bol as bol  # noqa: E402
import layouts_other as oth  # noqa: E402

GEN = "weasy"
OUT = os.path.join("samples", "eval", "corpus", GEN)

CANON = {
    "rate_confirmation": {"load_number", "broker_name", "carrier_name", "carrier_mc", "carrier_dot", "equipment",
                          "pickup_date", "pickup_city", "pickup_state", "delivery_date", "delivery_city",
                          "delivery_state", "commodity", "weight_lb", "linehaul_usd", "fuel_surcharge_usd",
                          "total_usd", "payment_terms"},
    "bill_of_lading": {"bol_number", "load_number", "pro_number", "ship_date", "shipper_name", "shipper_city",
                       "shipper_state", "consignee_name", "consignee_city", "consignee_state", "carrier_name",
                       "scac", "po_number", "handling_units", "weight_lb", "freight_terms", "hazmat"},
    "proof_of_delivery": {"bol_number", "pro_number", "load_number", "delivery_date", "received_by", "signed",
                          "osd_notes"},
    "carrier_invoice": {"invoice_number", "invoice_date", "load_number", "pro_number", "bol_number", "carrier_name",
                        "carrier_mc", "total_usd", "remit_to_name", "remit_to_address", "payment_terms"},
    "lumper_receipt": {"receipt_number", "receipt_date", "facility", "load_number", "po_number", "amount_usd"},
    "other": set(),
}

# (layout number, function, how many, short kind, stops chooser)
def stops_any(rng):
    return rng.choice([1, 1, 1, 2, 2, 3]), rng.choice([1, 1, 1, 2, 2, 3])


def stops_few(rng):
    return rng.choice([1, 1, 2]), rng.choice([1, 1, 2])


def stops_one(rng):
    return 1, 1


def stops_drops(rng):
    return 1, rng.choice([1, 2, 2, 3])


PLAN = [
    (1, rc.rc_l01, 4, "rc", stops_any), (2, rc.rc_l02, 4, "rc", stops_any), (3, rc.rc_l03, 4, "rc", stops_any),
    (4, rc.rc_l04, 4, "rc", stops_any), (5, rc.rc_l05, 3, "rc", stops_few), (6, rc.rc_l06, 3, "rc", stops_few),
    (7, inv.inv_l07, 4, "inv", stops_one), (8, inv.inv_l08, 4, "inv", stops_one), (9, inv.inv_l09, 4, "inv", stops_one),
    (10, inv.inv_l10, 4, "inv", stops_one), (11, inv.inv_l11, 4, "inv", stops_few),
    (12, bol.bol_l12, 5, "bol", stops_one), (13, bol.bol_l13, 5, "bol", stops_one), (14, bol.bol_l14, 4, "bol", stops_drops),
    (15, bol.pod_l15, 5, "pod", stops_one), (16, bol.pod_l16, 5, "pod", stops_one),
    (17, bol.lum_l17, 3, "lumper", stops_one), (18, bol.lum_l18, 3, "lumper", stops_one),
    (19, oth.other_saas, 2, "other", stops_one), (20, oth.other_newsletter, 2, "other", stops_one),
    (21, oth.other_w9, 1, "other", stops_one), (22, oth.other_coi, 2, "other", stops_one),
    (23, oth.other_fuel, 1, "other", stops_one),
]

# documents whose first page becomes a scan: (name, dpi, angle, fmt)
N_SCANS = 20


def norm_ws(s):
    return re.sub(r"\s+", " ", s).strip()


def pdftext(path, first=None, last=None):
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    cmd += [path, "-"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def pages_of(path):
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


STOP_KEYS = {"type", "name", "address", "city", "state", "zip", "date", "time", "reference"}
STOP_FORMAT = {"type": r"pickup|delivery", "state": r"[A-Z]{2}", "zip": r"\d{5}", "date": r"\d{4}-\d\d-\d\d",
               "time": r"\d\d:\d\d(-\d\d:\d\d)?"}


def wrapped_in(text, s, tol=2, gap=2):
    """True when `s` is printed wrapped over consecutive lines of `pdftotext -layout` output (a cell too
    narrow for it): its words split into pieces, each next piece on one of the next `gap` lines and
    starting at the same column (within `tol`) as the first piece."""
    lines = text.splitlines()
    words = s.split()
    n = len(words)

    def pat(ws):
        return re.compile(r"\s+".join(map(re.escape, ws)))

    def rest(i, k, col):
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


def check(name, kind, rec, text):
    """Returns list of problems: a printed form that is not in the text. A stop value may also be printed
    wrapped in its cell (`wrapped_in`)."""
    t = norm_ws(text)
    bad = []
    for f in rec.fields:
        if f not in CANON[kind]:
            bad.append(f"{name}: field {f} is not canonical for {kind}")
    for f, pieces in rec.printed.items():
        for p in pieces:
            if norm_ws(p) not in t:
                bad.append(f"{name}: {f} printed form {p!r} not found in pdftotext output")
    for i, (norm, printed) in enumerate(rec.stops or []):
        for k, v in norm.items():
            if k not in STOP_KEYS or not isinstance(v, str) or not v.strip():
                bad.append(f"{name}: stops[{i}].{k} is not a stop key or is empty ({v!r})")
            elif k in STOP_FORMAT and not re.fullmatch(STOP_FORMAT[k], v):
                bad.append(f"{name}: stops[{i}].{k}={v!r} is not normalized")
        for k, pieces in printed.items():
            for p in pieces:
                if norm_ws(p) not in t and not wrapped_in(text, p):
                    bad.append(f"{name}: stops[{i}].{k} printed form {p!r} not found in pdftotext output")
    return bad


def on_page(rec, text):
    t = norm_ws(text)
    keep = {}
    for f, v in rec.fields.items():
        pieces = rec.printed.get(f, [])
        if pieces and all(norm_ws(p) in t for p in pieces):
            keep[f] = v
    return keep


def write_json(path, obj):
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=2, sort_keys=False)
        fh.write("\n")


def make_scan(pdf, dst, rng, fmt):
    dpi = rng.choice([150, 150, 200, 200, 250])
    with tempfile.TemporaryDirectory() as td:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png", pdf, os.path.join(td, "p")], check=True)
        png = [f for f in os.listdir(td) if f.endswith(".png")][0]
        im = Image.open(os.path.join(td, png)).convert("L")
        im.load()
    # paper tone and slight under-exposure
    im = im.point(lambda v: int(v * 0.88 + 18))
    angle = rng.choice([-1, 1]) * rng.uniform(0.3, 2.0)
    im = im.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=232)
    w, h = im.size
    # speckle: dark dots and a few light dropouts
    dr = ImageDraw.Draw(im)
    for _ in range(int(w * h / 9000)):
        x, y = rng.randrange(w), rng.randrange(h)
        rad = rng.choice([0, 0, 1, 1, 2])
        dr.ellipse([x, y, x + rad, y + rad], fill=rng.randint(40, 140))
    # mild grain
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point(lambda v: v // 16)
    im = ImageChops.subtract(im, noise)
    im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    path = dst + "." + fmt
    if fmt == "jpg":
        im.save(path, "JPEG", quality=rng.randint(55, 70), optimize=True)
    else:
        im = im.point(lambda v: 0 if v < 150 else 255).convert("1")
        im.save(path, "PNG", optimize=True)
    return os.path.basename(path), dpi, round(angle, 2)


def main():
    if not os.path.isdir(os.path.join("samples", "eval")):
        sys.exit("run from the repository root")
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    manifest = []
    problems = []
    made = []  # (name, kind, layout, rec, pages)
    counters = {}
    for num, fn, count, short, stops in PLAN:
        for _ in range(count):
            counters[short] = counters.get(short, 0) + 1
            name = f"{GEN}_{short}_{counters[short]:03d}"
            layout = f"{GEN}-L{num:02d}"
            rng = random.Random(f"{GEN}/{name}/{layout}")
            npick, ndrop = stops(rng)
            load = Load(rng, npick, ndrop)
            kind, html, rec = fn(rng, load)
            pdf = os.path.join(OUT, name + ".pdf")
            weasyprint.HTML(string=html, base_url=HERE).write_pdf(pdf)
            n = pages_of(pdf)
            problems += check(name, kind, rec, pdftext(pdf))
            exp = {"kind": kind, "fields": dict(rec.fields), "layout": layout}
            if rec.stops is not None:  # text PDFs only: scans below name no stops
                exp["fields"]["stops"] = [norm for norm, _ in rec.stops]
            if rec.charges:
                exp["charges"] = rec.charges
            write_json(os.path.join(OUT, name + ".expected.json"), exp)
            manifest.append({"file": name + ".pdf", "kind": kind, "layout": layout, "pages": n})
            made.append((name, kind, layout, rec, n))
            print(f"{name:22s} {layout} {kind:18s} pages={n} fields={len(rec.fields)}", flush=True)
    # scans: first pages of a spread of documents
    srng = random.Random(f"{GEN}/scans")
    quota = {"rate_confirmation": 5, "carrier_invoice": 5, "bill_of_lading": 4, "proof_of_delivery": 3,
             "lumper_receipt": 2, "other": 1}
    picks = []
    for k, q in quota.items():
        cands = [m for m in made if m[1] == k]
        picks += srng.sample(cands, q)
    for i, (name, kind, layout, rec, n) in enumerate(picks):
        pdf = os.path.join(OUT, name + ".pdf")
        fname, dpi, angle = make_scan(pdf, os.path.join(OUT, name + "_scan"), srng, "png" if i % 7 == 3 else "jpg")
        page1 = pdftext(pdf, 1, 1)
        fields = on_page(rec, page1)
        if n == 1:  # flags (no printed form) belong to the single page
            for f, v in rec.fields.items():
                if not rec.printed.get(f):
                    fields[f] = v
        exp = {"kind": kind, "fields": fields, "layout": layout, "scan_of": name + ".pdf", "dpi": dpi, "rotation_deg": angle}
        if rec.charges and n == 1:
            exp["charges"] = rec.charges
        write_json(os.path.join(OUT, fname.rsplit(".", 1)[0] + ".expected.json"), exp)
        manifest.append({"file": fname, "kind": kind, "layout": layout, "pages": 1, "scan_of": name + ".pdf"})
        print(f"{fname:22s} {layout} {kind:18s} dpi={dpi} rot={angle} fields={len(fields)}", flush=True)
    write_json(os.path.join(OUT, "MANIFEST.json"), {
        "generator": GEN, "library": f"WeasyPrint {weasyprint.__version__}",
        "command": "python3 scripts/eval_gen/weasy/gen.py", "documents": manifest})
    size = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    kinds = {}
    for m in manifest:
        kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    print(f"{len(manifest)} documents, {len({m['layout'] for m in manifest})} layouts, {size / 1e6:.2f} MB, {kinds}")
    if problems:
        print("\nCHECK FAILED:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("check ok: every expected value's printed form is in pdftotext -layout output")


if __name__ == "__main__":
    main()
