"""Non-freight documents (kind "other") that share words like Invoice, Total, Date:
office-L17 office-supply invoice (Excel), L18 meeting agenda (Word), L19 IFTA fuel-tax worksheet (Excel),
L20 insurance letter (Word), L21 payroll summary (Excel)."""
import datetime as dt
from decimal import Decimal as D

from openpyxl import Workbook

import lex
from common import (Exp, add_run, base_date, carrier_name, cell_write, city_line, date, digits, letterhead, money,
                    new_doc, para, party, person, table, usable_width, xbox, xc, xl_date, xl_setup, XL_MONEY_FMT,
                    domain_of)

SUPPLIES = [("Copy paper, 8.5x11, 10 reams", 54.99), ("Toner cartridge, black, HY", 129.50),
            ("Binder clips, assorted (box)", 7.49), ("Hanging file folders, 25 ct", 18.29),
            ("Ballpoint pens, blue, 60 pk", 14.99), ("Sticky notes 3x3, 24 pads", 21.75),
            ("Shipping labels 4x6, 500", 32.00), ("Desk chair mat", 64.95), ("Breakroom coffee, 2 lb", 19.80),
            ("Paper towels, case", 41.60), ("Stapler, heavy duty", 27.35), ("USB flash drive 64GB", 12.99)]


def build_l17(name, rng, tmp):
    """Office-supply invoice: Invoice #, Bill To, Subtotal, Sales Tax, Total, Amount Due."""
    exp = Exp(name, "other", "office-L17")
    wb = Workbook()
    ws = wb.active
    font = rng.choice(["Liberation Sans", "Carlito"])
    xl_setup(ws, [10, 40, 8, 14, 16], gridlines=False, margins=0.5)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=10, **k)
    vend = party(rng, rng.choice(["{w} Office Supply", "{w} Business Products", "{w} Paper & Print Co."]).format(
        w=rng.choice(lex.PLACE_WORDS)))
    cust = party(rng, carrier_name(rng))
    X("A1", vend["name"], bold=True, size=16, merge="A1:C1", color="2F5597")
    X("D1", "INVOICE", bold=True, size=18, merge="D1:E1", align="right")
    X("A2", f"{vend['street']}, {city_line(vend)}", merge="A2:C2")
    X("A3", f"Phone {vend['phone']}  |  orders@{domain_of(vend['name'])}", merge="A3:C3")
    d0 = base_date(rng)
    X("D2", "Invoice #", bold=True, align="right")
    X("E2", digits(rng, 6), align="right")
    X("D3", "Date", bold=True, align="right")
    X("E3", xl_date(d0), fmt="mm/dd/yyyy", align="right")
    X("D4", "Account", bold=True, align="right")
    X("E4", "C-" + digits(rng, 5), align="right")
    X("A6", "Bill To", bold=True, fill="DDEBF7", merge="A6:B6")
    for i, ln in enumerate([cust["name"], "Attn: Office Manager", cust["street"], city_line(cust)]):
        X(f"A{7 + i}", ln, merge=f"A{7 + i}:B{7 + i}")
    r = 12
    for i, h in enumerate(["SKU", "Description", "Qty", "Unit Price", "Line Total"]):
        X(f"{'ABCDE'[i]}{r}", h, bold=True, fill="DDEBF7", border="thin")
    sub = D(0)
    for desc, price in rng.sample(SUPPLIES, rng.randint(3, 7)):
        r += 1
        q = rng.randint(1, 6)
        lt = D(str(price)) * q
        sub += lt
        for i, v in enumerate([digits(rng, 5), desc, q, price, float(lt)]):
            X(f"{'ABCDE'[i]}{r}", v, border="thin", fmt='"$"#,##0.00' if i >= 3 else None)
    tax = (sub * D("0.0725")).quantize(D("0.01"))
    for lbl, v in (("Subtotal", sub), ("Sales Tax 7.25%", tax), ("Shipping", D("0")), ("Total", sub + tax),
                   ("Amount Due", sub + tax)):
        r += 1
        X(f"D{r}", lbl, bold=lbl in ("Total", "Amount Due"), align="right")
        X(f"E{r}", float(v), fmt='"$"#,##0.00', border="thin", bold=lbl == "Amount Due")
    r += 2
    X(f"A{r}", "Terms: Net 30. Returns accepted within 30 days with receipt. Thank you for shopping with us!",
      italic=True, size=9, merge=f"A{r}:E{r}")
    ws.print_area = f"A1:E{r}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


def build_l18(name, rng, tmp):
    """Meeting agenda of a trucking company (mentions loads, invoices, safety)."""
    exp = Exp(name, "other", "office-L18")
    d = new_doc(rng.choice(["Carlito", "Liberation Serif"]), 11, margin=1.0)
    co = party(rng, carrier_name(rng))
    para(d, co["name"], bold=True, size=14, align="center")
    para(d, "Monthly Operations Meeting \u2013 Agenda", bold=True, size=13, align="center", space_after=8)
    d0 = base_date(rng)
    for l, v in (("Date", date(d0, "long")), ("Time", "9:00 AM \u2013 10:30 AM"),
                 ("Location", f"Conference room B, {co['street']}, {city_line(co)}"),
                 ("Chair", person(rng)), ("Minutes", person(rng))):
        p = para(d)
        add_run(p, f"{l}: ", bold=True)
        add_run(p, v)
    para(d, "", size=8)
    items = ["Call to order and approval of last month's minutes",
             "Safety report: CSA scores, two roadside inspections, zero preventable accidents",
             "Dispatch: load count, empty miles, on-time pickup and delivery percentage",
             "Billing: invoices outstanding over 45 days; factoring fees; quick-pay use",
             "Maintenance: trailer 5312 brake repair, PM schedule for Q3, tire budget",
             "Recruiting: two driver openings, sign-on bonus proposal",
             "Fuel: average price per gallon, fuel card controls, IFTA filing due date",
             "Open floor and adjourn"]
    t = table(d, len(items) + 1, 3, [0.5, usable_width(d) - 1.8, 1.3])
    for i, h in enumerate(["#", "Item", "Owner"]):
        cell_write(t.cell(0, i), h, bold=True, shade="E2EFDA")
    for i, it in enumerate(items, start=1):
        cell_write(t.cell(i, 0), str(i))
        cell_write(t.cell(i, 1), it)
        cell_write(t.cell(i, 2), person(rng))
    para(d, "", size=8)
    para(d, "Please bring the weekly revenue report and the list of unpaid invoices. Total time: 90 minutes.",
         italic=True)
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


IFTA_STATES = ["IL", "IN", "OH", "KY", "TN", "GA", "TX", "OK", "MO", "IA", "WI", "MN", "PA", "NC"]


def build_l19(name, rng, tmp):
    """IFTA quarterly fuel-tax worksheet."""
    exp = Exp(name, "other", "office-L19")
    wb = Workbook()
    ws = wb.active
    font = rng.choice(["Liberation Sans", "DejaVu Sans"])
    xl_setup(ws, [12, 14, 14, 14, 12, 14, 14], gridlines=True, margins=0.5, landscape=False)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=9, **k)
    co = party(rng, carrier_name(rng))
    q = rng.randint(1, 4)
    X("A1", f"IFTA Fuel Tax Worksheet \u2013 Q{q} 2026", bold=True, size=14, merge="A1:G1")
    X("A2", f"{co['name']}   License # {co['state']}-{digits(rng, 6)}   USDOT {digits(rng, 7)}", merge="A2:G2")
    X("A3", f"Prepared {date(base_date(rng), 'us')} by {person(rng)}", italic=True, merge="A3:G3")
    hdr = ["Jurisdiction", "Total Miles", "Taxable Miles", "Taxable Gallons", "Tax Rate", "Tax-Paid Gallons", "Tax Due"]
    r = 5
    for i, h in enumerate(hdr):
        X(f"{'ABCDEFG'[i]}{r}", h, bold=True, fill="D9D9D9", wrap=True, align="center")
    ws.row_dimensions[r].height = 26
    mpg = D(str(round(rng.uniform(5.8, 7.2), 2)))
    tot_m = tot_tax = D(0)
    for st in rng.sample(IFTA_STATES, rng.randint(6, 11)):
        r += 1
        miles = rng.randint(300, 9000)
        gal = (D(miles) / mpg).quantize(D("0.01"))
        rate = D(str(round(rng.uniform(0.2, 0.7), 4)))
        paid = (gal * D(str(round(rng.uniform(0.3, 1.5), 2)))).quantize(D("0.01"))
        due = ((gal - paid) * rate).quantize(D("0.01"))
        tot_m += miles
        tot_tax += due
        for i, v in enumerate([st, miles, miles, float(gal), float(rate), float(paid), float(due)]):
            X(f"{'ABCDEFG'[i]}{r}", v, fmt=[None, "#,##0", "#,##0", "#,##0.00", "0.0000", "#,##0.00",
                                            "#,##0.00;(#,##0.00)"][i])
    r += 1
    X(f"A{r}", "TOTAL", bold=True)
    X(f"B{r}", int(tot_m), bold=True, fmt="#,##0")
    X(f"G{r}", float(tot_tax), bold=True, fmt='"$"#,##0.00;("$"#,##0.00)')
    r += 2
    X(f"A{r}", f"Fleet MPG: {mpg}   Total fuel purchased per fuel card statements. Net tax due (refund) "
               f"is filed with the base jurisdiction by the last day of the month after the quarter.",
      wrap=True, merge=f"A{r}:G{r + 1}", size=8, valign="top")
    ws.print_area = f"A1:G{r + 1}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


def build_l20(name, rng, tmp):
    """Insurance agency letter (policy renewal / premium notice)."""
    exp = Exp(name, "other", "office-L20")
    d = new_doc(rng.choice(["Liberation Serif", "Caladea"]), 11, margin=1.0)
    ag = party(rng, rng.choice(["{w} Insurance Agency", "{w} Risk Partners", "{w} Commercial Insurance"]).format(
        w=rng.choice(lex.PLACE_WORDS)))
    co = party(rng, carrier_name(rng))
    letterhead(d, rng, tmp, ag["name"], ag, logo=False, align="center", name_size=15, color="385723")
    para(d, "", size=10)
    d0 = base_date(rng)
    para(d, date(d0, "long").split(", ", 1)[1])
    para(d, "", size=8)
    for ln in [co["name"], f"Attn: {person(rng)}", co["street"], city_line(co)]:
        para(d, ln)
    para(d, "", size=8)
    pol = f"{rng.choice(['CA', 'TRK', 'MTC'])}-{digits(rng, 7)}"
    p = para(d)
    add_run(p, f"Re: Commercial auto / motor truck cargo policy {pol} \u2013 renewal", bold=True)
    para(d, "", size=8)
    prem = D(rng.randrange(18000, 96000, 100))
    body = [f"Dear Policyholder,",
            f"Your policy is due to renew on {date(d0 + dt.timedelta(days=45), 'mon_d_y')}. Based on the "
            f"{rng.randint(3, 25)} power units and the drivers listed on your schedule, the estimated annual "
            f"premium is {money(prem, 'dollar')}, including auto liability of $1,000,000 combined single limit and "
            f"motor truck cargo of $100,000.",
            "Please review the enclosed vehicle and driver schedules and return them signed within 15 days. "
            "A down payment of 25% is due at binding; the balance may be paid in nine monthly installments.",
            "Certificates of insurance for your brokers and shippers will be issued after renewal. This letter "
            "is not an invoice and does not change any coverage.",
            "Sincerely,"]
    for b in body:
        para(d, b, align="justify", space_after=8)
    para(d, "", size=14)
    para(d, person(rng))
    para(d, "Commercial Lines Account Manager")
    exp.src = f"{tmp}/{name}.docx"
    d.save(exp.src)
    return exp


def build_l21(name, rng, tmp):
    """Driver payroll summary (settlements)."""
    exp = Exp(name, "other", "office-L21")
    wb = Workbook()
    ws = wb.active
    font = rng.choice(["Liberation Sans", "Carlito"])
    xl_setup(ws, [22, 10, 12, 12, 12, 12, 14], gridlines=rng.random() < 0.5, margins=0.5)
    X = lambda ref, v, **k: xc(ws, ref, v, font=font, base=10, **k)
    co = party(rng, carrier_name(rng))
    d0 = base_date(rng)
    X("A1", co["name"], bold=True, size=14, merge="A1:G1")
    X("A2", f"Payroll Summary \u2013 pay period {date(d0, 'us')} to {date(d0 + dt.timedelta(days=13), 'us')}",
      merge="A2:G2")
    X("A3", f"Pay date: {date(d0 + dt.timedelta(days=17), 'mon_d_y')}", merge="A3:G3")
    r = 5
    for i, h in enumerate(["Employee", "Miles", "Gross Pay", "Fed W/H", "FICA", "Deductions", "Net Pay"]):
        X(f"{'ABCDEFG'[i]}{r}", h, bold=True, fill="FFF2CC", border="thin")
    tot = [D(0)] * 5
    for _ in range(rng.randint(5, 10)):
        r += 1
        miles = rng.randint(3000, 6500)
        gross = (D(miles) * D("0.62")).quantize(D("0.01"))
        fed = (gross * D("0.11")).quantize(D("0.01"))
        fica = (gross * D("0.0765")).quantize(D("0.01"))
        ded = D(rng.choice([0, 25, 50, 120]))
        net = gross - fed - fica - ded
        for i, v in enumerate([person(rng), miles, float(gross), float(fed), float(fica), float(ded), float(net)]):
            X(f"{'ABCDEFG'[i]}{r}", v, border="thin", fmt="#,##0" if i == 1 else ("#,##0.00" if i > 1 else None))
        tot = [a + b for a, b in zip(tot, [gross, fed, fica, ded, net])]
    r += 1
    X(f"A{r}", "Total", bold=True, border="thin")
    for i, v in enumerate(tot):
        X(f"{'CDEFG'[i]}{r}", float(v), bold=True, border="thin", fmt='"$"#,##0.00')
    r += 2
    X(f"A{r}", "Approved by: ____________________      Date: __________", merge=f"A{r}:G{r}")
    ws.print_area = f"A1:G{r}"
    exp.src = f"{tmp}/{name}.xlsx"
    wb.save(exp.src)
    return exp


BUILDERS = {"L17": build_l17, "L18": build_l18, "L19": build_l19, "L20": build_l20, "L21": build_l21}
