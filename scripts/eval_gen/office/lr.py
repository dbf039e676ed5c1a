"""Lumper receipts: office-L15 (half-letter Word receipt), office-L16 (Excel unloading receipt)."""
from decimal import Decimal as D

from openpyxl import Workbook

import lex
from common import (Exp, add_picture_cell, add_run, base_date, carrier_name, cell_write, city_line, date, digits,
                    load_no, mnorm, money, new_doc, para, party, person, shipper_name, signature_png, table,
                    usable_width, xc, xl_date, xl_image, xl_setup, XL_DATE_FMT, XL_MONEY_FMT, hm12)

SHORT_DATES = ["us", "us_short", "mon_d_y", "iso", "d_mon_yy", "us_slim"]


def lr_data(rng):
    g = {}
    w = rng.choice(lex.PLACE_WORDS)
    g["co"] = party(rng, rng.choice(lex.LUMPER_CO).format(w=w))
    fac = rng.choice(["{w} Grocers DC {n}", "{w} Distribution Center", "{w} Cold Storage", "{w} Warehouse #{n}",
                      "{w} Foods DC"]).format(w=rng.choice(lex.PLACE_WORDS), n=rng.randint(2, 60))
    g["fac"] = party(rng, fac)
    g["rcpt"] = rng.choice([digits(rng, 6), "LR" + digits(rng, 5), digits(rng, 8)])
    g["date"] = base_date(rng)
    g["load"] = load_no(rng) if rng.random() < 0.75 else None
    g["po"] = digits(rng, rng.choice([7, 10]))
    g["carrier"] = carrier_name(rng)
    g["pallets"] = rng.randint(6, 30)
    g["amount"] = D(rng.randrange(95, 480, 5)) + D(rng.choice(["0", "0", "0.50", "0.75"]))
    g["method"] = rng.choice(["Comchek", "EFS Check", "Credit Card", "T-Chek", "Cash"])
    g["dstyle"] = rng.choice(SHORT_DATES)
    return g


def build_l15(name, rng, tmp):
    exp = Exp(name, "lumper_receipt", "office-L15")
    g = lr_data(rng)
    exp.page_size = "half"
    font = rng.choice(["Liberation Sans", "DejaVu Sans", "Liberation Serif"])
    d = new_doc(font, 9, page="half", margin=0.45)
    w = usable_width(d)
    co = g["co"]
    para(d, co["name"], bold=True, size=13, align="center")
    para(d, f"{co['street']}, {city_line(co)}", size=8, align="center")
    para(d, co["phone"], size=8, align="center")
    para(d, rng.choice(["LUMPER RECEIPT", "Lumper Receipt", "UNLOADING RECEIPT"]), bold=True, size=14,
         align="center", space_before=6, space_after=6)
    dp = date(g["date"], g["dstyle"])
    ms = rng.choice(["dollar", "dollar", "usd_suffix"])
    ap = money(g["amount"], ms)
    rows = [(rng.choice(["Receipt #", "Receipt No.", "Ticket #"]), g["rcpt"], "receipt_number"),
            ("Date", dp, "receipt_date"),
            (rng.choice(["Facility", "Warehouse", "Location"]), g["fac"]["name"], "facility"),
            ("", city_line(g["fac"]), None),
            ("Carrier", g["carrier"], None),
            ("Driver", person(rng), None)]
    if g["load"]:
        rows.append((rng.choice(["Load #", "Load / Trip #", "Carrier Load #"]), g["load"], "load_number"))
    rows += [(rng.choice(["PO #", "PO Number", "P.O."]), g["po"], "po_number"),
             ("Pallets unloaded", str(g["pallets"]), None),
             ("Paid by", g["method"] if g["method"] == "Cash" else f"{g['method']}  #{digits(rng, 10)}", None),
             (rng.choice(["Amount Paid", "Total", "Unloading Fee", "Amount"]), ap, "amount_usd")]
    t = table(d, len(rows), 2, [1.5, w - 1.5], borders="h")
    for i, (l, v, fld) in enumerate(rows):
        cell_write(t.cell(i, 0), l, bold=True)
        cell_write(t.cell(i, 1), v, bold=(fld == "amount_usd"))
        if fld == "receipt_date":
            exp.f(fld, g["date"].isoformat(), dp)
        elif fld == "amount_usd":
            exp.f(fld, mnorm(g["amount"]), ap)
        elif fld:
            exp.f(fld, v)
    para(d, "", size=8)
    t = table(d, 2, 1, [w * 0.7], borders="none")
    add_picture_cell(t.cell(0, 0), signature_png(f"{tmp}/{name}_sig.png", rng), 1.3)
    cell_write(t.cell(1, 0), "Authorized signature", size=7)
    para(d, "Keep this receipt. Brokers reimburse lumper charges only against the original receipt.", size=7,
         italic=True, space_before=6, align="center")
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


def build_l16(name, rng, tmp):
    exp = Exp(name, "lumper_receipt", "office-L16")
    g = lr_data(rng)
    wb = Workbook()
    ws = wb.active
    ws.title = "Receipt"
    font = rng.choice(["Liberation Sans", "Carlito"])
    xl_setup(ws, [20, 26, 18, 22], gridlines=False, margins=0.6)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=10, **k)
    co = g["co"]
    X("A1", co["name"], bold=True, size=15, merge="A1:D1", align="center")
    X("A2", f"{co['street']}, {city_line(co)}  Tel {co['phone']}", size=9, merge="A2:D2", align="center")
    X("A4", rng.choice(["UNLOADING SERVICE RECEIPT", "LUMPER SERVICE RECEIPT"]), bold=True, size=13, merge="A4:D4",
      align="center", fill="FCE4D6", border="thin")
    dsty = g["dstyle"] if g["dstyle"] in XL_DATE_FMT else "us"
    X("A6", rng.choice(["Receipt #", "Receipt No."]), bold=True, border="thin")
    X("B6", g["rcpt"], border="thin", align="left")
    X("C6", "Date", bold=True, border="thin")
    X("D6", xl_date(g["date"]), fmt=XL_DATE_FMT[dsty], border="thin", align="left")
    exp.f("receipt_number", g["rcpt"])
    exp.f("receipt_date", g["date"].isoformat(), date(g["date"], dsty))
    X("A7", rng.choice(["Facility", "Customer / DC"]), bold=True, border="thin")
    X("B7", g["fac"]["name"], border="thin", merge="B7:D7")
    exp.f("facility", g["fac"]["name"])
    X("A8", "Address", bold=True, border="thin")
    X("B8", f"{g['fac']['street']}, {city_line(g['fac'])}", border="thin", merge="B8:D8")
    X("A9", "Carrier", bold=True, border="thin")
    X("B9", g["carrier"], border="thin")
    X("C9", "Door #", bold=True, border="thin")
    X("D9", rng.randint(1, 60), border="thin", align="left")
    X("A10", rng.choice(["PO #", "PO Number"]), bold=True, border="thin")
    X("B10", g["po"], border="thin", align="left")
    exp.f("po_number", g["po"])
    X("C10", rng.choice(["Load #", "Trailer #"]) if g["load"] else "Trailer #", bold=True, border="thin")
    X("D10", g["load"] or digits(rng, 5), border="thin", align="left")
    if g["load"]:
        exp.f("load_number", g["load"])
    X("A12", "Service", bold=True, fill="F2F2F2", border="thin", merge="A12:B12")
    X("C12", "Qty", bold=True, fill="F2F2F2", border="thin")
    X("D12", "Amount", bold=True, fill="F2F2F2", border="thin")
    X("A13", rng.choice(["Unload floor-loaded freight", "Unload / restack pallets", "Break down and sort"]),
      border="thin", merge="A13:B13")
    X("C13", f"{g['pallets']} pallets", border="thin")
    mfmt = XL_MONEY_FMT["dollar"]
    X("D13", float(g["amount"]), fmt=mfmt, border="thin")
    X("C14", rng.choice(["TOTAL PAID", "Total", "Amount Due"]), bold=True, border="thin")
    X("D14", float(g["amount"]), fmt=mfmt, bold=True, border="medium")
    exp.f("amount_usd", mnorm(g["amount"]), money(g["amount"], "dollar"))
    X("A16", "Payment method:", bold=True)
    X("B16", g["method"] if g["method"] == "Cash" else f"{g['method']} {digits(rng, 9)}")
    X("A18", "Lumper signature:", bold=True)
    ws.row_dimensions[18].height = 34
    xl_image(ws, signature_png(f"{tmp}/{name}_sig.png", rng), "B18", 140)
    X("A20", "No receipt, no reimbursement. This receipt is the carrier's proof of payment for unloading.",
      italic=True, size=8, merge="A20:D20")
    ws.print_area = "A1:D20"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


BUILDERS = {"L15": build_l15, "L16": build_l16}
