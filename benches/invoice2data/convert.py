#!/usr/bin/env python3
"""Write one invoice2data template (YAML) per freightdesk template in rules/documents/*.toml.

    python3 benches/invoice2data/convert.py           # (re)write benches/invoice2data/templates/
    python3 benches/invoice2data/convert.py --check   # exit 1 if the committed YAML is stale

The mapping (see README.md beside this file):
- `match` phrases -> `keywords` (invoice2data needs all of them, like freightdesk); `priority` =
  number of phrases, so the template with the most phrases wins, as in freightdesk.
- each `[template.fields]` pattern -> a `parser: regex` field with the same pattern, prefixed with
  `(?m)` (freightdesk compiles every pattern multi-line; Python's `re` does not by default).
  A list of patterns stays a list; `group: first` keeps the first match in pattern order, which is
  freightdesk's "first match wins" (invoice2data otherwise returns every distinct match); a pattern
  that starts `(?s:.*)` (the last match) loses that prefix and gets `group: last`.
- pdftotext -layout prints blank lines between rows that freightdesk's text keeps together: every
  `\n` of a pattern also takes the blank lines after it. PDFTOTEXT_LAYOUT below: the few
  patterns rewritten where pdftotext's lines differ otherwise.
- freightdesk's normalization by field name (src/model.rs, ValueType::for_field) -> invoice2data's
  own per-field options: `type: float` + `extract_number` for *_usd, `type: date` for *_date (with
  freightdesk's date formats as `date_formats`), `type: int` for weight_lb and handling_units,
  `replace` for digits, ids, text (whitespace folded), flags and freight terms.
- a `(?P<value>…)…(?P<value2>…)` pattern (an address on two lines, joined with ", " by
  freightdesk) -> two fields, since invoice2data allows one capture group per regex:
  `<field>` (first part) and `<field>_line2` (second part).
- `[template.charges]` / `[template.accessorials]` -> a `parser: lines` field (`charges` /
  `accessorials`) with the same start, end and row (`line`) patterns; amounts lose `$` and `,`.
- `required_fields`: `issuer` and the template's first field (its document number: freightdesk
  tells documents apart by it). invoice2data's default (date, amount, invoice_number) names
  fields our freight documents do not have.
"""

import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SRC = ROOT / "rules" / "documents"
OUT = pathlib.Path(__file__).resolve().parent / "templates"

# freightdesk's DATE_FORMATS (src/model.rs), in Python strptime syntax.
DATE_FORMATS = [
    "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m-%d-%Y", "%m-%d-%y",
    "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y", "%d %b %Y",
]

NL_BLANKS = r"\n(?:[ \t]*\n)*"
# Where pdftotext -layout prints a line differently from freightdesk's text, beyond blank lines,
# the pattern an invoice2data user would write for pdftotext's text (freightdesk syntax; the
# same conversion follows). Each differs from ours in the one place named.
PDFTOTEXT_LAYOUT = {
    # The DATE / INVOICE # headings share their line with the address at the left.
    ("lone_oak_invoice", "invoice_number"): [
        r'(?:^|[ \t]{2,})DATE[ \t]+INVOICE #[ \t]*\n(?:[^\n]*\n){0,3}?[^\n]*\b\d{1,2}/\d{1,2}/\d{2,4}[ \t]+(?P<value>[A-Z0-9][A-Z0-9-]*)[ \t]*$'],
    ("lone_oak_invoice", "invoice_date"): [
        r'(?:^|[ \t]{2,})DATE[ \t]+INVOICE #[ \t]*\n(?:[^\n]*\n){0,3}?[^\n]*\b(?P<value>\d{1,2}/\d{1,2}/\d{2,4})[ \t]+[A-Z0-9][A-Z0-9-]*[ \t]*$'],
    # The title RATE CONFIRMATION is printed on the line above the broker's name.
    ("northstar_rate_confirmation", "broker_name"): [
        r'\A\s*(?:RATE CONFIRMATION[ \t]*\n[ \t]*)?(?P<value>Northstar Logistics)[ \t]{2,}\S'],
    # A long commodity runs into the weight with one space between.
    ("northstar_rate_confirmation", "commodity"): [
        r'^[ \t]*EQUIPMENT[ \t]{2,}COMMODITY[ \t]{2,}WEIGHT\b[^\n]*\n[ \t]*\S.*?[ \t]{2,}(?P<value>\S.*?)(?:[ \t]{2,}|[ \t]+[\d,.]+[ \t]*(?:lbs?|kg)\b|[ \t]*$)'],
    ("northstar_rate_confirmation", "weight_lb"): [
        r'^[ \t]*EQUIPMENT[ \t]{2,}COMMODITY[ \t]{2,}WEIGHT\b[^\n]*\n[ \t]*\S.*?[ \t]{2,}\S.*?[ \t]+(?P<value>[\d,.]+[ \t]*(?:lbs?|kg)\b)'],
}

# `(?s:.*)` first = "the last match" (freightdesk's regex crate runs it in linear time). Python's
# `re`, scanning with findall from every position after the match, takes O(n^2) on two pages of
# terms (0.4 s a rate con); invoice2data's own `group: last` says the same without that cost.
LAST_MATCH = "(?s:.*)"

TRIM_TEXT = [r"^\s+|\s+$", ""]
FOLD_SPACE = [r"\s+", " "]


def value_spec(name):
    """invoice2data options giving the value freightdesk's ValueType::for_field gives."""
    if name.endswith("_usd"):
        return {"type": "float", "extract_number": True}
    if name.endswith("_date"):
        return {"type": "date"}
    if name in ("weight_lb", "handling_units"):
        return {"type": "int", "extract_number": True}
    if name.endswith("_state"):
        return {}
    if name in ("carrier_mc", "carrier_dot"):
        return {"replace": [[r"\D", ""]]}
    if name in ("signed", "hazmat"):
        return {"replace": [[r"(?s)^.*\S.*$", "true"]]}
    if name == "freight_terms":
        return {"replace": [
            [r"(?is)^.*(?:third|3rd).*$", "third_party"],
            [r"(?is)^.*pre-?paid.*$", "prepaid"],
            [r"(?is)^.*collect.*$", "collect"],
        ]}
    if name.endswith("_number") or name == "scac":
        return {"replace": [[r"^[#:\s]+|[#:\s]+$", ""]]}
    return {"replace": [TRIM_TEXT, FOLD_SPACE]}


def blank_lines_ok(pattern):
    r"""Let every `\n` of a pattern (outside [...]) also take the blank lines pdftotext -layout
    prints between rows that freightdesk's text keeps together."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            tok = pattern[i:i + 2]
            out.append(NL_BLANKS if tok == "\\n" and not in_class else tok)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # a literal ] first in a class
                out.append("[]")
                i += 2
                continue
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def python_re(pattern):
    """freightdesk (Rust regex, multi-line on) -> Python re with the same meaning."""
    # Rust and Python agree on the syntax our rule files use ((?P<name>…), \x27, \A, (?s:…),
    # (?i)); only multi-line differs. A leading global flag group must stay first in Python.
    if pattern.startswith("(?") and pattern[2:3].isalpha() and ")" in pattern:
        flags, rest = pattern[2:].split(")", 1)
        if flags.isalpha():
            return "(?m" + flags + ")" + rest
    return "(?m)" + pattern


def field_entries(name, patterns):
    """One or two invoice2data fields for one freightdesk field."""
    patterns = patterns if isinstance(patterns, list) else [patterns]
    if isinstance(patterns[0], dict):
        raise SystemExit(f"{name}: typed field overrides are not mapped yet")
    if any("(?P<value2>" in p for p in patterns):
        first = [p.replace("(?P<value2>", "(?:") for p in patterns]
        second = [p.replace("(?P<value>", "(?:").replace("(?P<value2>", "(?P<value>") for p in patterns]
        return [(name, first), (name + "_line2", second)]
    return [(name, patterns)]


def lines_field(table):
    # The `rules:` form: invoice2data 1.0.1 drops a lines field's `replace` in the short form.
    return {
        "parser": "lines",
        "rules": [{
            "start": adapt(table["start"]),
            "end": adapt(table["end"]),
            "line": table["row"],
            "replace": {"description": [FOLD_SPACE], "amount": [[r"[$,]", ""]]},
        }],
    }


def adapt(pattern):
    return python_re(blank_lines_ok(pattern))


def convert(path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for t in doc["template"]:
        fields = {}
        for name, patterns in t["fields"].items():
            patterns = PDFTOTEXT_LAYOUT.get((t["id"], name), patterns)
            for fname, pats in field_entries(name, patterns):
                group = "first"
                if all(p.startswith(LAST_MATCH) for p in pats):
                    pats, group = [p[len(LAST_MATCH):] for p in pats], "last"
                spec = {"parser": "regex", "regex": [adapt(p) for p in pats], "group": group}
                spec.update(value_spec(name))
                if len(spec["regex"]) == 1:
                    spec["regex"] = spec["regex"][0]
                fields[fname] = spec
        for table in ("charges", "accessorials"):
            if table in t:
                fields[table] = lines_field(t[table])
        fields["static_kind"] = t["kind"]
        fields["static_template"] = t["id"]
        first_field = next(iter(t["fields"]))
        tpl = {
            "issuer": t["issuer"],
            "keywords": t["match"],
            "priority": len(t["match"]),
            "required_fields": ["issuer", first_field],
            "options": {
                "currency": "USD",
                "decimal_separator": ".",
                "date_formats": DATE_FORMATS,
                # Field names are freightdesk's, not invoice2data's invoice vocabulary.
                "extra_fields": sorted(set(fields) | {"kind", "template"}),
            },
            "fields": fields,
        }
        out.append((t["id"], tpl))
    return out


def q(s):
    return "'" + s.replace("'", "''") + "'"


def emit(value, indent):
    """A small YAML writer: every string single-quoted, so regexes are kept byte for byte."""
    pad = "  " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                lines += emit(v, indent + 1)
            else:
                lines.append(f"{pad}{k}: {scalar(v)}")
    else:
        for v in value:
            if isinstance(v, list) and all(isinstance(x, str) for x in v):
                lines.append(f"{pad}- [{', '.join(q(x) for x in v)}]")
            elif isinstance(v, (dict, list)):
                sub = emit(v, indent + 1)
                lines.append(f"{pad}- {sub[0].strip()}")
                lines += sub[1:]
            else:
                lines.append(f"{pad}- {scalar(v)}")
    return lines


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, dict)):
        return "[]" if isinstance(v, list) else "{}"
    return q(v)


def main():
    check = "--check" in sys.argv[1:]
    want = {}
    for path in sorted(SRC.glob("*.toml")):
        for tid, tpl in convert(path):
            head = (f"# invoice2data template for freightdesk's `{tid}` "
                    f"(rules/documents/{path.name}).\n"
                    "# Generated by benches/invoice2data/convert.py; edit the rule file, then rerun it.\n")
            want[f"{tid}.yml"] = head + "\n".join(emit(tpl, 0)) + "\n"
    have = {p.name: p.read_text(encoding="utf-8") for p in OUT.glob("*.yml")} if OUT.is_dir() else {}
    if check:
        stale = sorted(n for n in set(want) | set(have) if want.get(n) != have.get(n))
        if stale:
            print("stale invoice2data templates (run benches/invoice2data/convert.py): " + ", ".join(stale))
            sys.exit(1)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for name in set(have) - set(want):
        (OUT / name).unlink()
    for name, text in want.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"{len(want)} templates in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
