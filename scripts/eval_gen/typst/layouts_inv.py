"""Carrier invoice layouts (typst-L07 .. typst-L11)."""
import datetime as dt
from decimal import Decimal

from common import (S, T, B, TX, C, CB, lines, preamble, footer_page_n_of_m, money, norm_money, fmt_date,
                    city_line, SANS, SERIF, MONO, D, person, phone, email_for)
from world import Labeler, INV_TITLES


def inv_data(r, L):
    """Invoice number, date, line items, total, remit-to (carrier itself or a factor)."""
    I = {}
    I["no"] = r.choice([str(r.randint(1000, 99999)), f"INV-{r.randint(10000, 99999)}", f"{r.randint(2026000, 2026999)}",
                        f"{L['carrier'][:2].upper().replace('&', 'X').replace(' ', 'X')}{r.randint(1000, 9999)}"])
    I["date"] = L["drops"][-1]["date"] + dt.timedelta(days=r.randint(0, 6))
    items = [("Line Haul", "linehaul", Decimal(1), L["linehaul"]),
             (f"Fuel Surcharge ({float(L['fsc_pct']) * 100:g}%)" if r.random() < 0.6 else "Fuel Surcharge", "fuel_surcharge", Decimal(1), L["fsc"])]
    for name, code, amt in L["acc"]:
        items.append((name.replace(" (w/ receipt)", " Fee"), code, Decimal(1), amt))
    if r.random() < 0.35:
        hrs = r.randint(1, 5)
        rate = D(r.choice([40, 45, 50, 60, 75]))
        items.append((f"Detention ({hrs} hrs @ ${rate})", "detention", Decimal(hrs), D(rate * hrs)))
    if r.random() < 0.12:
        items.append(("Layover", "layover", Decimal(1), D(r.choice([150, 200, 250, 300]))))
    if r.random() < 0.08:
        items = [("TONU - Truck Ordered Not Used", "tonu", Decimal(1), D(r.choice([150, 200, 250])))]
    I["items"] = items
    I["total"] = D(sum((it[3] for it in items), Decimal(0)))
    I["factored"] = r.random() < 0.4
    if I["factored"]:
        I["remit_name"], a = L["factor"], L["factor_addr"]
        I["remit_addr"] = f"PO Box {r.randint(1000, 99999)}, " + city_line(a["city"], a["state"], a["zip"], 0)
    else:
        I["remit_name"], a = L["carrier"], L["carrier_addr"]
        I["remit_addr"] = f"{a['street']}, " + city_line(a["city"], a["state"], a["zip"], 0)
    return I


def charges(I):
    return [{"description": d, "code": c, "amount_usd": norm_money(a)} for d, c, q, a in I["items"]]


def inv_fields(doc, L, I, ds, ms, due_printed=None, load=True, pro=True, bol=True, mc=True, terms=True, remit=True,
               carrier_printed=None):
    doc.f("invoice_number", I["no"])
    doc.f("invoice_date", I["date"].isoformat(), fmt_date(I["date"], ds))
    if load:
        doc.f("load_number", L["load"])
    if pro:
        doc.f("pro_number", L["pro"])
    if bol:
        doc.f("bol_number", L["bol"])
    doc.f("carrier_name", carrier_printed or L["carrier"])
    if mc:
        doc.f("carrier_mc", L["mc"])
    doc.f("total_usd", norm_money(I["total"]), due_printed or money(I["total"], ms))
    if remit:
        doc.f("remit_to_name", I["remit_name"])
        doc.f("remit_to_address", I["remit_addr"])
    if terms:
        doc.f("payment_terms", L["terms"])
    doc.charges = charges(I)


def checklist(r, style=0):
    docs = ["Rate Confirmation", "Bill of Lading", "Proof of Delivery"]
    if r.random() < 0.3:
        docs.append("Lumper Receipt")
    if style == 0:
        return T("Attached: " + ", ".join(docs))
    mark = r.choice(["[X]", "\u2612"])
    return ' #h(10pt) '.join(T(f"{mark} {d}") for d in docs)


def bill_to(L):
    a = L["broker_addr"]
    return [L["broker"], a["street"], city_line(a["city"], a["state"], a["zip"], 0), "Attn: Carrier Payables"]


# ------------------------------------------------------------------------------------------- L07
def inv_classic(doc, r, L):
    lab = Labeler(r)
    I = inv_data(r, L)
    ds = r.choice(["mdy", "mon", "mdy_short"])
    ms = r.choice(["dollar", "dollar", "usd"])
    title = r.choice(INV_TITLES)
    src = preamble(r.choice(["us-letter", "us-letter", "a4"]), r.choice(SANS), 9.5, "0.6in", footer_page_n_of_m("Thank you for your business!"))
    a = L["carrier_addr"]
    src += (f'#grid(columns: (1fr, auto), [{B(L["carrier"], 15)} \\ {T(a["street"])} \\ {T(city_line(a["city"], a["state"], a["zip"], r.randint(0, 2)))} \\ '
            f'{T("MC " + L["mc"] + "  |  USDOT " + L["dot"])} \\ {T(L["carrier_phone"])}], '
            f'align(right)[#text(size: 24pt, weight: "bold", fill: rgb("#444444"), {S(title.upper())})])\n#v(8pt)\n')
    info = [(lab.raw("inv_no"), I["no"]), (lab.raw("inv_date"), fmt_date(I["date"], ds)), (lab.raw("load"), L["load"]),
            (lab.raw("pro"), L["pro"]), (lab.raw("bol"), L["bol"]), (lab.raw("terms"), L["terms"])]
    src += (f'#table(columns: (1fr,) * 6, stroke: 0.5pt, fill: (x, y) => if y == 0 {{ luma(220) }}, '
            f'{", ".join(TX(k, size=7.5, bold=True).join("[]") for k, _ in info)}, {", ".join(C(v) for _, v in info)})\n#v(8pt)\n')
    remit_head = "Remit To" if not I["factored"] else "Remit payment to"
    remit_lines = [I["remit_name"], I["remit_addr"]]
    if I["factored"]:
        remit_lines.append("(Account assigned - pay factor only)")
    src += (f'#grid(columns: (1fr, 1fr), column-gutter: 12pt, rect(width: 100%, inset: 7pt)[{B("Bill To")} \\ #{lines(*bill_to(L))}], '
            f'rect(width: 100%, inset: 7pt)[{B(remit_head)} \\ #{lines(*remit_lines)}])\n#v(8pt)\n')
    cells = []
    for d, c, q, amt in I["items"]:
        rate = amt / q
        cells += [C(d), C(str(q)), C(money(rate, ms)), C(money(amt, ms))]
    lh_route = f"{L['picks'][0]['city']}, {L['picks'][0]['state']} to {L['drops'][-1]['city']}, {L['drops'][-1]['state']}"
    src += (f'#table(columns: (1fr, auto, auto, auto), align: (left, center, right, right), stroke: (x, y) => (bottom: 0.4pt), '
            f'table.header({CB("Description")}, {CB("Qty")}, {CB("Rate")}, {CB("Amount")}), {", ".join(cells)})\n')
    src += (f'#align(right, box(width: 45%)[#table(columns: (1fr, auto), align: (left, right), stroke: none, {C("Subtotal")}, {C(money(I["total"], ms))}, '
            f'{CB(lab("due"))}, {B(money(I["total"], ms), 12).join("[]")})])\n')
    src += f'#v(6pt)\n{TX("Route: " + lh_route, size=8.5)}\n\n{checklist(r, r.randint(0, 1))}\n'
    doc.src = src
    inv_fields(doc, L, I, ds, ms)


# ------------------------------------------------------------------------------------------- L08
def inv_load_title(doc, r, L):
    """'Invoice for Load # 884213': the load number only in the title; factoring remit box; prose line items."""
    I = inv_data(r, L)
    I["factored"] = True
    I["remit_name"], a = L["factor"], L["factor_addr"]
    I["remit_addr"] = f"PO Box {r.randint(1000, 99999)}, " + city_line(a["city"], a["state"], a["zip"], r.randint(0, 2))
    lab = Labeler(r, suffix=":")
    ds = r.choice(["mon", "dmy_dash", "iso", "ord_mon"])
    ms = r.choice(["usd", "dollar"])
    tl = r.choice(["Invoice for Load #", "Invoice for Load", "Freight Invoice - Load #", "Invoice re: Load No."])
    src = preamble("us-letter", r.choice(SERIF[:3]), 10.5, "0.9in", footer_page_n_of_m(L["carrier"], style=1))
    src += f'#align(center)[{B(L["carrier"], 14)} \\ {TX(L["carrier_addr"]["street"] + ", " + city_line(L["carrier_addr"]["city"], L["carrier_addr"]["state"], L["carrier_addr"]["zip"], 0) + "  -  MC# " + L["mc"], size=9)}]\n#v(14pt)\n'
    src += f'#text(size: 16pt, weight: "bold", {S(tl + " " + L["load"])})\n#v(6pt)\n'
    src += f'#grid(columns: (auto, 1fr), column-gutter: 10pt, row-gutter: 6pt, {CB(lab("inv_no"))}, {C(I["no"])}, {CB(lab("inv_date"))}, {C(fmt_date(I["date"], ds))}, {CB(lab("pro"))}, {C(L["pro"])}, {CB(lab("terms"))}, {C(L["terms"])})\n#v(10pt)\n'
    src += f'{B("Bill to:")} {T(L["broker"])}\n\n#v(6pt)\n{B("Charges")}\n'
    for d, c, q, amt in I["items"]:
        src += f'- {T(d.split(" (")[0] + ": " + money(amt, ms))}\n'
    src += f'#v(6pt)\n#line(length: 40%)\n{T("Subtotal: " + money(I["total"], ms))} \\ {B(lab("due") + " " + money(I["total"], ms), 12)}\n#v(12pt)\n'
    src += (f'#rect(width: 100%, inset: 10pt, stroke: 1.5pt)[{B("NOTICE OF ASSIGNMENT")} \\ '
            f'{T("This account has been assigned and must be paid only to the factor below. Payment to any other party will not release your obligation.")} \\ #v(4pt) '
            f'{T("Remit payment to: " + I["remit_name"])} \\ {T(I["remit_addr"])} \\ {T("ACH: routing 0" + str(r.randint(10000000, 99999999)) + "  acct ****" + str(r.randint(1000, 9999)))}]\n')
    src += f'#v(10pt)\n{checklist(r, 0)}\n'
    doc.src = src
    inv_fields(doc, L, I, ds, ms, due_printed=lab("due") + " " + money(I["total"], ms), bol=False)
    doc.charges = [{"description": d.split(" (")[0], "code": c, "amount_usd": norm_money(a)} for d, c, q, a in I["items"]]


# ------------------------------------------------------------------------------------------- L09
def inv_mono(doc, r, L):
    """Dot-matrix style freight bill in a Courier-like face."""
    lab = Labeler(r, suffix=":", upper=True)
    I = inv_data(r, L)
    ds = r.choice(["mdy", "mdy_short", "iso"])
    ms = r.choice(["plain", "plainc", "dollar"])
    src = preamble("us-letter", r.choice(MONO), 9.5, "0.7in", footer_page_n_of_m("", size=8))
    src += '#set par(leading: 0.5em)\n'
    rule = T("=" * 76)
    a = L["carrier_addr"]
    out = [B(L["carrier"].upper(), 12), T(a["street"].upper()), T(city_line(a["city"], a["state"], a["zip"], 1, True)),
           T(f"MC# {L['mc']}   DOT# {L['dot']}   SCAC {L['scac']}"), rule,
           B(r.choice(["FREIGHT BILL", "FREIGHT INVOICE", "INVOICE"]), 12), rule]

    def kv(k, v):
        return T(k.ljust(22) + v)
    out += [kv(lab("inv_no"), I["no"]), kv(lab("inv_date"), fmt_date(I["date"], ds)), kv(lab("load"), L["load"]),
            kv(lab("pro"), L["pro"]), kv(lab("bol"), L["bol"]), kv(lab("terms"), L["terms"].upper()), rule,
            kv("BILL TO:", L["broker"].upper()),
            kv("SHIPPER:", L["picks"][0]["name"].upper() + ", " + L["picks"][0]["city"].upper() + " " + L["picks"][0]["state"]),
            kv("CONSIGNEE:", L["drops"][-1]["name"].upper() + ", " + L["drops"][-1]["city"].upper() + " " + L["drops"][-1]["state"]),
            rule, T("DESCRIPTION".ljust(44) + "AMOUNT".rjust(16))]
    for d, c, q, amt in I["items"]:
        out.append(T(d.upper().ljust(44) + money(amt, ms).rjust(16)))
    out += [T(" " * 44 + "-" * 16), B(lab("due").ljust(44) + money(I["total"], ms).rjust(16)), rule]
    remit = "REMIT TO:" if not I["factored"] else "PAY TO (FACTOR):"
    out += [kv(remit, I["remit_name"]), kv("", I["remit_addr"])]
    src += ' \\\n'.join(out) + '\n#v(8pt)\n' + T("ORIGINAL BOL AND SIGNED POD ATTACHED. PLEASE REFERENCE OUR PRO NUMBER ON YOUR REMITTANCE.") + '\n'
    doc.src = src
    inv_fields(doc, L, I, ds, ms, terms=False, carrier_printed=L["carrier"].upper())
    doc.f("payment_terms", L["terms"].upper())


# ------------------------------------------------------------------------------------------- L10
def inv_a4_serif(doc, r, L):
    """A4 serif invoice: label/value two-column grid, coded charge table, check-box checklist, remit-to footer box."""
    lab = Labeler(r, suffix=r.choice([":", ""]))
    I = inv_data(r, L)
    ds = r.choice(["long_ord", "mon", "dmy_dash", "ord_mon"])
    ms = r.choice(["dollar", "usd", "nocents"])
    src = preamble("a4", r.choice(SERIF), 10, "20mm", footer_page_n_of_m(L["carrier"] + " - " + L["carrier_phone"], style=2))
    title = r.choice(["Carrier Invoice", "Freight Invoice", "Invoice"])
    src += f'#text(size: 20pt, {S(title)})\n#v(-6pt)\n#text(size: 12pt, weight: "bold", {S(L["carrier"])})\n#v(6pt)\n'
    left = [(lab("inv_no"), I["no"]), (lab("inv_date"), fmt_date(I["date"], ds)), (lab("terms"), L["terms"]), (lab("mc"), L["mc"])]
    right = [(lab("load"), L["load"]), (lab("bol"), L["bol"]), (lab("pro"), L["pro"]),
             ("Delivered" + lab.suffix, fmt_date(L["drops"][-1]["date"], ds))]

    def kvg(rows):
        return f'grid(columns: (auto, 1fr), column-gutter: 10pt, row-gutter: 6pt, {", ".join(CB(k) + ", " + C(v) for k, v in rows)})'
    src += f'#grid(columns: (1fr, 1fr), column-gutter: 16pt, {kvg(left)}, {kvg(right)})\n#v(10pt)\n'
    src += f'{B("Customer")} \\ #{lines(*bill_to(L)[:3])}\n#v(8pt)\n'
    cells = []
    for d, c, q, amt in I["items"]:
        cells += [C(c.upper().replace("_", " ")[:3] if r.random() < 0 else {"linehaul": "LH", "fuel_surcharge": "FSC", "detention": "DET", "lumper": "LUM", "stop_off": "STP", "layover": "LAY", "tonu": "TONU", "other": "ACC"}[c]), C(d), C(money(amt, ms))]
    src += (f'#table(columns: (auto, 1fr, auto), align: (left, left, right), stroke: 0.5pt, table.header({CB("Code")}, {CB("Description")}, {CB("Amount")}), '
            f'{", ".join(cells)}, table.cell(colspan: 2, align(right, {CB(lab("due"))})), {CB(money(I["total"], ms))})\n#v(10pt)\n')
    src += f'{B("Documents enclosed")} \\ {checklist(r, 1)}\n#v(10pt)\n'
    src += f'#rect(width: 100%, inset: 8pt, fill: luma(240))[{B("Remit To" + lab.suffix)} {T(I["remit_name"])} \\ {T(I["remit_addr"])}]\n'
    doc.src = src
    inv_fields(doc, L, I, ds, ms)


# ------------------------------------------------------------------------------------------- L11
def inv_boxed(doc, r, L):
    """Boxed invoice form: label-above-value boxes, shipper/consignee boxes, placed 'ORIGINAL' mark."""
    lab = Labeler(r, suffix="")
    I = inv_data(r, L)
    ds = r.choice(["mdy", "mdy_short", "mon"])
    ms = r.choice(["dollar", "plainc"])
    src = preamble("us-letter", r.choice(["Liberation Sans", "DejaVu Sans", "FreeSans"]), 9, "0.5in", footer_page_n_of_m("", size=7))
    src += f'#place(top + right, dy: -10pt, text(size: 26pt, fill: luma(200), weight: "bold", "ORIGINAL"))\n'
    src += f'{B(L["carrier"], 16)} \\ {T(L["carrier_addr"]["street"] + " | " + city_line(L["carrier_addr"]["city"], L["carrier_addr"]["state"], L["carrier_addr"]["zip"], 0) + " | " + email_for(L["carrier"], r))}\n#v(6pt)\n'

    def fbox(label, value):
        return f'rect(width: 100%, height: 30pt, stroke: 0.6pt, inset: 4pt)[{TX(label.upper(), size=6.5)} \\ {TX(value, size=10)}]'
    title = r.choice(["INVOICE", "FREIGHT BILL", "FREIGHT INVOICE"])
    boxes = [f'rect(width: 100%, height: 30pt, fill: black, inset: 6pt, align(horizon, text(fill: white, weight: "bold", size: 13pt, {S(title)})))',
             fbox(lab.raw("inv_no"), I["no"]), fbox(lab.raw("inv_date"), fmt_date(I["date"], ds)), fbox(lab.raw("mc"), L["mc"]),
             fbox(lab.raw("load"), L["load"]), fbox(lab.raw("pro"), L["pro"]), fbox(lab.raw("bol"), L["bol"]), fbox(lab.raw("terms"), L["terms"])]
    src += f'#grid(columns: (1fr, 1fr, 1fr, 1fr), {", ".join(boxes)})\n#v(6pt)\n'
    p, d = L["picks"][0], L["drops"][-1]

    def party(head, s):
        return f'rect(width: 100%, inset: 6pt)[{TX(head, size=7, bold=True)} \\ #{lines(s["name"], s["street"], city_line(s["city"], s["state"], s["zip"], 0))}]'
    src += f'#grid(columns: (1fr, 1fr, 1fr), column-gutter: 6pt, {party("SHIPPER", p)}, {party("CONSIGNEE", d)}, rect(width: 100%, inset: 6pt)[{TX("BILL TO", size=7, bold=True)} \\ #{lines(*bill_to(L)[:3])}])\n#v(6pt)\n'
    cells = []
    for dsc, c, q, amt in I["items"]:
        cells += [C(dsc), C(money(amt, ms))]
    src += (f'#table(columns: (1fr, 90pt), align: (left, right), stroke: 0.6pt, fill: (x, y) => if y == 0 {{ luma(220) }}, '
            f'table.header({CB("Description of Charges")}, {CB("Amount")}), {", ".join(cells)}, '
            f'align(right, {CB(lab.raw("due") + ":")}), {B(money(I["total"], ms), 11).join("[]")})\n#v(8pt)\n')
    src += (f'#grid(columns: (1.2fr, 1fr), column-gutter: 8pt, rect(width: 100%, inset: 6pt)[{TX("REMIT TO", size=7, bold=True)} \\ #{lines(I["remit_name"], I["remit_addr"])}], '
            f'rect(width: 100%, inset: 6pt)[{TX("PAPERWORK", size=7, bold=True)} \\ {checklist(r, 0)}])\n')
    doc.src = src
    inv_fields(doc, L, I, ds, ms)


INV_LAYOUTS = [("typst-L07", inv_classic), ("typst-L08", inv_load_title), ("typst-L09", inv_mono),
               ("typst-L10", inv_a4_serif), ("typst-L11", inv_boxed)]
