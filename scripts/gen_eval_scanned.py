#!/usr/bin/env python3
"""Build samples/eval/scanned/: documents from samples/eval/unseen/ and samples/eval/templated/
rasterized as a scanner or phone would deliver them: 150-200 dpi, a slight rotation (at most 2
degrees), speckle noise; saved as image-only PDFs (the raster wrapped in a PDF, no text layer),
PNG, JPEG and TIFF. Each keeps its source's NAME.expected.json (same kind, same fields).

Deterministic: fixed per-file seeds, fixed parameters. Needs poppler's `pdftoppm` and
`pip install pillow`. Run from the repository root, after gen_eval_unseen.py and
gen_eval_templated.py:
    python3 scripts/gen_eval_scanned.py
"""
import pathlib
import random
import shutil
import subprocess
import tempfile
import time

from PIL import Image, ImageFilter

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVAL = ROOT / "samples" / "eval"
OUT = EVAL / "scanned"
FIXED_DATE = time.gmtime(1787184000)  # not today: the same bytes every run

# (source folder, source name, output format, dpi, rotation in degrees)
PLAN = [
    ("unseen", "invoice_timberline_TH-2291", "pdf", 200, 0.8),
    ("unseen", "ratecon_cascade_CX-30418", "pdf", 150, -1.2),
    ("unseen", "bol_sunridge_SR-448810", "png", 200, 1.5),
    ("unseen", "pod_deltacold_ML-5512", "jpg", 150, -0.6),
    ("unseen", "lumper_capitol_CL-30091", "tif", 200, 2.0),
    ("unseen", "invoice_bayou_BX-1187", "png", 170, -1.8),
    ("templated", "invoice_RM-10452", "pdf", 200, -0.9),
    ("templated", "ratecon_4471203", "pdf", 180, 1.1),
    ("templated", "pod_KB-20931", "jpg", 200, 0.4),
    ("templated", "bol_4471203", "tif", 150, -1.5),
    ("templated", "lumper_4471203", "png", 200, 1.9),
    ("templated", "invoice_BLC-23117", "jpg", 160, -0.3),
]


def scan(src_pdf, dpi, degrees, seed):
    """Page 1 of a PDF as a grayscale scan: rasterized, rotated, speckled, slightly soft."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = pathlib.Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1",
                        "-singlefile", str(src_pdf), str(prefix)], check=True)
        img = Image.open(str(prefix) + ".png").convert("L")
        img.load()
    img = img.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    rng = random.Random(seed)
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 400):  # speckles: dust and toner
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.choice((0, 60, 120, 200))
    return img


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    for i, (folder, name, fmt, dpi, degrees) in enumerate(PLAN):
        src = EVAL / folder / f"{name}.pdf"
        img = scan(src, dpi, degrees, seed=1000 + i)
        out = OUT / f"scan_{name}.{fmt}"
        if fmt == "pdf":
            img.save(out, "PDF", resolution=float(dpi), title=name,
                     creationDate=FIXED_DATE, modDate=FIXED_DATE)
        elif fmt == "png":
            img.save(out, "PNG", optimize=True, dpi=(dpi, dpi))
        elif fmt == "jpg":
            img.save(out, "JPEG", quality=70, dpi=(dpi, dpi))
        elif fmt == "tif":
            # A fax-like bilevel scan, as office scanners save TIFF.
            img.point(lambda v: 255 if v > 150 else 0).convert("1").save(
                out, "TIFF", compression="group4", dpi=(dpi, dpi))
        shutil.copyfile(EVAL / folder / f"{name}.expected.json",
                        OUT / f"scan_{name}.expected.json")
    print(f"{len(PLAN)} documents in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
