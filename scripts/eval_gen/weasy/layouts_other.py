"""'other' documents (L19-L23): paperwork that lands in the same mailbox but is none of the five kinds."""
import datetime as dt

from common import FONTS, Rec, esc, fmt_date, fmt_money, rand_date, csz, person, phone, street, CITIES
from layouts_rc import base_css, doc, PAGE_OF

SAAS = [("CloudLedger", "cloudledger.io"), ("Routewise Analytics", "routewise.app"), ("DockSync", "docksync.com"),
        ("FleetPulse Software", "fleetpulse.io")]


def other_saas(rng, L):
    co, dom = rng.choice(SAAS)
    d = rand_date(rng)
    seats = rng.randint(3, 40)
    price = rng.choice([1500, 2900, 4900, 9900])
    items = [(f"{co} Business plan - {seats} seats ({fmt_date(d, 'Mon_d_Y')} - {fmt_date(d + dt.timedelta(days=30), 'Mon_d_Y')})", seats * price),
             ("API usage overage (120,000 calls)", rng.choice([1200, 4800, 9600])), ("Sales tax", rng.choice([0, 812, 1530]))]
    total = sum(a for _, a in items)
    css = base_css(FONTS[rng.choice(["helv", "dejavu"])], 9.5, margin="0.7in", extra="""
.ttl { font-size: 24pt; font-weight: bold; } table.i { width: 100%; margin-top: 14px; }
table.i td, table.i th { padding: 5px 3px; border-bottom: 0.5pt solid #ccc; text-align: left; } .r { text-align: right !important; }
""")
    b = [f"<table style='width:100%'><tr><td class='ttl'>Invoice</td><td style='text-align:right'><b>{co}, Inc.</b><br>548 Market St #{rng.randint(10000, 99999)}<br>"
         f"San Francisco, CA 94104<br>billing@{dom}</td></tr></table>",
         f"<p>Invoice number &nbsp; {rng.choice(['CL', 'INV', 'RW'])}-{rng.randint(100000, 999999)}<br>Date of issue &nbsp; {fmt_date(d, 'Month_dth_Y')}<br>"
         f"Date due &nbsp; {fmt_date(d + dt.timedelta(days=14), 'Month_dth_Y')}</p>",
         f"<p><b>Bill To</b><br>{esc(L.broker.name)}<br>{esc(L.broker.street)}<br>{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}<br>ap@example.com</p>",
         f"<h2>{esc(fmt_money(total, 'dollar'))} due {fmt_date(d + dt.timedelta(days=14), 'Month_dth_Y')}</h2>",
         "<table class='i'><tr><th>Description</th><th>Qty</th><th class='r'>Amount</th></tr>"
         + "".join(f"<tr><td>{esc(t)}</td><td>1</td><td class='r'>{esc(fmt_money(a, 'dollar'))}</td></tr>" for t, a in items)
         + f"<tr><td></td><td>Subtotal</td><td class='r'>{esc(fmt_money(total, 'dollar'))}</td></tr>"
         f"<tr><td></td><td><b>Amount Due</b></td><td class='r'><b>{esc(fmt_money(total, 'dollar'))}</b></td></tr></table>",
         f"<p style='font-size:8pt;color:#555;margin-top:30px'>Pay online at https://pay.{dom}/i/{rng.randint(10**8, 10**9)}. "
         "Questions? Contact our billing team. Subscriptions renew automatically each month.</p>"]
    return "other", doc(css, "\n".join(b)), Rec()


def other_newsletter(rng, L):
    css = base_css(FONTS[rng.choice(["times", "freeserif"])], 10, margin="0.6in", footer=PAGE_OF, extra="""
.mast { font-size: 26pt; font-weight: bold; text-align: center; border-bottom: 3pt double #000; }
.cols { column-count: 2; column-gap: 18px; text-align: justify; } h2 { font-size: 13pt; margin-top: 8px; }
""")
    d = rand_date(rng)
    name = rng.choice(["The Loaded Mile", "Dock to Door Weekly", "Owner-Operator Dispatch", "Fleet Notes"])
    arts = [("Diesel Prices Ease for Third Straight Week", "The national average price of on-highway diesel fell again this week, offering some relief to small fleets. Analysts say fuel surcharge tables tied to the weekly index will adjust on Monday, so carriers should check the fuel surcharge on each rate confirmation against the published schedule."),
            ("Detention: Know Your Rights", "Drivers continue to report long waits at shippers and receivers. Most broker agreements pay detention only after two free hours and only when the in and out times are written on the bill of lading. Keep your paperwork clean: a signed POD with times is the best evidence when you invoice for detention."),
            ("Spot Market Watch", "Dry van spot rates held steady while reefer rates climbed on produce season demand out of the Southeast. Flatbed demand softened with construction slowing. Load-to-truck ratios remain below last year's levels in most regions."),
            ("Factoring Fraud Alert", "Several carriers reported fake Notices of Assignment redirecting payments to unknown accounts. Brokers are urged to verify any change of remit-to information by phone using a number already on file, never one provided in the email."),
            ("Safety Corner: Winter Prep", "Check tire tread, carry chains where required, and plan fuel stops with extra margin. A TONU may be cheaper than a jackknife: talk to your dispatcher before running into a storm."),
            ("Member Spotlight", f"This month we visited {esc(L.carrier.name)}, a family fleet that grew from one truck to twelve by focusing on a handful of dedicated lanes and paying attention to every lumper receipt and invoice.")]
    rng.shuffle(arts)
    b = [f"<div class='mast'>{name}</div><div style='text-align:center;font-size:8.5pt'>Issue {rng.randint(40, 300)} &middot; {fmt_date(d, 'Month_dth_Y')} &middot; News for small fleets and owner-operators</div>",
         "<div class='cols'>" + "".join(f"<h2>{t}</h2><p>{p} {p}</p>" for t, p in arts) + "</div>",
         "<p style='font-size:8pt'>To unsubscribe reply STOP. Advertising inquiries: ads@loadedmile.example.</p>"]
    return "other", doc(css, "\n".join(b)), Rec()


def other_w9(rng, L):
    css = base_css(FONTS["helv"], 8.5, margin="0.5in", extra="""
table.f { width: 100%; } table.f td { border: 0.7pt solid #000; padding: 3px 5px; vertical-align: top; }
.lb { font-size: 6.5pt; display: block; } .big { font-size: 20pt; font-weight: bold; }
""")
    tin = f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    c = L.carrier
    b = [f"<table class='f'><tr><td style='width:20%'>Form <span class='big'>W-9</span><br>(Rev. March 2024)</td>"
         "<td style='text-align:center'><b style='font-size:13pt'>Request for Taxpayer Identification Number and Certification</b><br>"
         "Give form to the requester. Do not send to the IRS.</td></tr></table>",
         "<table class='f'>"
         f"<tr><td><span class='lb'>1 Name of entity/individual</span>{esc(c.name)}</td></tr>"
         f"<tr><td><span class='lb'>2 Business name/disregarded entity name, if different from above</span>&nbsp;</td></tr>"
         f"<tr><td><span class='lb'>3a Check the appropriate box for federal tax classification</span>&#9744; Individual/sole proprietor &nbsp; &#9746; C corporation &nbsp; "
         f"&#9744; S corporation &nbsp; &#9744; Partnership &nbsp; &#9744; Trust/estate &nbsp; &#9744; LLC</td></tr>"
         f"<tr><td><span class='lb'>5 Address (number, street, and apt. or suite no.)</span>{esc(c.street)}</td></tr>"
         f"<tr><td><span class='lb'>6 City, state, and ZIP code</span>{esc(csz(c.city, c.state, c.zip, 'title')[0])}</td></tr></table>",
         f"<table class='f'><tr><td><b>Part I Taxpayer Identification Number (TIN)</b><br>Employer identification number: <b>{tin}</b></td></tr>"
         "<tr><td><b>Part II Certification</b><br><span style='font-size:7.5pt'>Under penalties of perjury, I certify that: 1. The number shown on this form is my correct "
         "taxpayer identification number; 2. I am not subject to backup withholding; 3. I am a U.S. citizen or other U.S. person; and 4. The FATCA code(s) entered "
         "on this form (if any) indicating that I am exempt from FATCA reporting is correct.</span></td></tr>"
         f"<tr><td>Signature of U.S. person <span class='sig'>{esc(c.contact)}</span> &nbsp;&nbsp;&nbsp; Date {fmt_date(rand_date(rng), 'mdY')}</td></tr></table>",
         "<p style='font-size:7pt'>General Instructions. Section references are to the Internal Revenue Code unless otherwise noted. An individual or entity (Form W-9 requester) "
         "who is required to file an information return with the IRS must obtain your correct taxpayer identification number (TIN) to report, for example, amounts paid to you.</p>"
         f"<p style='font-size:7.5pt'>Carrier packet for: {esc(L.broker.name)} &middot; MC {esc(c.mc)} &middot; USDOT {esc(c.dot)}</p>"]
    return "other", doc(css, "\n".join(b)), Rec()


def other_coi(rng, L):
    css = base_css(FONTS[rng.choice(["helv", "narrow"])], 7.5, margin="0.4in", extra="""
table.f { width: 100%; } table.f td, table.f th { border: 0.7pt solid #000; padding: 2px 4px; vertical-align: top; text-align: left; }
.t { font-size: 14pt; font-weight: bold; }
""")
    d = rand_date(rng)
    ins = rng.choice(["Great Plains Mutual Insurance Co.", "Harborline Casualty Company", "Interstate Carriers Indemnity"])
    pol = lambda: f"{rng.choice(['CA', 'MTC', 'GL'])}{rng.randint(1000000, 9999999)}"
    b = [f"<table class='f'><tr><td class='t'>CERTIFICATE OF LIABILITY INSURANCE</td><td>DATE (MM/DD/YYYY)<br>{fmt_date(d, 'mdY')}</td></tr></table>",
         "<p style='font-size:6.5pt'>THIS CERTIFICATE IS ISSUED AS A MATTER OF INFORMATION ONLY AND CONFERS NO RIGHTS UPON THE CERTIFICATE HOLDER. THIS CERTIFICATE DOES NOT "
         "AFFIRMATIVELY OR NEGATIVELY AMEND, EXTEND OR ALTER THE COVERAGE AFFORDED BY THE POLICIES BELOW.</p>",
         f"<table class='f'><tr><td style='width:50%'><b>PRODUCER</b><br>{esc(person(rng))} Insurance Agency<br>{esc(street(rng))}<br>"
         f"{esc(csz(*rng.choice(CITIES), 'title')[0])}<br>{esc(phone(rng))}</td><td><b>INSURER(S) AFFORDING COVERAGE</b><br>INSURER A: {ins}<br>INSURER B: Continental Cargo Underwriters</td></tr>"
         f"<tr><td><b>INSURED</b><br>{esc(L.carrier.name)}<br>{esc(L.carrier.street)}<br>{esc(csz(L.carrier.city, L.carrier.state, L.carrier.zip, 'title')[0])}</td><td>MC {esc(L.carrier.mc)} / USDOT {esc(L.carrier.dot)}</td></tr></table>",
         "<table class='f'><tr><th>INSR LTR</th><th>TYPE OF INSURANCE</th><th>POLICY NUMBER</th><th>POLICY EFF</th><th>POLICY EXP</th><th>LIMITS</th></tr>"
         f"<tr><td>A</td><td>AUTOMOBILE LIABILITY - ANY AUTO</td><td>{pol()}</td><td>{fmt_date(d, 'mdY')}</td><td>{fmt_date(d + dt.timedelta(days=365), 'mdY')}</td><td>COMBINED SINGLE LIMIT $1,000,000</td></tr>"
         f"<tr><td>A</td><td>COMMERCIAL GENERAL LIABILITY</td><td>{pol()}</td><td>{fmt_date(d, 'mdY')}</td><td>{fmt_date(d + dt.timedelta(days=365), 'mdY')}</td><td>EACH OCCURRENCE $1,000,000<br>GENERAL AGGREGATE $2,000,000</td></tr>"
         f"<tr><td>B</td><td>MOTOR TRUCK CARGO</td><td>{pol()}</td><td>{fmt_date(d, 'mdY')}</td><td>{fmt_date(d + dt.timedelta(days=365), 'mdY')}</td><td>LIMIT $100,000 / DEDUCTIBLE $2,500</td></tr>"
         f"<tr><td></td><td>WORKERS COMPENSATION</td><td>WC{rng.randint(100000, 999999)}</td><td>{fmt_date(d, 'mdY')}</td><td>{fmt_date(d + dt.timedelta(days=365), 'mdY')}</td><td>E.L. EACH ACCIDENT $500,000</td></tr></table>",
         f"<table class='f'><tr><td><b>DESCRIPTION OF OPERATIONS / VEHICLES</b><br>All owned, hired and scheduled autos. Certificate holder is named as additional insured with respect to cargo.</td></tr>"
         f"<tr><td style='width:50%'><b>CERTIFICATE HOLDER</b><br>{esc(L.broker.name)}<br>{esc(L.broker.street)}<br>{esc(csz(L.broker.city, L.broker.state, L.broker.zip, 'title')[0])}</td></tr>"
         f"<tr><td><b>CANCELLATION</b> Should any of the above described policies be cancelled before the expiration date thereof, notice will be delivered in accordance with the policy provisions.<br>"
         f"AUTHORIZED REPRESENTATIVE <span class='sig'>{esc(person(rng))}</span></td></tr></table>"]
    return "other", doc(css, "\n".join(b)), Rec()


def other_fuel(rng, L):
    css = base_css(FONTS[rng.choice(["helv", "courier", "dejavu"])], 8, margin="0.5in", footer=PAGE_OF, extra="""
table.t { width: 100%; } table.t td, table.t th { padding: 2px 3px; border-bottom: 0.4pt solid #bbb; text-align: left; } .r { text-align: right !important; }
""")
    d = rand_date(rng)
    prov = rng.choice(["RoadFuel Fleet Card", "Interstate FuelPass", "TruckStop Advantage Card"])
    rows, tot = [], 0
    for i in range(rng.randint(14, 26)):
        gal = rng.randint(6000, 15000)
        ppg = rng.randint(339, 419)
        amt = gal * ppg // 100
        tot += amt
        city, st, _ = rng.choice(CITIES)
        rows.append(f"<tr><td>{fmt_date(d + dt.timedelta(days=i), 'mdY')}</td><td>{rng.randint(100, 999)}</td><td>{esc(city)}, {st}</td>"
                    f"<td>{rng.choice(['DSL', 'DEF', 'DSL', 'RFR'])}</td><td class='r'>{gal // 100}.{gal % 100:02d}</td><td class='r'>{ppg // 100}.{ppg % 100:02d}</td>"
                    f"<td class='r'>{esc(fmt_money(amt, 'dollar'))}</td></tr>")
    b = [f"<table style='width:100%'><tr><td><b style='font-size:15pt'>{prov}</b><br>Account Statement</td><td style='text-align:right'>"
         f"Account: {esc(L.carrier.name)}<br>Account # {rng.randint(1000, 9999)}-{rng.randint(100000, 999999)}<br>Statement date {fmt_date(d + dt.timedelta(days=30), 'Mon_d_Y')}</td></tr></table>",
         f"<p>Previous balance {esc(fmt_money(rng.randint(100000, 900000), 'dollar'))} &middot; Payments received - thank you &middot; New purchases {esc(fmt_money(tot, 'dollar'))} &middot; "
         f"<b>Statement balance {esc(fmt_money(tot, 'dollar'))}</b> &middot; Payment due {fmt_date(d + dt.timedelta(days=45), 'Mon_d_Y')}</p>",
         "<table class='t'><tr><th>Date</th><th>Unit</th><th>Location</th><th>Product</th><th class='r'>Gallons</th><th class='r'>PPG</th><th class='r'>Amount</th></tr>"
         + "".join(rows) + "</table>",
         "<p style='font-size:7pt'>Discounts shown reflect network pricing at participating truck stops. Report lost or stolen cards immediately. "
         "Late payments may result in card suspension.</p>"]
    return "other", doc(css, "\n".join(b)), Rec()
