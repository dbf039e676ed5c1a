"""Rate confirmation layouts (GEN-L01 .. L06)."""
from common import (FONTS, SIG_FONT, DATE_STYLES, MONEY_STYLES, Rec, esc, fmt_date, fmt_money, norm_money,
                    fmt_weight, csz, rec_stop)
from labels import (Labeler, LOAD, RC_TOTAL, LINEHAUL, FSC, CARRIER, EQUIP, COMMOD, WEIGHT, TERMS, mc_text,
                    dot_text, terms_paras)

RC_TITLES = ["Rate Confirmation", "Carrier Rate Confirmation", "Load Confirmation",
             "Carrier Load Tender &amp; Rate Agreement", "Broker-Carrier Rate Agreement",
             "Rate and Load Confirmation", "Carrier Confirmation", "Load Tender / Rate Confirmation",
             "Truckload Rate Confirmation"]


def base_css(font, size, page="Letter", margin="0.5in", footer=None, header=None, extra=""):
    fb = ""
    if footer:
        fb += f"@bottom-center {{ content: {footer}; font-size: 7.5pt; font-family: {font}; }}"
    if header:
        fb += f"@top-right {{ content: {header}; font-size: 8pt; font-family: {font}; }}"
    return f"""
@page {{ size: {page}; margin: {margin}; {fb} }}
body {{ font-family: {font}; font-size: {size}pt; color: #000; font-variant-ligatures: none; }}
table {{ border-collapse: collapse; }}
tr, td {{ page-break-inside: avoid; }}
.pb {{ page-break-before: always; }}
.sig {{ font-family: {SIG_FONT}; font-style: italic; font-size: 15pt; }}
h1, h2, h3 {{ margin: 0; }}
{extra}
"""


PAGE_OF = '"Page " counter(page) " of " counter(pages)'


def doc(css, body):
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"


def terms_block(rng, n, heading="TERMS AND CONDITIONS", cls="pb", hstyle="", pstyle=""):
    out = [f"<div class='{cls}'><h3 style='{hstyle}'>{heading}</h3>"]
    for i, (t, p) in enumerate(terms_paras(rng, n), 1):
        out.append(f"<p style='{pstyle}'><b>{i}. {t}.</b> {p}</p>")
    out.append("</div>")
    return "\n".join(out)


def stop_addr(r, L, s, st_style, register):
    """Address lines of a stop; registers city/state when register in ('pickup','delivery')."""
    p = s.party
    line, city, state = csz(p.city, p.state, p.zip, st_style)
    if register:
        r.f(f"{register}_city", city if st_style != "fullstate" else p.city, line)
        r.f(f"{register}_state", p.state, line)
    return esc(p.street), esc(line)


def rec_rc_stop(r, s, st_style, ds, upper=False):
    """Record stop `s` of a rate confirmation: facility, street, city line, date, window, reference."""
    rec_stop(r, "pickup" if s.kind == "Pickup" else "delivery", s.party, st_style, ds, s.date, s.window, s.ref,
             upper=upper)


def stop_roles(L):
    """Which stop registers which fields: first pickup and last delivery."""
    roles = {}
    roles[id(L.pickups[0])] = "pickup"
    roles[id(L.drops[-1])] = "delivery"
    return roles


def rc_common(rng, L, r, ds, ms):
    """Register the values most layouts print; returns dict of printed strings (escaped)."""
    P = {}
    P["load"] = r.f("load_number", L.load_number, L.load_number)
    P["broker"] = r.f("broker_name", L.broker.name, L.broker.name)
    P["carrier"] = r.f("carrier_name", L.carrier.name, L.carrier.name)
    mct = mc_text(rng, L.carrier.mc)
    P["mc"] = r.f("carrier_mc", L.carrier.mc, mct)
    P["equip"] = r.f("equipment", L.equipment, L.equipment)
    P["commod"] = r.f("commodity", L.commodity, L.commodity)
    wt, wn = fmt_weight(rng, L.weight)
    P["weight"] = r.f("weight_lb", wn, wt)
    P["lh"] = r.f("linehaul_usd", norm_money(L.linehaul), fmt_money(L.linehaul, ms))
    P["fsc"] = r.f("fuel_surcharge_usd", norm_money(L.fsc), fmt_money(L.fsc, ms))
    P["terms"] = r.f("payment_terms", L.pay_terms, L.pay_terms)
    P["pu_date"] = r.f("pickup_date", L.pickup_date.isoformat(), fmt_date(L.pickup_date, ds))
    P["del_date"] = r.f("delivery_date", L.delivery_date.isoformat(), fmt_date(L.delivery_date, ds))
    return P


def total_fields(r, L, ms):
    return r.f("total_usd", norm_money(L.total), fmt_money(L.total, ms))


# ------------------------------------------------------------------ L01 classic TMS print, multi-page
def rc_l01(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    font = FONTS[rng.choice(["helv", "helv", "dejavu", "free"])]
    st_style = rng.choice(["title", "upper", "upper_nospace", "nocomma"])
    P = rc_common(rng, L, r, ds, ms)
    roles = stop_roles(L)
    title = rng.choice(RC_TITLES)
    dot = r.f("carrier_dot", L.carrier.dot, L.carrier.dot)
    load_lab = lab.raw(LOAD, punct=False)
    css = base_css(font, rng.choice([8, 8.5, 9]), footer=PAGE_OF,
                   header=f'"{load_lab} {L.load_number}"', extra="""
.hdr td { vertical-align: top; }
.logo { font-size: 18pt; font-weight: bold; letter-spacing: 1px; white-space: nowrap; }
.ttl { font-size: 15pt; font-weight: bold; text-align: right; }
.sec { background: #222; color: #fff; font-weight: bold; padding: 2px 4px; margin-top: 8px; font-size: 9pt; }
table.grid { width: 100%; } table.grid td, table.grid th { border: 0.6pt solid #444; padding: 2px 4px; vertical-align: top; }
table.grid th { background: #ddd; text-align: left; font-size: 8pt; }
.r { text-align: right; } .b { font-weight: bold; }
""")
    b = [f"""<table class='hdr' style='width:100%'><tr><td><div class='logo'>{P['broker']}</div>
{esc(L.broker.street)}<br>{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}<br>
Phone {esc(L.broker.phone)} &nbsp; {esc(L.broker.email)}<br>MC {esc(L.broker.mc)}</td>
<td class='ttl'>{title}<br><span style='font-size:10pt'>{lab(load_lab)} {P['load']}</span><br>
<span style='font-size:8pt;font-weight:normal'>{lab('Date')} {esc(fmt_date(L.pickup_date.fromordinal(L.pickup_date.toordinal() - rng.randint(1, 4)), ds))}</span></td></tr></table>"""]
    b.append(f"<div class='sec'>CARRIER INFORMATION</div><table class='grid'><tr>"
             f"<td><b>{lab(CARRIER)}</b> {P['carrier']}</td><td><b>{P['mc']}</b></td><td><b>{lab('DOT #')}</b> {dot}</td></tr>"
             f"<tr><td>{lab('Contact')} {esc(L.carrier.contact)}</td><td>{lab('Phone')} {esc(L.carrier.phone)}</td>"
             f"<td>{lab('Driver')} {esc(L.driver)} / {lab('Truck')} {esc(L.truck)}</td></tr></table>")
    rows = []
    for i, s in enumerate(L.stops, 1):
        role = roles.get(id(s))
        st, line = stop_addr(r, L, s, st_style, role)
        rec_rc_stop(r, s, st_style, ds)
        dt_ = fmt_date(s.date, ds)
        rows.append(f"<tr><td>{i}</td><td>{'PU' if s.kind == 'Pickup' else 'SO' if s.kind == 'Delivery' and role is None else 'DEL'}</td>"
                    f"<td>{esc(s.party.name)}</td><td>{st}<br>{line}</td><td>{esc(dt_)}</td><td>{esc(s.window)}</td><td>{esc(s.ref)}</td></tr>")
    b.append("<div class='sec'>STOPS</div><table class='grid'><tr><th>Stop</th><th>Type</th><th>Facility</th><th>Address</th>"
             "<th>Date</th><th>Time</th><th>Ref</th></tr>" + "".join(rows) + "</table>")
    b.append(f"<div class='sec'>SHIPMENT</div><table class='grid'><tr><td><b>{lab(EQUIP)}</b> {P['equip']}</td>"
             f"<td><b>{lab(COMMOD)}</b> {P['commod']}</td><td><b>{lab(WEIGHT)}</b> {P['weight']}</td>"
             f"<td><b>{lab('Pallets')}</b> {L.pallets}</td></tr></table>")
    ch = [f"<tr><td>{lab(LINEHAUL, False)}</td><td class='r'>{P['lh']}</td></tr>",
          f"<tr><td>{lab(FSC, False)}</td><td class='r'>{P['fsc']}</td></tr>"]
    for d_, c_, a_ in L.accessorials:
        ch.append(f"<tr><td>{esc(d_)}</td><td class='r'>{esc(fmt_money(a_, ms))}</td></tr>")
    ch.append(f"<tr><td class='b'>{lab(RC_TOTAL, False)}</td><td class='r b'>{total_fields(r, L, ms)}</td></tr>")
    b.append("<div class='sec'>RATE</div><table class='grid' style='width:55%'><tr><th>Description</th><th class='r'>Amount</th></tr>"
             + "".join(ch) + f"</table><p><b>{lab(TERMS)}</b> {P['terms']}. &nbsp;Detention $50.00/hr after 2 free hours. "
             "Lumper reimbursed with receipt only.</p>")
    b.append(f"<p style='font-size:7.5pt'>Send invoice, signed BOL and POD to ap@{esc(L.broker.name.split()[0].lower())}freight.com "
             f"referencing {esc(load_lab)} {esc(L.load_number)}. See following page(s) for terms and conditions.</p>")
    b.append(terms_block(rng, rng.randint(7, 14), pstyle=f"font-size:{rng.choice([8, 9, 10])}pt"))
    b.append(f"""<div style='margin-top:20px; page-break-inside: avoid'><h3>ACCEPTED BY CARRIER</h3>
<table style='width:100%;margin-top:14px'><tr><td style='width:50%'>Carrier: {P['carrier']}<br><br>
<span class='sig'>{esc(L.carrier.contact)}</span><br>______________________________<br>Signature</td>
<td>Broker: {P['broker']}<br><br><span class='sig'>{esc(L.dispatcher)}</span><br>______________________________<br>Authorized Signature</td></tr>
<tr><td>Print Name: {esc(L.carrier.contact)}<br>Date: ____________</td><td>Print Name: {esc(L.dispatcher)}</td></tr></table></div>""")
    return "rate_confirmation", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L02 boxed grid, label above value
def rc_l02(rng, L):
    r = Rec()
    lab = Labeler(rng, punct="")
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    font = FONTS[rng.choice(["helv", "narrow", "free"])]
    st_style = rng.choice(["title", "upper", "nocomma", "fullstate"])
    P = rc_common(rng, L, r, ds, ms)
    roles = stop_roles(L)
    multi = rng.random() < 0.6
    css = base_css(font, 9, page=rng.choice(["Letter", "Letter", "A4"]), margin="0.45in",
                   footer=PAGE_OF if multi else None, extra="""
.box { border: 0.8pt solid #000; padding: 2px 5px 4px 5px; vertical-align: top; }
.lb { font-size: 6.5pt; color: #333; display: block; text-transform: none; }
.v { font-size: 10pt; font-weight: bold; display: block; }
table.g { width: 100%; margin-bottom: 6px; }
.banner { border: 2pt solid #000; text-align: center; font-size: 17pt; font-weight: bold; padding: 4px; margin: 6px 0; }
.stop { border: 0.8pt solid #000; margin-bottom: 5px; }
.stop .h { background: #e6e6e6; font-weight: bold; padding: 2px 5px; border-bottom: 0.8pt solid #000; }
""")

    def cell(label, val, w=""):
        return f"<td class='box' style='{w}'><span class='lb'>{lab(label)}</span><span class='v'>{val}</span></td>"

    b = [f"<div style='font-size:16pt;font-weight:bold'>{P['broker']}</div><div>{esc(L.broker.street)}, "
         f"{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])} &middot; {esc(L.broker.phone)}</div>",
         f"<div class='banner'>{rng.choice(RC_TITLES).upper()}</div>"]
    b.append("<table class='g'><tr>" + cell(LOAD, P['load']) + cell(CARRIER, P['carrier'], "width:40%")
             + cell("MC Number", P['mc']) + cell("USDOT", r.f("carrier_dot", L.carrier.dot, L.carrier.dot)) + "</tr></table>")
    b.append("<table class='g'><tr>" + cell(EQUIP, P['equip']) + cell(COMMOD, P['commod'])
             + cell(WEIGHT, P['weight']) + cell("Pieces", f"{L.pallets} {esc(L.unit_type)}") + "</tr></table>")
    pn = dn = 0
    for s in L.stops:
        role = roles.get(id(s))
        st, line = stop_addr(r, L, s, st_style, role)
        rec_rc_stop(r, s, st_style, ds)
        if s.kind == "Pickup":
            pn += 1
            h = f"PICKUP {pn}" if len(L.pickups) > 1 else "PICKUP"
        else:
            dn += 1
            h = f"DELIVERY {dn}" if len(L.drops) > 1 else "CONSIGNEE / DELIVERY"
        b.append(f"<div class='stop'><div class='h'>{h}</div><table class='g' style='margin:0'><tr>"
                 f"<td class='box' style='width:45%;border:none'><b>{esc(s.party.name)}</b><br>{st}<br>{line}<br>{esc(s.contact)}</td>"
                 + cell("Date", esc(fmt_date(s.date, ds))) + cell("Time", esc(s.window)) + cell("Reference", esc(s.ref))
                 + "</tr></table></div>")
    acc = "".join(cell(d_, esc(fmt_money(a_, ms))) for d_, c_, a_ in L.accessorials)
    b.append("<table class='g'><tr>" + cell(LINEHAUL, P['lh']) + cell(FSC, P['fsc']) + acc
             + cell(RC_TOTAL, total_fields(r, L, ms)) + cell(TERMS, P['terms']) + "</tr></table>")
    b.append("<p style='font-size:7pt'>Carrier must call dispatch upon loading and unloading. Detention paid after 2 hours free time "
             "with signed in/out times on BOL. Lumper fees reimbursed only with original receipt. TONU $150.00 if cancelled after dispatch.</p>")
    if multi:
        b.append(terms_block(rng, rng.randint(6, 10), heading="CARRIER TERMS &amp; CONDITIONS"))
    b.append(f"<table style='width:100%;margin-top:18px'><tr><td>Accepted by carrier: <span class='sig'>{esc(L.carrier.contact)}</span>"
             f"<br>________________________________ Signature / Date</td><td>Dispatcher: {esc(L.dispatcher)}</td></tr></table>")
    return "rate_confirmation", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L03 monospace TMS printout
def rc_l03(rng, L):
    r = Rec()
    lab = Labeler(rng, upper=True, punct=rng.choice([":", ".", ""]))
    ds, ms = rng.choice(DATE_STYLES), rng.choice(["plain", "comma", "dollar"])
    st_style = rng.choice(["upper", "upper_nospace"])
    P = rc_common(rng, L, r, ds, ms)
    roles = stop_roles(L)
    title = rng.choice(RC_TITLES).upper()
    css = base_css(FONTS["courier"], rng.choice([8, 8.5, 9]), margin="0.6in", footer=PAGE_OF, extra="""
pre { font-family: inherit; margin: 0; white-space: pre-wrap; }
hr { border: none; border-top: 1px dashed #000; }
""")

    def kv(label, val, w=22):
        lb = label
        return esc(lb.ljust(w)) + " " + val

    lines = [esc(L.broker.name.upper()), esc(f"{L.broker.street.upper()}  {L.broker.city.upper()} {L.broker.state} {L.broker.zip}"),
             esc(f"TEL {L.broker.phone}   MC# {L.broker.mc}"), "", f"<b>{esc(title)}</b>", ""]
    # uppercase broker: register the printed form
    r.f("broker_name", L.broker.name.upper(), L.broker.name.upper())
    lines.append(kv(lab.raw(LOAD), P['load']))
    lines.append(kv(lab.raw(CARRIER), P['carrier']))
    lines.append(kv(lab.raw("MC"), P['mc']))
    lines.append(kv(lab.raw("DOT"), r.f("carrier_dot", L.carrier.dot, L.carrier.dot)))
    lines.append(kv(lab.raw(EQUIP), P['equip']))
    lines.append(kv(lab.raw(COMMOD), P['commod']))
    lines.append(kv(lab.raw(WEIGHT), P['weight']))
    lines.append("<hr>")
    for i, s in enumerate(L.stops, 1):
        role = roles.get(id(s))
        st, line = stop_addr(r, L, s, st_style, role)
        rec_rc_stop(r, s, st_style, ds, upper=True)
        lines.append(f"<b>STOP {i} - {'PICK UP' if s.kind == 'Pickup' else 'DELIVER'}</b>")
        lines.append("  " + esc(s.party.name.upper()))
        lines.append("  " + st.upper())
        lines.append("  " + line)
        lines.append("  " + esc(f"DATE {fmt_date(s.date, ds)}   TIME {s.window}   {s.ref}"))
        lines.append("")
    lines.append("<hr>")
    lines.append(kv(lab.raw(LINEHAUL), P['lh'].rjust(12)))
    lines.append(kv(lab.raw(FSC), P['fsc'].rjust(12)))
    for d_, c_, a_ in L.accessorials:
        lines.append(kv(lab.raw(d_), esc(fmt_money(a_, ms)).rjust(12)))
    lines.append(kv(lab.raw(RC_TOTAL), "<b>" + total_fields(r, L, ms).rjust(12) + "</b>"))
    lines.append(kv(lab.raw(TERMS), P['terms']))
    lines.append("")
    lines.append("DETENTION: $40.00/HR AFTER 2 HRS FREE. LUMPER W/ RECEIPT ONLY. TONU $150.00.")
    body = "<pre>" + "\n".join(lines) + "</pre>"
    body += terms_block(rng, rng.randint(5, 9), heading="TERMS AND CONDITIONS", pstyle="text-align:justify")
    body += (f"<pre style='margin-top:16px'>ACCEPTED BY CARRIER: ______________________________  DATE: __________\n"
             f"PRINT NAME: {esc(L.carrier.contact.upper())}</pre>")
    return "rate_confirmation", doc(css, body), r


# ------------------------------------------------------------------ L04 tender & rate agreement, total on last page
def rc_l04(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    font = FONTS[rng.choice(["helv", "times", "dejavu"])]
    st_style = rng.choice(["title", "nocomma", "upper"])
    P = rc_common(rng, L, r, ds, ms)
    roles = stop_roles(L)
    load_lab = lab.raw(LOAD, punct=False)
    css = base_css(font, 9, margin="0.6in 0.55in", footer='"' + L.broker.name.replace('"', '') + ' - Page " counter(page) " of " counter(pages)',
                   header=f'"{load_lab} {L.load_number}"', extra="""
.two td { vertical-align: top; width: 50%; padding: 3px 6px; border: 0.7pt solid #000; }
table.st { width: 100%; } table.st th { border-bottom: 1.2pt solid #000; text-align: left; font-size: 8pt; padding: 2px; }
table.st td { border-bottom: 0.4pt solid #999; padding: 3px 2px; vertical-align: top; }
h1 { font-size: 16pt; } .sm { font-size: 7.5pt; }
""")
    b = [f"<table style='width:100%'><tr><td><h1>{P['broker']}</h1>{esc(L.broker.street)}<br>"
         f"{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}</td><td style='text-align:right'>"
         f"<h2>{rng.choice(['Carrier Load Tender &amp; Rate Agreement', 'Load Tender', 'Rate Agreement'])}</h2>"
         f"{esc(load_lab)}: {P['load']}</td></tr></table><br>"]
    b.append(f"<table class='two' style='width:100%'><tr><td><b>{lab('Tendered To')}</b><br>{P['carrier']}<br>{esc(L.carrier.street)}<br>"
             f"{esc(csz(L.carrier.city, L.carrier.state, L.carrier.zip, 'title')[0])}<br>{P['mc']} &nbsp; "
             f"{esc(dot_text(rng, L.carrier.dot)) if r.f('carrier_dot', L.carrier.dot, L.carrier.dot) else ''}</td>"
             f"<td><b>{lab('Load Details')}</b><br>{lab(EQUIP)} {P['equip']}<br>{lab(COMMOD)} {P['commod']}<br>"
             f"{lab(WEIGHT)} {P['weight']}<br>{lab('Miles')} {L.miles}</td></tr></table><br>")
    rows = []
    for i, s in enumerate(L.stops, 1):
        role = roles.get(id(s))
        st, line = stop_addr(r, L, s, st_style, role)
        rec_rc_stop(r, s, st_style, ds)
        rows.append(f"<tr><td>{i}</td><td>{s.kind}</td><td><b>{esc(s.party.name)}</b><br>{st}<br>{line}</td>"
                    f"<td>{esc(fmt_date(s.date, ds))}</td><td>{esc(s.window)}</td><td>{esc(s.ref)}</td></tr>")
    b.append("<table class='st'><tr><th>#</th><th>Type</th><th>Facility / Address</th><th>Date</th><th>Time</th><th>Ref</th></tr>"
             + "".join(rows) + "</table>")
    b.append("<p class='sm'>Carrier shall check in with the receiver at least 30 minutes prior to the appointment. "
             "Rate details and acceptance appear on the last page of this tender.</p>")
    b.append(terms_block(rng, rng.randint(9, 14), heading="TERMS AND CONDITIONS OF TENDER", pstyle="text-align:justify;font-size:9.5pt"))
    if rng.random() < 0.6:
        b.append(terms_block(rng, rng.randint(6, 9), heading="ADDENDUM A - CARRIER OPERATING REQUIREMENTS",
                             pstyle="text-align:justify;font-size:9.5pt"))
    ch = [f"<tr><td>{lab(LINEHAUL, False)}</td><td style='text-align:right'>{P['lh']}</td></tr>",
          f"<tr><td>{lab(FSC, False)}</td><td style='text-align:right'>{P['fsc']}</td></tr>"]
    for d_, c_, a_ in L.accessorials:
        ch.append(f"<tr><td>{esc(d_)}</td><td style='text-align:right'>{esc(fmt_money(a_, ms))}</td></tr>")
    ch.append(f"<tr><td><b>{lab(RC_TOTAL, False)}</b></td><td style='text-align:right'><b>{total_fields(r, L, ms)}</b></td></tr>")
    b.append(f"<div class='pb'><h2>RATE SUMMARY AND ACCEPTANCE</h2><br><table class='st' style='width:60%'>{''.join(ch)}</table>"
             f"<p>{lab(TERMS)} {P['terms']}</p><p>By signing below, Carrier accepts this tender at the rate shown and agrees to the terms and conditions above.</p>"
             f"<br><p>Accepted by carrier: {P['carrier']}</p><p><span class='sig'>{esc(L.carrier.contact)}</span><br>"
             f"___________________________________<br>Signature &nbsp;&nbsp;&nbsp;&nbsp; Date: {esc(fmt_date(L.pickup_date, ds))}</p></div>")
    return "rate_confirmation", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L05 formal letter agreement (Times)
def rc_l05(rng, L):
    r = Rec()
    ds, ms = rng.choice(["Month_dth_Y", "Mon_d_Y", "mdY", "dth_Mon_Y"]), rng.choice(["dollar", "usd", "dollar_nocents"])
    st_style = rng.choice(["title", "fullstate"])
    P = rc_common(rng, L, r, ds, ms)
    roles = stop_roles(L)
    lab = Labeler(rng, upper=False, punct=":")
    css = base_css(FONTS[rng.choice(["times", "freeserif"])], 10.5, margin="0.8in", footer=PAGE_OF, extra="""
h1 { font-size: 14pt; text-align: center; text-decoration: underline; margin: 10px 0; }
p { text-align: justify; line-height: 1.3; }
table.t { width: 100%; } table.t td { padding: 2px 4px; vertical-align: top; border: 0.5pt solid #000; }
""")
    b = [f"<div style='text-align:center'><b style='font-size:15pt'>{P['broker']}</b><br>{esc(L.broker.street)} | "
         f"{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])} | {esc(L.broker.phone)}</div>",
         f"<h1>{rng.choice(['Broker-Carrier Rate Agreement', 'Rate Confirmation Agreement', 'Carrier Rate Agreement'])}</h1>"]
    b.append(f"<p>This agreement is made between {P['broker']} (\"Broker\") and {P['carrier']} (\"Carrier\"), {P['mc']}, "
             f"for the shipment identified as {lab(LOAD)} {P['load']}. Carrier agrees to transport the freight described below "
             f"in a {P['equip']} and Broker agrees to pay Carrier a total of {total_fields(r, L, ms)} "
             f"({lab(LINEHAUL, False).lower()} of {P['lh']} plus fuel surcharge of {P['fsc']}"
             + "".join(f", plus {esc(d_.lower())} of {esc(fmt_money(a_, ms))}" for d_, c_, a_ in L.accessorials)
             + f"), payable {P['terms']} after receipt of invoice and signed proof of delivery.</p>")
    rows = []
    for s in L.stops:
        role = roles.get(id(s))
        st, line = stop_addr(r, L, s, st_style, role)
        rec_rc_stop(r, s, st_style, ds)
        rows.append(f"<tr><td><b>{'Origin' if s.kind == 'Pickup' else 'Destination'}</b></td><td>{esc(s.party.name)}<br>{st}<br>{line}</td>"
                    f"<td>{esc(fmt_date(s.date, ds))}<br>{esc(s.window)}</td><td>{esc(s.ref)}</td></tr>")
    b.append("<table class='t'>" + "".join(rows) + "</table>")
    b.append(f"<p>{lab(COMMOD)} {P['commod']}. {lab(WEIGHT)} {P['weight']}. Handling units: {L.pallets} pallets.</p>")
    b.append(terms_block(rng, rng.randint(6, 10), heading="Standard Terms", cls="", hstyle="margin-top:10px"))
    b.append(f"<div style='page-break-inside:avoid'><p>Accepted and agreed:</p><table style='width:100%'><tr>"
             f"<td style='width:50%'>BROKER<br><br>By: <span class='sig'>{esc(L.dispatcher)}</span><br>Name: {esc(L.dispatcher)}</td>"
             f"<td>CARRIER<br><br>By: _______________________<br>Name: ______________________<br>Date: _____________</td></tr></table></div>")
    return "rate_confirmation", doc(css, "\n".join(b)), r


# ------------------------------------------------------------------ L06 A4 compact, side-by-side shipper/consignee, one page
def rc_l06(rng, L):
    r = Rec()
    lab = Labeler(rng)
    ds, ms = rng.choice(DATE_STYLES), rng.choice(MONEY_STYLES)
    st_style = rng.choice(["title", "upper", "nocomma", "upper_nospace"])
    P = rc_common(rng, L, r, ds, ms)
    roles = stop_roles(L)
    css = base_css(FONTS[rng.choice(["dejavu", "helv", "free"])], 7.5, page=rng.choice(["A4", "Letter"]), margin="12mm", extra="""
.top { width: 100%; border-bottom: 2pt solid #1a4d8f; margin-bottom: 6px; }
.co { color: #1a4d8f; font-size: 14pt; font-weight: bold; }
table.kv td { padding: 1px 4px; } table.kv td:first-child { color: #555; }
.col { width: 49%; display: inline-block; vertical-align: top; border: 0.6pt solid #1a4d8f; margin-bottom: 5px; min-height: 70px; }
.col .h { background: #1a4d8f; color: #fff; font-weight: bold; padding: 2px 4px; }
.col .c { padding: 3px 5px; }
.money td { padding: 2px 6px; } .money td.a { text-align: right; width: 90px; }
""")
    b = [f"<table class='top'><tr><td><span class='co'>{P['broker']}</span><br>{esc(L.broker.phone)} &middot; MC {esc(L.broker.mc)}</td>"
         f"<td style='text-align:right;font-size:13pt;font-weight:bold'>{rng.choice(RC_TITLES)}</td></tr></table>"]
    b.append(f"<table class='kv' style='width:100%'><tr><td>{lab(LOAD)}</td><td><b>{P['load']}</b></td><td>{lab(CARRIER)}</td><td><b>{P['carrier']}</b></td></tr>"
             f"<tr><td>{lab(EQUIP)}</td><td>{P['equip']}</td><td>{lab('MC/DOT')}</td><td>{P['mc']} / {r.f('carrier_dot', L.carrier.dot, L.carrier.dot)}</td></tr>"
             f"<tr><td>{lab(COMMOD)}</td><td>{P['commod']}</td><td>{lab(WEIGHT)}</td><td>{P['weight']}</td></tr></table>")
    cols = []
    for s in L.stops:
        role = roles.get(id(s))
        st, line = stop_addr(r, L, s, st_style, role)
        rec_rc_stop(r, s, st_style, ds)
        h = ("Shipper" if s.kind == "Pickup" else "Consignee") + (" (extra stop)" if role is None else "")
        cols.append(f"<div class='col'><div class='h'>{h}</div><div class='c'><b>{esc(s.party.name)}</b><br>{st}<br>{line}<br>"
                    f"{'Pickup' if s.kind == 'Pickup' else 'Delivery'}: {esc(fmt_date(s.date, ds))} {esc(s.window)}<br>{esc(s.ref)}</div></div>")
    b.append(" ".join(cols))
    ch = [f"<tr><td>{lab(LINEHAUL, False)}</td><td class='a'>{P['lh']}</td></tr>", f"<tr><td>{lab(FSC, False)}</td><td class='a'>{P['fsc']}</td></tr>"]
    for d_, c_, a_ in L.accessorials:
        ch.append(f"<tr><td>{esc(d_)}</td><td class='a'>{esc(fmt_money(a_, ms))}</td></tr>")
    ch.append(f"<tr style='border-top:1pt solid #000'><td><b>{lab(RC_TOTAL, False)}</b></td><td class='a'><b>{total_fields(r, L, ms)}</b></td></tr>")
    b.append(f"<table style='width:100%;margin-top:4px'><tr><td style='vertical-align:top;width:55%'>"
             f"<b>{lab(TERMS)}</b> {P['terms']}<br><br><span style='font-size:6.5pt'>" +
             " ".join(p for t, p in terms_paras(rng, 5)) + "</span></td><td style='vertical-align:top'>"
             f"<table class='money' style='margin-left:auto'>{''.join(ch)}</table></td></tr></table>")
    b.append(f"<p style='margin-top:14px'>Carrier signature: ____________________________ &nbsp; Date: ___________ &nbsp; "
             f"Booked by: {esc(L.dispatcher)}</p>")
    return "rate_confirmation", doc(css, "\n".join(b)), r
