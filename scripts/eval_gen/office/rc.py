"""Rate confirmations / load tenders (broker -> carrier): layouts office-L01 .. office-L05."""
import datetime as dt
from decimal import Decimal as D

from openpyxl import Workbook

import lex
from docx.shared import Pt
from common import (Exp, add_run, base_date, broker_name, carrier_name, cell_border, cell_write,
                    city_line, date, digits, hrule, letterhead, load_no, make_stops, merge_row,
                    mnorm, money, new_doc, page_footer, page_header, para, party, person, phone,
                    record_stop, ref_text, table, usable_width, weight, xbox, xc, xl_date, xl_setup,
                    XL_DATE_FMT, XL_MONEY_FMT, shade_cell)

SHORT_DATES = ["us", "us_short", "mon_d_y", "iso", "d_mon_yy", "us_slim"]


def rc_data(rng, max_stops=5):
    g = {}
    g["d0"] = base_date(rng)
    n_pu = 1 if rng.random() < 0.7 else 2
    n_del = rng.choice([1, 1, 1, 2, 2, 3])
    while n_pu + n_del > max_stops:
        n_del -= 1
    g["tstyle"] = rng.choice(["mil", "colon", "fcfs", "ampm"])
    g["stops"] = make_stops(rng, n_pu, n_del, g["d0"], g["tstyle"])
    g["broker"] = party(rng, broker_name(rng))
    g["carrier"] = party(rng, carrier_name(rng))
    g["mc"] = digits(rng, rng.choice([6, 6, 7]))
    g["dot"] = digits(rng, 7)
    g["load"] = load_no(rng)
    g["equipment"] = rng.choice(lex.EQUIPMENT)
    g["commodity"] = rng.choice(lex.COMMODITIES)
    g["weight"] = rng.randrange(8000, 44800, 100) if rng.random() < 0.8 else rng.randrange(8000, 44800, 1)
    g["pallets"] = rng.randint(6, 30)
    lh = D(rng.randrange(900, 5600, 25))
    g["linehaul"] = lh
    g["fsc"] = (lh * D(str(round(rng.uniform(0.11, 0.33), 3)))).quantize(D("0.01")) if rng.random() < 0.85 else None
    n_extra = len(g["stops"]) - 2
    g["stopoff"] = D(rng.choice([50, 75, 100, 150])) * n_extra if n_extra > 0 else None
    g["total"] = lh + (g["fsc"] or 0) + (g["stopoff"] or 0)
    g["terms"] = rng.choice(lex.PAY_TERMS_RC)
    g["issued"] = g["d0"] - dt.timedelta(days=rng.randint(0, 4))
    g["dispatcher"] = person(rng)
    g["driver"] = person(rng)
    g["mstyle"] = rng.choice(["dollar", "dollar", "dollar", "usd_suffix", "usd_prefix", "plain"])
    g["dstyle"] = rng.choice(SHORT_DATES)
    g["wstyle"] = rng.choice(["lbs", "LB", "lb", "LBS"])
    g["detention"] = f"${rng.choice([40, 50, 60, 75])}.00/hr after {rng.choice([2, 2, 3])} hrs free"
    return g


def pick_del(g):
    pu = [s for s in g["stops"] if s["type"] == "pickup"][0]
    de = [s for s in g["stops"] if s["type"] == "delivery"][-1]
    return pu, de


def record_common(exp, g, broker_printed, pages=None, caps_stops=False):
    """pickup_/delivery_ fields from the stops (printed forms from the stop records)."""
    pages = pages or {}
    pu, de = pick_del(g)
    up = (lambda x: x.upper()) if caps_stops else (lambda x: x)
    exp.f("pickup_date", pu["date"].isoformat(), pu["date_printed"], pages.get("stops", 1))
    exp.f("pickup_city", up(pu["party"]["city"]), up(pu["party"]["city"]), pages.get("stops", 1))
    exp.f("pickup_state", pu["party"]["state"], pu.get("city_printed", up(city_line(pu["party"]))), pages.get("stops", 1))
    exp.f("delivery_date", de["date"].isoformat(), de["date_printed"], pages.get("stops", 1))
    exp.f("delivery_city", up(de["party"]["city"]), up(de["party"]["city"]), pages.get("stops", 1))
    exp.f("delivery_state", de["party"]["state"], de.get("city_printed", up(city_line(de["party"]))), pages.get("stops", 1))


TYPE_WORDS = [("Pickup", "Delivery"), ("PU", "DEL"), ("Pick", "Drop"), ("Load", "Unload"),
              ("Shipper", "Consignee"), ("P", "D")]
COL_HDR = {
    "seq": ["Stop", "#", "Seq"], "type": ["Type", "P/D", "Action", "Event"],
    "name": ["Facility", "Location", "Company", "Name", "Shipper / Receiver"],
    "address": ["Address", "Street", "Street Address"],
    "city": ["City St Zip", "City, ST Zip", "City/State/Zip", "City, State ZIP"],
    "date": ["Date", "Sched. Date", "Appt Date", "Ready Date"], "time": ["Appt", "Time", "Window", "Hours"],
    "ref": ["Ref", "Ref #", "PU/PO #", "Reference", "Numbers"],
}
COL_W = {"seq": 0.38, "type": 0.62, "name": 1.42, "address": 1.2, "city": 1.3, "date": 0.8,
         "time": 0.98, "ref": 0.95}
ORDERS = [["seq", "type", "name", "address", "city", "date", "time", "ref"],
          ["seq", "type", "date", "time", "name", "address", "city", "ref"],
          ["type", "name", "address", "city", "ref", "date", "time"],
          ["seq", "name", "address", "city", "type", "date", "time", "ref"]]


def stop_table(d, exp, g, rng, size=8, shade="D9E2F3"):
    order = rng.choice(ORDERS)
    tw = rng.choice(TYPE_WORDS)
    widths = [COL_W[k] for k in order]
    avail = usable_width(d)
    scale = avail / sum(widths)
    widths = [w * scale for w in widths]
    t = table(d, 1 + len(g["stops"]), len(order), widths)
    for i, k in enumerate(order):
        cell_write(t.cell(0, i), rng.choice(COL_HDR[k]), bold=True, size=size, shade=shade)
    for r, s in enumerate(g["stops"], start=1):
        s["date_printed"] = date(s["date"], g["dstyle"])
        s["ref_printed"] = ref_text(s["refs"])
        typ = tw[0] if s["type"] == "pickup" else tw[1]
        vals = {"seq": str(r), "type": typ, "name": s["party"]["name"], "address": s["party"]["street"],
                "city": city_line(s["party"]), "date": s["date_printed"], "time": s["tp"],
                "ref": s["ref_printed"]}
        for i, k in enumerate(order):
            cell_write(t.cell(r, i), vals[k], size=size)
        keys = ["name", "address", "city", "date", "time", "reference"]
        record_stop(exp, s, keys)
        exp.stop_printed[-1]["type"] = typ
    return t


def stop_boxes(d, exp, g, rng, size=9, per_row=2, full_state=False, headers=None, shade="E7E6E6"):
    """Stacked stop boxes, two per row. headers: function(stop, i_pu, i_del) -> title."""
    stops = g["stops"]
    n_pu = sum(1 for s in stops if s["type"] == "pickup")
    n_del = len(stops) - n_pu
    style = rng.choice(["num", "numstop", "pickdel"]) if headers is None else headers
    if (n_pu, n_del) == (1, 1) and style == "pickdel":
        style = rng.choice(["shiprecv", "origdest", "num"])
    titles, ip, idl = [], 0, 0
    for k, s in enumerate(stops, start=1):
        if s["type"] == "pickup":
            ip += 1
        else:
            idl += 1
        if style == "num":
            titles.append(f"PICKUP {ip}" if s["type"] == "pickup" else f"DROP {idl}")
        elif style == "numstop":
            titles.append(f"STOP {k} - {'PICK UP' if s['type'] == 'pickup' else 'DELIVERY'}")
        elif style == "pickdel":
            titles.append(f"Pick Up #{ip}" if s["type"] == "pickup" else f"Delivery #{idl}")
        elif style == "shiprecv":
            titles.append("Shipper" if s["type"] == "pickup" else "Receiver")
        else:
            titles.append("Origin" if s["type"] == "pickup" else "Destination")
    w = usable_width(d)
    datelbl = rng.choice(["Date:", "Scheduled:", "Appt Date:", "Date"])
    timelbl = rng.choice(["Time:", "Hours:", "Window:", "Appt:"])
    for i in range(0, len(stops), per_row):
        chunk = stops[i:i + per_row]
        if per_row == 2:
            t = table(d, 2, 3, [w / 2 - 0.1, 0.2, w / 2 - 0.1], borders="none")
            cols = [0, 2]
        else:
            t = table(d, 2, 1, [w], borders="none")
            cols = [0]
        for j, s in enumerate(chunk):
            c = cols[j]
            hc, bc = t.cell(0, c), t.cell(1, c)
            cell_write(hc, titles[i + j], bold=True, size=size + 1, shade=shade)
            s["date_printed"] = date(s["date"], g["dstyle"])
            cl = city_line(s["party"], full_state)
            s["city_printed"] = cl
            s["ref_printed"] = ref_text(s["refs"], sep="   ")
            lines = [[(s["party"]["name"], True)], s["party"]["street"], cl,
                     [(datelbl + " ", True), (s["date_printed"], False)],
                     [(timelbl + " ", True), (s["tp"], False)],
                     s["ref_printed"]]
            cell_write(bc, lines, size=size)
            for cc in (hc, bc):
                cell_border(cc, top=6, bottom=6, left=6, right=6)
            record_stop(exp, s, ["name", "address", "city", "date", "time", "reference"], full_state=full_state)
            exp.stop_printed[-1]["type"] = titles[i + j]
        para(d, "", size=4)


# ------------------------------------------------------------------ L01 letter-style, header table
def build_l01(name, rng, tmp):
    exp = Exp(name, "rate_confirmation", "office-L01")
    g = rc_data(rng)
    font = rng.choice(["Liberation Sans", "Carlito", "Liberation Serif", "DejaVu Sans"])
    d = new_doc(font, rng.choice([9, 10]), margin=0.5)
    bn = letterhead(d, rng, tmp, g["broker"]["name"], g["broker"], logo=rng.random() < 0.7)
    exp.f("broker_name", g["broker"]["name"], bn)
    hrule(d)
    title = rng.choice(["RATE CONFIRMATION", "Rate Confirmation", "LOAD CONFIRMATION", "Carrier Rate Agreement",
                        "Rate Confirmation & Load Sheet"])
    para(d, title, bold=True, size=15, align="center", space_before=4, space_after=4)
    w = usable_width(d)
    t = table(d, 4, 4, [1.2, w / 2 - 1.2, 1.2, w / 2 - 1.2])
    ll, lm, ld = rng.choice(lex.LBL["load"]), rng.choice(lex.LBL["mc"]), rng.choice(lex.LBL["dot"])
    mc_pr = g["mc"] if rng.random() < 0.6 else f"MC-{g['mc']}" if rng.random() < 0.5 else f"MC {g['mc']}"
    issued = date(g["issued"], rng.choice(SHORT_DATES))
    rows = [(ll, g["load"], "Date", issued),
            (rng.choice(lex.LBL["carrier"]).rstrip(":"), g["carrier"]["name"], lm, mc_pr),
            ("Dispatcher", g["dispatcher"], ld, g["dot"]),
            (rng.choice(lex.LBL["equipment"]), g["equipment"], "Carrier Phone", g["carrier"]["phone"])]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            cell_write(t.cell(r, c), v, bold=(c % 2 == 0), size=9, shade="F2F2F2" if c % 2 == 0 else None)
    exp.f("load_number", g["load"])
    exp.f("carrier_name", g["carrier"]["name"])
    exp.f("carrier_mc", g["mc"], mc_pr)
    exp.f("carrier_dot", g["dot"])
    exp.f("equipment", g["equipment"])
    para(d, "", size=4)
    para(d, f"Dear {person(rng)},", space_after=2)
    para(d, f"Thank you for hauling for {g['broker']['name']}. This confirms the shipment below at the agreed "
            f"rate. Please sign and return this confirmation before dispatching the driver. Call "
            f"{g['dispatcher']} at {g['broker']['phone']} with any question.", space_after=6, align="justify")
    para(d, rng.choice(["Stops", "STOP DETAILS", "Pickup / Delivery Schedule", "Route"]), bold=True, size=11, space_after=2)
    stop_table(d, exp, g, rng)
    record_common(exp, g, bn)
    para(d, "", size=4)
    lc, lw = rng.choice(lex.LBL["commodity"]), rng.choice(lex.LBL["weight"])
    wp = weight(g["weight"], g["wstyle"])
    p = para(d)
    add_run(p, f"{lc}: ", bold=True)
    add_run(p, g["commodity"])
    add_run(p, f"      {lw}: ", bold=True)
    add_run(p, wp)
    add_run(p, "      Pallets: ", bold=True)
    add_run(p, str(g["pallets"]))
    exp.f("commodity", g["commodity"])
    exp.f("weight_lb", str(g["weight"]), wp)
    para(d, "", size=4)
    money_table_right(d, exp, g, rng)
    tl = rng.choice(lex.LBL["terms"])
    p = para(d, space_before=4)
    add_run(p, f"{tl}: ", bold=True)
    add_run(p, g["terms"])
    exp.f("payment_terms", g["terms"])
    para(d, f"Accessorials: Detention {g['detention']}; layover and TONU only when approved in writing. "
            f"Lumper reimbursed with receipt.", size=8, space_before=3)
    para(d, "", size=6)
    sig = table(d, 2, 2, [w / 2, w / 2], borders="none")
    cell_write(sig.cell(0, 0), ["", "________________________________", f"For {g['broker']['name']}"], size=8)
    cell_write(sig.cell(0, 1), ["", "________________________________", "Carrier signature / date"], size=8)
    para(d, "This rate confirmation is subject to the Broker-Carrier Agreement on file. Carrier may not "
            "re-broker this load. Payment requires a signed POD.", size=7, italic=True, space_before=6)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


def money_table_right(d, exp, g, rng, page=1, labels_above=False, size=10):
    w = usable_width(d)
    ms = g["mstyle"]
    rows = []
    llh = rng.choice(lex.LBL["linehaul"])
    rows.append((llh, g["linehaul"], "linehaul_usd"))
    if g["fsc"] is not None:
        rows.append((rng.choice(lex.LBL["fsc"]), g["fsc"], "fuel_surcharge_usd"))
    if g["stopoff"] is not None:
        rows.append((f"Stop-off ({len(g['stops']) - 2})", g["stopoff"], None))
    rows.append((rng.choice(lex.LBL["total_rc"]), g["total"], "total_usd"))
    if labels_above:
        n = len(rows)
        t = table(d, 2, n, [w / n] * n)
        for i, (lbl, amt, fld) in enumerate(rows):
            cell_write(t.cell(0, i), lbl, bold=True, size=size - 1, shade="D9D9D9", align="center")
            pr = money(amt, ms)
            cell_write(t.cell(1, i), pr, size=size, align="center", bold=(fld == "total_usd"))
            if fld:
                exp.f(fld, mnorm(amt), pr, page)
        return t
    t = table(d, len(rows), 3, [w - 3.6, 2.0, 1.6], borders="none")
    for i, (lbl, amt, fld) in enumerate(rows):
        pr = money(amt, ms)
        cell_write(t.cell(i, 1), lbl, bold=True, size=size, align="right")
        cell_write(t.cell(i, 2), pr, size=size, align="right", bold=(fld == "total_usd"))
        cell_border(t.cell(i, 2), bottom=4)
        if fld == "total_usd":
            cell_border(t.cell(i, 2), top=12, bottom=12)
        if fld:
            exp.f(fld, mnorm(amt), pr, page)
    return t


# ------------------------------------------------------------------ L02 form: two-column label/value table + stop boxes
def build_l02(name, rng, tmp):
    exp = Exp(name, "rate_confirmation", "office-L02")
    g = rc_data(rng)
    font = rng.choice(["Liberation Sans", "Carlito", "DejaVu Sans", "Caladea"])
    page = "a4" if rng.random() < 0.25 else "letter"
    exp.page_size = page
    d = new_doc(font, 9, page=page, margin=0.55)
    bn = letterhead(d, rng, tmp, g["broker"]["name"], g["broker"], logo=False, align="center", name_size=15,
                    color=rng.choice(["000000", "1F3864", "7B2C2C"]))
    exp.f("broker_name", g["broker"]["name"], bn)
    para(d, rng.choice(["LOAD TENDER / RATE CONFIRMATION", "CARRIER LOAD CONFIRMATION", "Load Confirmation",
                        "CONFIRMATION OF RATE AGREEMENT"]), bold=True, size=13, align="center", space_before=6,
         space_after=6)
    w = usable_width(d)
    mc_pr = rng.choice([g["mc"], f"MC{g['mc']}", f"MC# {g['mc']}"])
    wp = weight(g["weight"], g["wstyle"])
    rows = [(rng.choice(lex.LBL["load"]), g["load"], "load_number", g["load"]),
            ("Tender Date", date(g["issued"], g["dstyle"]), None, None),
            (rng.choice(lex.LBL["carrier"]).rstrip(":"), g["carrier"]["name"], "carrier_name", g["carrier"]["name"]),
            (rng.choice(lex.LBL["mc"]), mc_pr, "carrier_mc", g["mc"]),
            (rng.choice(lex.LBL["dot"]), g["dot"], "carrier_dot", g["dot"]),
            ("Driver / Cell", f"{g['driver']}  {phone(rng)}", None, None),
            (rng.choice(lex.LBL["equipment"]), g["equipment"], "equipment", g["equipment"]),
            (rng.choice(lex.LBL["commodity"]), g["commodity"], "commodity", g["commodity"]),
            (rng.choice(lex.LBL["weight"]), wp, "weight_lb", str(g["weight"])),
            ("Pieces", f"{g['pallets']} pallets", None, None)]
    ms = g["mstyle"]
    rows.append((rng.choice(lex.LBL["linehaul"]), money(g["linehaul"], ms), "linehaul_usd", mnorm(g["linehaul"])))
    if g["fsc"] is not None:
        rows.append((rng.choice(lex.LBL["fsc"]), money(g["fsc"], ms), "fuel_surcharge_usd", mnorm(g["fsc"])))
    if g["stopoff"] is not None:
        rows.append(("Stop-off charges", money(g["stopoff"], ms), None, None))
    rows.append((rng.choice(lex.LBL["total_rc"]), money(g["total"], ms), "total_usd", mnorm(g["total"])))
    rows.append((rng.choice(lex.LBL["terms"]), g["terms"], "payment_terms", g["terms"]))
    t = table(d, len(rows), 2, [2.0, w - 2.0])
    for i, (lbl, val, fld, norm) in enumerate(rows):
        cell_write(t.cell(i, 0), lbl, bold=True, shade="DEEAF6")
        cell_write(t.cell(i, 1), val, bold=(fld == "total_usd"))
        if fld:
            exp.f(fld, norm, val)
    para(d, "", size=6)
    stop_boxes(d, exp, g, rng, full_state=rng.random() < 0.25)
    record_common(exp, g, bn)
    para(d, "SPECIAL INSTRUCTIONS", bold=True, space_before=4)
    para(d, f"Driver must call for appointment 24 hours ahead. No double brokering. Detention {g['detention']} "
            f"with in/out times on BOL. Send signed POD to {rng.choice(['billing', 'pod', 'ap'])}@"
            f"{g['broker']['name'].split()[0].lower()}logistics.com.", size=8)
    para(d, "", size=6)
    t2 = table(d, 3, 2, [w / 2, w / 2], borders="none")
    cell_write(t2.cell(0, 0), "ACCEPTED AND AGREED:", bold=True, size=8)
    cell_write(t2.cell(1, 0), "Carrier: __________________________", size=8)
    cell_write(t2.cell(2, 0), "Signature / Date: __________________", size=8)
    cell_write(t2.cell(1, 1), f"Broker: {g['broker']['name']}", size=8)
    cell_write(t2.cell(2, 1), f"By: {g['dispatcher']}", size=8)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


# ------------------------------------------------------------------ L03 Excel load sheet
def build_l03(name, rng, tmp):
    exp = Exp(name, "rate_confirmation", "office-L03")
    g = rc_data(rng)
    caps = rng.random() < 0.5
    up = (lambda x: x.upper()) if caps else (lambda x: x)
    wb = Workbook()
    ws = wb.active
    ws.title = "Load Sheet"
    font = rng.choice(["Liberation Sans", "Carlito", "DejaVu Sans"])
    base = 10
    widths = [5, 8, 30, 24, 24, 13, 17, 20]
    xl_setup(ws, widths, landscape=True, gridlines=True)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=base, **k)
    X("A1", g["broker"]["name"], bold=True, size=16, merge="A1:H1")
    exp.f("broker_name", g["broker"]["name"])
    X("A2", f"{g['broker']['street']}, {city_line(g['broker'])}   Tel {g['broker']['phone']}", size=9, merge="A2:H2")
    title = rng.choice(["RATE CONFIRMATION", "LOAD SHEET", "CARRIER LOAD SHEET", "LOAD CONFIRMATION"])
    X("A3", title, bold=True, size=13, merge="A3:H3", align="center", fill="BDD7EE")
    ms = g["mstyle"] if g["mstyle"] in XL_MONEY_FMT else "dollar"
    mfmt = XL_MONEY_FMT[ms]
    dsty = g["dstyle"] if g["dstyle"] in XL_DATE_FMT else "us"
    dfmt = XL_DATE_FMT[dsty]
    wst = rng.choice(["lbs", "plain"])
    wfmt = '#,##0" lbs"' if wst == "lbs" else "#,##0"
    mc_pr = g["mc"]
    info = [
        (rng.choice(lex.LBL["load"]), g["load"], "Date", xl_date(g["issued"])),
        (rng.choice(lex.LBL["carrier"]).rstrip(":"), up(g["carrier"]["name"]), rng.choice(lex.LBL["mc"]), mc_pr),
        ("Contact", g["dispatcher"], rng.choice(lex.LBL["dot"]), g["dot"]),
        (rng.choice(lex.LBL["equipment"]), g["equipment"], rng.choice(lex.LBL["weight"]), g["weight"]),
        (rng.choice(lex.LBL["commodity"]), g["commodity"], "Pallets", g["pallets"]),
    ]
    r = 5
    for (l1, v1, l2, v2) in info:
        X(f"A{r}", l1, bold=True, merge=f"A{r}:B{r}", fill="F2F2F2")
        X(f"C{r}", v1, align="left")
        X(f"E{r}", l2, bold=True, fill="F2F2F2", align="right")
        fmt = dfmt if l2 == "Date" else (wfmt if isinstance(v2, int) and v2 > 1000 else None)
        X(f"F{r}", v2, fmt=fmt, align="left", merge=f"F{r}:G{r}")
        r += 1
    exp.f("load_number", g["load"])
    exp.f("carrier_name", up(g["carrier"]["name"]))
    exp.f("carrier_mc", g["mc"])
    exp.f("carrier_dot", g["dot"])
    exp.f("equipment", g["equipment"])
    exp.f("commodity", g["commodity"])
    exp.f("weight_lb", str(g["weight"]), f"{g['weight']:,}")
    r += 1
    hdr = ["#", "Type", rng.choice(["Facility", "Location", "Name"]), "Address",
           rng.choice(["City, ST Zip", "City/State/Zip"]), "Date", rng.choice(["Time", "Appt", "Window"]),
           rng.choice(["Ref #", "PU / PO #", "Reference"])]
    for i, h in enumerate(hdr):
        X(f"{'ABCDEFGH'[i]}{r}", h, bold=True, fill="D9D9D9", border="thin")
    tw = rng.choice([("PU", "DEL"), ("Pickup", "Delivery"), ("Pick", "Drop")])
    for k, s in enumerate(g["stops"], start=1):
        r += 1
        s["date_printed"] = date(s["date"], dsty)
        s["ref_printed"] = ref_text(s["refs"], sep=", ")
        typ = tw[0] if s["type"] == "pickup" else tw[1]
        vals = [k, typ, up(s["party"]["name"]), up(s["party"]["street"]), up(city_line(s["party"])),
                xl_date(s["date"]), s["tp"], s["ref_printed"]]
        for i, v in enumerate(vals):
            X(f"{'ABCDEFGH'[i]}{r}", v, border="thin", fmt=dfmt if i == 5 else None,
              align="center" if i in (0, 1) else "left")
        record_stop(exp, s, ["name", "address", "city", "date", "time", "reference"], caps=caps)
        exp.stop_printed[-1]["type"] = typ
    record_common(exp, g, None, caps_stops=caps)
    r += 2
    rate_rows = [(rng.choice(lex.LBL["linehaul"]), g["linehaul"], "linehaul_usd")]
    if g["fsc"] is not None:
        rate_rows.append((rng.choice(lex.LBL["fsc"]), g["fsc"], "fuel_surcharge_usd"))
    if g["stopoff"] is not None:
        rate_rows.append(("Stop-off", g["stopoff"], None))
    rate_rows.append((rng.choice(lex.LBL["total_rc"]), g["total"], "total_usd"))
    r0 = r
    X(f"A{r}", "Notes:", bold=True, merge=f"A{r}:B{r}")
    X(f"C{r}", f"Detention {g['detention']}. Lumper reimbursed w/ receipt only. "
               f"Load must be tracked. No re-brokering.", wrap=True, merge=f"C{r}:E{r + 2}", valign="top", size=9)
    for lbl, amt, fld in rate_rows:
        X(f"F{r}", lbl, bold=True, align="right", merge=f"F{r}:G{r}")
        X(f"H{r}", float(amt), fmt=mfmt, bold=(fld == "total_usd"), border="thin")
        if fld:
            exp.f(fld, mnorm(amt), money(amt, ms))
        r += 1
    r = max(r, r0 + 3) + 1
    tl = rng.choice(lex.LBL["terms"])
    X(f"F{r}", tl, bold=True, align="right", merge=f"F{r}:G{r}")
    X(f"H{r}", g["terms"])
    exp.f("payment_terms", g["terms"])
    r += 2
    X(f"A{r}", "Carrier signature:  ______________________________", bold=True, merge=f"A{r}:D{r}")
    X(f"E{r}", "Date: ______________")
    r += 1
    X(f"A{r}", "By signing, carrier accepts this load at the rate above under the broker-carrier agreement on file.",
      italic=True, size=8, merge=f"A{r}:H{r}")
    ws.print_area = f"A1:H{r}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


# ------------------------------------------------------------------ L04 multi-page with T&C and signature page
def build_l04(name, rng, tmp):
    exp = Exp(name, "rate_confirmation", "office-L04")
    g = rc_data(rng)
    pages = rng.choice([2, 3, 3])
    rate_last = pages == 3 and rng.random() < 0.6
    font = rng.choice(["Liberation Serif", "Caladea", "Liberation Sans", "Carlito"])
    d = new_doc(font, 10, margin=0.7)
    page_header(d, f"{g['broker']['name']}  -  Rate Confirmation  -  Load {g['load']}")
    page_footer(d, "Confidential: for the named carrier only.")
    bn = letterhead(d, rng, tmp, g["broker"]["name"], g["broker"], logo=True)
    exp.f("broker_name", g["broker"]["name"], bn)
    hrule(d, color="1F3864")
    para(d, rng.choice(["Broker-Carrier Rate Confirmation", "RATE AND LOAD CONFIRMATION", "Load Confirmation Agreement"]),
         bold=True, size=14, align="center", space_before=4, space_after=6)
    w = usable_width(d)
    mc_pr = f"MC {g['mc']}" if rng.random() < 0.5 else g["mc"]
    rows = [(rng.choice(lex.LBL["load"]), g["load"], "load_number", g["load"]),
            ("Date Issued", date(g["issued"], rng.choice(SHORT_DATES + ["long"])), None, None),
            (rng.choice(lex.LBL["carrier"]).rstrip(":"), g["carrier"]["name"], "carrier_name", g["carrier"]["name"]),
            (rng.choice(lex.LBL["mc"]), mc_pr, "carrier_mc", g["mc"]),
            (rng.choice(lex.LBL["dot"]), g["dot"], "carrier_dot", g["dot"]),
            (rng.choice(lex.LBL["equipment"]), g["equipment"], "equipment", g["equipment"])]
    t = table(d, 3, 4, [1.3, w / 2 - 1.3, 1.3, w / 2 - 1.3], borders="h")
    for i, (lbl, val, fld, norm) in enumerate(rows):
        r, c = i // 2, (i % 2) * 2
        cell_write(t.cell(r, c), lbl, bold=True, size=9)
        cell_write(t.cell(r, c + 1), val, size=10)
        if fld:
            exp.f(fld, norm, val)
    para(d, "", size=6)
    if rng.random() < 0.5:
        stop_boxes(d, exp, g, rng, size=9)
    else:
        stop_table(d, exp, g, rng)
    record_common(exp, g, bn)
    wp = weight(g["weight"], g["wstyle"])
    p = para(d, space_before=6)
    add_run(p, rng.choice(lex.LBL["commodity"]) + ": ", bold=True)
    add_run(p, g["commodity"])
    p = para(d)
    add_run(p, rng.choice(lex.LBL["weight"]) + ": ", bold=True)
    add_run(p, wp)
    add_run(p, f"      Pallets: {g['pallets']}")
    exp.f("commodity", g["commodity"])
    exp.f("weight_lb", str(g["weight"]), wp)
    rate_page = pages if rate_last else 1
    if not rate_last:
        para(d, "Rate", bold=True, size=11, space_before=6, space_after=2)
        money_table_right(d, exp, g, rng, page=1)
        p = para(d, space_before=3)
        add_run(p, rng.choice(lex.LBL["terms"]) + ": ", bold=True)
        add_run(p, g["terms"])
        exp.f("payment_terms", g["terms"])
    else:
        para(d, "Rate and payment terms: see page 3.", italic=True, space_before=6)
    d.add_page_break()
    para(d, "TERMS AND CONDITIONS", bold=True, size=12, align="center", space_after=6)
    clauses = rng.sample(lex.TC_CLAUSES, 14)
    for i, cl in enumerate(clauses, start=1):
        para(d, f"{i}. {cl}", size=8, align="justify", space_after=3)
    if pages == 2:
        para(d, "", size=8)
        sig_block(d, g, w)
    else:
        d.add_page_break()
        if rate_last:
            para(d, "RATE AGREEMENT", bold=True, size=12, align="center", space_after=6)
            para(d, f"For load {g['load']} the broker agrees to pay the carrier the following all-inclusive rate:",
                 space_after=4)
            money_table_right(d, exp, g, rng, page=3, labels_above=rng.random() < 0.5)
            p = para(d, space_before=4)
            add_run(p, rng.choice(lex.LBL["terms"]) + ": ", bold=True)
            add_run(p, g["terms"])
            exp.f("payment_terms", g["terms"], page=3)
            para(d, f"Agreed accessorials: detention {g['detention']}; layover $250.00/day; TONU $150.00.",
                 size=9, space_before=4)
        else:
            para(d, "SIGNATURE PAGE", bold=True, size=12, align="center", space_after=6)
        para(d, "", size=8)
        sig_block(d, g, w)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


def sig_block(d, g, w):
    t = table(d, 4, 2, [w / 2, w / 2], borders="none")
    cell_write(t.cell(0, 0), "BROKER", bold=True)
    cell_write(t.cell(0, 1), "CARRIER", bold=True)
    cell_write(t.cell(1, 0), g["broker"]["name"])
    cell_write(t.cell(1, 1), g["carrier"]["name"])
    cell_write(t.cell(2, 0), ["", "Signature: ________________________"])
    cell_write(t.cell(2, 1), ["", "Signature: ________________________"])
    cell_write(t.cell(3, 0), ["Name: " + g["dispatcher"], "Date: ______________"])
    cell_write(t.cell(3, 1), ["Name: ____________________", "Date: ______________"])


# ------------------------------------------------------------------ L05 load tender, labels above values
def build_l05(name, rng, tmp):
    exp = Exp(name, "rate_confirmation", "office-L05")
    g = rc_data(rng, max_stops=4)
    page = "a4" if rng.random() < 0.4 else "letter"
    exp.page_size = page
    font = rng.choice(["DejaVu Sans", "Liberation Sans", "Carlito"])
    d = new_doc(font, 9, page=page, margin=0.6)
    w = usable_width(d)
    t = table(d, 1, 2, [w * 0.6, w * 0.4], borders="none")
    cell_write(t.cell(0, 0), [[(g["broker"]["name"], True)], g["broker"]["street"], city_line(g["broker"]),
                              f"Ph {g['broker']['phone']}"], size=9)
    t.cell(0, 0).paragraphs[0].runs[0].font.size = Pt(14)
    title = rng.choice(["LOAD TENDER", "Load Tender", "TENDER OF FREIGHT", "CARRIER TENDER"])
    cell_write(t.cell(0, 1), [[(title, True)], "Please confirm within 1 hour"], size=9, align="right")
    t.cell(0, 1).paragraphs[0].runs[0].font.size = Pt(16)
    exp.f("broker_name", g["broker"]["name"])
    hrule(d, sz=18)
    wp = weight(g["weight"], g["wstyle"])
    hdr1 = [(rng.choice(lex.LBL["load"]).upper(), g["load"], "load_number", g["load"]),
            ("TENDER DATE", date(g["issued"], g["dstyle"]), None, None),
            (rng.choice(lex.LBL["equipment"]).upper(), g["equipment"], "equipment", g["equipment"]),
            (rng.choice(lex.LBL["commodity"]).upper(), g["commodity"], "commodity", g["commodity"]),
            (rng.choice(lex.LBL["weight"]).upper(), wp, "weight_lb", str(g["weight"]))]
    mc_pr = rng.choice([g["mc"], f"MC {g['mc']}"])
    hdr2 = [(rng.choice(lex.LBL["carrier"]).rstrip(":").upper(), g["carrier"]["name"], "carrier_name", g["carrier"]["name"]),
            (rng.choice(lex.LBL["mc"]).upper(), mc_pr, "carrier_mc", g["mc"]),
            (rng.choice(lex.LBL["dot"]).upper(), g["dot"], "carrier_dot", g["dot"]),
            ("DISPATCH", g["dispatcher"], None, None)]
    for hdr, ws_ in ((hdr1, [1.2, 1.2, 1.5, 1.7, 1.2]), (hdr2, [2.6, 1.3, 1.4, 1.8])):
        sc = w / sum(ws_)
        t = table(d, 2, len(hdr), [x * sc for x in ws_])
        for i, (lbl, val, fld, norm) in enumerate(hdr):
            cell_write(t.cell(0, i), lbl, bold=True, size=7, shade="404040", color="FFFFFF")
            cell_write(t.cell(1, i), val, size=9)
            if fld:
                exp.f(fld, norm, val)
        para(d, "", size=5)
    stops = g["stops"]
    if len(stops) == 2:
        hd = rng.choice([("ORIGIN", "DESTINATION"), ("SHIPPER", "RECEIVER"), ("PICK UP AT", "DELIVER TO")])
        dsty = rng.choice(SHORT_DATES + ["long"])
        t = table(d, 2, 2, [w / 2, w / 2])
        for j, s in enumerate(stops):
            s["date_printed"] = date(s["date"], dsty)
            s["ref_printed"] = ref_text(s["refs"])
            cell_write(t.cell(0, j), hd[j], bold=True, size=8, shade="D9D9D9")
            cell_write(t.cell(1, j), [[(s["party"]["name"], True)], s["party"]["street"], city_line(s["party"]),
                                      f"{s['date_printed']}", f"{s['tp']}", s["ref_printed"]], size=9)
            record_stop(exp, s, ["name", "address", "city", "date", "time", "reference"])
            exp.stop_printed[-1]["type"] = hd[j]
    else:
        cols = [("STOP", 0.6), (rng.choice(["LOCATION", "FACILITY / ADDRESS"]), 3.0),
                (rng.choice(["SCHEDULED", "DATE / TIME"]), 1.9), ("REFERENCE", 1.6)]
        sc = w / sum(c[1] for c in cols)
        t = table(d, 1 + len(stops), 4, [c[1] * sc for c in cols])
        for i, (h, _) in enumerate(cols):
            cell_write(t.cell(0, i), h, bold=True, size=7, shade="404040", color="FFFFFF")
        for k, s in enumerate(stops, start=1):
            s["date_printed"] = date(s["date"], g["dstyle"])
            s["ref_printed"] = ref_text(s["refs"])
            typ = f"{k} {'PU' if s['type'] == 'pickup' else 'SO'}"
            cell_write(t.cell(k, 0), typ, bold=True)
            cell_write(t.cell(k, 1), [[(s["party"]["name"], True)], s["party"]["street"], city_line(s["party"])])
            cell_write(t.cell(k, 2), [s["date_printed"], s["tp"]])
            cell_write(t.cell(k, 3), [f"{l} {v}" for l, v in s["refs"]])
            record_stop(exp, s, ["name", "address", "city", "date", "time", "reference"])
            exp.stop_printed[-1]["type"] = typ
    record_common(exp, g, None)
    para(d, "", size=5)
    money_table_right(d, exp, g, rng, labels_above=True)
    p = para(d, space_before=5)
    add_run(p, rng.choice(["Payment terms are ", "Carrier will be paid "]))
    add_run(p, g["terms"], bold=True)
    add_run(p, " after receipt of a clean signed POD and invoice.")
    exp.f("payment_terms", g["terms"])
    para(d, "NOTES", bold=True, space_before=6)
    for n in rng.sample(["Driver must have load locks and straps.", "No-touch freight unless noted.",
                         f"Detention {g['detention']}.", "Check calls required every 4 hours.",
                         "Late delivery may result in a fine from the receiver.",
                         "Seal must remain intact until the receiver breaks it."], 4):
        para(d, "\u2022 " + n, size=8)
    para(d, "", size=8)
    para(d, "Carrier acceptance: ____________________________   Date: ____________", space_before=6)
    para(d, "This tender is governed by the contract carrier agreement between the parties.", size=7, italic=True,
         space_before=4)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


BUILDERS = {"L01": build_l01, "L02": build_l02, "L03": build_l03, "L04": build_l04, "L05": build_l05}
