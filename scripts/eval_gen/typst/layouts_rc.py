"""Rate confirmation layouts (typst-L01 .. typst-L06)."""
from common import (S, T, B, TX, C, CB, lines, preamble, footer_page_n_of_m, money, norm_money, fmt_date,
                    city_line, legal_paragraphs, SANS, SERIF, MONO, weight_str, person, rec_stop)
from world import Labeler, RC_TITLES


def rc_fields(doc, L, lab_weight_printed, total_printed=None, total_later=False, money_style="dollar",
              date_style="mdy", upper_city=False, broker=True, mc=True, dot=True, equipment=True,
              commodity=True, weight=True, lh=True, fsc=True, terms=True):
    """Record the canonical rate-con fields the layout printed."""
    p, d = L["picks"][0], L["drops"][-1]
    doc.f("load_number", L["load"])
    if broker:
        doc.f("broker_name", L["broker"])
    doc.f("carrier_name", L["carrier"])
    if mc:
        doc.f("carrier_mc", L["mc"])
    if dot:
        doc.f("carrier_dot", L["dot"])
    if equipment:
        doc.f("equipment", L["equipment"])
    doc.f("pickup_date", p["date"].isoformat(), fmt_date(p["date"], date_style))
    doc.f("pickup_city", p["city"].upper() if upper_city else p["city"])
    doc.f("pickup_state", p["state"])
    doc.f("delivery_date", d["date"].isoformat(), fmt_date(d["date"], date_style))
    doc.f("delivery_city", d["city"].upper() if upper_city else d["city"])
    doc.f("delivery_state", d["state"])
    if commodity:
        doc.f("commodity", L["commodity"])
    if weight:
        doc.f("weight_lb", str(L["weight"]), lab_weight_printed)
    if lh:
        doc.f("linehaul_usd", norm_money(L["linehaul"]), money(L["linehaul"], money_style))
    if fsc:
        doc.f("fuel_surcharge_usd", norm_money(L["fsc"]), money(L["fsc"], money_style))
    doc.f("total_usd", norm_money(L["total"]), total_printed or money(L["total"], money_style), later=total_later)
    if terms:
        doc.f("payment_terms", L["terms"])


def weight_for(r, L):
    st = r.choice(["lbs", "LB", "lb", "lbs", "kg"])
    if st == "kg":
        kg = int(round(L["weight"] / 2.20462))
        L["weight"] = int(round(kg * 2.20462))
        L["kg"] = kg
        return f"{kg} kg"
    return weight_str(L["weight"], st)


def terms_pages(r, n_par, title="TERMS AND CONDITIONS", size=8):
    pars = legal_paragraphs(r, n_par)
    out = [f'#align(center, text(weight: "bold", size: 10pt, {S(title)}))\n#v(4pt)']
    out.append(f'#set text(size: {size}pt)')
    out.append('#set par(justify: true)')
    for i, p in enumerate(pars, 1):
        out.append(f'{T(str(i) + ". " + p)}\n')
    out.append('#set par(justify: false)')
    return '\n'.join(out) + '\n'


def signature_block(r, L, lab, with_total=False, total_str="", date_style="mdy"):
    s = ['#v(14pt)', B("ACCEPTED BY CARRIER", 10), '#v(4pt)']
    s.append(T(f"By signing below, {L['carrier']} agrees to haul this load at the rate and on the terms stated in "
               f"this confirmation and in the Broker-Carrier Agreement on file. Please sign and return within 1 hour."))
    if with_total:
        s.append(f'\n#v(8pt)\n#rect(inset: 8pt, stroke: 1pt)[{B(lab("total"))} #h(12pt) {B(total_str, 12)}]')
    s.append('\n#v(18pt)')
    s.append('#grid(columns: (1fr, 1fr), column-gutter: 30pt, row-gutter: 22pt,'
             ' [#line(length: 100%) #v(-6pt) ' + T("Carrier Signature") + '],'
             ' [#line(length: 100%) #v(-6pt) ' + T("Date") + '],'
             ' [#line(length: 100%) #v(-6pt) ' + T("Printed Name / Title") + '],'
             ' [#line(length: 100%) #v(-6pt) ' + T("Dispatcher Phone") + '])')
    s.append('\n#v(16pt)')
    s.append(T(f"Broker: {L['broker']} -- Authorized representative: {person(r)}"))
    return '\n'.join(s) + '\n'


def stops_table(L, date_style, cols="full", upper_city=False, head_fill="luma(225)"):
    hdr = ["Stop", "Type", "Facility", "Address", "Date", "Time", "Ref"]
    cells = []
    for i, st in enumerate(L["stops"], 1):
        addr = f"{st['street']}, " + city_line(st["city"], st["state"], st["zip"], 0, upper_city)
        cells += [str(i), st["type"], st["name"], addr, fmt_date(st["date"], date_style), st["window"], st["ref"]]
    out = (f'#table(columns: (auto, auto, 1.3fr, 2fr, auto, auto, auto), stroke: 0.5pt, fill: (x, y) => if y == 0 {{ {head_fill} }},'
           f' table.header({", ".join(CB(h) for h in hdr)}), {", ".join(C(c) for c in cells)})')
    return out + '\n'


# ------------------------------------------------------------------------------------------- L01
def rc_classic(doc, r, L):
    """Broker letterhead, two-column header blocks, ruled stop table and charges table, T&C pages."""
    lab = Labeler(r)
    title = r.choice(RC_TITLES)
    ds = r.choice(["mdy", "mdy_short", "mon", "mdy"])
    ms = r.choice(["dollar", "dollar", "usd"])
    font = r.choice(SANS)
    paper = "us-letter" if r.random() < 0.75 else "a4"
    wprint = weight_for(r, L)
    n_terms_pages = r.randint(1, 2)
    hdr = (f'context if counter(page).get().first() > 1 [#text(size: 8pt)[{T(L["broker"])} #h(1fr) '
           f'{T(lab("load") + " " + L["load"])}] #v(-4pt) #line(length: 100%, stroke: 0.4pt)]')
    src = preamble(paper, font, r.choice([8.5, 9, 9.5]), "0.55in", footer_page_n_of_m(L["broker"]), hdr)
    a = L["broker_addr"]
    src += (f'#grid(columns: (1fr, auto), [{B(L["broker"], 16)} \\ {T(a["street"])} \\ '
            f'{T(city_line(a["city"], a["state"], a["zip"], r.randint(0, 2)))} \\ {T("Phone " + L["broker_phone"])}],'
            f' align(right)[{B(title, 14)} \\ {B(lab("load") + " " + L["load"], 11)} \\ '
            f'{T("Date: " + fmt_date(L["picks"][0]["date"], ds))}])\n#v(4pt)#line(length: 100%, stroke: 1.2pt)\n')
    carrier_rows = [(lab("carrier"), L["carrier"]), (lab("mc"), L["mc"]), (lab("dot"), L["dot"]),
                    ("Phone:", L["carrier_phone"]), ("Driver:", L["driver"]), ("Truck/Trailer:", f"{L['truck']} / {L['trailer']}")]
    load_rows = [(lab("equipment"), L["equipment"]), (lab("commodity"), L["commodity"]),
                 (lab("weight"), wprint), ("Pallets:", str(L["pallets"])), (lab("terms"), L["terms"])]

    def block(head, rows):
        body = ', '.join(f'{C(k)}, {C(v)}' for k, v in rows)
        return (f'rect(width: 100%, stroke: 0.6pt, inset: 6pt)[{B(head, 10)} #v(-2pt) '
                f'#table(columns: (auto, 1fr), stroke: none, inset: 2pt, {body})]')
    src += f'#grid(columns: (1fr, 1fr), column-gutter: 10pt, {block("CARRIER INFORMATION", carrier_rows)}, {block("LOAD INFORMATION", load_rows)})\n#v(6pt)\n'
    src += B("STOPS", 10) + '\n' + stops_table(L, ds) + '#v(6pt)\n'
    for st in L["stops"]:
        rec_stop(doc, st, 0, ds, cell=True)
    rows = [("Line Haul", L["linehaul"]), (f"Fuel Surcharge ({float(L['fsc_pct']) * 100:g}%)", L["fsc"])] + [(a[0], a[2]) for a in L["acc"]]
    cells = ', '.join(f'{C(k)}, align(right, {C(money(v, ms))})' for k, v in rows)
    src += (f'#align(right, box(width: 55%, table(columns: (1fr, auto), align: (left, right), stroke: 0.5pt, table.header({CB("Charge")}, {CB("Amount")}), '
            f'{cells}, {CB(lab("total"))}, align(right, {CB(money(L["total"], ms))}))))\n')
    src += f'#v(6pt)\n{TX("Detention: $50.00/hr after 2 free hours. Layover $250.00. TONU $150.00. Lumper reimbursed only with receipt.", size=8)}\n'
    src += f'#v(4pt)\n{TX("Special instructions: Driver must call 1 hr before arrival. Load must be tarped / sealed as required. No double brokering.", size=8)}\n'
    src += '#pagebreak()\n' + terms_pages(r, 8 if n_terms_pages == 1 else 18)
    src += '#pagebreak(weak: true)\n' if n_terms_pages == 2 else ''
    src += signature_block(r, L, lab)
    doc.src = src
    lab_w = wprint
    rc_fields(doc, L, lab_w, money_style=ms, date_style=ds)


# ------------------------------------------------------------------------------------------- L02
def rc_boxes(doc, r, L):
    """Label-above-value boxed grid, stop blocks in rects, total only on the signature page (sometimes)."""
    lab = Labeler(r, suffix="")
    title = r.choice(RC_TITLES)
    ds = r.choice(["mon", "ord_mon", "dmy_dash", "mdy"])
    ms = r.choice(["dollar", "nocents", "usd", "dollar"])
    total_last = r.random() < 0.5
    font = r.choice(SANS + ["DejaVu Sans"])
    paper = r.choice(["us-letter", "a4"])
    wprint = weight_for(r, L)
    up = r.random() < 0.5
    src = preamble(paper, font, 9, "0.5in", footer_page_n_of_m(f"{lab.raw('load')} {L['load']}", style=1))

    def fbox(label, value, big=False):
        return (f'rect(width: 100%, height: {32 if big else 28}pt, stroke: 0.7pt, inset: 4pt)'
                f'[{TX(label.upper(), size=6.5)} \\ {TX(value, size=11 if big else 9.5, bold=big)}]')
    src += (f'#grid(columns: (1fr, auto), align(horizon)[{B(L["broker"], 15)}], '
            f'rect(fill: black, inset: 8pt)[#text(fill: white, weight: "bold", size: 13pt, {S(title.upper())})])\n#v(6pt)\n')
    boxes = [fbox(lab.raw("load"), L["load"], True), fbox(lab.raw("carrier"), L["carrier"]),
             fbox(lab.raw("mc"), L["mc"]), fbox(lab.raw("dot"), L["dot"]),
             fbox(lab.raw("equipment"), L["equipment"]), fbox(lab.raw("commodity"), L["commodity"]),
             fbox(lab.raw("weight"), wprint), fbox("Pieces", f"{L['pieces']}")]
    src += f'#grid(columns: (1fr, 1.4fr, 0.8fr, 0.8fr), column-gutter: 0pt, row-gutter: 0pt, {", ".join(boxes)})\n#v(8pt)\n'
    pn = dn = 0
    blocks = []
    for st in L["stops"]:
        if st["type"] == "Pickup":
            pn += 1
            head = f"PICKUP {pn}" if r.random() < 0.5 else f"{lab.raw('pickup').upper()} #{pn}"
        else:
            dn += 1
            head = f"DELIVERY {dn}" if r.random() < 0.5 else f"{lab.raw('delivery').upper()} #{dn}"
        ln = r.randint(0, 2)
        body = lines(st["name"], st["street"], city_line(st["city"], st["state"], st["zip"], ln, up))
        rec_stop(doc, st, ln, ds, upper_city=up, labels={
            "date": "Date: ", "time": "Time: ", "reference": "PU #: " if st["type"] == "Pickup" else "PO #: "})
        blocks.append(f'rect(width: 100%, stroke: 0.7pt, inset: 0pt)[#block(fill: luma(215), width: 100%, inset: 4pt, {CB(head)})'
                      f' #grid(columns: (1.4fr, 1fr), inset: 5pt, {body}, '
                      f'{lines("Date: " + fmt_date(st["date"], ds), "Time: " + st["window"], ("PU #: " if st["type"] == "Pickup" else "PO #: ") + st["ref"])})]')
    src += f'#grid(columns: (1fr, 1fr), column-gutter: 8pt, row-gutter: 8pt, {", ".join(blocks)})\n#v(8pt)\n'
    rate_rows = [("Linehaul", money(L["linehaul"], ms)), ("Fuel Surcharge", money(L["fsc"], ms))]
    rate_rows += [(a[0], money(a[2], ms)) for a in L["acc"]]
    if not total_last:
        rate_rows.append((lab.raw("total"), money(L["total"], ms)))
    cells = ', '.join(f'{C(k)}, align(right, {C(v)})' for k, v in rate_rows)
    src += (f'#grid(columns: (1fr, 1fr), column-gutter: 10pt, rect(width: 100%, inset: 6pt)[{B("RATE")} '
            f'#table(columns: (1fr, auto), stroke: (bottom: 0.3pt), {cells})], '
            f'rect(width: 100%, inset: 6pt)[{B("PAYMENT")} \\ {T(lab.raw("terms") + ": " + L["terms"])} \\ '
            f'{T("Quick Pay available: 3% fee")} \\ {T("Send invoices to ap@" + L["broker"].split()[0].lower() + ".com")}])\n')
    src += '#pagebreak()\n' + terms_pages(r, r.randint(9, 14), size=8)
    src += signature_block(r, L, lambda k: lab.raw(k) + ":",
                           with_total=total_last, total_str=money(L["total"], ms))
    doc.src = src
    rc_fields(doc, L, wprint, money_style=ms, date_style=ds, upper_city=up, total_later=total_last)


# ------------------------------------------------------------------------------------------- L03
def rc_mono(doc, r, L):
    """Teletype-style load tender in a Courier-like font: LABEL: value lines, dashed rules."""
    lab = Labeler(r, suffix=":", upper=True)
    title = r.choice(["CARRIER LOAD TENDER & RATE AGREEMENT", "LOAD TENDER", "LOAD CONFIRMATION", "RATE CONFIRMATION"])
    ds = r.choice(["mdy", "mdy_short", "iso"])
    ms = r.choice(["plain", "dollar", "plainc"])
    font = r.choice(MONO)
    wprint = weight_for(r, L)
    rule = T("-" * 78)
    src = preamble("us-letter", font, 9, "0.7in", footer_page_n_of_m(f"{L['broker'].upper()}  {lab.raw('load')} {L['load']}", size=8))

    def kv(k, v, w=24):
        return T(k.ljust(w) + v)
    src += '#set par(leading: 0.45em)\n'
    out = [T(L["broker"].upper()), T(L["broker_addr"]["street"].upper() + "  " + city_line(L["broker_addr"]["city"], L["broker_addr"]["state"], L["broker_addr"]["zip"], 1, True)),
           T("TEL " + L["broker_phone"]), rule, B(title, 11), rule,
           kv(lab("load"), L["load"]), kv("TENDER DATE:", fmt_date(L["picks"][0]["date"], ds)),
           kv(lab("carrier"), L["carrier"].upper()), kv(lab("mc"), L["mc"]), kv(lab("dot"), L["dot"]),
           kv(lab("equipment"), L["equipment"]), kv(lab("commodity"), L["commodity"]),
           kv(lab("weight"), wprint), kv("PALLETS:", str(L["pallets"])), rule]
    L["carrier_print"] = L["carrier"].upper()
    for i, st in enumerate(L["stops"], 1):
        ln = r.randint(0, 2)
        rec_stop(doc, st, ln, ds, upper=True)
        out += [B(f"STOP {i} - {st['type'].upper()}"),
                kv("  FACILITY:", st["name"].upper()),
                kv("  ADDRESS:", st["street"].upper()),
                kv("", city_line(st["city"], st["state"], st["zip"], ln, True)),
                kv("  DATE:", fmt_date(st["date"], ds) + "  " + st["window"]),
                kv("  REF:", st["ref"])]
    out += [rule, kv("LINE HAUL:", money(L["linehaul"], ms)), kv("FUEL SURCHARGE:", money(L["fsc"], ms))]
    for a in L["acc"]:
        out.append(kv(a[0].upper() + ":", money(a[2], ms)))
    out += [kv(lab("total"), money(L["total"], ms)), kv(lab("terms"), L["terms"]), rule]
    src += ' \\\n'.join(out) + '\n'
    src += '#v(6pt)\n' + T("CARRIER MUST SIGN AND RETURN THIS TENDER BEFORE DISPATCH. DETENTION $40/HR AFTER 2 HRS FREE. TONU $100.") + '\n'
    if r.random() < 0.6:
        src += '#pagebreak()\n' + terms_pages(r, 10, "TERMS AND CONDITIONS OF CARRIAGE", 8.5)
    src += signature_block(r, L, lab)
    doc.src = src
    rc_fields(doc, L, wprint, money_style=ms, date_style=ds, upper_city=True)
    doc.fields["carrier_name"] = L["carrier"].upper()
    doc.printed["carrier_name"] = L["carrier"].upper()


# ------------------------------------------------------------------------------------------- L04
def rc_agreement(doc, r, L):
    """Serif 'Broker-Carrier Rate Agreement' with prose, placed stamp/logo, total on the last page."""
    lab = Labeler(r, upper=False, suffix=":")
    title = r.choice(["Broker-Carrier Rate Agreement", "Carrier Load Tender & Rate Agreement", "Rate Agreement and Load Confirmation"])
    ds = r.choice(["long", "long_ord", "ord_mon", "mon"])
    ms = r.choice(["dollar", "usd"])
    font = r.choice(SERIF)
    paper = r.choice(["us-letter", "a4", "a4"])
    wprint = weight_for(r, L)
    hdr = (f'context if counter(page).get().first() > 1 [#text(size: 8pt, style: "italic")[{T(title)} -- '
           f'{T(lab.raw("load") + " " + L["load"])}]]')
    src = preamble(paper, font, 10, "0.8in", footer_page_n_of_m("", style=1, size=8.5), hdr)
    init = "".join(w[0] for w in L["broker"].split()[:3]).upper()
    src += (f'#place(top + left, dx: 0pt, dy: -6pt, rect(width: 46pt, height: 46pt, radius: 23pt, stroke: 2pt, '
            f'align(center + horizon, text(size: 15pt, weight: "bold", {S(init)}))))\n')
    src += f'#place(top + right, dy: -4pt, align(right)[{B(L["broker"], 12)} \\ {T(L["broker_addr"]["street"])} \\ {T(city_line(L["broker_addr"]["city"], L["broker_addr"]["state"], L["broker_addr"]["zip"], 0))} \\ {T(L["broker_phone"])}])\n'
    src += '#v(62pt)\n' + f'#align(center, text(size: 17pt, weight: "bold", {S(title)}))\n#v(6pt)\n'
    src += f'#align(center, text(size: 11pt)[{T(lab("load") + " " + L["load"])}])\n#v(8pt)\n'
    src += '#set par(justify: true)\n'
    src += T(f"This agreement is made on {fmt_date(L['picks'][0]['date'] , ds)} between {L['broker']} (\"Broker\") and "
             f"{L['carrier']} (\"Carrier\"), MC {L['mc']}, USDOT {L['dot']}, for the transportation of the shipment "
             f"described below. Carrier shall furnish one {L['equipment']} in good condition and shall deliver the "
             f"shipment in accordance with the schedule and the terms below.") + '\n\n'
    src += '#set par(justify: false)\n'
    rows = [(lab("carrier"), L["carrier"]), (lab("mc"), L["mc"]), (lab("dot"), L["dot"]), (lab("equipment"), L["equipment"]),
            (lab("commodity"), L["commodity"]), (lab("weight"), wprint), (lab("terms"), L["terms"])]
    src += f'#table(columns: (auto, 1fr), stroke: (x, y) => (bottom: 0.4pt), {", ".join(CB(k) + ", " + C(v) for k, v in rows)})\n#v(6pt)\n'
    src += B("Schedule", 11) + '\n'
    up = r.random() < 0.4
    for i, st in enumerate(L["stops"], 1):
        ln = r.randint(0, 2)
        rec_stop(doc, st, ln, ds, upper_city=up)
        src += (f'#block(inset: (left: 10pt), below: 8pt)[{B(str(i) + ". " + st["type"] + ": " + st["name"])} \\ '
                f'{T(st["street"] + ", " + city_line(st["city"], st["state"], st["zip"], ln, up))} \\ '
                f'{T(fmt_date(st["date"], ds) + ", " + st["window"] + ";  Ref " + st["ref"])}]\n')
    src += '#pagebreak()\n' + terms_pages(r, r.randint(8, 12), "STANDARD TERMS", 9)
    src += '#pagebreak()\n'
    src += f'#align(center, text(size: 13pt, weight: "bold", "Compensation and Acceptance"))\n#v(6pt)\n'
    rows = [("Line Haul", money(L["linehaul"], ms)), ("Fuel Surcharge", money(L["fsc"], ms))] + [(a[0], money(a[2], ms)) for a in L["acc"]]
    src += (f'#table(columns: (1fr, auto), stroke: 0.5pt, {", ".join(C(k) + ", align(right, " + C(v) + ")" for k, v in rows)}, '
            f'{CB(lab("total"))}, align(right, {CB(money(L["total"], ms))}))\n')
    src += signature_block(r, L, lab)
    src += f'#place(bottom + right, dy: -40pt, rotate(-10deg, rect(stroke: 1.5pt + rgb("#1a3d8f"), inset: 6pt, text(fill: rgb("#1a3d8f"), weight: "bold", size: 14pt, "BROKER COPY"))))\n'
    doc.src = src
    for k in ("linehaul_usd", "fuel_surcharge_usd"):
        doc.later.add(k)
    rc_fields(doc, L, wprint, money_style=ms, date_style=ds, upper_city=up, total_later=True)
    doc.later.update({"linehaul_usd", "fuel_surcharge_usd"})


# ------------------------------------------------------------------------------------------- L05
def rc_placed(doc, r, L):
    """One-page form drawn with absolute positioning (place), like a filled-in pre-printed form."""
    lab = Labeler(r)
    ds = r.choice(["mdy", "mdy_short", "dmy_dash"])
    ms = r.choice(["dollar", "nocents"])
    font = r.choice(["Liberation Sans", "FreeSans", "Liberation Serif"])
    wprint = weight_for(r, L)
    title = r.choice(RC_TITLES[:4])
    src = preamble("us-letter", font, 9, "0.5in", footer_page_n_of_m("", size=7))

    def at(x, y, content):
        return f'#place(top + left, dx: {x}pt, dy: {y}pt, {content})\n'

    def field(x, y, w, label, value, size=10):
        return (at(x, y, f'box(width: {w}pt, stroke: (bottom: 0.6pt), inset: (bottom: 2pt))[{TX(label, size=7)} #h(4pt) {TX(value, size=size)}]'))
    src += at(0, 0, f'[{B(L["broker"], 14)} \\ {TX(L["broker_addr"]["street"] + " - " + city_line(L["broker_addr"]["city"], L["broker_addr"]["state"], L["broker_addr"]["zip"], 2), size=8)}]')
    src += at(330, 0, f'rect(width: 210pt, inset: 6pt, stroke: 1.5pt)[#align(center, text(weight: "bold", size: 12pt, {S(title)}))]')
    src += field(330, 36, 210, lab("load"), L["load"], 12)
    src += field(0, 62, 300, lab("carrier"), L["carrier"])
    src += field(310, 62, 110, lab("mc"), L["mc"])
    src += field(430, 62, 110, lab("dot"), L["dot"])
    src += field(0, 90, 170, lab("equipment"), L["equipment"])
    src += field(180, 90, 200, lab("commodity"), L["commodity"])
    src += field(390, 90, 150, lab("weight"), wprint)
    y = 125
    pn = dn = 0
    for st in L["stops"]:
        if st["type"] == "Pickup":
            pn += 1
            hd = f"PICK UP #{pn}"
        else:
            dn += 1
            hd = f"DELIVER #{dn}"
        src += at(0, y, f'rect(width: 540pt, height: 58pt, stroke: 0.6pt, inset: 5pt)[]')
        ln = r.randint(0, 2)
        rec_stop(doc, st, ln, ds)
        src += at(6, y + 5, f'[{B(hd)} \\ {T(st["name"])} \\ {T(st["street"])} \\ {T(city_line(st["city"], st["state"], st["zip"], ln))}]')
        src += at(300, y + 5, f'[{T("Date: " + fmt_date(st["date"], ds))} \\ {T("Hours: " + st["window"])} \\ {T("Ref #: " + st["ref"])}]')
        y += 64
    y += 8
    src += at(0, y, f'rect(width: 250pt, inset: 6pt)[{B("Notes")} \\ {TX("Detention after 2 hrs free at $45/hr. Lumper paid with receipt only. TONU $125.00. Driver to count pallets.", size=8)}]')
    rows = [("Line Haul:", money(L["linehaul"], ms)), ("Fuel Surcharge:", money(L["fsc"], ms))] + [(a[0] + ":", money(a[2], ms)) for a in L["acc"]]
    yy = y
    for k, v in rows:
        src += at(300, yy, f'box(width: 240pt)[{T(k)} #h(1fr) {T(v)}]')
        yy += 14
    src += at(300, yy + 2, f'box(width: 240pt, stroke: (top: 1pt), inset: (top: 3pt))[{B(lab("total"), 11)} #h(1fr) {B(money(L["total"], ms), 11)}]')
    src += at(300, yy + 22, f'[{T(lab("terms") + " " + L["terms"])}]')
    y = max(yy + 50, y + 80)
    src += at(0, y, f'[{TX("Carrier agrees to the rate and terms above. Sign and return to " + L["broker"] + ".", size=8)}]')
    src += at(0, y + 40, f'box(width: 240pt, stroke: (top: 0.6pt))[{TX("Accepted by carrier (signature)", size=7)}]')
    src += at(300, y + 40, f'box(width: 240pt, stroke: (top: 0.6pt))[{TX("Date", size=7)}]')
    doc.src = src
    rc_fields(doc, L, wprint, money_style=ms, date_style=ds)


# ------------------------------------------------------------------------------------------- L06
def rc_a4_list(doc, r, L):
    """A4, two-column header grid, stops as headed lists, right-aligned money lines, 1-4 pages."""
    lab = Labeler(r, suffix=r.choice([":", " -"]))
    ds = r.choice(["ord_mon", "dmy_dash", "mon", "iso"])
    ms = r.choice(["usd", "dollar", "plainc"])
    font = r.choice(["DejaVu Sans", "Liberation Sans", "New Computer Modern", "Libertinus Serif"])
    wprint = weight_for(r, L)
    title = r.choice(RC_TITLES)
    hdr = f'context if counter(page).get().first() > 1 [#text(size: 8pt)[{T(title + " -- " + lab.raw("load") + " " + L["load"])}]]'
    src = preamble("a4", font, 9.5, "18mm", footer_page_n_of_m(L["broker"] + " | " + L["broker_phone"], style=2), hdr)
    src += f'#text(size: 18pt, weight: "bold", {S(title)})\n#v(-4pt)\n#line(length: 100%, stroke: 2pt + rgb("#2a6f4e"))\n'
    left = [(lab("load"), L["load"]), ("Issued by" + lab.suffix, L["broker"]), (lab("carrier"), L["carrier"]),
            (lab("mc"), "MC-" + L["mc"]), (lab("dot"), L["dot"])]
    right = [(lab("equipment"), L["equipment"]), (lab("commodity"), L["commodity"]), (lab("weight"), wprint),
             ("Temp" + lab.suffix, "34 F continuous" if "eefer" in L["equipment"] else "N/A"), (lab("terms"), L["terms"])]

    def kvg(rows):
        return f'grid(columns: (auto, 1fr), column-gutter: 8pt, row-gutter: 5pt, {", ".join(CB(k) + ", " + C(v) for k, v in rows)})'
    src += f'#grid(columns: (1fr, 1fr), column-gutter: 20pt, {kvg(left)}, {kvg(right)})\n#v(10pt)\n'
    up = r.random() < 0.3
    for i, st in enumerate(L["stops"], 1):
        ln = r.randint(0, 2)
        rec_stop(doc, st, ln, ds, upper_city=up)
        src += (f'#block(stroke: (left: 3pt + rgb("#2a6f4e")), inset: (left: 8pt, y: 3pt), below: 8pt)[{B("Stop " + str(i) + " -- " + st["type"])} \\ '
                f'{T(st["name"])} \\ {T(st["street"])} \\ {T(city_line(st["city"], st["state"], st["zip"], ln, up))} \\ '
                f'{T("Appointment: " + fmt_date(st["date"], ds) + "  " + st["window"])} \\ {T("Reference: " + st["ref"])}]\n')
    rows = [("Linehaul", money(L["linehaul"], ms)), ("Fuel surcharge", money(L["fsc"], ms))] + [(a[0], money(a[2], ms)) for a in L["acc"]]
    src += '#v(4pt)\n'
    for k, v in rows:
        src += f'#align(right, box(width: 60%)[{T(k)} #box(width: 1fr, repeat[.]) {T(v)}])\n'
    src += f'#align(right, box(width: 60%, stroke: (top: 1pt), inset: (top: 4pt))[{B(lab("total"), 11)} #h(1fr) {B(money(L["total"], ms), 11)}])\n'
    npages = r.randint(0, 2)
    if npages:
        src += '#pagebreak()\n' + terms_pages(r, 8 * npages, "TERMS & CONDITIONS", 8.5)
    src += signature_block(r, L, lab)
    doc.src = src
    rc_fields(doc, L, wprint, money_style=ms, date_style=ds, upper_city=up)
    doc.printed["carrier_mc"] = "MC-" + L["mc"]


RC_LAYOUTS = [("typst-L01", rc_classic), ("typst-L02", rc_boxes), ("typst-L03", rc_mono),
              ("typst-L04", rc_agreement), ("typst-L05", rc_placed), ("typst-L06", rc_a4_list)]
