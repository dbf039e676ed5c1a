"""Bill of lading (typst-L12..L14), proof of delivery (L15..L17) and lumper receipt (L18, L19) layouts."""
import datetime as dt
from decimal import Decimal

from common import (S, T, B, TX, C, CB, lines, preamble, footer_page_n_of_m, money, norm_money, fmt_date,
                    city_line, SANS, SERIF, MONO, D, person, phone, rec_stop)
from world import Labeler, BOL_TITLES, POD_TITLES, LR_TITLES

BOILER = ("RECEIVED, subject to the classifications and tariffs in effect on the date of the issue of this Bill of Lading, "
          "the property described above in apparent good order, except as noted (contents and condition of contents of "
          "packages unknown), marked, consigned and destined as indicated above which said carrier agrees to carry to its "
          "usual place of delivery at said destination. Freight charges are prepaid unless marked otherwise.")
NMFC = [("156600", "70"), ("150030", "55"), ("62860", "85"), ("49880", "65"), ("100240", "50"), ("133300", "92.5")]
HAZ = "UN1263, Paint, 3, PG II"
BOL_LOAD_LABELS = ["Load #", "Load No.", "Broker Load #", "Reference #", "Shipment ID", "Load ID"]


def box_mark(on, style):
    if style == 0:
        return "[X]" if on else "[ ]"
    return "\u2612" if on else "\u2610"


def terms_choice(r):
    return r.choice(["prepaid", "prepaid", "collect", "third_party"])


def bol_weight(r, L):
    if r.random() < 0.2:
        kg = int(round(L["weight"] / 2.20462))
        L["weight"] = int(round(kg * 2.20462))
        return f"{kg} kg", f"{kg}"
    st = r.choice(["lbs", "LB", "lb", "n"])
    if st == "n":
        return f"{L['weight']:,}", f"{L['weight']:,}"
    return (f"{L['weight']:,} lbs" if st == "lbs" else f"{L['weight']} LB" if st == "LB" else f"{L['weight']:,} lb"), None


def bol_fields(doc, L, ds, terms, hazmat, wprint, upper=False, load=True, pro=True, po=True, scac=True, units=True):
    s, c = L["picks"][0], L["drops"][-1]
    doc.f("bol_number", L["bol"])
    if load:
        doc.f("load_number", L["load"])
    if pro:
        doc.f("pro_number", L["pro"])
    doc.f("ship_date", s["date"].isoformat(), fmt_date(s["date"], ds))
    U = (lambda x: x.upper()) if upper else (lambda x: x)
    doc.f("shipper_name", U(s["name"]))
    doc.f("shipper_city", U(s["city"]))
    doc.f("shipper_state", s["state"])
    doc.f("consignee_name", U(c["name"]))
    doc.f("consignee_city", U(c["city"]))
    doc.f("consignee_state", c["state"])
    doc.f("carrier_name", U(L["carrier"]))
    if scac:
        doc.f("scac", L["scac"])
    if po:
        doc.f("po_number", L["po"])
    if units:
        doc.f("handling_units", str(L["pallets"]))
    doc.f("weight_lb", str(L["weight"]), wprint)
    doc.f("freight_terms", terms, {"prepaid": "Prepaid", "collect": "Collect", "third_party": "Third Party"}[terms] if not upper else terms.replace("_", " ").upper() if terms != "third_party" else "3RD PARTY")
    doc.f("hazmat", "true" if hazmat else "false", "HM" if not upper else "HM")


def party_box(head, s, ln=0, upper=False):
    U = (lambda x: x.upper()) if upper else (lambda x: x)
    return (f'rect(width: 100%, inset: 0pt, stroke: 0.8pt)[#block(fill: black, width: 100%, inset: 3pt, text(fill: white, weight: "bold", size: 8pt, {S(head)})) '
            f'#block(inset: 5pt)[{TX("Name: ", size=7)}{T(U(s["name"]))} \\ {TX("Address: ", size=7)}{T(U(s["street"]))} \\ '
            f'{TX("City/State/Zip: ", size=7)}{T(city_line(U(s["city"]), s["state"], s["zip"], ln))} \\ {TX("SID#: ", size=7)}{T("")}]]')


# ------------------------------------------------------------------------------------------- L12
def bol_vics(doc, r, L):
    """VICS-style straight BOL: black-banded party boxes, number boxes, order and carrier tables, terms check boxes."""
    ds = r.choice(["mdy", "mdy_short", "mon"])
    upper = r.random() < 0.35
    U = (lambda x: x.upper()) if upper else (lambda x: x)
    terms = terms_choice(r)
    hazmat = r.random() < 0.2
    mk = r.randint(0, 1)
    wprint, wnum = bol_weight(r, L)
    lab = Labeler(r, suffix=":")
    src = preamble("us-letter", r.choice(["Liberation Sans", "FreeSans", "DejaVu Sans"]), 8, "0.4in", footer_page_n_of_m("", size=7))
    title = r.choice(BOL_TITLES)
    src += (f'#grid(columns: (auto, 1fr, auto), align: horizon, [{TX("Date: " + fmt_date(L["picks"][0]["date"], ds), size=9)}], '
            f'align(center, text(size: 15pt, weight: "bold", {S(title.upper())})), [{TX("Page 1 of 1", size=8)}])\n#v(3pt)\n')
    ln = r.randint(0, 2)
    tp = {"name": L["broker"], "street": L["broker_addr"]["street"], "city": L["broker_addr"]["city"], "state": L["broker_addr"]["state"], "zip": L["broker_addr"]["zip"]}
    right_top = (f'rect(width: 100%, stroke: 0.8pt, inset: 5pt)[{TX("Bill of Lading Number:", size=7)} \\ {B(L["bol"], 12)} '
                 f'#v(6pt) {TX("CARRIER NAME:", size=7)} {T(U(L["carrier"]))} \\ {TX("Trailer number:", size=7)} {T(L["trailer"])} \\ '
                 f'{TX("Seal number(s):", size=7)} {T(L["seal"])} \\ {TX("SCAC:", size=7)} {T(L["scac"])} \\ {TX("Pro number:", size=7)} {T(L["pro"])}]')
    right_mid = (f'rect(width: 100%, stroke: 0.8pt, inset: 5pt)[{TX("Freight Charge Terms: (freight charges are prepaid unless marked otherwise)", size=7)} \\ '
                 f'{T(box_mark(terms == "prepaid", mk) + " " + U("Prepaid"))} #h(8pt) {T(box_mark(terms == "collect", mk) + " " + U("Collect"))} #h(8pt) '
                 f'{T(box_mark(terms == "third_party", mk) + " " + ("3RD PARTY" if upper else "Third Party"))} \\ #v(4pt) {TX("Load / Ref #: " + L["load"], size=8)}]')
    src += (f'#grid(columns: (1.15fr, 1fr), rows: (auto, auto, auto), {party_box("SHIP FROM", L["picks"][0], ln, upper)}, grid.cell(rowspan: 2, {right_top}), '
            f'{party_box("SHIP TO", L["drops"][-1], ln, upper)}, {party_box("THIRD PARTY FREIGHT CHARGES BILL TO", tp, ln, upper)}, {right_mid})\n')
    src += f'#rect(width: 100%, inset: 4pt, stroke: 0.8pt)[{TX("SPECIAL INSTRUCTIONS:", size=7, bold=True)} {T("Deliver by appointment. Call 24 hrs ahead. " + ("Keep frozen -10F." if "eefer" in L["equipment"] else "Do not double stack."))}]\n'
    src += f'#block(fill: black, width: 100%, inset: 3pt, above: 0pt, below: 0pt, align(center, text(fill: white, weight: "bold", size: 8pt, "CUSTOMER ORDER INFORMATION")))\n'
    src += (f'#table(columns: (1.6fr, 0.7fr, 0.9fr, 0.6fr, 2fr), stroke: 0.6pt, align: center, '
            f'{CB("CUSTOMER ORDER NUMBER")}, {CB("# PKGS")}, {CB("WEIGHT")}, {CB("PALLET/SLIP (Y/N)")}, {CB("ADDITIONAL SHIPPER INFO")}, '
            f'{C(L["po"])}, {C(str(L["pieces"]))}, {C(wprint)}, {C("Y")}, {C("Dept " + str(r.randint(10, 99)))}, '
            f'{CB("GRAND TOTAL")}, {C(str(L["pieces"]))}, {C(wprint)}, [], [])\n')
    src += f'#block(fill: black, width: 100%, inset: 3pt, above: 0pt, below: 0pt, align(center, text(fill: white, weight: "bold", size: 8pt, "CARRIER INFORMATION")))\n'
    nm, cls = r.choice(NMFC)
    desc = (HAZ + " - " + str(L["pieces"]) + " pails") if hazmat else L["commodity"]
    src += (f'#table(columns: (0.5fr, 0.5fr, 0.5fr, 0.5fr, 0.8fr, 0.35fr, 2.4fr, 0.8fr, 0.5fr), stroke: 0.6pt, align: center + horizon, '
            f'table.cell(colspan: 2, {CB("HANDLING UNIT")}), table.cell(colspan: 2, {CB("PACKAGE")}), table.cell(rowspan: 2, {CB("WEIGHT")}), table.cell(rowspan: 2, {CB("H.M. (X)")}), '
            f'table.cell(rowspan: 2, {CB("COMMODITY DESCRIPTION")}), table.cell(colspan: 2, {CB("LTL ONLY")}), '
            f'{CB("QTY")}, {CB("TYPE")}, {CB("QTY")}, {CB("TYPE")}, {CB("NMFC #")}, {CB("CLASS")}, '
            f'{C(str(L["pallets"]))}, {C(r.choice(["PLT", "SKID"]))}, {C(str(L["pieces"]))}, {C("CTN")}, {C(wprint)}, {C("X" if hazmat else "")}, '
            f'align(left, {C(desc)}), {C(nm)}, {C(cls)}, '
            f'{C(str(L["pallets"]))}, [], {C(str(L["pieces"]))}, [], {C(wprint)}, [], {CB("GRAND TOTAL")}, [], [])\n')
    src += f'#v(2pt)\n{TX(BOILER, size=6.5)}\n#v(6pt)\n'
    sig = (f'grid(columns: (1fr, 1fr, 1fr), column-gutter: 6pt, rect(width: 100%, height: 60pt, inset: 4pt)[{TX("SHIPPER SIGNATURE / DATE", size=7, bold=True)} \\ {TX("This is to certify that the above named materials are properly classified, packaged, marked and labeled.", size=6)}], '
           f'rect(width: 100%, height: 60pt, inset: 4pt)[{TX("Trailer Loaded:", size=7, bold=True)} \\ {TX(box_mark(True, mk) + " By Shipper", size=7)} \\ {TX(box_mark(False, mk) + " By Driver", size=7)}], '
           f'rect(width: 100%, height: 60pt, inset: 4pt)[{TX("CARRIER SIGNATURE / PICKUP DATE", size=7, bold=True)} \\ {TX("Carrier acknowledges receipt of packages and required placards.", size=6)}])')
    src += f'#{sig}\n'
    doc.src = src
    bol_fields(doc, L, ds, terms, hazmat, wprint, upper=upper)
    doc.printed["freight_terms"] = box_mark(True, mk) + " " + doc.printed["freight_terms"]
    doc.printed["hazmat"] = "H.M."
    # stops: the SHIP FROM and SHIP TO boxes (no per-stop date or reference; SID# is printed empty)
    rec_stop(doc, L["picks"][0], ln, upper=upper, window=False, ref=False)
    rec_stop(doc, L["drops"][-1], ln, upper=upper, window=False, ref=False)


# ------------------------------------------------------------------------------------------- L13
def bol_short_form(doc, r, L):
    """Classic serif 'Straight Bill of Lading - Short Form' with boilerplate and ruled item table."""
    ds = r.choice(["mdy", "long", "mon", "dmy_dash"])
    terms = terms_choice(r)
    hazmat = r.random() < 0.15
    wprint, _ = bol_weight(r, L)
    lab = Labeler(r, suffix=r.choice([":", ""]), upper=False)
    lab.fix("load", r.choice(BOL_LOAD_LABELS))
    paper = r.choice(["us-letter", "a4"])
    src = preamble(paper, r.choice(SERIF), 9, "0.6in", footer_page_n_of_m(L["picks"][0]["name"] + " - Shipping Dept.", style=1))
    src += f'#align(center)[{B("STRAIGHT BILL OF LADING - SHORT FORM", 15)} \\ {TX("ORIGINAL - NOT NEGOTIABLE", size=8)}]\n#v(4pt)\n'
    src += (f'#grid(columns: (1fr, 1fr, 1fr), column-gutter: 8pt, [{T(lab.raw("ship_date") + lab.suffix + " " + fmt_date(L["picks"][0]["date"], ds))}], '
            f'align(center)[{T(lab.raw("bol") + lab.suffix + " " + L["bol"])}], align(right)[{T(lab.raw("load") + lab.suffix + " " + L["load"])}])\n#v(2pt)\n')
    src += f'{TX(BOILER, size=7)}\n#v(4pt)\n'
    s, c = L["picks"][0], L["drops"][-1]
    ln = r.randint(0, 2)
    rows = [("Consigned to", c["name"]), ("Street", c["street"]), ("Destination", city_line(c["city"], c["state"], c["zip"], ln)),
            ("From (Shipper)", s["name"]), ("Street", s["street"]), ("Origin", city_line(s["city"], s["state"], s["zip"], ln)),
            ("Delivering Carrier", L["carrier"]), ("Vehicle / Trailer No.", L["trailer"])]
    src += f'#table(columns: (auto, 1fr), stroke: (bottom: 0.4pt), inset: 3pt, {", ".join(CB(k) + ", " + C(v) for k, v in rows)})\n#v(6pt)\n'
    nm, cls = r.choice(NMFC)
    src += (f'#table(columns: (auto, auto, 0.4fr, 3fr, auto, auto), stroke: 0.6pt, align: (center, center, center, left, right, center), '
            f'table.header({CB("No. Pkgs")}, {CB("Type")}, {CB("HM")}, {CB("Description of Articles, Special Marks and Exceptions")}, {CB("Weight (Subj. to Corr.)")}, {CB("Class")}), '
            f'{C(str(L["pallets"]))}, {C("PLT")}, {C("X" if hazmat else "")}, {C((HAZ + ", paint" if hazmat else L["commodity"]) + " - " + str(L["pieces"]) + " cartons, " + lab.raw("po") + " " + L["po"])}, {C(wprint)}, {C(cls)}, '
            f'[], [], [], align(right, {CB("TOTAL")}), {CB(wprint)}, [])\n#v(6pt)\n')
    mk = r.randint(0, 1)
    fmt = lambda k, t: T(box_mark(terms == k, mk) + " " + t)
    src += (f'#rect(width: 100%, inset: 6pt)[{B("Freight Charges:")} #h(6pt) {fmt("prepaid", "Prepaid")} #h(10pt) {fmt("collect", "Collect")} #h(10pt) '
            f'{fmt("third_party", "Third Party")} \\ {TX("If this shipment is to be delivered to the consignee without recourse on the consignor, the consignor shall sign the following statement.", size=7)}]\n#v(10pt)\n')
    src += (f'#grid(columns: (1fr, 1fr), column-gutter: 20pt, [{T("Shipper: " + s["name"])} #v(16pt) #line(length: 100%) #v(-6pt) {TX("Per (signature)", size=7)}], '
            f'[{T("Carrier: " + L["carrier"])} #v(16pt) #line(length: 100%) #v(-6pt) {TX("Per (driver signature) / date", size=7)}])\n')
    src += f'#v(8pt)\n{TX("Emergency Response Phone: " + phone(r) + "   " + lab.raw("pro") + " " + L["pro"], size=8)}\n'
    doc.src = src
    bol_fields(doc, L, ds, terms, hazmat, wprint, scac=False)
    doc.printed["freight_terms"] = box_mark(True, mk) + " " + doc.printed["freight_terms"]
    doc.printed["hazmat"] = "HM"
    # stops in the order printed: "Consigned to" comes before "From (Shipper)"
    rec_stop(doc, c, ln, window=False, ref=False)
    rec_stop(doc, s, ln, window=False, ref=False)


# ------------------------------------------------------------------------------------------- L14
def bol_multistop(doc, r, L):
    """A4 / mono-ish master BOL listing several pickups and deliveries, label: value header."""
    ds = r.choice(["iso", "mdy", "dmy_dash", "ord_mon"])
    terms = terms_choice(r)
    hazmat = r.random() < 0.2
    wprint, _ = bol_weight(r, L)
    lab = Labeler(r, suffix=":")
    lab.fix("load", r.choice(BOL_LOAD_LABELS))
    font = r.choice(MONO + ["Liberation Sans"])
    src = preamble(r.choice(["a4", "us-letter"]), font, 8.5, "15mm", footer_page_n_of_m(lab.raw("bol") + " " + L["bol"]))
    title = r.choice(["Bill of Lading", "Master Bill of Lading", "BILL OF LADING"])
    src += f'#grid(columns: (1fr, auto), {B(title, 16).join("[]")}, align(right)[{B(lab("bol") + " " + L["bol"], 11)} \\ {T(lab("ship_date") + " " + fmt_date(L["picks"][0]["date"], ds))}])\n#line(length: 100%)\n'
    hdr = [(lab("carrier"), L["carrier"]), (lab("scac"), L["scac"]), (lab("pro"), L["pro"]), (lab("load"), L["load"]),
           (lab("po"), L["po"]), ("Trailer" + lab.suffix, L["trailer"]), ("Seal" + lab.suffix, L["seal"]),
           ("Terms" + lab.suffix, {"prepaid": "PREPAID", "collect": "COLLECT", "third_party": "THIRD PARTY"}[terms])]
    src += f'#grid(columns: (auto, 1fr, auto, 1fr), column-gutter: 8pt, row-gutter: 5pt, {", ".join(CB(k) + ", " + C(v) for k, v in hdr)})\n#v(6pt)\n'
    s, c = L["picks"][0], L["drops"][-1]
    src += (f'#grid(columns: (1fr, 1fr), column-gutter: 10pt, rect(width: 100%, inset: 6pt)[{B("SHIPPER")} \\ #{lines(s["name"], s["street"], city_line(s["city"], s["state"], s["zip"], 0))}], '
            f'rect(width: 100%, inset: 6pt)[{B("CONSIGNEE")} \\ #{lines(c["name"], c["street"], city_line(c["city"], c["state"], c["zip"], 2))}])\n#v(6pt)\n')
    if len(L["stops"]) > 2:
        cells = []
        for i, st in enumerate(L["stops"], 1):
            cells += [str(i), st["type"], st["name"], city_line(st["city"], st["state"], st["zip"], 0), fmt_date(st["date"], ds)]
        src += f'{B("STOPS")}\n#table(columns: (auto, auto, 1fr, 1fr, auto), stroke: 0.4pt, table.header({CB("#")}, {CB("Type")}, {CB("Name")}, {CB("City/State/Zip")}, {CB("Date")}), {", ".join(C(x) for x in cells)})\n'
    nm, cls = r.choice(NMFC)
    src += (f'#table(columns: (auto, auto, 1fr, auto, auto, auto, auto), stroke: 0.5pt, fill: (x, y) => if y == 0 {{ luma(220) }}, '
            f'table.header({CB("HU Qty")}, {CB("HU Type")}, {CB("Description")}, {CB("HM")}, {CB("NMFC")}, {CB("Class")}, {CB("Weight")}), '
            f'{C(str(L["pallets"]))}, {C("PLT")}, {C(L["commodity"])}, {C("Y" if hazmat else "N")}, {C(nm)}, {C(cls)}, {C(wprint)})\n')
    src += f'{T("Total handling units: " + str(L["pallets"]) + "   Total weight: " + wprint)}\n#v(8pt)\n{TX(BOILER, size=7)}\n#v(16pt)\n'
    src += '#grid(columns: (1fr, 1fr), column-gutter: 30pt, [#line(length: 100%) #v(-6pt) ' + T("Shipper signature / date") + '], [#line(length: 100%) #v(-6pt) ' + T("Driver signature / date") + '])\n'
    doc.src = src
    bol_fields(doc, L, ds, terms, hazmat, wprint)
    doc.printed["freight_terms"] = hdr[-1][1]
    doc.printed["hazmat"] = "HM"
    # stops: the SHIPPER / CONSIGNEE boxes; with a STOPS table, every stop of the table in its order (type, name,
    # city line, date) and the street of the first and last stop from the boxes
    if len(L["stops"]) > 2:
        for st in L["stops"]:
            first_last = st is s or st is c
            rec_stop(doc, st, 0, ds, street=first_last, window=False, ref=False)
            if first_last:  # the boxes print the city line too (the consignee's in style 2)
                norm, printed = doc.stops[-1]
                for k in ("city", "state", "zip"):
                    printed[k].append(city_line(st["city"], st["state"], st["zip"], 0 if st is s else 2))
    else:
        rec_stop(doc, s, 0, window=False, ref=False)
        rec_stop(doc, c, 2, window=False, ref=False)


BOL_LAYOUTS = [("typst-L12", bol_vics), ("typst-L13", bol_short_form), ("typst-L14", bol_multistop)]


# =========================================================================================== PODs
OSD = ["2 CTNS DAMAGED", "1 PLT SHORT", "SHRINK WRAP TORN - 3 CASES CRUSHED", "OVERAGE 1 CTN", "4 CASES WET/DAMAGED",
       "1 PALLET REFUSED - DAMAGED"]


def signature(r, w=120):
    pts = []
    x = 0
    segs = []
    for i in range(r.randint(4, 7)):
        x2 = x + r.randint(10, 24)
        segs.append(f'curve.cubic(({x + 4}pt, {r.randint(-8, 2)}pt), ({x2 - 4}pt, {r.randint(8, 22)}pt), ({x2}pt, {r.randint(2, 14)}pt))')
        x = x2
    return f'curve(stroke: 1.1pt + rgb("#1b2a6b"), curve.move((0pt, 10pt)), {", ".join(segs)})'


def pod_common(r, L):
    P = {}
    d = L["drops"][-1]
    P["date"] = d["date"]
    P["time"] = f"{r.randint(6, 17):02d}:{r.choice(['00', '15', '30', '45', '05', '50'])}"
    P["recv"] = r.choice([person(r), person(r).upper(), person(r)])
    P["signed"] = r.random() < 0.85
    P["osd"] = r.choice(OSD) if r.random() < 0.4 else None
    return P


def pod_fields(doc, L, P, ds, bol=True, pro=True, load=True):
    if bol:
        doc.f("bol_number", L["bol"])
    if pro:
        doc.f("pro_number", L["pro"])
    if load:
        doc.f("load_number", L["load"])
    doc.f("delivery_date", P["date"].isoformat(), fmt_date(P["date"], ds))
    doc.f("received_by", P["recv"])
    doc.f("signed", "true" if P["signed"] else "false", "")
    if P["osd"]:
        doc.f("osd_notes", P["osd"])


# ------------------------------------------------------------------------------------------- L15
def pod_delivery_receipt(doc, r, L):
    P = pod_common(r, L)
    ds = r.choice(["mdy", "mdy_short", "mon"])
    lab = Labeler(r, suffix=":")
    src = preamble("us-letter", r.choice(SANS), 9.5, "0.6in", footer_page_n_of_m("", size=7))
    a = L["carrier_addr"]
    title = r.choice(POD_TITLES)
    src += f'#grid(columns: (1fr, auto), [{B(L["carrier"], 14)} \\ {T(city_line(a["city"], a["state"], a["zip"], 0) + "  " + L["carrier_phone"])}], align(right)[{B(title.upper(), 14)} \\ {B(lab("pro") + " " + L["pro"], 11)}])\n#line(length: 100%, stroke: 1pt)\n'
    s, c = L["picks"][0], L["drops"][-1]
    src += (f'#grid(columns: (1fr, 1fr, 1fr), column-gutter: 8pt, row-gutter: 6pt, {C(lab("bol") + " " + L["bol"])}, {C(lab("load") + " " + L["load"])}, {C(lab("po") + " " + L["po"])}, '
            f'{C("Delivery Date: " + fmt_date(P["date"], ds))}, {C("Time: " + P["time"])}, {C("Trailer: " + L["trailer"])})\n#v(6pt)\n')
    src += (f'#grid(columns: (1fr, 1fr), column-gutter: 10pt, rect(width: 100%, inset: 6pt)[{B("SHIPPER")} \\ #{lines(s["name"], city_line(s["city"], s["state"], s["zip"], 0))}], '
            f'rect(width: 100%, inset: 6pt)[{B("CONSIGNEE")} \\ #{lines(c["name"], c["street"], city_line(c["city"], c["state"], c["zip"], 0))}])\n#v(6pt)\n')
    src += (f'#table(columns: (auto, auto, 1fr, auto), stroke: 0.5pt, table.header({CB("Pieces")}, {CB("Type")}, {CB("Description")}, {CB("Weight")}), '
            f'{C(str(L["pallets"]))}, {C("PLT")}, {C(L["commodity"])}, {C(str(L["weight"]) + " lb")})\n#v(6pt)\n')
    osd = T(P["osd"]) if P["osd"] else ""
    src += f'#rect(width: 100%, height: 44pt, inset: 6pt)[{TX("EXCEPTIONS / OS&D NOTES:", size=8, bold=True)} \\ {osd}]\n#v(4pt)\n'
    src += f'{TX("Received the above described freight in apparent good order and condition except as noted.", size=8)}\n#v(10pt)\n'
    sig = f'#box(height: 26pt, {signature(r)})' if P["signed"] else '#box(height: 26pt)'
    src += (f'#grid(columns: (1.3fr, 1fr, 0.8fr), column-gutter: 14pt, [{sig} #line(length: 100%) #v(-6pt) {TX("Consignee Signature", size=7)}], '
            f'[#box(height: 26pt, align(bottom, {S(P["recv"])})) #line(length: 100%) #v(-6pt) {TX("Print Name", size=7)}], '
            f'[#box(height: 26pt, align(bottom, {S(fmt_date(P["date"], ds) + " " + P["time"])})) #line(length: 100%) #v(-6pt) {TX("Date / Time", size=7)}])\n')
    doc.src = src
    pod_fields(doc, L, P, ds)


# ------------------------------------------------------------------------------------------- L16
def pod_epod(doc, r, L):
    """Electronic POD from a driver app: field table, signature panel, GPS stamp."""
    P = pod_common(r, L)
    ds = r.choice(["iso", "mdy", "dmy_dash"])
    src = preamble(r.choice(["a4", "us-letter"]), r.choice(["DejaVu Sans", "Liberation Sans"]), 9.5, "16mm", footer_page_n_of_m("Generated by driver mobile app", size=7))
    src += f'#rect(width: 100%, fill: rgb("#0b5394"), inset: 10pt)[#text(fill: white, size: 16pt, weight: "bold", "Proof of Delivery") #h(1fr) #text(fill: white, {S(L["carrier"])})]\n#v(6pt)\n'
    c = L["drops"][-1]
    lab = Labeler(r, suffix="")
    rows = [(lab.raw("load"), L["load"]), (lab.raw("pro"), L["pro"]), (lab.raw("bol"), L["bol"]), ("Stop", f"{c['name']}, {c['street']}, {city_line(c['city'], c['state'], c['zip'], 0)}"),
            ("Delivered", fmt_date(P["date"], ds) + " " + P["time"]), ("Pieces", f"{L['pallets']} PLT"),
            ("Signed by", P["recv"]), ("Exceptions", P["osd"] or "")]
    src += f'#table(columns: (110pt, 1fr), stroke: 0.4pt + luma(150), fill: (x, y) => if x == 0 {{ luma(235) }}, {", ".join(CB(k) + ", " + C(v) for k, v in rows)})\n#v(8pt)\n'
    inner = signature(r) if P["signed"] else 'text(fill: luma(140), "(no signature captured)")'
    src += f'{B("Signature")}\n#rect(width: 60%, height: 60pt, stroke: 0.6pt + luma(120), inset: 10pt, {inner})\n'
    src += f'#v(6pt)\n{TX("GPS " + str(r.uniform(30, 45))[:7] + ", -" + str(r.uniform(75, 120))[:8] + "  Device " + str(r.randint(100000, 999999)), size=7, fill="luma(100)")}\n'
    doc.src = src
    pod_fields(doc, L, P, ds)


# ------------------------------------------------------------------------------------------- L17
def pod_stamped_bol(doc, r, L):
    """The signed BOL returned as POD: compact BOL with a rotated receiving stamp placed over it."""
    P = pod_common(r, L)
    ds = r.choice(["mdy", "mdy_short"])
    src = preamble("us-letter", r.choice(["Liberation Serif", "FreeSerif", "Liberation Sans"]), 9, "0.6in", footer_page_n_of_m("", size=7))
    s, c = L["picks"][0], L["drops"][-1]
    ttl = r.choice(["BILL OF LADING - DELIVERY RECEIPT", "DELIVERY RECEIPT", "SIGNED BOL / POD"])
    src += f'#align(center)[{B(ttl, 14)} \\ {TX("Delivery copy - return signed to carrier", size=8)}]\n#v(4pt)\n'
    src += (f'#grid(columns: (1fr, 1fr), column-gutter: 10pt, row-gutter: 6pt, {C("BOL No: " + L["bol"])}, {C("Carrier: " + L["carrier"])}, '
            f'{C("PRO No: " + L["pro"])}, {C("Ship Date: " + fmt_date(s["date"], ds))}, '
            f'rect(width: 100%, inset: 5pt)[{B("Shipper")} \\ #{lines(s["name"], city_line(s["city"], s["state"], s["zip"], 1))}], '
            f'rect(width: 100%, inset: 5pt)[{B("Consignee")} \\ #{lines(c["name"], city_line(c["city"], c["state"], c["zip"], 1))}])\n#v(6pt)\n')
    src += (f'#table(columns: (auto, 1fr, auto), stroke: 0.5pt, table.header({CB("Qty")}, {CB("Description")}, {CB("Weight")}), '
            f'{C(str(L["pallets"]) + " PLT")}, {C(L["commodity"])}, {C(str(L["weight"]) + " LBS")})\n#v(10pt)\n')
    src += f'#rect(width: 100%, inset: 8pt)[{B("CONSIGNEE RECEIPT")} \\ {T("Received in good order except as noted: " + (P["osd"] or ""))} \\ #v(4pt) '
    sig = f'#box(height: 22pt, {signature(r)})' if P["signed"] else '#box(height: 22pt)'
    src += f'{T("Received by (print): " + P["recv"])} #h(20pt) {T("Date Delivered: " + fmt_date(P["date"], ds))} \\ {sig} \\ {TX("Consignee Signature", size=7)}]\n'
    src += (f'#place(top + right, dx: -20pt, dy: 120pt, rotate(-14deg, rect(stroke: 2pt + rgb("#b03030"), inset: 8pt, radius: 4pt, '
            f'align(center, text(fill: rgb("#b03030"), weight: "bold", size: 13pt)[RECEIVED \\ #text(size: 9pt, {S(c["name"].upper())})]))))\n')
    doc.src = src
    pod_fields(doc, L, P, ds, load=False)


POD_LAYOUTS = [("typst-L15", pod_delivery_receipt), ("typst-L16", pod_epod), ("typst-L17", pod_stamped_bol)]

# ======================================================================================= lumper
LUMPER_CO = ["Dock Masters Unloading LLC", "ProLift Lumper Services", "Capstone Warehouse Labor", "FastUnload Crew Inc",
             "Rapid Dock Solutions", "Loadline Labor Co"]


def lr_data(r, L):
    return {"no": r.choice([str(r.randint(100000, 999999)), f"LR-{r.randint(10000, 99999)}", f"R{r.randint(1000000, 9999999)}"]),
            "co": r.choice(LUMPER_CO), "amt": D(r.choice([145, 175, 195, 225, 250, 285, 310, 365]) + r.choice([0, 0, 0.5, 0.75])),
            "date": L["drops"][-1]["date"], "fac": L["drops"][-1]["name"]}


def lr_fields(doc, L, X, ds, ms, load=True):
    doc.f("receipt_number", X["no"])
    doc.f("receipt_date", X["date"].isoformat(), fmt_date(X["date"], ds))
    doc.f("facility", X["fac"])
    if load:
        doc.f("load_number", L["load"])
    doc.f("po_number", L["po"])
    doc.f("amount_usd", norm_money(X["amt"]), money(X["amt"], ms))


# ------------------------------------------------------------------------------------------- L18
def lr_ticket(doc, r, L):
    """Small ticket-sized receipt (custom page size) as printed at the dock office."""
    X = lr_data(r, L)
    ds = r.choice(["mdy", "mdy_short"])
    ms = r.choice(["dollar", "usd"])
    src = preamble("us-letter", r.choice(MONO), 9, "0.3in", None).replace('paper: "us-letter"', 'width: 4in, height: 7in')
    rule = T("-" * 40)
    title = r.choice(LR_TITLES).upper()
    lab = Labeler(r, suffix=":", upper=True)
    out = [f'#align(center)[{B(X["co"].upper())} \\ {T("AT " + X["fac"].upper())}]', rule, f'#align(center, {B(title, 11).join("[]")})', rule,
           T("RECEIPT #: " + X["no"]), T("DATE: " + fmt_date(X["date"], ds) + "  " + f"{r.randint(6, 18):02d}:{r.randint(0, 59):02d}"),
           T("FACILITY: " + X["fac"]), T("CARRIER: " + L["carrier"]), T(lab("load") + " " + L["load"]), T(lab("po") + " " + L["po"]),
           T("TRAILER: " + L["trailer"]), T(f"PALLETS IN: {L['pallets']}  OUT: {L['pallets'] + r.randint(0, 4)}"), rule,
           T("UNLOAD FEE".ljust(22) + money(X["amt"] - 0, ms).rjust(16)), B("TOTAL PAID".ljust(22) + money(X["amt"], ms).rjust(16)),
           T("PAYMENT: " + r.choice(["COMCHEK", "EFS CHECK", "T-CHEK", "CREDIT CARD"]) + " #" + str(r.randint(100000, 999999))), rule,
           TX("NO REFUNDS. KEEP THIS RECEIPT FOR YOUR BROKER.", size=7)]
    src += ' \\\n'.join(out) + '\n'
    doc.src = src
    X["fac"] = X["fac"]
    lr_fields(doc, L, X, ds, ms)


# ------------------------------------------------------------------------------------------- L19
def lr_letter(doc, r, L):
    """Letter-size unloading receipt with service table and 'Total Charged'."""
    X = lr_data(r, L)
    ds = r.choice(["mon", "mdy", "long_ord"])
    ms = r.choice(["dollar", "nocents", "usd"])
    src = preamble(r.choice(["us-letter", "a4"]), r.choice(SANS + SERIF[:2]), 10, "0.8in", footer_page_n_of_m(X["co"], style=1))
    title = r.choice(LR_TITLES)
    src += f'#grid(columns: (1fr, auto), [{B(X["co"], 15)} \\ {T("Third-party warehouse labor")}], align(right)[{B(title, 13)} \\ {T("No. " + X["no"])}])\n#line(length: 100%)\n#v(6pt)\n'
    lab = Labeler(r, suffix=":")
    rows = [("Date" + lab.suffix, fmt_date(X["date"], ds)), ("Facility" + lab.suffix, X["fac"]), ("Location" + lab.suffix, city_line(L["drops"][-1]["city"], L["drops"][-1]["state"], L["drops"][-1]["zip"], 0)),
            ("Carrier" + lab.suffix, L["carrier"]), (lab("po"), L["po"]), (lab("load"), L["load"]), ("Driver" + lab.suffix, L["driver"])]
    src += f'#grid(columns: (auto, 1fr), column-gutter: 12pt, row-gutter: 6pt, {", ".join(CB(k) + ", " + C(v) for k, v in rows)})\n#v(10pt)\n'
    base = D(X["amt"] - D(25)) if r.random() < 0.4 else X["amt"]
    items = [("Unload " + str(L["pallets"]) + " pallets (floor / palletized)", base)]
    if base != X["amt"]:
        items.append(("Restack / breakdown", D(25)))
    src += (f'#table(columns: (1fr, auto), align: (left, right), stroke: 0.5pt, table.header({CB("Service")}, {CB("Charge")}), '
            f'{", ".join(C(d) + ", " + C(money(a, ms)) for d, a in items)}, {CB(r.choice(["Total Charged", "Total", "Amount Paid"]))}, {CB(money(X["amt"], ms))})\n#v(10pt)\n')
    src += f'{T("Paid by: " + r.choice(["Comchek", "EFS", "Cash", "Credit card ending " + str(r.randint(1000, 9999))]))}\n#v(20pt)\n'
    src += '#grid(columns: (1fr, 1fr), column-gutter: 30pt, [#line(length: 100%) #v(-6pt) ' + T("Driver signature") + '], [#line(length: 100%) #v(-6pt) ' + T("Warehouse representative") + '])\n'
    doc.src = src
    lr_fields(doc, L, X, ds, ms)


LR_LAYOUTS = [("typst-L18", lr_ticket), ("typst-L19", lr_letter)]
