"""Carrier invoices (carrier -> broker): layouts office-L06 .. office-L09."""
import datetime as dt
from decimal import Decimal as D

from docx.shared import Pt
from openpyxl import Workbook

import lex
from common import (Exp, add_run, base_date, broker_name, carrier_name, cell_border, cell_write, city_line,
                    date, digits, factor_name, hrule, letterhead, load_no, mnorm, money, new_doc, para, party,
                    person, street, table, usable_width, xbox, xc, xl_date, xl_setup, XL_DATE_FMT, XL_MONEY_FMT,
                    place, domain_of)

SHORT_DATES = ["us", "us_short", "mon_d_y", "iso", "d_mon_yy", "us_slim"]


def inv_no(rng):
    r = rng.random()
    if r < 0.55:
        return digits(rng, rng.choice([4, 5]))
    if r < 0.75:
        return f"2026-{rng.randint(1, 999):04d}"
    if r < 0.9:
        return "INV" + digits(rng, 5)
    return digits(rng, 5) + "-" + rng.choice("ABC")


def inv_data(rng):
    g = {}
    g["carrier"] = party(rng, carrier_name(rng))
    g["broker"] = party(rng, broker_name(rng))
    g["mc"] = digits(rng, rng.choice([6, 6, 7]))
    g["dot"] = digits(rng, 7)
    g["load"] = load_no(rng)
    g["pro"] = digits(rng, rng.choice([6, 7, 8]))
    g["bol"] = digits(rng, rng.choice([6, 7, 8, 9]))
    g["inv"] = inv_no(rng)
    g["pu_date"] = base_date(rng)
    g["del_date"] = g["pu_date"] + dt.timedelta(days=rng.randint(1, 3))
    g["inv_date"] = g["del_date"] + dt.timedelta(days=rng.randint(0, 9))
    g["origin"] = place(rng)
    g["dest"] = place(rng, exclude=(g["origin"][0],))
    g["terms"] = rng.choice(lex.PAY_TERMS_INV)
    g["mstyle"] = rng.choice(["dollar", "dollar", "dollar", "plain", "usd_suffix"])
    g["dstyle"] = rng.choice(SHORT_DATES)
    o, de = g["origin"], g["dest"]
    ch = []
    if rng.random() < 0.1:
        amt = D(rng.choice([150, 200, 250, 300]))
        ch.append((rng.choice(["TONU - Truck ordered not used", "Truck Ordered Not Used (TONU)"]), "tonu", amt))
    else:
        lh = D(rng.randrange(900, 5200, 25))
        ch.append((rng.choice(["Linehaul", "Line Haul", f"Line haul {o[0]}, {o[1]} to {de[0]}, {de[1]}",
                               "Freight charges", "Flat rate"]), "linehaul", lh))
        if rng.random() < 0.7:
            fsc = (lh * D(str(round(rng.uniform(0.1, 0.3), 3)))).quantize(D("0.01"))
            ch.append((rng.choice(["Fuel Surcharge", "FSC", "Fuel surcharge (FSC)"]), "fuel_surcharge", fsc))
        for code in rng.sample(["detention", "lumper", "layover", "stop_off", "other"], rng.choice([0, 1, 1, 2])):
            if code == "detention":
                hrs, rate = rng.randint(1, 5), rng.choice([40, 50, 60, 75])
                ch.append((rng.choice([f"Detention {hrs} hrs @ ${rate}.00/hr", f"Detention at receiver ({hrs} hrs)"]),
                           "detention", D(hrs * rate)))
            elif code == "lumper":
                ch.append((rng.choice(["Lumper (receipt attached)", "Lumper fee", "Unloading / lumper"]), "lumper",
                           D(rng.randrange(95, 450, 5)) + D(rng.choice(["0", "0.50", "0.25"]))))
            elif code == "layover":
                ch.append((rng.choice(["Layover", "Layover - 1 day"]), "layover", D(rng.choice([150, 200, 250, 300]))))
            elif code == "stop_off":
                ch.append((rng.choice(["Stop-off charge", "Extra stop"]), "stop_off", D(rng.choice([75, 100, 150]))))
            else:
                ch.append((rng.choice(["Driver assist", "Pallet exchange", "Scale ticket"]), "other",
                           D(rng.choice([25, 50, 75, 100]))))
    g["charges"] = ch
    g["total"] = sum((c[2] for c in ch), D(0))
    return g


def rec_charges(exp, g, style):
    out = []
    for desc, code, amt in g["charges"]:
        pr = money(amt, style)
        exp.charge(desc, code, amt, pr)
        out.append((desc, pr, amt))
    return out


# ------------------------------------------------------------------ L06 Excel invoice
def build_l06(name, rng, tmp):
    exp = Exp(name, "carrier_invoice", "office-L06")
    g = inv_data(rng)
    wb = Workbook()
    ws = wb.active
    ws.title = "Invoice"
    font = rng.choice(["Liberation Sans", "Carlito", "DejaVu Sans", "Liberation Serif"])
    xl_setup(ws, [12, 34, 8, 13, 16, 16], gridlines=rng.random() < 0.3, margins=0.5)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=10, **k)
    ms = g["mstyle"] if g["mstyle"] in XL_MONEY_FMT else "dollar"
    mfmt = XL_MONEY_FMT[ms]
    dsty = g["dstyle"] if g["dstyle"] in XL_DATE_FMT else "us"
    c = g["carrier"]
    X("A1", c["name"], bold=True, size=16, merge="A1:D1", color="1F3864")
    exp.f("carrier_name", c["name"])
    X("E1", "INVOICE", bold=True, size=20, merge="E1:F1", align="right", color="1F3864")
    X("A2", c["street"], merge="A2:C2")
    X("A3", city_line(c), merge="A3:C3")
    X("A4", f"Phone {c['phone']}", merge="A4:C4")
    mcl = rng.choice(["MC#", "MC", "MC No."])
    X("A5", f"{mcl} {g['mc']}    USDOT {g['dot']}", merge="A5:C5")
    exp.f("carrier_mc", g["mc"])
    li, ld, lt = rng.choice(lex.LBL["invno"]), rng.choice(lex.LBL["invdate"]), rng.choice(lex.LBL["terms"])
    X("D2", li, bold=True, align="right", merge="D2:E2")
    X("F2", g["inv"], align="right")
    X("D3", ld, bold=True, align="right", merge="D3:E3")
    X("F3", xl_date(g["inv_date"]), fmt=XL_DATE_FMT[dsty], align="right")
    X("D4", lt, bold=True, align="right", merge="D4:E4")
    X("F4", g["terms"], align="right")
    exp.f("invoice_number", g["inv"])
    exp.f("invoice_date", g["inv_date"].isoformat(), date(g["inv_date"], dsty))
    exp.f("payment_terms", g["terms"])
    X("A7", "BILL TO", bold=True, fill="1F3864", color="FFFFFF", merge="A7:C7")
    b = g["broker"]
    for i, ln in enumerate([b["name"], "Attn: Accounts Payable", b["street"], city_line(b)]):
        X(f"A{8 + i}", ln, merge=f"A{8 + i}:C{8 + i}")
    X("D7", "SHIPMENT", bold=True, fill="1F3864", color="FFFFFF", merge="D7:F7")
    refs = [(rng.choice(["Load #", "Broker Load #", "Load No.", "Order #"]), g["load"], "load_number"),
            (rng.choice(lex.LBL["pro"]), g["pro"], "pro_number"),
            (rng.choice(lex.LBL["bol"]), g["bol"], "bol_number"),
            ("Delivered", xl_date(g["del_date"]), None)]
    for i, (lbl, v, fld) in enumerate(refs):
        X(f"D{8 + i}", lbl, bold=True)
        X(f"E{8 + i}", v, merge=f"E{8 + i}:F{8 + i}", align="left", fmt=XL_DATE_FMT[dsty] if fld is None else None)
        if fld:
            exp.f(fld, v)
    r = 13
    X(f"A{r}", f"{g['origin'][0]}, {g['origin'][1]}  to  {g['dest'][0]}, {g['dest'][1]}", italic=True, merge=f"A{r}:F{r}")
    r = 14
    for i, h in enumerate(["Item", "Description", "Qty", "Rate", "", "Amount"]):
        X(f"{'ABCDEF'[i]}{r}", h, bold=True, fill="D9E1F2", border="thin")
    ws.merge_cells(f"D{r}:E{r}")
    codes = {"linehaul": "LH", "fuel_surcharge": "FSC", "detention": "DET", "lumper": "LUMP", "layover": "LAY",
             "tonu": "TONU", "stop_off": "STOP", "other": "ACC"}
    for desc, code, amt in g["charges"]:
        r += 1
        X(f"A{r}", codes[code], border="thin")
        X(f"B{r}", desc, border="thin")
        X(f"C{r}", 1, border="thin", align="center")
        X(f"D{r}", float(amt), fmt=mfmt, merge=f"D{r}:E{r}", border="thin")
        X(f"F{r}", float(amt), fmt=mfmt, border="thin")
        exp.charge(desc, code, amt, money(amt, ms))
    for _ in range(rng.randint(1, 3)):
        r += 1
        xbox(ws, f"A{r}:F{r}")
    r += 1
    X(f"D{r}", "Subtotal", bold=True, merge=f"D{r}:E{r}", align="right")
    X(f"F{r}", float(g["total"]), fmt=mfmt, border="thin")
    r += 1
    X(f"D{r}", "Payments/Credits", merge=f"D{r}:E{r}", align="right")
    X(f"F{r}", 0.0, fmt=mfmt, border="thin")
    r += 1
    tl = rng.choice(lex.LBL["total_inv"])
    X(f"C{r}", tl, bold=True, merge=f"C{r}:E{r}", align="right", size=12)
    X(f"F{r}", float(g["total"]), fmt=mfmt, bold=True, border="medium", size=12)
    exp.f("total_usd", mnorm(g["total"]), money(g["total"], ms))
    r += 2
    remit_lbl = rng.choice(["Make checks payable to:", "Remit to:", "Please remit payment to:"])
    X(f"A{r}", remit_lbl, bold=True, merge=f"A{r}:C{r}")
    if rng.random() < 0.5:
        addr = [f"PO Box {rng.randint(100, 99999)}", city_line(c)]
    else:
        addr = [c["street"], city_line(c)]
    for i, ln in enumerate([c["name"]] + addr):
        X(f"A{r + 1 + i}", ln, merge=f"A{r + 1 + i}:C{r + 1 + i}")
    exp.f("remit_to_name", c["name"], c["name"])
    exp.f("remit_to_address", ", ".join(addr), addr[0])
    r += 5
    X(f"A{r}", "Thank you for your business! Questions about this invoice: " + c["phone"], italic=True,
      merge=f"A{r}:F{r}", align="center", size=9)
    ws.print_area = f"A1:F{r}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


def charge_table(d, exp, g, rng, w, size=9, with_code=False, shade="D9E1F2", total_label=None):
    ms = g["mstyle"]
    cols = (["Code"] if with_code else []) + [rng.choice(["Description", "Charge", "Service"]),
                                              rng.choice(["Amount", "Charges", "Total"])]
    widths = ([0.8] if with_code else []) + [w - 1.6 - (0.8 if with_code else 0), 1.6]
    n = len(g["charges"])
    t = table(d, n + 2, len(cols), widths)
    for i, h in enumerate(cols):
        cell_write(t.cell(0, i), h, bold=True, size=size, shade=shade, align="right" if i == len(cols) - 1 else None)
    codes = {"linehaul": "LH", "fuel_surcharge": "FSC", "detention": "DET", "lumper": "LMP", "layover": "LAY",
             "tonu": "TONU", "stop_off": "STP", "other": "MISC"}
    for r, (desc, code, amt) in enumerate(g["charges"], start=1):
        pr = money(amt, ms)
        if with_code:
            cell_write(t.cell(r, 0), codes[code], size=size)
        cell_write(t.cell(r, len(cols) - 2), desc, size=size)
        cell_write(t.cell(r, len(cols) - 1), pr, size=size, align="right")
        exp.charge(desc, code, amt, pr)
    tl = total_label or rng.choice(lex.LBL["total_inv"])
    last = n + 1
    if with_code:
        t.cell(last, 0).merge(t.cell(last, 1))
    cell_write(t.cell(last, len(cols) - 2), tl, bold=True, size=size + 1, align="right")
    tp = money(g["total"], ms if rng.random() < 0.6 else "dollar")
    cell_write(t.cell(last, len(cols) - 1), tp, bold=True, size=size + 1, align="right", shade="F2F2F2")
    exp.f("total_usd", mnorm(g["total"]), tp)
    return t


# ------------------------------------------------------------------ L07 Word invoice, bill-to / remit-to boxes
def build_l07(name, rng, tmp):
    exp = Exp(name, "carrier_invoice", "office-L07")
    g = inv_data(rng)
    font = rng.choice(["Liberation Sans", "Carlito", "Liberation Serif", "Caladea"])
    d = new_doc(font, 10, margin=0.6)
    w = usable_width(d)
    c = g["carrier"]
    mcl = rng.choice(["MC #", "MC", "Docket MC-"])
    mcp = f"{mcl}{g['mc']}" if mcl.endswith("-") else f"{mcl} {g['mc']}"
    cn = letterhead(d, rng, tmp, c["name"], c, extra_lines=[f"{mcp}   |   USDOT {g['dot']}"], logo=rng.random() < 0.6)
    exp.f("carrier_name", c["name"], cn)
    exp.f("carrier_mc", g["mc"], mcp)
    hrule(d, sz=16, color="7F7F7F")
    t = table(d, 1, 2, [w - 3.0, 3.0], borders="none")
    cell_write(t.cell(0, 0), rng.choice(["INVOICE", "FREIGHT INVOICE", "Invoice", "FREIGHT BILL"]), bold=True, size=20)
    meta = t.cell(0, 1)
    mt = meta.add_table(rows=3, cols=2)
    li, ld, lt = rng.choice(lex.LBL["invno"]), rng.choice(lex.LBL["invdate"]), rng.choice(lex.LBL["terms"])
    dp = date(g["inv_date"], rng.choice(SHORT_DATES + ["long"]))
    for r, (l, v) in enumerate([(li, g["inv"]), (ld, dp), (lt, g["terms"])]):
        cell_write(mt.cell(r, 0), l, bold=True, size=9)
        cell_write(mt.cell(r, 1), v, size=9)
    from common import set_borders
    set_borders(mt, "all")
    exp.f("invoice_number", g["inv"])
    exp.f("invoice_date", g["inv_date"].isoformat(), dp)
    exp.f("payment_terms", g["terms"])
    para(d, "", size=6)
    b = g["broker"]
    t = table(d, 2, 3, [w / 2 - 0.15, 0.3, w / 2 - 0.15], borders="none")
    cell_write(t.cell(0, 0), rng.choice(["BILL TO", "Bill To:", "CUSTOMER"]), bold=True, shade="D9D9D9")
    cell_write(t.cell(1, 0), [b["name"], "Accounts Payable", b["street"], city_line(b)])
    cell_write(t.cell(0, 2), rng.choice(["REMIT TO", "Remit To:", "PLEASE REMIT TO"]), bold=True, shade="D9D9D9")
    if rng.random() < 0.5:
        addr = [f"PO Box {rng.randint(100, 99999)}", city_line(c)]
    else:
        p2 = place(rng)
        addr = [street(rng), f"{p2[0]}, {p2[1]} {p2[2]}"]
    cell_write(t.cell(1, 2), [c["name"]] + addr)
    for cc in (t.cell(0, 0), t.cell(1, 0), t.cell(0, 2), t.cell(1, 2)):
        cell_border(cc, top=6, bottom=6, left=6, right=6)
    exp.f("remit_to_name", c["name"])
    exp.f("remit_to_address", ", ".join(addr), addr[0])
    para(d, "", size=6)
    refs = [(rng.choice(["Load #", "Broker Load", "Load No.", "Customer Load #"]), g["load"], "load_number"),
            (rng.choice(lex.LBL["pro"]), g["pro"], "pro_number"),
            (rng.choice(lex.LBL["bol"]), g["bol"], "bol_number"),
            ("Origin", f"{g['origin'][0]}, {g['origin'][1]}", None),
            ("Destination", f"{g['dest'][0]}, {g['dest'][1]}", None),
            ("Delivered", date(g["del_date"], g["dstyle"]), None)]
    t = table(d, 2, 6, [1.05, 1.05, 1.1, 1.45, 1.45, w - 6.1])
    for i, (l, v, fld) in enumerate(refs):
        cell_write(t.cell(0, i), l, bold=True, size=8, shade="EDEDED")
        cell_write(t.cell(1, i), v, size=9)
        if fld:
            exp.f(fld, v)
    para(d, "", size=6)
    charge_table(d, exp, g, rng, w)
    para(d, "", size=6)
    para(d, "Signed BOL / POD and rate confirmation attached. Please reference our invoice number with payment.",
         size=8, italic=True)
    para(d, f"Late payments are subject to a 1.5% monthly service charge. Questions: billing@{domain_of(c['name'])}",
         size=8, italic=True)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


# ------------------------------------------------------------------ L08 factoring: NOA + "Remit payment to"
def build_l08(name, rng, tmp):
    exp = Exp(name, "carrier_invoice", "office-L08")
    g = inv_data(rng)
    font = rng.choice(["Liberation Sans", "DejaVu Sans", "Carlito"])
    d = new_doc(font, 9, margin=0.6, page="a4" if rng.random() < 0.25 else "letter")
    exp.page_size = "a4" if d.sections[0].page_height > 914400 * 11.2 else "letter"
    w = usable_width(d)
    c = g["carrier"]
    mcp = f"MC-{g['mc']}" if rng.random() < 0.5 else f"MC# {g['mc']}"
    cn = letterhead(d, rng, tmp, c["name"], c, extra_lines=[f"{mcp}   DOT {g['dot']}"], logo=False,
                    align="center", name_size=14, color="000000")
    exp.f("carrier_name", c["name"], cn)
    exp.f("carrier_mc", g["mc"], mcp)
    para(d, "INVOICE", bold=True, size=18, align="center", space_before=6, space_after=4)
    fac = factor_name(rng)
    fp = place(rng)
    faddr = [f"PO Box {rng.randint(1000, 99999)}", f"{fp[0]}, {fp[1]} {fp[2]}"]
    t = table(d, 1, 1, [w], borders="outer", sz=12)
    cell_write(t.cell(0, 0), [[("NOTICE OF ASSIGNMENT", True)],
                              f"This account has been assigned and must be paid only to {fac}. "
                              f"Payment to any other party will not discharge your obligation. Report any "
                              f"claims or offsets to {fac} at {fp[0]}."], size=8, shade="FFF2CC")
    para(d, "", size=6)
    t = table(d, 1, 2, [w * 0.5, w * 0.5], borders="none")
    rl = rng.choice(["Remit payment to:", "REMIT PAYMENT TO:", "Remit to (factor):", "Send all payments to:"])
    cell_write(t.cell(0, 0), [[(rl, True)], [(fac, True)]] + faddr, size=10)
    cell_border(t.cell(0, 0), top=12, bottom=12, left=12, right=12)
    exp.f("remit_to_name", fac)
    exp.f("remit_to_address", ", ".join(faddr), faddr[0])
    li, ld = rng.choice(lex.LBL["invno"]), rng.choice(lex.LBL["invdate"])
    dp = date(g["inv_date"], g["dstyle"])
    lines = [[(f"{li}: ", True), (g["inv"], False)], [(f"{ld}: ", True), (dp, False)],
             [(rng.choice(["Load #: ", "Broker Load #: ", "Load/Trip: "]), True), (g["load"], False)],
             [(rng.choice(lex.LBL["pro"]) + ": ", True), (g["pro"], False)]]
    has_bol = rng.random() < 0.6
    if has_bol:
        lines.append([(rng.choice(lex.LBL["bol"]) + ": ", True), (g["bol"], False)])
    lines.append([("Terms: ", True), (g["terms"], False)])
    cell_write(t.cell(0, 1), lines, size=10)
    exp.f("invoice_number", g["inv"])
    exp.f("invoice_date", g["inv_date"].isoformat(), dp)
    exp.f("load_number", g["load"])
    exp.f("pro_number", g["pro"])
    if has_bol:
        exp.f("bol_number", g["bol"])
    exp.f("payment_terms", g["terms"])
    para(d, "", size=6)
    b = g["broker"]
    p = para(d)
    add_run(p, "Bill to: ", bold=True)
    add_run(p, f"{b['name']}, {b['street']}, {city_line(b)}")
    p = para(d, space_after=4)
    add_run(p, "Shipment: ", bold=True)
    add_run(p, f"picked up {date(g['pu_date'], g['dstyle'])} at {g['origin'][0]}, {g['origin'][1]}; delivered "
               f"{date(g['del_date'], g['dstyle'])} at {g['dest'][0]}, {g['dest'][1]}")
    charge_table(d, exp, g, rng, w, with_code=rng.random() < 0.5, shade="E2EFDA")
    para(d, "", size=6)
    para(d, "Documents enclosed:", bold=True)
    for item in ["\u2612 Signed rate confirmation", "\u2612 Signed BOL / POD",
                 "\u2612 Lumper receipt" if any(x[1] == "lumper" for x in g["charges"]) else "\u2610 Lumper receipt",
                 "\u2610 Scale ticket"]:
        para(d, "    " + item, size=9)
    para(d, f"Carrier: {c['name']} has sold this invoice to {fac}. Any change in payment instructions must be "
            f"confirmed in writing by {fac}.", size=7, italic=True, space_before=6)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


# ------------------------------------------------------------------ L09 load number only in "Your Ref"
def build_l09(name, rng, tmp):
    exp = Exp(name, "carrier_invoice", "office-L09")
    g = inv_data(rng)
    font = rng.choice(["Liberation Serif", "Caladea", "Liberation Sans", "Carlito"])
    page = "a4" if rng.random() < 0.3 else "letter"
    exp.page_size = page
    d = new_doc(font, rng.choice([10, 11]), margin=0.75, page=page)
    w = usable_width(d)
    c = g["carrier"]
    t = table(d, 1, 2, [w * 0.55, w * 0.45], borders="none")
    cell_write(t.cell(0, 0), [[(c["name"], True)], c["street"], city_line(c), c["phone"]], size=10)
    t.cell(0, 0).paragraphs[0].runs[0].font.size = Pt(15)
    mcp = f"MC {g['mc']}"
    cell_write(t.cell(0, 1), [[("Invoice", True)], f"No. {g['inv']}", date(g["inv_date"], "long"), mcp],
               size=10, align="right")
    t.cell(0, 1).paragraphs[0].runs[0].font.size = Pt(22)
    exp.f("carrier_name", c["name"])
    exp.f("invoice_number", g["inv"], f"No. {g['inv']}")
    exp.f("invoice_date", g["inv_date"].isoformat(), date(g["inv_date"], "long"))
    exp.f("carrier_mc", g["mc"], mcp)
    hrule(d, sz=8)
    b = g["broker"]
    para(d, "To:", bold=True, space_before=6)
    for ln in [b["name"], b["street"], city_line(b)]:
        para(d, ln)
    para(d, "", size=6)
    ll = rng.choice(lex.LBL["inv_load"])
    has_bol = rng.random() < 0.5
    cols = [(ll, g["load"], "load_number"), (rng.choice(["Our Ref", "Our Pro #", "Pro"]), g["pro"], "pro_number")]
    if has_bol:
        cols.append((rng.choice(["B/L", "BOL", "Bill of Lading"]), g["bol"], "bol_number"))
    cols.append(("Ship Date", date(g["pu_date"], g["dstyle"]), None))
    t = table(d, 2, len(cols), [w / len(cols)] * len(cols), borders="h")
    for i, (l, v, fld) in enumerate(cols):
        cell_write(t.cell(0, i), l, bold=True, size=9)
        cell_write(t.cell(1, i), v)
        if fld:
            exp.f(fld, v)
    para(d, "", size=6)
    para(d, f"For transportation services from {g['origin'][0]}, {g['origin'][1]} to {g['dest'][0]}, "
            f"{g['dest'][1]}, delivered {date(g['del_date'], g['dstyle'])}:", space_after=4)
    charge_table(d, exp, g, rng, w, shade="FFFFFF",
                 total_label=rng.choice(["Please Pay This Amount", "Amount Due", "Balance Due", "Total Due (USD)"]))
    para(d, "", size=6)
    p = para(d)
    add_run(p, "Terms: ", bold=True)
    add_run(p, g["terms"])
    exp.f("payment_terms", g["terms"])
    addr = [f"PO Box {rng.randint(100, 9999)}", city_line(c)] if rng.random() < 0.5 else [c["street"], city_line(c)]
    line = f"{c['name']}, {', '.join(addr)}"
    p = para(d, space_before=6)
    add_run(p, "Please remit to: ", bold=True)
    add_run(p, line)
    exp.f("remit_to_name", c["name"])
    exp.f("remit_to_address", ", ".join(addr))
    para(d, "We appreciate your business.", italic=True, space_before=12)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


BUILDERS = {"L06": build_l06, "L07": build_l07, "L08": build_l08, "L09": build_l09}
