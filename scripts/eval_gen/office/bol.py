"""Bills of lading: layouts office-L10 (straight BOL short form, Word), L11 (spreadsheet export),
L12 (Word, labels above values, [X] boxes)."""
from decimal import Decimal as D

from openpyxl import Workbook

import lex
from common import (Exp, add_run, base_date, broker_name, carrier_name, cell_border, cell_write, city_line, date,
                    digits, load_no, new_doc, para, party, shipper_name, scac_for, table, usable_width, weight, xbox,
                    xc, xl_date, xl_setup, XL_DATE_FMT)

SHORT_DATES = ["us", "us_short", "mon_d_y", "iso", "d_mon_yy", "us_slim"]


def bol_data(rng):
    g = {}
    g["shipper"] = party(rng, shipper_name(rng))
    g["consignee"] = party(rng, shipper_name(rng), exclude=(g["shipper"]["city"],))
    g["billto"] = party(rng, broker_name(rng))
    g["carrier"] = carrier_name(rng)
    g["scac"] = scac_for(g["carrier"], rng)
    g["pro"] = digits(rng, rng.choice([7, 8, 9, 10]))
    g["bol"] = digits(rng, rng.choice([6, 7, 8, 10]))
    g["load"] = load_no(rng) if rng.random() < 0.7 else None
    g["po"] = digits(rng, rng.choice([6, 7, 10]))
    g["date"] = base_date(rng)
    g["terms"] = rng.choice(["prepaid", "prepaid", "collect", "third_party", "third_party"])
    g["trailer"] = digits(rng, 5)
    g["seal"] = digits(rng, 7)
    hz = rng.random() < 0.2
    items = []
    for i in range(rng.choice([1, 1, 2, 3])):
        hu = rng.randint(1, 26)
        typ = rng.choice(lex.PKG_TYPES)
        pk = hu * rng.choice([1, 10, 24, 40])
        wt = hu * rng.randrange(300, 1800, 10)
        if hz and i == 0:
            desc, _ = rng.choice(lex.HAZMAT_COMMODITIES)
            hm = True
        else:
            desc, hm = rng.choice(lex.COMMODITIES), False
        items.append({"hu": hu, "type": typ, "pk": pk, "wt": wt, "hm": hm, "desc": desc,
                      "nmfc": f"{rng.randint(10000, 199999)}", "cls": rng.choice(["50", "55", "60", "65", "70",
                                                                                    "77.5", "85", "92.5", "100"])})
    g["items"] = items
    g["hazmat"] = hz
    g["hu"] = sum(i["hu"] for i in items)
    g["wt"] = sum(i["wt"] for i in items)
    g["pk"] = sum(i["pk"] for i in items)
    g["dstyle"] = rng.choice(SHORT_DATES)
    return g


def rec_parties(exp, g, caps=False, full_state=False):
    up = (lambda x: x.upper()) if caps else (lambda x: x)
    for role, fld, typ in (("shipper", "shipper", "pickup"), ("consignee", "consignee", "delivery")):
        p = g[role]
        cl = up(city_line(p, full_state))
        exp.f(f"{fld}_name", up(p["name"]))
        exp.f(f"{fld}_city", up(p["city"]), cl)
        exp.f(f"{fld}_state", p["state"], cl)
    for role, typ in (("shipper", "pickup"), ("consignee", "delivery")):
        p = g[role]
        cl = up(city_line(p, full_state))
        exp.stop({"type": typ, "name": up(p["name"]), "address": up(p["street"]), "city": up(p["city"]),
                  "state": p["state"], "zip": p["zip"]},
                 {"name": up(p["name"]), "address": up(p["street"]), "city": cl, "state": cl, "zip": cl})


def box(checked, style):
    if style == "u":
        return "\u2612" if checked else "\u2610"
    return "[X]" if checked else "[ ]"


# ------------------------------------------------------------------ L10 straight BOL short form
def build_l10(name, rng, tmp):
    exp = Exp(name, "bill_of_lading", "office-L10")
    g = bol_data(rng)
    font = rng.choice(["Liberation Sans", "Liberation Serif", "DejaVu Sans", "Carlito"])
    d = new_doc(font, 8, margin=0.45)
    w = usable_width(d)
    bstyle = rng.choice(["u", "b"])
    t = table(d, 1, 3, [2.0, w - 3.6, 1.6], borders="none")
    dp = date(g["date"], g["dstyle"])
    cell_write(t.cell(0, 0), [[("Date: ", True), (dp, False)]], size=9)
    cell_write(t.cell(0, 1), rng.choice(["STRAIGHT BILL OF LADING \u2013 SHORT FORM", "BILL OF LADING - SHORT FORM",
                                         "STRAIGHT BILL OF LADING - NOT NEGOTIABLE"]), bold=True, size=13, align="center")
    cell_write(t.cell(0, 2), "Page 1 of 1", size=9, align="right")
    exp.f("ship_date", g["date"].isoformat(), dp)
    lw, rw = w * 0.55, w * 0.45
    rows = 7
    t = table(d, rows, 2, [lw, rw])
    sh, co, bt = g["shipper"], g["consignee"], g["billto"]
    cell_write(t.cell(0, 0), "SHIP FROM", bold=True, shade="000000", color="FFFFFF", align="center")
    cell_write(t.cell(1, 0), [[("Name: ", True), (sh["name"], False)], [("Address: ", True), (sh["street"], False)],
                              [("City/State/Zip: ", True), (city_line(sh), False)],
                              [("SID#: ", True), (digits(rng, 6), False), ("      FOB: \u2610", False)]])
    cell_write(t.cell(2, 0), "SHIP TO", bold=True, shade="000000", color="FFFFFF", align="center")
    cell_write(t.cell(3, 0), [[("Name: ", True), (co["name"], False)], [("Address: ", True), (co["street"], False)],
                              [("City/State/Zip: ", True), (city_line(co), False)],
                              [("CID#: ", True), (digits(rng, 5), False), ("      FOB: \u2610", False)]])
    cell_write(t.cell(4, 0), "THIRD PARTY FREIGHT CHARGES BILL TO:", bold=True, shade="000000", color="FFFFFF",
               align="center")
    if g["terms"] == "third_party" or rng.random() < 0.4:
        cell_write(t.cell(5, 0), [[("Name: ", True), (bt["name"], False)], [("Address: ", True), (bt["street"], False)],
                                  [("City/State/Zip: ", True), (city_line(bt), False)]])
    else:
        cell_write(t.cell(5, 0), ["Name:", "Address:", "City/State/Zip:"])
    cell_write(t.cell(6, 0), [[("SPECIAL INSTRUCTIONS: ", True)],
                              rng.choice(["Call 24 hrs before delivery.", "Liftgate required.", "Do not double stack.",
                                          "Deliver by appointment only.", ""])])
    exp.f("bol_number", g["bol"])
    right = [[("Bill of Lading Number: ", True), (g["bol"], False)]]
    cell_write(t.cell(0, 1), right, size=9)
    cr = [[("CARRIER NAME: ", True), (g["carrier"], False)], [("Trailer number: ", True), (g["trailer"], False)],
          [("Seal number(s): ", True), (g["seal"], False)], [("SCAC: ", True), (g["scac"], False)],
          [("Pro number: ", True), (g["pro"], False)]]
    if g["load"]:
        cr.append([(rng.choice(["Load #: ", "Load No: ", "Shipment ID: "]), True), (g["load"], False)])
        exp.f("load_number", g["load"])
    cell_write(t.cell(1, 1), cr)
    exp.f("carrier_name", g["carrier"])
    exp.f("scac", g["scac"])
    exp.f("pro_number", g["pro"])
    t.cell(2, 1).merge(t.cell(3, 1))
    terms_line = [(f"Prepaid {box(g['terms'] == 'prepaid', bstyle)}   ", False),
                  (f"Collect {box(g['terms'] == 'collect', bstyle)}   ", False),
                  (f"3rd Party {box(g['terms'] == 'third_party', bstyle)}", False)]
    cell_write(t.cell(2, 1), [[("Freight Charge Terms: ", True)], "(freight charges are prepaid unless marked otherwise)",
                              terms_line])
    tname = {"prepaid": "Prepaid", "collect": "Collect", "third_party": "3rd Party"}[g["terms"]]
    exp.f("freight_terms", g["terms"], f"{tname} {box(True, bstyle)}")
    t.cell(4, 1).merge(t.cell(6, 1))
    cell_write(t.cell(4, 1), [f"Master Bill of Lading: with attached underlying Bills of Lading  {box(False, bstyle)}",
                              "", "Shipper's Cert: Freight counted by shipper."])
    # customer order information
    para(d, "", size=3)
    t = table(d, 3, 5, [1.9, 0.8, 1.1, 1.2, w - 5.0])
    cell_write(t.cell(0, 0), "CUSTOMER ORDER INFORMATION", bold=True, shade="000000", color="FFFFFF")
    t.cell(0, 0).merge(t.cell(0, 4))
    hdr = ["CUSTOMER ORDER NUMBER", "# PKGS", "WEIGHT", "PALLET/SLIP (Y/N)", "ADDITIONAL SHIPPER INFO"]
    # reuse row 0 as title; header on row 1 would make 4 rows: add one
    r = t.add_row()
    for i, h in enumerate(hdr):
        cell_write(t.cell(1, i), h, bold=True, size=7, shade="D9D9D9")
    cell_write(t.cell(2, 0), g["po"])
    cell_write(t.cell(2, 1), str(g["pk"]))
    cell_write(t.cell(2, 2), f"{g['wt']:,}")
    cell_write(t.cell(2, 3), "Y")
    cell_write(t.cell(2, 4), rng.choice(["Dept 42", "Store stock", "", "Palletized"]))
    cell_write(t.cell(3, 0), "GRAND TOTAL", bold=True)
    cell_write(t.cell(3, 1), str(g["pk"]), bold=True)
    cell_write(t.cell(3, 2), f"{g['wt']:,}", bold=True)
    exp.f("po_number", g["po"])
    # carrier information
    para(d, "", size=3)
    cw = [0.68, 0.45, 0.62, 0.45, 0.8, 0.45, w - 4.75, 0.75, 0.55]
    items = g["items"]
    t = table(d, 3 + len(items), 9, cw)
    cell_write(t.cell(0, 0), "CARRIER INFORMATION", bold=True, shade="000000", color="FFFFFF")
    t.cell(0, 0).merge(t.cell(0, 8))
    hdr = ["HANDLING UNIT QTY", "TYPE", "PACKAGE QTY", "TYPE", "WEIGHT", "H.M. (X)",
           "COMMODITY DESCRIPTION", "NMFC #", "CLASS"]
    for i, h in enumerate(hdr):
        cell_write(t.cell(1, i), h, bold=True, size=6.5, shade="D9D9D9")
    for r, it in enumerate(items, start=2):
        vals = [str(it["hu"]), it["type"], str(it["pk"]), rng.choice(["CTN", "CS", "BAG", "BOX"]), f"{it['wt']:,}",
                "X" if it["hm"] else "", it["desc"], it["nmfc"], it["cls"]]
        for i, v in enumerate(vals):
            cell_write(t.cell(r, i), v)
    lr_ = 2 + len(items)
    wp = weight(g["wt"], rng.choice(["lbs", "LBS", "plain"]))
    cell_write(t.cell(lr_, 0), str(g["hu"]), bold=True)
    cell_write(t.cell(lr_, 2), str(g["pk"]), bold=True)
    cell_write(t.cell(lr_, 4), wp, bold=True)
    cell_write(t.cell(lr_, 6), "GRAND TOTAL", bold=True)
    exp.f("handling_units", str(g["hu"]), f"{g['hu']}")
    exp.f("weight_lb", str(g["wt"]), wp)
    exp.f("hazmat", "true" if g["hazmat"] else "false", "H.M. (X)")
    rec_parties(exp, g)
    para(d, "", size=3)
    para(d, lex.FINE_PRINT_BOL, size=6.5, align="justify")
    para(d, lex.FINE_PRINT_BOL2, size=6.5, align="justify", space_before=2)
    if g["hazmat"]:
        para(d, "EMERGENCY RESPONSE: 1-800-" + digits(rng, 3) + "-" + digits(rng, 4) + "   " + lex.HAZMAT_CERT,
             size=6.5, space_before=2)
    para(d, "", size=3)
    t = table(d, 1, 4, [w * 0.3, w * 0.2, w * 0.2, w * 0.3])
    cell_write(t.cell(0, 0), [[("SHIPPER SIGNATURE / DATE", True)], "", "_________________________", dp], size=7)
    cell_write(t.cell(0, 1), [[("Trailer Loaded:", True)], "\u2612 By Shipper", "\u2610 By Driver"], size=7)
    cell_write(t.cell(0, 2), [[("Freight Counted:", True)], "\u2610 By Shipper", "\u2612 By Driver/pallets"], size=7)
    cell_write(t.cell(0, 3), [[("CARRIER SIGNATURE / PICKUP DATE", True)], "", "_________________________",
                              "Property received in good order."], size=7)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


# ------------------------------------------------------------------ L11 spreadsheet export
def build_l11(name, rng, tmp):
    exp = Exp(name, "bill_of_lading", "office-L11")
    g = bol_data(rng)
    caps = rng.random() < 0.4
    up = (lambda x: x.upper()) if caps else (lambda x: x)
    wb = Workbook()
    ws = wb.active
    ws.title = "BOL"
    font = rng.choice(["Liberation Sans", "Carlito", "DejaVu Sans"])
    xl_setup(ws, [10, 8, 10, 38, 14, 9, 10], gridlines=True, margins=0.5)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=10, **k)
    X("A1", "Bill of Lading", bold=True, size=16, merge="A1:G1")
    X("A2", f"Printed from {rng.choice(['ShipDesk', 'WMS Export', 'OrderTrack', 'DockMaster'])} \u2013 "
            f"{up(g['shipper']['name'])}", size=8, italic=True, merge="A2:G2")
    dsty = g["dstyle"] if g["dstyle"] in XL_DATE_FMT else "us"
    tname = {"prepaid": "Prepaid", "collect": "Collect", "third_party": rng.choice(["Third Party", "3rd Party"])}[g["terms"]]
    kv = [(rng.choice(["BOL Number", "BOL No.", "B/L #"]), g["bol"], "bol_number"),
          (rng.choice(["Ship Date", "Date Shipped", "Pickup Date"]), xl_date(g["date"]), "ship_date"),
          ("Carrier", up(g["carrier"]), "carrier_name"), ("SCAC", g["scac"], "scac"),
          (rng.choice(["PRO Number", "Pro #"]), g["pro"], "pro_number")]
    if g["load"]:
        kv.append((rng.choice(["Load Number", "Load #", "Shipment #"]), g["load"], "load_number"))
    kv += [(rng.choice(["PO Number", "Customer PO", "PO #"]), g["po"], "po_number"),
           (rng.choice(["Freight Terms", "Freight Charges", "Payment Terms"]), tname, "freight_terms"),
           ("Trailer #", g["trailer"], None), ("Seal #", g["seal"], None)]
    r = 4
    for lbl, v, fld in kv:
        X(f"A{r}", lbl, bold=True, merge=f"A{r}:B{r}", fill="EDEDED")
        X(f"C{r}", v, merge=f"C{r}:D{r}", align="left", fmt=XL_DATE_FMT[dsty] if fld == "ship_date" else None)
        if fld == "ship_date":
            exp.f(fld, g["date"].isoformat(), date(g["date"], dsty))
        elif fld == "freight_terms":
            exp.f(fld, g["terms"], tname)
        elif fld:
            exp.f(fld, v)
        r += 1
    r += 1
    X(f"A{r}", "SHIPPER", bold=True, merge=f"A{r}:C{r}", fill="BDD7EE")
    X(f"D{r}", "CONSIGNEE", bold=True, merge=f"D{r}:G{r}", fill="BDD7EE")
    sh, co = g["shipper"], g["consignee"]
    for i, (a, b) in enumerate(zip([sh["name"], sh["street"], city_line(sh), sh["phone"]],
                                   [co["name"], co["street"], city_line(co), co["phone"]])):
        X(f"A{r + 1 + i}", up(a), merge=f"A{r + 1 + i}:C{r + 1 + i}")
        X(f"D{r + 1 + i}", up(b), merge=f"D{r + 1 + i}:G{r + 1 + i}")
    rec_parties(exp, g, caps=caps)
    r += 6
    hdr = ["Handling Units", "Type", "Pieces", "Description", "Weight (lbs)", "Class",
           rng.choice(["Hazmat", "HM (Y/N)", "Haz"])]
    for i, h in enumerate(hdr):
        X(f"{'ABCDEFG'[i]}{r}", h, bold=True, fill="D9D9D9", border="thin", wrap=True)
    ws.row_dimensions[r].height = 28
    for it in g["items"]:
        r += 1
        vals = [it["hu"], it["type"], it["pk"], up(it["desc"]), it["wt"], it["cls"], "Y" if it["hm"] else "N"]
        for i, v in enumerate(vals):
            X(f"{'ABCDEFG'[i]}{r}", v, border="thin", fmt="#,##0" if i == 4 else None,
              align="center" if i in (0, 1, 2, 5, 6) else None)
    r += 1
    X(f"A{r}", g["hu"], bold=True, border="thin", align="center")
    X(f"B{r}", "", border="thin")
    X(f"C{r}", g["pk"], bold=True, border="thin", align="center")
    X(f"D{r}", "TOTAL", bold=True, border="thin", align="right")
    X(f"E{r}", g["wt"], bold=True, border="thin", fmt="#,##0")
    xbox(ws, f"F{r}:G{r}")
    exp.f("handling_units", str(g["hu"]))
    exp.f("weight_lb", str(g["wt"]), f"{g['wt']:,}")
    exp.f("hazmat", "true" if g["hazmat"] else "false", "Y" if g["hazmat"] else hdr[6])
    r += 2
    X(f"A{r}", lex.FINE_PRINT_BOL, size=7, wrap=True, merge=f"A{r}:G{r + 2}", valign="top")
    r += 4
    X(f"A{r}", "Shipper: ____________________", merge=f"A{r}:C{r}")
    X(f"D{r}", "Driver: ____________________   Date: ________", merge=f"D{r}:G{r}")
    ws.print_area = f"A1:G{r}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


# ------------------------------------------------------------------ L12 Word, labels above values, [X] boxes
def build_l12(name, rng, tmp):
    exp = Exp(name, "bill_of_lading", "office-L12")
    g = bol_data(rng)
    page = "a4" if rng.random() < 0.4 else "letter"
    exp.page_size = page
    font = rng.choice(["Carlito", "Liberation Sans", "Caladea"])
    d = new_doc(font, 9, page=page, margin=0.6)
    w = usable_width(d)
    sh, co = g["shipper"], g["consignee"]
    para(d, sh["name"], bold=True, size=13)
    para(d, f"{sh['street']} \u2022 {city_line(sh)} \u2022 {sh['phone']}", size=8)
    para(d, rng.choice(["BILL OF LADING", "Bill of Lading \u2013 Not Negotiable", "STRAIGHT BILL OF LADING"]),
         bold=True, size=16, align="center", space_before=6, space_after=6)
    dp = date(g["date"], rng.choice(SHORT_DATES + ["long"]))
    row1 = [(rng.choice(["B/L NO.", "BOL NUMBER", "BOL #"]), g["bol"], "bol_number"), ("DATE", dp, "ship_date"),
            ("CARRIER", g["carrier"], "carrier_name"), ("SCAC", g["scac"], "scac")]
    row2 = [(rng.choice(["PRO NO.", "PRO #"]), g["pro"], "pro_number"),
            ((rng.choice(["LOAD NO.", "LOAD #"]), g["load"], "load_number") if g["load"]
             else ("SHIPPER REF", "SR-" + digits(rng, 5), None)),
            (rng.choice(["PO NO.", "CUST. PO"]), g["po"], "po_number"), ("TRAILER / SEAL", f"{g['trailer']} / {g['seal']}", None)]
    for row, ws_ in ((row1, [1.4, 1.9, 2.8, 0.9]), (row2, [1.4, 1.4, 1.6, 2.6])):
        sc = w / sum(ws_)
        t = table(d, 2, 4, [x * sc for x in ws_])
        for i, (l, v, fld) in enumerate(row):
            cell_write(t.cell(0, i), l, bold=True, size=7, shade="E7E6E6")
            cell_write(t.cell(1, i), v, size=10)
            if fld == "ship_date":
                exp.f(fld, g["date"].isoformat(), dp)
            elif fld and v:
                exp.f(fld, v)
        para(d, "", size=4)
    full = rng.random() < 0.3
    t = table(d, 2, 2, [w / 2, w / 2])
    cell_write(t.cell(0, 0), rng.choice(["SHIPPER", "FROM (SHIPPER)", "SHIP FROM"]), bold=True, size=8, shade="D9D9D9")
    cell_write(t.cell(0, 1), rng.choice(["CONSIGNEE", "TO (CONSIGNEE)", "SHIP TO"]), bold=True, size=8, shade="D9D9D9")
    cell_write(t.cell(1, 0), [[(sh["name"], True)], sh["street"], city_line(sh, full)])
    cell_write(t.cell(1, 1), [[(co["name"], True)], co["street"], city_line(co, full),
                              f"Contact: {rng.choice(lex.PERSON_FIRST)} {co['phone']}"])
    rec_parties(exp, g, full_state=full)
    para(d, "", size=4)
    items = g["items"]
    cols = [("QTY", 0.5), ("TYPE", 0.55), ("HM", 0.4), ("DESCRIPTION OF ARTICLES", 3.2), ("NMFC", 0.8),
            ("CLASS", 0.55), ("WEIGHT (LB)", 1.0)]
    sc = w / sum(c[1] for c in cols)
    t = table(d, 2 + len(items), len(cols), [c[1] * sc for c in cols])
    for i, (h, _) in enumerate(cols):
        cell_write(t.cell(0, i), h, bold=True, size=7, shade="D9D9D9")
    for r, it in enumerate(items, start=1):
        for i, v in enumerate([str(it["hu"]), it["type"], "X" if it["hm"] else "", it["desc"], it["nmfc"], it["cls"],
                               f"{it['wt']:,}"]):
            cell_write(t.cell(r, i), v)
    lr_ = 1 + len(items)
    wp = weight(g["wt"], rng.choice(["lbs", "LB", "lb"]))
    cell_write(t.cell(lr_, 0), str(g["hu"]), bold=True)
    cell_write(t.cell(lr_, 3), "TOTAL HANDLING UNITS / WEIGHT", bold=True, align="right")
    cell_write(t.cell(lr_, 6), wp, bold=True)
    exp.f("handling_units", str(g["hu"]))
    exp.f("weight_lb", str(g["wt"]), wp)
    para(d, "", size=4)
    tn = {"prepaid": "Prepaid", "collect": "Collect", "third_party": "Third Party"}
    p = para(d)
    add_run(p, "Freight charges: ", bold=True)
    add_run(p, "   ".join(f"{box(g['terms'] == k, 'b')} {v}" for k, v in tn.items()))
    exp.f("freight_terms", g["terms"], f"[X] {tn[g['terms']]}")
    p = para(d)
    add_run(p, "Hazardous materials: ", bold=True)
    add_run(p, f"{box(g['hazmat'], 'b')} Yes   {box(not g['hazmat'], 'b')} No")
    exp.f("hazmat", "true" if g["hazmat"] else "false", "[X] Yes" if g["hazmat"] else "[X] No")
    if g["terms"] == "third_party":
        bt = g["billto"]
        p = para(d)
        add_run(p, "Bill freight charges to: ", bold=True)
        add_run(p, f"{bt['name']}, {bt['street']}, {city_line(bt)}")
    para(d, "", size=4)
    para(d, lex.FINE_PRINT_BOL, size=7, align="justify")
    para(d, "", size=6)
    t = table(d, 2, 3, [w / 3] * 3, borders="none")
    for i, l in enumerate(["Shipper", "Carrier / Driver", "Date"]):
        cell_write(t.cell(0, i), "______________________")
        cell_write(t.cell(1, i), l, size=8)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


BUILDERS = {"L10": build_l10, "L11": build_l11, "L12": build_l12}
