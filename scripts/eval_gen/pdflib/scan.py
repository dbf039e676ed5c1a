#!/usr/bin/env python3
"""Make "scans" of PDF first pages: pdftoppm (poppler-utils) + Pillow.

Input: a JSON list of jobs {pdf, out, dpi, angle, quality, seed} written by gen.js.
Each page is rasterized in grayscale, rotated slightly, speckled, blurred a little and saved as
JPEG (quality 55-75) or PNG. Deterministic: seeded noise, no timestamps in the files.
"""
import json
import random
import subprocess
import sys
import tempfile
import os

from PIL import Image, ImageFilter, ImageDraw


def scan(job):
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "p")
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(job["dpi"]), "-gray", "-png",
                        "-singlefile", job["pdf"], base], check=True)
        img = Image.open(base + ".png").convert("L")
        img.load()
    rnd = random.Random(job["seed"])
    # paper tone: scanners rarely give pure white
    img = img.point(lambda v: int(v * 0.93 + 8))
    img = img.rotate(job["angle"], resample=Image.BICUBIC, expand=True, fillcolor=235)
    w, h = img.size
    draw = ImageDraw.Draw(img)
    # speckle: dark dust and a few light dropouts
    for _ in range(int(w * h / 2500)):
        x, y = rnd.randrange(w), rnd.randrange(h)
        r = rnd.choice((0, 0, 0, 1, 1, 2))
        draw.ellipse((x, y, x + r, y + r), fill=rnd.randrange(20, 110))
    for _ in range(int(w * h / 6000)):
        x, y = rnd.randrange(w), rnd.randrange(h)
        draw.point((x, y), fill=rnd.randrange(200, 250))
    # a faint scanner streak and a darker edge
    sx = rnd.randrange(w)
    draw.line((sx, 0, sx + rnd.randrange(-3, 4), h), fill=200, width=1)
    draw.rectangle((0, 0, w, max(2, h // 300)), fill=90)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.5 + (job["seed"] % 5) / 10))
    if job["out"].endswith(".png"):
        img.save(job["out"], format="PNG", optimize=True)
    else:
        img.save(job["out"], format="JPEG", quality=job["quality"], optimize=True)


def main():
    jobs = json.load(open(sys.argv[1]))
    for job in jobs:
        scan(job)
    print(f"scans: {len(jobs)} images")


if __name__ == "__main__":
    main()
