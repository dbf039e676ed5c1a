"""'other' documents (typst-L20..L24): SaaS invoice, newsletter, W-9-like form, certificate of insurance,
fuel card statement. They carry no canonical fields."""
import datetime as dt
from decimal import Decimal

from common import (S, T, B, TX, C, CB, lines, preamble, footer_page_n_of_m, money, fmt_date, city_line,
                    SANS, SERIF, MONO, D, person, address, CITIES)

SAAS = ["Nimbus Cloud Services Inc.", "Stratus Compute LLC", "Cirrus Data Platform", "Skyvault Hosting Co."]


def saas_invoice(doc, r, L):
    co = r.choice(SAAS)
    src = preamble(r.choice(["us-letter", "a4"]), r.choice(SANS), 9.5, "0.7in", footer_page_n_of_m(co + " - billing@" + co.split()[0].lower() + ".io"))
    d = dt.date(2026, r.randint(1, 11), 1)
    src += f'#grid(columns: (1fr, auto), {B(co, 16).join("[]")}, align(right)[{B("Invoice", 20)} \\ {T("Invoice # CS-" + str(r.randint(100000, 999999)))} \\ {T("Date: " + fmt_date(d, "mon"))}])\n#v(10pt)\n'
    a = L["broker_addr"]
    src += f'#grid(columns: (1fr, 1fr), [{B("Bill To")} \\ #{lines(L["broker"], a["street"], city_line(a["city"], a["state"], a["zip"], 0))}], [{B("Billing period")} \\ {T(fmt_date(d, "mon") + " - " + fmt_date(d + dt.timedelta(days=27), "mon"))}])\n#v(10pt)\n'
    items = [("Compute instances (vCPU-hours)", r.randint(2000, 9000), D("0.041")), ("Object storage (GB-month)", r.randint(500, 5000), D("0.023")),
             ("Managed database - standard tier", 1, D(r.randint(150, 480))), ("Support plan - Business", 1, D(100))]
    cells = []
    tot = Decimal(0)
    for n, q, p in items:
        amt = D(q * p)
        tot += amt
        cells += [C(n), C(str(q)), C(money(p, "plain") if p < 1 else money(p, "dollar")), C(money(amt, "dollar"))]
    tax = D(tot * D("0.0625"))
    src += (f'#table(columns: (1fr, auto, auto, auto), align: (left, right, right, right), stroke: (bottom: 0.4pt), table.header({CB("Description")}, {CB("Qty")}, {CB("Unit price")}, {CB("Amount")}), {", ".join(cells)})\n'
            f'#align(right)[{T("Subtotal " + money(tot, "dollar"))} \\ {T("Sales tax (6.25%) " + money(tax, "dollar"))} \\ {B("Amount Due " + money(tot + tax, "dollar"), 12)}]\n#v(10pt)\n')
    src += TX("Payment is charged automatically to the card on file. Questions about this invoice? Visit the billing console. Usage details available for download as CSV.", size=8) + '\n'
    doc.src = src


def newsletter(doc, r, L):
    src = preamble("us-letter", r.choice(SERIF), 9.5, "0.6in", footer_page_n_of_m("The Long Haul Ledger - a monthly newsletter for owner-operators", style=1))
    src += f'#align(center)[#text(size: 26pt, weight: "bold", "The Long Haul Ledger") \\ {T("Issue " + str(r.randint(20, 140)) + "  |  " + fmt_date(dt.date(2026, r.randint(1, 12), 1), "long"))}]\n#line(length: 100%, stroke: 2pt)\n'
    arts = [("Diesel prices ease heading into fall", "The national average for on-highway diesel slipped again this month, giving fuel surcharge tables a rest. Carriers running fixed fuel surcharge schedules should check whether their brokers update the base price weekly or monthly; a stale base can cost a few cents a mile on every load."),
            ("Detention: document everything", "Shippers still hold trucks for hours at the dock. The drivers who get paid for detention are the ones who record in and out times on the bill of lading and send them to the broker the same day. Ask for the free-time terms on the rate confirmation before you accept the load."),
            ("Factoring 101", "A factoring company buys your invoices and pays you in a day or two for a fee. Remember that your brokers need a Notice of Assignment before they can pay the factor, and that changing factors means a release letter from the old one."),
            ("Lumper receipts", "Never pay a lumper without a receipt that shows the facility, date and amount. Brokers reimburse lumper fees only against the receipt, usually attached to the invoice with the signed POD."),
            ("Safety corner", "Winter is coming to the northern lanes. Check tire tread, carry chains where required and plan fuel stops around mountain passes. A late delivery is better than a claim."),
            ("Marketplace", "For sale: 2019 53 ft dry van, air ride, logistic posts, good tires. Wanted: team drivers for dedicated reefer lanes out of the Midwest. Call the office for details.")]
    r.shuffle(arts)
    body = []
    for h, t in arts:
        body.append(f'{B(h, 12)} \\ {T(t)} {T(t.split(".")[0] + ".")}\n')
    src += '#columns(2, gutter: 16pt)[' + '\n'.join(body) + ']\n'
    doc.src = src


def w9(doc, r, L):
    src = preamble("us-letter", "Liberation Sans", 8.5, "0.5in", footer_page_n_of_m("Form W-9-style request (sample, not an IRS form)", size=7))
    src += (f'#grid(columns: (auto, 1fr, auto), stroke: 0.8pt, inset: 6pt, [{B("Form W-9 (style)")} \\ {TX("Rev. sample", size=7)}], '
            f'align(center)[{B("Request for Taxpayer Identification Number and Certification", 12)}], [{TX("Give form to the requester. Do not send to the IRS.", size=7)}])\n')
    a = L["carrier_addr"]
    rows = [("1 Name (as shown on your income tax return)", person(r)), ("2 Business name/disregarded entity name, if different", L["carrier"]),
            ("3 Federal tax classification", "[ ] Individual/sole proprietor   [X] LLC  (C)   [ ] S Corporation   [ ] Partnership"),
            ("5 Address (number, street, and apt. or suite no.)", a["street"]), ("6 City, state, and ZIP code", city_line(a["city"], a["state"], a["zip"], 0)),
            ("7 List account number(s) here (optional)", "")]
    for k, v in rows:
        src += f'#rect(width: 100%, inset: 4pt, stroke: 0.6pt)[{TX(k, size=7)} \\ {T(v)}]\n#v(-12pt)\n'
    src += f'#v(14pt)\n{B("Part I  Taxpayer Identification Number (TIN)")}\n\n'
    src += f'#grid(columns: (1fr, auto), column-gutter: 20pt, [{TX("Enter your TIN in the appropriate box. The TIN provided must match the name given on line 1 to avoid backup withholding.", size=8)}], rect(inset: 6pt)[{TX("Employer identification number", size=7)} \\ {T(str(r.randint(10, 99)) + " - " + str(r.randint(1000000, 9999999)))}])\n'
    src += f'#v(6pt)\n{B("Part II  Certification")}\n\n{TX("Under penalties of perjury, I certify that: 1. The number shown on this form is my correct taxpayer identification number; 2. I am not subject to backup withholding; 3. I am a U.S. citizen or other U.S. person.", size=8)}\n#v(20pt)\n'
    src += f'#grid(columns: (2fr, 1fr), column-gutter: 20pt, [#line(length: 100%) #v(-6pt) {TX("Signature of U.S. person", size=7)}], [#line(length: 100%) #v(-6pt) {TX("Date", size=7)}])\n'
    doc.src = src


def coi(doc, r, L):
    src = preamble("us-letter", r.choice(["Liberation Sans", "FreeSans"]), 7.5, "0.45in", footer_page_n_of_m("CERTIFICATE OF LIABILITY INSURANCE (sample form)", size=6.5))
    d = dt.date(2026, r.randint(1, 11), r.randint(1, 28))
    src += f'#grid(columns: (1fr, auto), {B("CERTIFICATE OF LIABILITY INSURANCE", 14).join("[]")}, rect(inset: 4pt)[{TX("DATE (MM/DD/YYYY)", size=6)} \\ {T(fmt_date(d, "mdy"))}])\n'
    src += f'#rect(width: 100%, inset: 4pt)[{TX("THIS CERTIFICATE IS ISSUED AS A MATTER OF INFORMATION ONLY AND CONFERS NO RIGHTS UPON THE CERTIFICATE HOLDER. THIS CERTIFICATE DOES NOT AFFIRMATIVELY OR NEGATIVELY AMEND, EXTEND OR ALTER THE COVERAGE AFFORDED BY THE POLICIES BELOW.", size=6.5)}]\n'
    ag = r.choice(["Keller & Moss Insurance Agency", "Trucker Shield Insurance Services", "Roadway Risk Partners"])
    a = L["carrier_addr"]
    src += f'#grid(columns: (1fr, 1fr), column-gutter: 0pt, rect(width: 100%, inset: 5pt)[{TX("PRODUCER", size=6)} \\ #{lines(ag, phone(r) if False else "Commercial Lines Dept.")}], rect(width: 100%, inset: 5pt)[{TX("INSURER(S) AFFORDING COVERAGE", size=6)} \\ {T("INSURER A: Great Plains Casualty Co.")} \\ {T("INSURER B: Interstate Cargo Mutual")}])\n'
    src += f'#rect(width: 50%, inset: 5pt)[{TX("INSURED", size=6)} \\ #{lines(L["carrier"], a["street"], city_line(a["city"], a["state"], a["zip"], 0))}]\n'
    rows = [("A", "AUTOMOBILE LIABILITY - ANY AUTO", f"CA{r.randint(1000000, 9999999)}", "$1,000,000"),
            ("B", "MOTOR TRUCK CARGO", f"MTC{r.randint(100000, 999999)}", "$100,000"),
            ("A", "COMMERCIAL GENERAL LIABILITY", f"GL{r.randint(1000000, 9999999)}", "$2,000,000"),
            ("A", "WORKERS COMPENSATION", f"WC{r.randint(1000000, 9999999)}", "$500,000")]
    cells = []
    for ins, typ, pol, lim in rows:
        cells += [C(ins), C(typ), C(pol), C(fmt_date(d, "mdy")), C(fmt_date(d.replace(year=2027), "mdy")), C(lim)]
    src += (f'#table(columns: (auto, 2fr, 1fr, auto, auto, auto), stroke: 0.5pt, table.header({CB("LTR")}, {CB("TYPE OF INSURANCE")}, {CB("POLICY NUMBER")}, {CB("POLICY EFF")}, {CB("POLICY EXP")}, {CB("LIMITS")}), {", ".join(cells)})\n')
    src += f'#rect(width: 100%, inset: 5pt)[{TX("DESCRIPTION OF OPERATIONS / VEHICLES", size=6)} \\ {T("Certificate holder is included as additional insured as respects cargo. Scheduled units on file. MC " + L["mc"] + " / USDOT " + L["dot"] + ".")}]\n'
    b = L["broker_addr"]
    src += f'#grid(columns: (1fr, 1fr), rect(width: 100%, inset: 5pt)[{TX("CERTIFICATE HOLDER", size=6)} \\ #{lines(L["broker"], b["street"], city_line(b["city"], b["state"], b["zip"], 0))}], rect(width: 100%, inset: 5pt)[{TX("CANCELLATION", size=6)} \\ {TX("Should any of the above described policies be cancelled before the expiration date thereof, notice will be delivered in accordance with the policy provisions.", size=6.5)} \\ {TX("AUTHORIZED REPRESENTATIVE", size=6)}])\n'
    doc.src = src


def fuel_statement(doc, r, L):
    co = r.choice(["RoadFuel Fleet Card", "Interstate FleetPay", "DieselLink Card Services"])
    src = preamble(r.choice(["us-letter", "a4"]), r.choice(MONO + SANS[:1]), 8, "0.5in", footer_page_n_of_m(co + " - account statement"))
    d0 = dt.date(2026, r.randint(1, 11), 1)
    src += f'#grid(columns: (1fr, auto), [{B(co, 14)} \\ {T("Fleet Account Statement")}], align(right)[{T("Account: ****" + str(r.randint(1000, 9999)))} \\ {T("Statement date: " + fmt_date(d0 + dt.timedelta(days=30), "mdy"))}])\n#v(4pt)\n'
    src += f'{T("Account holder: " + L["carrier"])}\n#v(6pt)\n'
    cells = []
    tot = Decimal(0)
    for i in range(r.randint(10, 16)):
        c = r.choice(CITIES)
        gal = D(Decimal(r.randint(6000, 19000)) / 100)
        ppg = D(Decimal(r.randint(355, 429)) / 100)
        amt = D(gal * ppg)
        tot += amt
        cells += [fmt_date(d0 + dt.timedelta(days=i * 2), "mdy"), f"{r.randint(100, 999)}", f"{r.choice(['Pilot', 'Loves', 'TA', 'Petro', 'Flying J'])}-style #{r.randint(100, 999)}", f"{c[0]}, {c[1]}", "ULSD", f"{gal}", f"{ppg}", money(amt, "plainc")]
    src += (f'#table(columns: (auto, auto, 1fr, 1fr, auto, auto, auto, auto), align: (left, left, left, left, left, right, right, right), stroke: (bottom: 0.3pt), '
            f'table.header({", ".join(CB(h) for h in ["Date", "Unit", "Location", "City", "Product", "Gallons", "PPG", "Amount"])}), {", ".join(C(x) for x in cells)})\n')
    src += f'#align(right)[{B("Statement total: " + money(tot, "dollar"))} \\ {T("Payment due by auto-draft on " + fmt_date(d0 + dt.timedelta(days=37), "mdy"))}]\n'
    doc.src = src


OTHER_LAYOUTS = [("typst-L20", saas_invoice), ("typst-L21", newsletter), ("typst-L22", w9), ("typst-L23", coi),
                 ("typst-L24", fuel_statement)]
