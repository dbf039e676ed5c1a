"""Proofs of delivery: office-L13 (carrier delivery receipt, Word), office-L14 (warehouse receiving record, Excel)."""
import datetime as dt

from openpyxl import Workbook

import lex
from common import (Exp, add_picture_cell, add_run, base_date, carrier_name, cell_border, cell_write, city_line,
                    date, digits, hm12, letterhead, load_no, new_doc, para, party, person, shipper_name,
                    signature_png, table, usable_width, xc, xl_date, xl_image, xl_setup, XL_DATE_FMT, weight)

SHORT_DATES = ["us", "us_short", "mon_d_y", "iso", "d_mon_yy", "us_slim"]


def pod_data(rng):
    g = {}
    g["carrier"] = party(rng, carrier_name(rng))
    g["shipper"] = party(rng, shipper_name(rng))
    g["consignee"] = party(rng, shipper_name(rng), exclude=(g["shipper"]["city"],))
    g["pro"] = digits(rng, rng.choice([7, 8, 9]))
    g["bol"] = digits(rng, rng.choice([6, 7, 8]))
    g["load"] = load_no(rng)
    g["date"] = base_date(rng)
    g["time"] = (rng.randint(6, 17), rng.choice([0, 5, 15, 20, 30, 45, 50]))
    g["recv"] = person(rng)
    g["signed"] = rng.random() < 0.85
    g["osd"] = rng.choice(lex.OSD_NOTES) if rng.random() < 0.4 else None
    g["hu"] = rng.randint(2, 26)
    g["wt"] = g["hu"] * rng.randrange(300, 1600, 10)
    g["desc"] = rng.choice(lex.COMMODITIES)
    g["dstyle"] = rng.choice(SHORT_DATES)
    return g


# ------------------------------------------------------------------ L13 carrier delivery receipt (Word)
def build_l13(name, rng, tmp):
    exp = Exp(name, "proof_of_delivery", "office-L13")
    g = pod_data(rng)
    font = rng.choice(["Liberation Sans", "Liberation Serif", "Carlito", "DejaVu Sans"])
    d = new_doc(font, 10, margin=0.7)
    w = usable_width(d)
    c = g["carrier"]
    letterhead(d, rng, tmp, c["name"], c, logo=rng.random() < 0.5)
    para(d, rng.choice(["DELIVERY RECEIPT", "PROOF OF DELIVERY", "Delivery Receipt / POD", "CONSIGNEE DELIVERY RECEIPT"]),
         bold=True, size=16, align="center", space_before=8, space_after=6)
    dp = date(g["date"], g["dstyle"])
    tp = rng.choice([f"{g['time'][0]:02d}:{g['time'][1]:02d}", hm12(*g["time"])])
    refs = [(rng.choice(["PRO #", "Pro Number", "Freight Bill #"]), g["pro"], "pro_number"),
            (rng.choice(["BOL #", "B/L Number", "Bill of Lading"]), g["bol"], "bol_number"),
            (rng.choice(["Load #", "Broker Load", "Trip #", "Load No."]), g["load"], "load_number"),
            (rng.choice(["Delivery Date", "Date Delivered", "Delivered On"]), dp, "delivery_date"),
            ("Time", tp, None), ("Pieces", f"{g['hu']} PLT", None)]
    t = table(d, 3, 4, [1.4, w / 2 - 1.4, 1.4, w / 2 - 1.4])
    for i, (l, v, fld) in enumerate(refs):
        r, cc = i // 2, (i % 2) * 2
        cell_write(t.cell(r, cc), l, bold=True, shade="EDEDED")
        cell_write(t.cell(r, cc + 1), v)
        if fld == "delivery_date":
            exp.f(fld, g["date"].isoformat(), dp)
        elif fld:
            exp.f(fld, v)
    para(d, "", size=6)
    t = table(d, 2, 2, [w / 2, w / 2])
    sh, co = g["shipper"], g["consignee"]
    cell_write(t.cell(0, 0), "SHIPPER", bold=True, shade="D9D9D9")
    cell_write(t.cell(0, 1), "CONSIGNEE", bold=True, shade="D9D9D9")
    cell_write(t.cell(1, 0), [sh["name"], sh["street"], city_line(sh)])
    cell_write(t.cell(1, 1), [co["name"], co["street"], city_line(co)])
    para(d, "", size=6)
    t = table(d, 2, 3, [0.9, w - 2.3, 1.4])
    for i, h in enumerate(["Pcs", "Description", "Weight"]):
        cell_write(t.cell(0, i), h, bold=True, shade="D9D9D9")
    cell_write(t.cell(1, 0), str(g["hu"]))
    cell_write(t.cell(1, 1), g["desc"])
    cell_write(t.cell(1, 2), weight(g["wt"], "lbs"))
    para(d, "", size=6)
    p = para(d)
    add_run(p, rng.choice(["Exceptions (OS&D): ", "OS&D / Exceptions: ", "Notes: "]), bold=True)
    if g["osd"]:
        add_run(p, g["osd"])
        exp.f("osd_notes", g["osd"])
    else:
        add_run(p, rng.choice(["No exceptions", "None", "NO EXCEPTIONS - RECEIVED IN GOOD CONDITION"]))
    para(d, "Received the above described freight in good order and condition, except as noted.", size=8,
         italic=True, space_before=4, space_after=8)
    t = table(d, 2, 3, [w * 0.34, w * 0.36, w * 0.30], borders="none")
    cell_write(t.cell(0, 0), g["recv"], size=11)
    if g["signed"]:
        add_picture_cell(t.cell(0, 1), signature_png(f"{tmp}/{name}_sig.png", rng), 1.6)
    cell_write(t.cell(0, 2), f"{dp}  {tp}")
    for i, l in enumerate([rng.choice(["Received by (print)", "Consignee Name (print)", "Printed Name"]),
                           rng.choice(["Signature", "Receiver Signature", "Consignee Signature"]), "Date / Time"]):
        cell_write(t.cell(1, i), l, size=8)
        cell_border(t.cell(1, i), top=6)
    exp.f("received_by", g["recv"])
    exp.f("signed", "true" if g["signed"] else "false", "Signature")
    para(d, "", size=8)
    para(d, f"Driver: {person(rng)}     Truck #{digits(rng, 3)}     Trailer #{digits(rng, 5)}", size=8)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


# ------------------------------------------------------------------ L14 warehouse receiving record (Excel)
def build_l14(name, rng, tmp):
    exp = Exp(name, "proof_of_delivery", "office-L14")
    g = pod_data(rng)
    wb = Workbook()
    ws = wb.active
    ws.title = "Receiving"
    font = rng.choice(["Liberation Sans", "Carlito", "DejaVu Sans"])
    xl_setup(ws, [22, 26, 20, 26], gridlines=rng.random() < 0.5, margins=0.6)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=10, **k)
    co = g["consignee"]
    X("A1", co["name"], bold=True, size=15, merge="A1:D1")
    X("A2", f"{co['street']}, {city_line(co)}  \u2022  Receiving dock {co['phone']}", size=9, merge="A2:D2")
    X("A4", rng.choice(["RECEIVING RECORD / PROOF OF DELIVERY", "PROOF OF DELIVERY", "INBOUND RECEIVING REPORT"]),
      bold=True, size=13, merge="A4:D4", align="center", fill="D9E1F2", border="thin")
    dsty = g["dstyle"] if g["dstyle"] in XL_DATE_FMT else "us"
    tp = f"{g['time'][0]:02d}:{g['time'][1]:02d}"
    rows = [(rng.choice(["Carrier", "Carrier Name"]), g["carrier"]["name"], rng.choice(["PRO #", "Carrier PRO"]), g["pro"]),
            (rng.choice(["BOL #", "B/L #"]), g["bol"], rng.choice(["Load #", "Appointment / Load"]), g["load"]),
            (rng.choice(["Date Received", "Received Date", "Delivery Date"]), xl_date(g["date"]), "Time In", tp),
            ("Shipper", g["shipper"]["name"], "Door", str(rng.randint(1, 40))),
            ("Pallets Received", g["hu"], "Cases", g["hu"] * rng.choice([20, 40, 56]))]
    r = 6
    for l1, v1, l2, v2 in rows:
        X(f"A{r}", l1, bold=True, fill="F2F2F2", border="thin")
        X(f"B{r}", v1, border="thin", align="left", fmt=XL_DATE_FMT[dsty] if isinstance(v1, dt.datetime) else None)
        X(f"C{r}", l2, bold=True, fill="F2F2F2", border="thin")
        X(f"D{r}", v2, border="thin", align="left")
        r += 1
    exp.f("pro_number", g["pro"])
    exp.f("bol_number", g["bol"])
    exp.f("load_number", g["load"])
    exp.f("delivery_date", g["date"].isoformat(), date(g["date"], dsty))
    r += 1
    X(f"A{r}", "OS&D", bold=True, merge=f"A{r}:D{r}", fill="D9E1F2", border="thin")
    r += 1
    over = short = dmg = 0
    if g["osd"]:
        if "OVER" in g["osd"]:
            over = 1
        elif "SHORT" in g["osd"]:
            short = 1
        else:
            dmg = 1
    X(f"A{r}", f"Overage: {over}", border="thin")
    X(f"B{r}", f"Shortage: {short}", border="thin")
    X(f"C{r}", f"Damage: {dmg}", border="thin")
    X(f"D{r}", "Refused: 0", border="thin")
    r += 1
    X(f"A{r}", rng.choice(["OS&D Notes:", "Exceptions:", "Remarks:"]), bold=True, border="thin")
    if g["osd"]:
        X(f"B{r}", g["osd"], merge=f"B{r}:D{r}", border="thin")
        exp.f("osd_notes", g["osd"])
    else:
        X(f"B{r}", rng.choice(["No exceptions", "None - clean receipt", "NO OS&D"]), merge=f"B{r}:D{r}", border="thin")
    r += 2
    X(f"A{r}", rng.choice(["Received By:", "Receiver (print):", "Checked in by:"]), bold=True)
    X(f"B{r}", g["recv"])
    exp.f("received_by", g["recv"])
    X(f"C{r}", "Signature:", bold=True)
    X(f"D{r}", None)
    ws.row_dimensions[r].height = 36
    if g["signed"]:
        xl_image(ws, signature_png(f"{tmp}/{name}_sig.png", rng), f"D{r}", 150)
    exp.f("signed", "true" if g["signed"] else "false", "Signature:")
    r += 1
    X(f"D{r}", "________________________", size=9)
    r += 2
    X(f"A{r}", "Driver signature: ______________________", merge=f"A{r}:B{r}", size=9)
    X(f"C{r}", f"Seal intact: {'Yes' if rng.random() < 0.8 else 'No'}", size=9)
    r += 1
    X(f"A{r}", "Copy 1 - Carrier   Copy 2 - Receiving   Copy 3 - Accounts Payable", italic=True, size=8,
      merge=f"A{r}:D{r}", align="center")
    ws.print_area = f"A1:D{r}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


BUILDERS = {"L13": build_l13, "L14": build_l14}
