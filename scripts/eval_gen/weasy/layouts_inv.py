"""Carrier invoice layouts (GEN-L07 .. L11)."""
import datetime as dt

from common import (FONTS, DATE_STYLES, MONEY_STYLES, Rec, esc, fmt_date, fmt_money, norm_money, csz)
from labels import (Labeler, LOAD_INV, INV_TOTAL, TERMS, INVNO, INVDATE, PRO, BOLNO, REMIT, mc_text)
from layouts_rc import base_css, doc, PAGE_OF

CODES = {"linehaul": "LH", "fuel_surcharge": "FSC", "detention": "DET", "lumper": "LUMP", "layover": "LAY",
         "tonu": "TONU", "stop_off": "STOP", "other": "ACC"}
INV_TITLES = ["Freight Invoice", "Invoice", "Freight Bill", "Carrier Invoice", "INVOICE", "Transportation Invoice"]


def inv_number(rng):
    k = rng.randrange(4)
    if k == 0:
        return f"INV-{rng.randint(10000, 99999)}"
    if k == 1:
        return str(rng.randint(1000, 99999))
    if k == 2:
        return f"{rng.randint(2026, 2026)}-{rng.randint(100, 9999):04d}"
    return f"{rng.choice('ABCDEFGHKMT')}{rng.randint(100000, 999999)}"


def charges(rng, L, ms):
    """Invoice line items: list of (description, code, qty, rate_str, cents). Uses rate-con linehaul/fsc."""
    if rng.random() < 0.1:
        a = rng.choice([15000, 20000, 25000])
        return [(rng.choice(["TONU - Truck Ordered Not Used", "Truck Order Not Used (TONU)", "TONU"]), "tonu", "1", fmt_money(a, ms), a)]
    items = [(rng.choice(["Line Haul", "Linehaul", "Freight Charges", "Line Haul - Flat", "Transportation Charge"]), "linehaul", "1",
              fmt_money(L.linehaul, ms), L.linehaul)]
    pct = round(L.fsc * 100 / L.linehaul, 1)
    fdesc = rng.choice([f"Fuel Surcharge ({pct:g}%)", "Fuel Surcharge", "FSC", "Fuel Surcharge - FSC"])
    items.append((fdesc, "fuel_surcharge", "1", fmt_money(L.fsc, ms), L.fsc))
    for d_, c_, a_ in L.accessorials:
        items.append((d_, c_, "1", fmt_money(a_, ms), a_))
    extra = rng.sample(["det", "lump", "lay", "none", "none", "tonu"], 2)
    for e in extra:
        if e == "det":
            h = rng.choice([1, 2, 3, 4])
            rate = rng.choice([5000, 6000, 7500])
            items.append((rng.choice([f"Detention ({h} hrs @ $%d/hr)" % (rate // 100), "Detention", "Detention at Receiver"]),
                          "detention", str(h), fmt_money(rate, ms), h * rate))
        elif e == "lump":
            a = rng.choice([17500, 22500, 25000, 31000, 38500, 19000])
            items.append((rng.choice([f"Lumper Fee: USD {a // 100:,}.{a % 100:02d}", "Lumper Fee", "Lumper (receipt attached)", "Unloading / Lumper"]),
                          "lumper", "1", fmt_money(a, ms), a))
        elif e == "lay":
            items.append(("Layover", "layover", "1", fmt_money(25000, ms), 25000))
        elif e == "tonu" and not items[2:]:
            pass
    return items


def setup(rng, L, r, ds, ms):
    P = {}
    n = inv_number(rng)
    P["no"] = r.f("invoice_number", n, n)
    idate = L.delivery_date + dt.timedelta(days=rng.randint(0, 6))
    P["date"] = r.f("invoice_date", idate.isoformat(), fmt_date(idate, ds))
    P["load"] = r.f("load_number", L.load_number, L.load_number)
    P["carrier"] = r.f("carrier_name", L.carrier.name, L.carrier.name)
    mct = mc_text(rng, L.carrier.mc)
    P["mc"] = r.f("carrier_mc", L.carrier.mc, mct)
    P["terms"] = r.f("payment_terms", L.inv_terms, L.inv_terms)
    items = charges(rng, L, ms)
    for d_, c_, q, rt, a in items:
        r.charge(d_, c_, a)
    total = sum(i[4] for i in items)
    P["total"] = r.f("total_usd", norm_money(total), fmt_money(total, ms))
    return P, items, total


def remit(rng, L, r, st_style="title"):
    """Remit-to: the factor (with its own address) or the carrier. Returns (name_html, lines_html list)."""
    if L.factor:
        name = L.factor
        street_ = f"PO Box {rng.randint(1000, 99999)}"
        city, st, z = rng.choice([("Dallas", "TX", "75373"), ("Atlanta", "GA", "30384"), ("Chicago", "IL", "60693"),
                                  ("Charlotte", "NC", "28260"), ("Salt Lake City", "UT", "84130")])
    else:
        name = L.carrier.name
        street_, city, st, z = L.carrier.street, L.carrier.city, L.carrier.state, L.carrier.zip
    line, _, _ = csz(city, st, z, st_style)
    r.f("remit_to_name", name, name)
    r.f("remit_to_address", f"{street_}, {line}", street_, line)
    return esc(name), [esc(street_), esc(line)]


def refs(rng, L, r, lab, with_pro, with_bol):
    out = []
    if with_pro:
        out.append((lab(PRO), r.f("pro_number", L.pro, L.pro)))
    if with_bol:
        out.append((lab(BOLNO), r.f("bol_number", L.bol, L.bol)))
    return out


def letterhead(L, P, size=16):
    return (f"<div style='font-size:{size}pt;font-weight:bold'>{P['carrier']}</div>{esc(L.carrier.street)}<br>"
            f"{esc(csz(L.carrier.city, L.carrier.state, L.carrier.zip, 'title')[0])}<br>{esc(L.carrier.phone)}<br>{P['mc']}")


def billto(L):
    return (f"<b>{esc(L.broker.name)}</b><br>{esc(L.broker.street)}<br>"
            f"{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}")


# ------------------------------------------------------------------ L07 classic invoice
def inv_l07(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    P, items, total = setup(rng, L, r, ds, ms)
    rn, rl = remit(rng, L, r)
    css = base_css(FONTS[rng.choice(["helv", "dejavu", "free"])], 9, margin="0.6in", extra="""
.ttl { font-size: 22pt; font-weight: bold; color: #333; text-align: right; }
table.meta td { border: 0.6pt solid #000; padding: 2px 6px; }
.box { border: 0.8pt solid #000; padding: 4px 6px; vertical-align: top; width: 48%; }
.box .h { font-size: 7pt; font-weight: bold; color: #444; }
table.items { width: 100%; margin-top: 10px; } table.items th { background: #333; color: #fff; padding: 3px; text-align: left; }
table.items td { border-bottom: 0.4pt solid #aaa; padding: 3px; } .r { text-align: right; }
""")
    meta = [(lab(INVNO), P['no']), (lab(INVDATE), P['date']), (lab(LOAD_INV), P['load']), (lab(TERMS), P['terms'])]
    meta += refs(rng, L, r, lab, rng.random() < 0.7, rng.random() < 0.7)
    b = [f"<table style='width:100%'><tr><td style='vertical-align:top'>{letterhead(L, P)}</td><td style='vertical-align:top'>"
         f"<div class='ttl'>{rng.choice(INV_TITLES).upper()}</div><table class='meta' style='margin-left:auto'>"
         + "".join(f"<tr><td>{a}</td><td>{v}</td></tr>" for a, v in meta) + "</table></td></tr></table><br>"]
    b.append(f"<table style='width:100%'><tr><td class='box'><div class='h'>BILL TO</div>{billto(L)}</td><td style='width:4%'></td>"
             f"<td class='box'><div class='h'>{lab(REMIT, False).upper()}</div><b>{rn}</b><br>{'<br>'.join(rl)}</td></tr></table>")
    b.append(f"<p>{esc(L.shipper.city)}, {esc(L.shipper.state)} to {esc(L.consignee.city)}, {esc(L.consignee.state)} &middot; "
             f"Picked up {esc(fmt_date(L.pickup_date, ds))}, delivered {esc(fmt_date(L.delivery_date, ds))}</p>")
    b.append("<table class='items'><tr><th>Description</th><th>Qty</th><th class='r'>Rate</th><th class='r'>Amount</th></tr>"
             + "".join(f"<tr><td>{esc(d)}</td><td>{q}</td><td class='r'>{esc(rt)}</td><td class='r'>{esc(fmt_money(a, ms))}</td></tr>"
                       for d, c, q, rt, a in items) + "</table>")
    b.append(f"<table style='margin-left:auto;margin-top:8px'><tr><td>Subtotal</td><td class='r' style='padding-left:30px'>{esc(fmt_money(total, ms))}</td></tr>"
             f"<tr><td><b>{lab(INV_TOTAL)}</b></td><td class='r' style='padding-left:30px;font-size:12pt'><b>{P['total']}</b></td></tr></table>")
    b.append("<p style='font-size:7.5pt;margin-top:20px'>Thank you for your business. Please reference our invoice number with your payment.</p>")
    return "carrier_invoice", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L08 factoring invoice with NOA and checklist
def inv_l08(rng, L):
    r = Rec()
    if not L.factor:
        L.factor = "Summit Receivables Capital Funding LLC"
    lab = Labeler(rng)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    P, items, total = setup(rng, L, r, ds, ms)
    rn, rl = remit(rng, L, r, rng.choice(["title", "upper"]))
    css = base_css(FONTS[rng.choice(["helv", "times", "narrow"])], 9.5, margin="0.55in", extra="""
.noa { border: 2pt solid #000; padding: 6px; margin: 8px 0; background: #f2f2f2; }
table.g { width: 100%; } table.g td, table.g th { border: 0.6pt solid #000; padding: 3px 5px; }
.r { text-align: right; }
""")
    b = [f"<table style='width:100%'><tr><td>{letterhead(L, P, 14)}<br>{esc(dot_line(rng, L))}</td>"
         f"<td style='text-align:right;vertical-align:top'><span style='font-size:18pt;font-weight:bold'>{rng.choice(INV_TITLES)}</span><br>"
         f"{lab(INVNO)} {P['no']}<br>{lab(INVDATE)} {P['date']}</td></tr></table>"]
    b.append(f"<div class='noa'><b>NOTICE OF ASSIGNMENT.</b> This account has been assigned to and must be paid only to:<br>"
             f"<b>{lab('Remit payment to', punct=False)}:</b> <b>{rn}</b>, {', '.join(rl)}<br>"
             f"Payment to any other party will not discharge your obligation. Call {esc(rng.choice(['(800) 555-0142', '(877) 555-0199']))} to verify.</div>")
    rf = refs(rng, L, r, lab, rng.random() < 0.6, True)
    b.append("<table class='g'><tr><td><b>Bill To:</b><br>" + billto(L) + "</td><td>"
             + f"{lab(LOAD_INV)} {P['load']}<br>" + "".join(f"{a} {v}<br>" for a, v in rf)
             + f"{lab(TERMS)} {P['terms']}</td></tr></table><br>")
    b.append("<table class='g'><tr><th>Description</th><th class='r'>Amount</th></tr>"
             + "".join(f"<tr><td>{esc(d)}</td><td class='r'>{esc(fmt_money(a, ms))}</td></tr>" for d, c, q, rt, a in items)
             + f"<tr><td class='r'>Subtotal</td><td class='r'>{esc(fmt_money(total, ms))}</td></tr>"
             + f"<tr><td class='r'><b>{lab(INV_TOTAL)}</b></td><td class='r'><b>{P['total']}</b></td></tr></table>")
    box = rng.choice(["[X]", "&#9746;"])
    b.append(f"<p><b>Attached:</b> {box} Rate Confirmation &nbsp; {box} Bill of Lading &nbsp; {box} Proof of Delivery"
             f"{' &nbsp; ' + box + ' Lumper Receipt' if any(i[1] == 'lumper' for i in items) else ''}</p>")
    return "carrier_invoice", doc(css, "\n".join(b)), r


def dot_line(rng, L):
    return f"USDOT {L.carrier.dot}"


# ------------------------------------------------------------------ L09 load number only in the title, label: value lines
def inv_l09(rng, L):
    r = Rec()
    lab = Labeler(rng, punct=":")
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    P, items, total = setup(rng, L, r, ds, ms)
    rn, rl = remit(rng, L, r, rng.choice(["title", "nocomma"]))
    css = base_css(FONTS[rng.choice(["times", "helv", "freeserif"])], 10.5, margin="0.9in", extra="""
h1 { font-size: 17pt; border-bottom: 1.5pt solid #000; padding-bottom: 3px; }
.kv { margin: 2px 0; } .r { text-align: right; }
""")
    word = rng.choice(["Invoice for Load #", "Invoice - Load #", "Freight Invoice for Load No."])
    b = [f"{letterhead(L, P, 14)}<br><br><h1>{esc(word)} {P['load']}</h1>"]
    kvs = [(lab(INVNO), P['no']), (lab(INVDATE), P['date'])] + refs(rng, L, r, lab, rng.random() < 0.5, rng.random() < 0.5)
    kvs.append((lab(TERMS), P['terms']))
    b.append("".join(f"<div class='kv'><b>{a}</b> {v}</div>" for a, v in kvs))
    b.append(f"<p><b>Bill To:</b> {esc(L.broker.name)}, {esc(L.broker.street)}, "
             f"{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}</p>")
    b.append(f"<p>Shipment from {esc(L.shipper.name)} ({esc(L.shipper.city)}) to {esc(L.consignee.name)} ({esc(L.consignee.city)}), "
             f"delivered {esc(fmt_date(L.delivery_date, ds))}.</p>")
    b.append("<table style='width:80%'>" + "".join(f"<tr><td>{esc(d)}</td><td class='r'>{esc(fmt_money(a, ms))}</td></tr>" for d, c, q, rt, a in items)
             + f"<tr><td style='border-top:1pt solid #000'><b>{lab(INV_TOTAL)}</b></td><td class='r' style='border-top:1pt solid #000'><b>{P['total']}</b></td></tr></table>")
    b.append(f"<p style='margin-top:18px'><b>{lab(REMIT)}</b><br>{rn}<br>{'<br>'.join(rl)}</p>")
    b.append("<p style='font-size:8.5pt'>Signed BOL and POD attached. Questions: call our billing office.</p>")
    return "carrier_invoice", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L10 monospace freight bill, PRO prominent
def inv_l10(rng, L):
    r = Rec()
    lab = Labeler(rng, upper=True, punct=rng.choice([":", ""]))
    ds, ms = rng.choice(["mdY", "mdy_short", "d_Mon_Y", "iso"]), rng.choice(["plain", "comma"])
    P, items, total = setup(rng, L, r, ds, ms)
    rn, rl = remit(rng, L, r, "upper")
    css = base_css(FONTS["courier"], 9, margin="0.5in", extra="pre { font-family: inherit; margin: 0; } .big { font-size: 13pt; font-weight: bold; }")
    pro = r.f("pro_number", L.pro, L.pro)
    bol = r.f("bol_number", L.bol, L.bol)
    head = f"<div class='big'>{P['carrier']}</div><pre>{esc(L.carrier.street.upper())}\n{esc(csz(L.carrier.city, L.carrier.state, L.carrier.zip, 'upper')[0])}\n{P['mc']}   SCAC {esc(L.carrier.scac)}</pre>"
    lines = [f"<b>{esc(rng.choice(['FREIGHT BILL', 'FREIGHT BILL / INVOICE', 'INVOICE']))}</b>", "",
             esc(lab.raw(PRO).ljust(18)) + " <b>" + pro + "</b>",
             esc(lab.raw(INVNO).ljust(18)) + " " + P['no'],
             esc(lab.raw(INVDATE).ljust(18)) + " " + P['date'],
             esc(lab.raw(LOAD_INV).ljust(18)) + " " + P['load'],
             esc(lab.raw(BOLNO).ljust(18)) + " " + bol,
             esc(lab.raw(TERMS).ljust(18)) + " " + P['terms'], "",
             "SHIPPER                              CONSIGNEE",
             esc(L.shipper.name.upper()[:36].ljust(37)) + esc(L.consignee.name.upper()[:36]),
             esc(csz(L.shipper.city, L.shipper.state, L.shipper.zip, 'upper')[0].ljust(37)) + esc(csz(L.consignee.city, L.consignee.state, L.consignee.zip, 'upper')[0]),
             "", "BILL TO: " + esc(L.broker.name.upper()), "",
             "-" * 78, "DESCRIPTION" + " " * 45 + "AMOUNT".rjust(22), "-" * 78]
    for d, c, q, rt, a in items:
        lines.append(esc(d.upper()[:50].ljust(56)) + esc(fmt_money(a, ms)).rjust(22))
    lines.append("-" * 78)
    lines.append(esc(lab.raw(INV_TOTAL).ljust(56)) + "<b>" + P['total'].rjust(22) + "</b>")
    lines += ["", esc(lab.raw(REMIT)), rn, *rl]
    return "carrier_invoice", doc(css, head + "<pre>" + "\n".join(lines) + "</pre>"), r


# ------------------------------------------------------------------ L11 modern boxed invoice, balance due box, codes column
def inv_l11(rng, L):
    r = Rec()
    lab = Labeler(rng, punct="")
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    P, items, total = setup(rng, L, r, ds, ms)
    rn, rl = remit(rng, L, r, rng.choice(["title", "upper_nospace", "nocomma"]))
    accent = rng.choice(["#0b5", "#c60", "#246", "#733"])
    css = base_css(FONTS[rng.choice(["dejavu", "helv", "narrow"])], 8.5, page=rng.choice(["Letter", "A4"]), margin="0.5in", extra=f"""
.band {{ background: {accent}; color: #fff; padding: 8px; font-size: 18pt; font-weight: bold; }}
table.cells {{ width: 100%; margin: 6px 0; }} table.cells td {{ border: 0.8pt solid {accent}; padding: 3px 6px; vertical-align: top; }}
.lb {{ display: block; font-size: 6.5pt; color: {accent}; font-weight: bold; }}
table.items {{ width: 100%; }} table.items th {{ border-bottom: 1.5pt solid {accent}; text-align: left; padding: 3px; }}
table.items td {{ padding: 3px; border-bottom: 0.3pt solid #ccc; }} .r {{ text-align: right; }}
.due {{ border: 2pt solid {accent}; padding: 6px 12px; font-size: 14pt; font-weight: bold; float: right; margin-top: 10px; }}
""")
    b = [f"<div class='band'>{P['carrier']} &nbsp; <span style='font-size:11pt'>{rng.choice(INV_TITLES)}</span></div>"
         f"<div style='font-size:7.5pt;margin-top:2px'>{esc(L.carrier.street)}, {esc(csz(L.carrier.city, L.carrier.state, L.carrier.zip, 'title')[0])} &middot; {P['mc']} &middot; {esc(L.carrier.phone)}</div>"]
    rf = refs(rng, L, r, lab, rng.random() < 0.6, rng.random() < 0.6)
    cells = [(lab(INVNO), P['no']), (lab(INVDATE), P['date']), (lab(LOAD_INV), P['load'])] + rf + [(lab(TERMS), P['terms'])]
    b.append("<table class='cells'><tr>" + "".join(f"<td><span class='lb'>{a}</span>{v}</td>" for a, v in cells) + "</tr></table>")
    b.append(f"<table class='cells'><tr><td style='width:50%'><span class='lb'>BILL TO</span>{billto(L)}</td>"
             f"<td><span class='lb'>{lab(REMIT).upper()}</span><b>{rn}</b><br>{'<br>'.join(rl)}</td></tr></table>")
    b.append("<table class='items'><tr><th>Code</th><th>Description</th><th>Qty</th><th class='r'>Rate</th><th class='r'>Amount</th></tr>"
             + "".join(f"<tr><td>{CODES[c]}</td><td>{esc(d)}</td><td>{q}</td><td class='r'>{esc(rt)}</td>"
                       f"<td class='r'>{esc(fmt_money(a, ms))}</td></tr>" for d, c, q, rt, a in items) + "</table>")
    b.append(f"<div class='due'>{lab(INV_TOTAL)} &nbsp; {P['total']}</div><div style='clear:both'></div>")
    b.append("<p style='font-size:7pt;margin-top:16px'>Documents enclosed: Rate Confirmation, Bill of Lading, Proof of Delivery. "
             "Late payments are subject to a 1.5% monthly service charge.</p>")
    return "carrier_invoice", doc(css, "\n".join(b)), r
