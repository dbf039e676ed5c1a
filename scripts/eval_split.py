#!/usr/bin/env python3
"""Split the generated evaluation corpus into dev/ and blind/ by layout.

Each generator (scripts/eval_gen/GEN/) writes its documents into samples/eval/corpus/GEN/ with a
MANIFEST.json and a `layout` id in every expected file. This moves each document (its file and its
.expected.json) into samples/eval/dev/ or samples/eval/blind/: every document of a generator in
BLIND_GENERATORS (held out whole), else by its layout: a layout is blind when the first byte of
SHA-256("freightdesk-blind:" + layout) is below 102 (about 40 % of layouts), so no layout has
documents on both sides and the choice does not depend on how a layout reads.

dev/ is the set whose errors we read while improving extraction; blind/ is scored only as a total
(`freightdesk eval samples/eval/blind | tail -1`) and never read. See docs/eval.md.

Run from the repository root after a generator: python3 scripts/eval_split.py
"""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "samples" / "eval" / "corpus"
DEV = ROOT / "samples" / "eval" / "dev"
BLIND = ROOT / "samples" / "eval" / "blind"


# Generators held out whole: none of their layouts, label wordings or drawing habits is in dev/,
# so their figure is that of a generator nobody looked at.
BLIND_GENERATORS = {"pdflib"}


def is_blind(generator: str, layout: str) -> bool:
    if generator in BLIND_GENERATORS:
        return True
    return hashlib.sha256(f"freightdesk-blind:{layout}".encode()).digest()[0] < 102


def main() -> None:
    moved = {"dev": 0, "blind": 0}
    layouts = {"dev": set(), "blind": set()}
    for gen in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for expected in sorted(gen.glob("*.expected.json")):
            layout = json.loads(expected.read_text())["layout"]
            side = "blind" if is_blind(gen.name, layout) else "dev"
            dest = BLIND if side == "blind" else DEV
            dest.mkdir(parents=True, exist_ok=True)
            stem = expected.name[: -len(".expected.json")]
            # Every file carries its generator's name first, so totals per generator can be
            # taken without reading any document (scripts/eval-blind).
            prefix = "" if stem.startswith(f"{gen.name}_") else f"{gen.name}_"
            for f in gen.iterdir():
                if f.name == expected.name or (f.stem == stem and f.suffix != ".json"):
                    shutil.move(str(f), dest / f"{prefix}{f.name}")
            moved[side] += 1
            layouts[side].add(layout)
        manifest = gen / "MANIFEST.json"
        if manifest.exists():
            shutil.move(str(manifest), BLIND / f"MANIFEST.{gen.name}.json")
        if not any(gen.iterdir()):
            gen.rmdir()
    for side in ("dev", "blind"):
        print(f"{side}: {moved[side]} documents, {len(layouts[side])} layouts")


if __name__ == "__main__":
    main()
