"""Bill of lading (L12-L14), proof of delivery (L15-L16) and lumper receipt (L17-L18) layouts."""
import datetime as dt

from common import (FONTS, DATE_STYLES, MONEY_STYLES, OSD, Rec, esc, fmt_date, fmt_money, norm_money, fmt_weight,
                    csz, person, rec_stop)
from labels import Labeler, PRO, BOLNO, PO, LOAD, LOAD_INV
from layouts_rc import base_css, doc, PAGE_OF

CHK = {"box": ("&#9746;", "&#9744;"), "br": ("[X]", "[ ]"), "brx": ("[x]", "[ ]")}


def terms_boxes(rng, style, which):
    on, off = CHK[style]
    names = [("prepaid", "Prepaid"), ("collect", "Collect"), ("third_party", "3rd Party")]
    if rng.random() < 0.5:
        names[2] = ("third_party", "Third Party")
    return " &nbsp; ".join(f"{on if k == which else off} {n}" for k, n in names)


def party_block(r, prefix, p, st_style, name_field=True):
    line, city, state = csz(p.city, p.state, p.zip, st_style)
    nm = r.f(f"{prefix}_name", p.name, p.name) if name_field else esc(p.name)
    r.f(f"{prefix}_city", city if st_style != "fullstate" else p.city, line)
    r.f(f"{prefix}_state", p.state, line)
    return f"<b>{nm}</b><br>{esc(p.street)}<br>{esc(line)}"


def bol_common(rng, L, r, ds):
    P = {}
    P["bol"] = r.f("bol_number", L.bol, L.bol)
    P["date"] = r.f("ship_date", L.ship_date.isoformat(), fmt_date(L.ship_date, ds))
    P["carrier"] = r.f("carrier_name", L.carrier.name, L.carrier.name)
    P["scac"] = r.f("scac", L.carrier.scac, L.carrier.scac)
    P["po"] = r.f("po_number", L.po, L.po)
    P["hu"] = r.f("handling_units", str(L.pallets), str(L.pallets))
    wt, wn = fmt_weight(rng, L.weight)
    P["wt"] = r.f("weight_lb", wn, wt)
    r.f("hazmat", "true" if L.hazmat else "false")
    terms = rng.choice(["prepaid", "prepaid", "collect", "third_party"])
    r.f("freight_terms", terms)
    return P, terms


# ------------------------------------------------------------------ L12 VICS-style grid
def bol_l12(rng, L):
    r = Rec()
    lab = Labeler(rng, punct=":")
    ds = rng.choice(DATE_STYLES)
    st_style = rng.choice(["title", "upper", "upper_nospace", "nocomma"])
    P, terms = bol_common(rng, L, r, ds)
    css = base_css(FONTS[rng.choice(["helv", "narrow", "dejavu"])], 8, margin="0.35in", extra="""
table.v { width: 100%; } table.v td { border: 0.8pt solid #000; padding: 2px 4px; vertical-align: top; }
.hd { background: #000; color: #fff; font-weight: bold; text-align: center; font-size: 8pt; }
.t { font-size: 15pt; font-weight: bold; text-align: center; }
.sm { font-size: 6.5pt; } .c { text-align: center; }
""")
    third = terms == "third_party"
    b = [f"<table class='v'><tr><td style='width:22%'>{lab('Date')} {P['date']}</td><td class='t'>BILL OF LADING</td>"
         f"<td style='width:22%'>Page 1 of 1</td></tr></table>"]
    left = (f"<tr><td class='hd'>SHIP FROM</td></tr><tr><td>{party_block(r, 'shipper', L.shipper, st_style)}<br>SID#: {rng.randint(10000, 99999)}</td></tr>"
            f"<tr><td class='hd'>SHIP TO</td></tr><tr><td>{party_block(r, 'consignee', L.consignee, st_style)}<br>CID#: {rng.randint(10000, 99999)}</td></tr>"
            f"<tr><td class='hd'>THIRD PARTY FREIGHT CHARGES BILL TO</td></tr><tr><td>"
            + (f"<b>{esc(L.broker.name)}</b><br>{esc(L.broker.street)}<br>{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}" if third or rng.random() < 0.5 else "&nbsp;<br>&nbsp;")
            + "</td></tr>")
    # stops: SHIP FROM and SHIP TO (no date per stop; SID# / CID# identify the party, not the stop)
    rec_stop(r, "pickup", L.shipper, st_style)
    rec_stop(r, "delivery", L.consignee, st_style)
    load_html = ""
    if rng.random() < 0.6:
        load_html = f"<tr><td>{lab(rng.choice(['Load #', 'Load Number', 'Shipment ID', 'Broker Load #']))} {r.f('load_number', L.load_number, L.load_number)}</td></tr>"
    right = (f"<tr><td>{lab(BOLNO)} <b style='font-size:11pt'>{P['bol']}</b></td></tr>"
             f"<tr><td>{lab('Carrier Name')} {P['carrier']}</td></tr>"
             f"<tr><td>{lab('Trailer number')} {esc(L.trailer)} &nbsp; {lab('Seal number(s)')} {esc(L.seal)}</td></tr>"
             f"<tr><td>{lab('SCAC')} {P['scac']}</td></tr>"
             f"<tr><td>{lab(PRO)} {r.f('pro_number', L.pro, L.pro)}</td></tr>" + load_html +
             f"<tr><td><b>Freight Charge Terms:</b> <span class='sm'>(freight charges are prepaid unless marked otherwise)</span><br>"
             f"{terms_boxes(rng, rng.choice(list(CHK)), terms)}</td></tr>"
             f"<tr><td>{CHK['box'][1]} Master Bill of Lading: with attached underlying Bills of Lading</td></tr>")
    b.append(f"<table style='width:100%'><tr><td style='width:50%;vertical-align:top;padding:0'><table class='v'>{left}</table></td>"
             f"<td style='vertical-align:top;padding:0'><table class='v'>{right}</table></td></tr></table>")
    b.append(f"<table class='v'><tr><td class='hd' colspan='5'>CUSTOMER ORDER INFORMATION</td></tr>"
             f"<tr><td>CUSTOMER ORDER NUMBER</td><td># PKGS</td><td>WEIGHT</td><td>PALLET/SLIP</td><td>ADDITIONAL SHIPPER INFO</td></tr>"
             f"<tr><td>{P['po']}</td><td class='c'>{L.pallets}</td><td>{P['wt']}</td><td class='c'>Y</td><td>{esc(L.commodity)}</td></tr>"
             f"<tr><td><b>GRAND TOTAL</b></td><td></td><td></td><td></td><td></td></tr></table>")
    hm = "X" if L.hazmat else ""
    b.append(f"<table class='v'><tr><td class='hd' colspan='8'>CARRIER INFORMATION</td></tr>"
             f"<tr class='c'><td colspan='2'>HANDLING UNIT</td><td colspan='2'>PACKAGE</td><td rowspan='2'>WEIGHT</td><td rowspan='2'>H.M. (X)</td>"
             f"<td rowspan='2'>COMMODITY DESCRIPTION</td><td rowspan='2'>NMFC # / CLASS</td></tr>"
             f"<tr class='c'><td>QTY</td><td>TYPE</td><td>QTY</td><td>TYPE</td></tr>"
             f"<tr><td class='c'>{P['hu']}</td><td>{esc(L.unit_type)}</td><td class='c'>{L.pallets * rng.choice([10, 20, 24, 40])}</td><td>CTN</td>"
             f"<td>{P['wt']}</td><td class='c'>{hm}</td><td>{esc(L.commodity)}{' - UN1263, PAINT, 3, PG III' if L.hazmat else ''}</td>"
             f"<td>{esc(L.nmfc)} / {esc(L.fclass)}</td></tr></table>")
    b.append("<p class='sm'>Where the rate is dependent on value, shippers are required to state specifically in writing the agreed or declared value of the property. "
             "RECEIVED, subject to individually determined rates or contracts that have been agreed upon in writing between the carrier and shipper, if applicable, "
             "otherwise to the rates, classifications and rules that have been established by the carrier and are available to the shipper, on request. "
             "The carrier shall not make delivery of this shipment without payment of freight and all other lawful charges.</p>")
    b.append(f"<table class='v'><tr><td style='width:33%'>SHIPPER SIGNATURE / DATE<br><span class='sig'>{esc(person(rng))}</span><br>"
             f"This is to certify that the above named materials are properly classified, packaged, marked and labeled.</td>"
             f"<td style='width:33%'>Trailer Loaded: {CHK['box'][0]} By Shipper {CHK['box'][1]} By Driver<br>Freight Counted: {CHK['box'][1]} By Shipper {CHK['box'][0]} By Driver</td>"
             f"<td>CARRIER SIGNATURE / PICKUP DATE<br><span class='sig'>{esc(L.driver)}</span><br>Carrier acknowledges receipt of packages.</td></tr></table>")
    return "bill_of_lading", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L13 straight BOL short form (Times)
def bol_l13(rng, L):
    r = Rec()
    lab = Labeler(rng, upper=False, punct=rng.choice([":", "", "."]))
    ds = rng.choice(DATE_STYLES)
    st_style = rng.choice(["title", "fullstate", "nocomma"])
    P, terms = bol_common(rng, L, r, ds)
    css = base_css(FONTS[rng.choice(["times", "freeserif"])], 9, margin="0.5in", extra="""
.t { text-align: center; font-size: 14pt; font-weight: bold; } .u { border-bottom: 0.6pt solid #000; }
table.f { width: 100%; } table.f td { padding: 3px 4px; vertical-align: top; }
table.i { width: 100%; } table.i td, table.i th { border: 0.7pt solid #000; padding: 3px; font-size: 8.5pt; }
.legal { font-size: 6.8pt; text-align: justify; }
""")
    on, off = CHK[rng.choice(list(CHK))]
    b = [f"<div class='t'>{rng.choice(['STRAIGHT BILL OF LADING - SHORT FORM', 'Straight Bill of Lading - Short Form - Not Negotiable', 'UNIFORM STRAIGHT BILL OF LADING'])}</div>",
         f"<p class='legal'>RECEIVED, subject to the classifications and tariffs in effect on the date of the issue of this Bill of Lading, the property described below, "
         "in apparent good order, except as noted (contents and condition of contents of packages unknown), marked, consigned, and destined as indicated below, "
         "which said carrier agrees to carry to its usual place of delivery at said destination.</p>"]
    b.append(f"<table class='f'><tr><td>{lab(rng.choice(['Shipper No.', 'Bill of Lading No.', 'B/L No.']))} <b>{P['bol']}</b></td>"
             f"<td>{lab(rng.choice(['Carrier', 'Name of Carrier']))} {P['carrier']}</td><td>{lab('SCAC')} {P['scac']}</td></tr>"
             f"<tr><td>{lab(rng.choice(['Date', 'Ship Date', 'Date Shipped']))} {P['date']}</td><td>{lab(PRO)} {r.f('pro_number', L.pro, L.pro)}</td>"
             f"<td>{lab(PO)} {P['po']}</td></tr></table>")
    b.append(f"<table class='f'><tr><td style='width:50%;border:0.7pt solid #000'><b>FROM: Shipper</b><br>{party_block(r, 'shipper', L.shipper, st_style)}</td>"
             f"<td style='border:0.7pt solid #000'><b>TO: Consignee</b><br>{party_block(r, 'consignee', L.consignee, st_style)}</td></tr></table>")
    rec_stop(r, "pickup", L.shipper, st_style)
    rec_stop(r, "delivery", L.consignee, st_style)
    hm = "X" if L.hazmat else ""
    b.append(f"<table class='i' style='margin-top:6px'><tr><th>No. Shipping Units</th><th>HM</th><th>Kind of Packaging, Description of Articles</th>"
             f"<th>Weight (Sub. to Corr.)</th><th>Class</th><th>Check Column</th></tr>"
             f"<tr><td style='text-align:center'>{P['hu']}</td><td style='text-align:center'>{hm}</td><td>{esc(L.unit_type)} {esc(L.commodity)}</td>"
             f"<td>{P['wt']}</td><td>{esc(L.fclass)}</td><td></td></tr><tr><td>&nbsp;</td><td></td><td></td><td></td><td></td><td></td></tr></table>")
    haz_line = (f"<p>{on if L.hazmat else off} Hazardous Materials &nbsp; {off if L.hazmat else on} Not Hazardous</p>")
    tl = {"prepaid": "Prepaid", "collect": "Collect", "third_party": "Bill to Third Party"}
    tb = " &nbsp; ".join(f"{on if k == terms else off} {v}" for k, v in tl.items())
    b.append(haz_line + f"<p><b>Freight charges:</b> {tb}. <span class='legal'>Freight charges are prepaid unless marked collect.</span></p>")
    if terms == "third_party":
        b.append(f"<p>Send freight bill to: {esc(L.broker.name)}, {esc(L.broker.street)}, {esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}</p>")
    b.append("<p class='legal'>Subject to Section 7 of conditions, if this shipment is to be delivered to the consignee without recourse on the consignor, the consignor shall sign the following statement: "
             "The carrier shall not make delivery of this shipment without payment of freight and all other lawful charges.</p>")
    b.append(f"<table class='f' style='margin-top:10px'><tr><td class='u' style='width:50%'>SHIPPER: {esc(L.shipper.name)}<br>Per <span class='sig'>{esc(person(rng))}</span></td>"
             f"<td class='u'>CARRIER: {esc(L.carrier.name)}<br>Per <span class='sig'>{esc(L.driver)}</span> &nbsp; Date ________</td></tr></table>")
    return "bill_of_lading", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L14 multi-stop master BOL, label: value list
def bol_l14(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds = rng.choice(DATE_STYLES)
    st_style = rng.choice(["title", "upper", "nocomma"])
    P, terms = bol_common(rng, L, r, ds)
    css = base_css(FONTS[rng.choice(["helv", "free", "courier"])], 8.5, page=rng.choice(["A4", "Letter"]), margin="14mm",
                   footer=PAGE_OF, extra="""
h1 { font-size: 16pt; } table.s { width: 100%; margin-top: 6px; }
table.s td, table.s th { border: 0.6pt solid #555; padding: 3px; vertical-align: top; text-align: left; }
.kv td { padding: 1px 8px 1px 0; }
""")
    b = [f"<table style='width:100%'><tr><td><h1>{rng.choice(['Bill of Lading', 'Master Bill of Lading', 'BILL OF LADING'])}</h1>Non-Negotiable</td>"
         f"<td style='text-align:right'>{lab(BOLNO)} <b>{P['bol']}</b><br>{lab(rng.choice(['Ship Date', 'Date', 'Pickup Date']))} {P['date']}</td></tr></table>"]
    b.append(f"<table class='kv'><tr><td>{lab('Carrier')}</td><td>{P['carrier']}</td><td>{lab('SCAC')}</td><td>{P['scac']}</td></tr>"
             f"<tr><td>{lab(PRO)}</td><td>{r.f('pro_number', L.pro, L.pro)}</td><td>{lab(['Load #', 'Load No.', 'Shipment ID', 'Order #', 'Broker Load #'])}</td><td>{r.f('load_number', L.load_number, L.load_number)}</td></tr>"
             f"<tr><td>{lab('Trailer')}</td><td>{esc(L.trailer)}</td><td>{lab('Seal')}</td><td>{esc(L.seal)}</td></tr>"
             f"<tr><td>{lab(PO)}</td><td>{P['po']}</td><td>{lab('Freight Terms')}</td><td>{ {'prepaid': 'PREPAID', 'collect': 'COLLECT', 'third_party': 'THIRD PARTY'}[terms]}</td></tr></table>")
    b.append(f"<table class='s'><tr><th style='width:50%'>Shipper</th><th>Bill Freight Charges To</th></tr><tr><td>{party_block(r, 'shipper', L.shipper, st_style)}</td>"
             f"<td>{esc(L.broker.name)}<br>{esc(L.broker.street)}<br>{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}</td></tr></table>")
    rec_stop(r, "pickup", L.shipper, st_style)  # the ship date above is the bill's, not printed in the block
    rows = []
    for i, s in enumerate(L.drops, 1):
        rec_stop(r, "delivery", s.party, st_style, ds, s.date, s.window, s.ref)
        if s is L.drops[-1]:
            blk = party_block(r, "consignee", s.party, st_style)
        else:
            blk = f"<b>{esc(s.party.name)}</b><br>{esc(s.party.street)}<br>{esc(csz(s.party.city, s.party.state, s.party.zip, st_style)[0])}"
        rows.append(f"<tr><td>{i}</td><td>{blk}</td><td>{esc(fmt_date(s.date, ds))} {esc(s.window)}</td><td>{esc(s.ref)}</td></tr>")
    b.append("<table class='s'><tr><th>Stop</th><th>Consignee</th><th>Appointment</th><th>Reference</th></tr>" + "".join(rows) + "</table>")
    b.append(f"<table class='s'><tr><th>Handling Units</th><th>Type</th><th>Description</th><th>Hazmat</th><th>Weight</th><th>Class</th></tr>"
             f"<tr><td>{P['hu']}</td><td>{esc(L.unit_type)}</td><td>{esc(L.commodity)}</td><td>{'YES' if L.hazmat else 'NO'}</td><td>{P['wt']}</td><td>{esc(L.fclass)}</td></tr></table>")
    b.append("<p style='font-size:7pt'>Received subject to the terms of the carrier's tariff and the Uniform Straight Bill of Lading in effect on the date of shipment. "
             "Shipper certifies that the contents are fully and accurately described. Driver must note any exceptions before departure.</p>")
    b.append(f"<p>Shipper signature: <span class='sig'>{esc(person(rng))}</span> &nbsp;&nbsp; Driver signature: <span class='sig'>{esc(L.driver)}</span></p>")
    return "bill_of_lading", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ POD common
def pod_common(rng, L, r, ds, signed, osd):
    P = {}
    P["date"] = r.f("delivery_date", L.delivery_date.isoformat(), fmt_date(L.delivery_date, ds))
    P["recv"] = r.f("received_by", L.receiver, L.receiver)
    r.f("signed", "true" if signed else "false")
    if osd:
        P["osd"] = r.f("osd_notes", osd, osd)
    return P


# ------------------------------------------------------------------ L15 carrier delivery receipt
def pod_l15(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds = rng.choice(DATE_STYLES)
    signed = rng.random() < 0.85
    osd = rng.choice(OSD) if rng.random() < 0.5 else None
    P = pod_common(rng, L, r, ds, signed, osd)
    css = base_css(FONTS[rng.choice(["helv", "dejavu", "narrow"])], 9, margin="0.5in", extra="""
table.g { width: 100%; } table.g td { border: 0.8pt solid #000; padding: 3px 5px; vertical-align: top; }
.t { font-size: 16pt; font-weight: bold; } .lb { font-size: 7pt; display: block; }
""")
    b = [f"<table style='width:100%'><tr><td><b style='font-size:13pt'>{esc(L.carrier.name)}</b><br>{esc(L.carrier.street)}, "
         f"{esc(csz(L.carrier.city, L.carrier.state, L.carrier.zip, 'title')[0])}<br>SCAC {esc(L.carrier.scac)}</td>"
         f"<td style='text-align:right' class='t'>{rng.choice(['DELIVERY RECEIPT', 'Delivery Receipt', 'PROOF OF DELIVERY', 'Consignee Delivery Receipt'])}</td></tr></table><br>"]
    ids = [(lab(PRO), r.f("pro_number", L.pro, L.pro)), (lab(BOLNO), r.f("bol_number", L.bol, L.bol))]
    if rng.random() < 0.5:
        ids.append((lab(LOAD), r.f("load_number", L.load_number, L.load_number)))
    ids.append((lab(rng.choice(["Delivery Date", "Date Delivered", "Delivered"])), P['date']))
    b.append("<table class='g'><tr>" + "".join(f"<td><span class='lb'>{a}</span><b>{v}</b></td>" for a, v in ids) + "</tr></table><br>")
    b.append(f"<table class='g'><tr><td style='width:50%'><span class='lb'>SHIPPER</span>{esc(L.shipper.name)}<br>{esc(L.shipper.street)}<br>"
             f"{esc(csz(L.shipper.city, L.shipper.state, L.shipper.zip, 'title')[0])}</td><td><span class='lb'>CONSIGNEE</span>{esc(L.consignee.name)}<br>"
             f"{esc(L.consignee.street)}<br>{esc(csz(L.consignee.city, L.consignee.state, L.consignee.zip, 'title')[0])}</td></tr></table><br>")
    b.append(f"<table class='g'><tr><td>Pieces</td><td>Description</td><td>Weight</td></tr><tr><td>{L.pallets} {esc(L.unit_type)}</td>"
             f"<td>{esc(L.commodity)}</td><td>{L.weight:,} lbs</td></tr></table>")
    b.append(f"<p><b>{lab(rng.choice(['Exceptions (OS&D)', 'OS&D Notes', 'Exceptions', 'Overage / Shortage / Damage']))}</b> "
             f"{P.get('osd', '_' * 50)}</p>")
    b.append("<p style='font-size:7.5pt'>Received the above described freight in good order and condition except as noted. "
             "Consignee's signature acknowledges receipt only and does not waive claims for concealed damage.</p>")
    sig = f"<span class='sig'>{esc(L.receiver)}</span>" if signed else "&nbsp;"
    b.append(f"<table class='g' style='margin-top:8px'><tr><td style='width:40%'><span class='lb'>{lab(rng.choice(['Consignee Signature', 'Receiver Signature', 'Signature']), False)}</span>{sig}</td>"
             f"<td><span class='lb'>{lab(rng.choice(['Print Name', 'Received By', 'Printed Name']), False)}</span>{P['recv']}</td>"
             f"<td><span class='lb'>Time</span>{rng.randint(6, 17):02d}:{rng.choice(['05', '20', '42', '55'])}</td></tr></table>")
    b.append(f"<p>Driver: {esc(L.driver)} &nbsp; Trailer: {esc(L.trailer)}</p>")
    return "proof_of_delivery", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L16 warehouse receiving record / signed BOL copy
def pod_l16(rng, L):
    r = Rec()
    lab = Labeler(rng, upper=True)
    ds = rng.choice(DATE_STYLES)
    signed = rng.random() < 0.8
    osd = rng.choice(OSD) if rng.random() < 0.6 else None
    P = pod_common(rng, L, r, ds, signed, osd)
    css = base_css(FONTS[rng.choice(["courier", "times", "free"])], 9, page=rng.choice(["Letter", "A4"]), margin="0.6in", extra="""
h1 { font-size: 15pt; text-align: center; } table.g { width: 100%; } table.g td, table.g th { border: 0.6pt solid #000; padding: 3px; text-align: left; }
.stamp { border: 2.5pt solid #555; color: #444; font-weight: bold; font-size: 14pt; padding: 4px 10px; display: inline-block; transform: rotate(-6deg); }
""")
    b = [f"<div style='text-align:center'><b>{esc(L.consignee.name)}</b> &middot; {esc(csz(L.consignee.city, L.consignee.state, L.consignee.zip, 'title')[0])}</div>",
         f"<h1>{rng.choice(['Proof of Delivery', 'RECEIVING RECORD / POD', 'Delivery Confirmation'])}</h1>"]
    rows = [(lab(LOAD), r.f("load_number", L.load_number, L.load_number)), (lab(BOLNO), r.f("bol_number", L.bol, L.bol))]
    if rng.random() < 0.5:
        rows.append((lab(PRO), r.f("pro_number", L.pro, L.pro)))
    rows += [(lab("Carrier"), esc(L.carrier.name)), (lab(rng.choice(["Delivered On", "Delivery Date", "Date Received"])), P['date']),
             (lab("Door"), str(rng.randint(1, 60)))]
    b.append("<table class='g'>" + "".join(f"<tr><th style='width:35%'>{a}</th><td>{v}</td></tr>" for a, v in rows) + "</table><br>")
    ordered = L.pallets
    b.append(f"<table class='g'><tr><th>PO</th><th>Item</th><th>Ordered</th><th>Received</th><th>OS&amp;D</th></tr>"
             f"<tr><td>{esc(L.po)}</td><td>{esc(L.commodity)}</td><td>{ordered}</td><td>{ordered}</td><td>{P.get('osd', '')}</td></tr></table>")
    b.append(f"<p>{lab(rng.choice(['Received By', 'Receiver', 'Receiving Clerk']))} {P['recv']}</p>")
    b.append(f"<p>{lab('Signature')} {'<span class=sig>' + esc(L.receiver) + '</span>' if signed else '______________________'}</p>")
    if signed:
        b.append(f"<div class='stamp'>RECEIVED {esc(fmt_date(L.delivery_date, 'mdY'))}</div>")
    b.append("<p style='font-size:7pt'>Unloaded by: Facility lumper service. Shortages and damages must be noted above before the driver departs.</p>")
    return "proof_of_delivery", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ lumper receipts
LUMPERS = ["Capstone Unloading Services", "DockPro Labor LLC", "RapidUnload Inc.", "Warehouse Labor Partners",
           "Pallet Masters Unloading", "Integrity Freight Handling"]


def lum_common(rng, L, r, ds, ms):
    P = {}
    no = rng.choice([str(rng.randint(100000, 9999999)), f"R-{rng.randint(10000, 99999)}", f"{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"])
    P["no"] = r.f("receipt_number", no, no)
    P["date"] = r.f("receipt_date", L.delivery_date.isoformat(), fmt_date(L.delivery_date, ds))
    fac = L.consignee.name
    P["fac"] = r.f("facility", fac, fac)
    P["load"] = r.f("load_number", L.load_number, L.load_number)
    P["po"] = r.f("po_number", L.po, L.po)
    amt = rng.choice([17500, 22500, 25000, 31000, 38500, 19000, 27550, 42000])
    P["amt_c"] = amt
    P["amt"] = r.f("amount_usd", norm_money(amt), fmt_money(amt, ms))
    return P


def lum_l17(rng, L):
    r = Rec()
    lab = Labeler(rng, upper=True)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(["dollar", "plain", "usd"])
    P = lum_common(rng, L, r, ds, ms)
    css = base_css(FONTS[rng.choice(["courier", "helv"])], 9, page="4in 8in", margin="0.25in", extra="""
.c { text-align: center; } hr { border: none; border-top: 1px dashed #000; } td { padding: 1px 2px; white-space: nowrap; }
""")
    co = rng.choice(LUMPERS)
    b = [f"<div class='c'><b>{esc(co)}</b><br>{rng.choice(['LUMPER RECEIPT', 'Lumper Receipt', 'UNLOADING RECEIPT'])}</div><hr>",
         f"<table style='width:100%'><tr><td>{lab(rng.choice(['Receipt #', 'Ticket #', 'Receipt No.']))}</td><td>{P['no']}</td></tr>"
         f"<tr><td>{lab('Date')}</td><td>{P['date']}</td></tr>"
         f"<tr><td colspan='2'>{lab(rng.choice(['Facility', 'Location', 'Warehouse']))}</td></tr>"
         f"<tr><td colspan='2' style='font-size:8pt'>{P['fac']}</td></tr>"
         f"<tr><td colspan='2' style='font-size:8pt'>{esc(csz(L.consignee.city, L.consignee.state, L.consignee.zip, 'upper')[0])}</td></tr>"
         f"<tr><td>{lab('Carrier')}</td><td>{esc(L.carrier.name)}</td></tr>"
         f"<tr><td>{lab(rng.choice(['Load #', 'Load No.', 'Trip #']))}</td><td>{P['load']}</td></tr>"
         f"<tr><td>{lab(PO)}</td><td>{P['po']}</td></tr>"
         f"<tr><td>{lab('Pallets')}</td><td>{L.pallets}</td></tr>"
         f"<tr><td>{lab('Door')}</td><td>{rng.randint(1, 40)}</td></tr></table><hr>"
         f"<table style='width:100%'><tr><td><b>{lab(rng.choice(['Total', 'Amount', 'Total Charged', 'Amount Paid']))}</b></td>"
         f"<td style='text-align:right'><b>{P['amt']}</b></td></tr>"
         f"<tr><td>{lab('Paid by')}</td><td style='text-align:right'>{rng.choice(['Comchek', 'EFS Check', 'Credit Card', 'Cash', 'T-Chek'])}</td></tr></table><hr>"
         f"<div class='c' style='font-size:7pt'>Driver: {esc(L.driver)}<br>Keep this receipt for reimbursement.<br>Thank you!</div>"]
    return "lumper_receipt", doc(css, "\n".join(b)), r


def lum_l18(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    P = lum_common(rng, L, r, ds, ms)
    css = base_css(FONTS[rng.choice(["helv", "dejavu", "times"])], 10, margin="0.7in", extra="""
table.g { width: 100%; } table.g td { border: 0.8pt solid #000; padding: 5px; vertical-align: top; }
.lb { font-size: 7pt; display: block; color: #333; } h1 { font-size: 18pt; }
""")
    co = rng.choice(LUMPERS)
    base = P["amt_c"] - 2500 if P["amt_c"] > 20000 else P["amt_c"]
    fee = P["amt_c"] - base
    b = [f"<table style='width:100%'><tr><td><b style='font-size:14pt'>{esc(co)}</b><br>Third-party unloading services at "
         f"{P['fac']}</td><td style='text-align:right'><h1>{rng.choice(['Unloading Receipt', 'Lumper Receipt', 'Lumper Service Receipt'])}</h1></td></tr></table><br>",
         "<table class='g'><tr>"
         f"<td><span class='lb'>{lab(rng.choice(['Receipt Number', 'Receipt #', 'Ticket #']), False)}</span><b>{P['no']}</b></td>"
         f"<td><span class='lb'>{lab('Date of Service', False)}</span>{P['date']}</td>"
         f"<td><span class='lb'>{lab(rng.choice(['Load #', 'Carrier Load #', 'Load Number']), False)}</span>{P['load']}</td>"
         f"<td><span class='lb'>{lab(PO, False)}</span>{P['po']}</td></tr></table><br>",
         f"<table class='g'><tr><td>Carrier: {esc(L.carrier.name)}<br>Driver: {esc(L.driver)}<br>Trailer: {esc(L.trailer)}</td>"
         f"<td>Pallets in: {L.pallets}<br>Pallets out: {L.pallets}<br>Cases: {L.pallets * 48}</td></tr></table><br>",
         f"<table class='g' style='width:55%;margin-left:auto'><tr><td>Unloading</td><td style='text-align:right'>{esc(fmt_money(base, ms))}</td></tr>"
         + (f"<tr><td>Restack / breakdown</td><td style='text-align:right'>{esc(fmt_money(fee, ms))}</td></tr>" if fee else "")
         + f"<tr><td><b>{lab(rng.choice(['Total Paid', 'Total', 'Amount Paid']))}</b></td><td style='text-align:right'><b>{P['amt']}</b></td></tr></table>",
         f"<p>Payment method: {rng.choice(['Comchek #', 'EFS #', 'Card ending '])}{rng.randint(1000, 9999)}</p>"
         "<p style='font-size:8pt'>This receipt is proof of payment for unloading services. Present to your broker or carrier for reimbursement. No refunds.</p>"]
    return "lumper_receipt", doc(css, "\n".join(b)), r
