#!/usr/bin/env python3
"""office: freight paperwork written as Word / Excel files and printed to PDF by LibreOffice.

Usage (from the repository root):  python3 scripts/eval_gen/office/gen.py [--only PREFIX] [--keep-src DIR]
Writes samples/eval/corpus/office/ (PDFs, scans, NAME.expected.json, MANIFEST.json), then self-checks
every PDF with pdftotext and exits 1 on any miss.
"""
import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from PIL import Image, ImageFilter  # noqa: E402

import lex  # noqa: E402
from common import rng_for  # noqa: E402
import rc, inv, bol, pod, lr, oth  # noqa: E402,E401

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "samples", "eval", "corpus", "office")
LO_PROFILE = "file:///tmp/lo_profile_office"

KINDS = {  # abbrev: (kind, module, [layouts in rotation], count)
    "rc": ("rate_confirmation", rc, ["L01", "L02", "L03", "L04", "L05"], 18),
    "inv": ("carrier_invoice", inv, ["L06", "L07", "L08", "L09"], 16),
    "bol": ("bill_of_lading", bol, ["L10", "L11", "L12"], 12),
    "pod": ("proof_of_delivery", pod, ["L13", "L14"], 8),
    "lr": ("lumper_receipt", lr, ["L15", "L16"], 4),
    "oth": ("other", oth, ["L17", "L18", "L19", "L20", "L21", "L17"], 6),
}
# the PDFs whose first page is also given as a scan: (name, format)
SCANS = [("office_rc_01", "jpg"), ("office_rc_03", "jpg"), ("office_rc_04", "png"), ("office_inv_01", "jpg"),
         ("office_inv_02", "jpg"), ("office_inv_11", "jpg"), ("office_bol_01", "jpg"), ("office_bol_02", "png"),
         ("office_pod_01", "jpg"), ("office_pod_02", "jpg"), ("office_lr_01", "jpg"), ("office_oth_01", "jpg")]


def plan():
    docs = []
    for ab, (kind, mod, layouts, n) in KINDS.items():
        for i in range(n):
            docs.append((f"office_{ab}_{i + 1:02d}", kind, mod, layouts[i % len(layouts)]))
    return docs


def convert(files, outdir):
    for i in range(0, len(files), 30):
        batch = files[i:i + 30]
        cmd = ["soffice", f"-env:UserInstallation={LO_PROFILE}", "--headless", "--convert-to", "pdf",
               "--outdir", outdir] + batch
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


# ------------------------------------------------------------------ self-check
def ws(s):
    return re.sub(r"\s+", " ", s).strip()


def found(printed, text):
    if ws(printed) in ws(text):
        return True
    toks = printed.split()
    lines = text.splitlines()
    for i in range(len(lines)):  # a value wrapped inside a narrow cell
        win = " ".join(lines[i:i + 5])
        if all(t in win for t in toks):
            return True
    return False


ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def norm_ok(field, v):
    if not isinstance(v, str) or v != v.strip() or not v:
        return False
    if field.endswith("_usd"):
        return bool(re.fullmatch(r"\d+\.\d{2}", v))
    if field.endswith("_date") or field == "date":
        if not ISO.match(v):
            return False
        dt.date.fromisoformat(v)
        return True
    if field in ("weight_lb", "handling_units", "carrier_mc", "carrier_dot"):
        return bool(re.fullmatch(r"\d+", v))
    if field.endswith("state"):
        return v in lex.ALL_STATES
    if field in ("signed", "hazmat"):
        return v in ("true", "false")
    if field == "freight_terms":
        return v in ("prepaid", "collect", "third_party")
    if field == "zip":
        return bool(re.fullmatch(r"\d{5}", v))
    if field == "time":
        return bool(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d(-([01]\d|2[0-3]):[0-5]\d)?", v))
    if field == "type":
        return v in ("pickup", "delivery")
    if field == "code":
        return v in ("linehaul", "fuel_surcharge", "detention", "layover", "lumper", "tonu", "stop_off", "other")
    return True


def page_texts(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                            capture_output=True, text=True).stdout for p in range(1, n + 1)]
    return pages


def check(exp, pdf):
    misses = []
    pages = page_texts(pdf)
    full = "\n".join(pages)
    for f, v in exp.fields.items():
        pr, pg = exp.printed[f]
        if not norm_ok(f, v):
            misses.append(f"{f}={v!r} not normalized")
        if pg > len(pages):
            misses.append(f"{f}: page {pg} > {len(pages)} pages")
        elif not found(pr, pages[pg - 1]):
            misses.append(f"{f}: {pr!r} not on page {pg}")
    for i, (st, sp) in enumerate(zip(exp.stops, exp.stop_printed)):
        for k, v in st.items():
            if not norm_ok(k, v):
                misses.append(f"stop{i + 1}.{k}={v!r} not normalized")
            if k in sp and not found(sp[k], full):
                misses.append(f"stop{i + 1}.{k}: {sp[k]!r} not found")
            if k != "type" and k not in sp:
                misses.append(f"stop{i + 1}.{k}: no printed form")
    for ch, (desc, amt) in zip(exp.charges, exp.charge_printed):
        for k, v in ch.items():
            if not norm_ok(k, v):
                misses.append(f"charge {k}={v!r} not normalized")
        if not found(desc, full):
            misses.append(f"charge description {desc!r} not found")
        if not found(amt, full):
            misses.append(f"charge amount {amt!r} not found")
    return misses, len(pages)


# ------------------------------------------------------------------ scans
def make_scan(pdf, name, fmt, tmp):
    r = rng_for(name + "_scan")
    dpi = r.choice([150, 200, 200, 240, 300]) if fmt == "jpg" else r.choice([200, 300])
    prefix = os.path.join(tmp, name + "_raster")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-gray", "-png", pdf, prefix],
                   check=True)
    img = Image.open(prefix + ".png").convert("L")
    angle = round(r.uniform(-2.0, 2.0), 2)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    w, h = img.size
    px = img.load()
    for _ in range(int(w * h * 0.0006)):
        x, y = r.randrange(w), r.randrange(h)
        px[x, y] = r.randint(0, 110)
        if r.random() < 0.3 and x + 1 < w:
            px[x + 1, y] = r.randint(0, 110)
    img = img.filter(ImageFilter.GaussianBlur(round(r.uniform(0.4, 0.9), 2)))
    img = img.point(lambda v: int(v * 0.92 + 12))
    out = os.path.join(OUT, f"{name}_scan.{fmt}")
    if fmt == "jpg":
        img.save(out, "JPEG", quality=r.randint(72, 88))
    else:
        img.point(lambda v: 255 if v > 165 else 0).convert("1").save(out, "PNG")
    return out, dpi, angle


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="only documents whose name starts with this")
    ap.add_argument("--keep-src", help="copy the .docx/.xlsx sources to this folder")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if not a.only:
        for fn in os.listdir(OUT):
            if fn.startswith("office_") or fn == "MANIFEST.json":
                os.remove(os.path.join(OUT, fn))
    tmp = tempfile.mkdtemp(prefix="office_gen_")
    exps = {}
    for name, kind, mod, layout in plan():
        if a.only and not name.startswith(a.only):
            continue
        rng = rng_for(name)
        exp = mod.BUILDERS[layout](name, rng, tmp)
        assert exp.kind == kind
        exps[name] = exp
    pdfdir = os.path.join(tmp, "pdf")
    os.makedirs(pdfdir)
    convert([e.src for e in exps.values()], pdfdir)
    if a.keep_src:
        os.makedirs(a.keep_src, exist_ok=True)
        for e in exps.values():
            shutil.copy(e.src, a.keep_src)
    manifest, bad = {}, 0
    for name, exp in exps.items():
        src = os.path.join(pdfdir, name + ".pdf")
        if not os.path.exists(src):
            print(f"MISS {name}: LibreOffice wrote no PDF")
            bad += 1
            continue
        dst = os.path.join(OUT, name + ".pdf")
        shutil.copy(src, dst)
        misses, npages = check(exp, dst)
        exp.npages = npages
        for m in misses:
            print(f"MISS {name} ({exp.layout}): {m}")
        bad += len(misses)
        with open(os.path.join(OUT, name + ".expected.json"), "w") as fh:
            json.dump(exp.expected(), fh, indent=2)
            fh.write("\n")
        manifest[name + ".pdf"] = {"layout": exp.layout, "kind": exp.kind, "pages": npages,
                                   "source": os.path.splitext(exp.src)[1][1:], "page_size": exp.page_size}
    for name, fmt in SCANS:
        if name not in exps:
            continue
        exp = exps[name]
        out, dpi, angle = make_scan(os.path.join(OUT, name + ".pdf"), name, fmt, tmp)
        e = exp.expected(with_stops=False, only_page1=True)
        e.update({"scan_of": name + ".pdf", "dpi": dpi, "rotation_deg": angle})
        base = os.path.basename(out)
        with open(os.path.join(OUT, os.path.splitext(base)[0] + ".expected.json"), "w") as fh:
            json.dump(e, fh, indent=2)
            fh.write("\n")
        manifest[base] = {"layout": exp.layout, "kind": exp.kind, "scan_of": name + ".pdf", "dpi": dpi,
                          "rotation_deg": angle, "format": fmt}
    if not a.only:
        with open(os.path.join(OUT, "MANIFEST.json"), "w") as fh:
            json.dump(dict(sorted(manifest.items())), fh, indent=2)
            fh.write("\n")
    shutil.rmtree(tmp)
    n_pdf = sum(1 for k in manifest if k.endswith(".pdf"))
    print(f"{n_pdf} PDFs, {len(manifest) - n_pdf} scans written to {os.path.relpath(OUT, ROOT)}; "
          f"self-check: {bad} misses")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
