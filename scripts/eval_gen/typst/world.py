"""Random (seeded) freight loads and the label lexicons the layouts draw from."""
import datetime as dt
import string
from decimal import Decimal

from common import (BROKERS, CARRIERS, SHIPPERS, CONSIGNEES, FACTORS, EQUIPMENT, COMMODITIES, TERMS,
                    D, address, person, phone)

LABELS = {
    "load": ["Load #", "Load No.", "Load Number", "Order #", "Pro/Load", "Reference #", "Conf #", "Tender ID",
             "Shipment ID", "Load ID", "Confirmation #"],
    "total": ["Total", "Total Carrier Pay", "Total Pay (USD)", "Total Rate", "Total Amount", "All-In Rate",
              "Total Agreed Rate"],
    "due": ["Amount Due", "Balance Due", "TOTAL DUE", "Total Due", "Invoice Total", "Please Pay This Amount",
            "Total Amount Due"],
    "carrier": ["Carrier", "Carrier Name", "Trucking Company", "Motor Carrier", "Carrier Legal Name"],
    "mc": ["MC #", "MC", "MC No.", "MC Number", "Docket #", "MC/MX #"],
    "dot": ["DOT #", "USDOT", "US DOT No.", "DOT", "USDOT #"],
    "equipment": ["Equipment", "Equipment Type", "Trailer Type", "Equip", "Trailer"],
    "commodity": ["Commodity", "Product", "Commodity Description", "Freight Description"],
    "weight": ["Weight", "Est. Weight", "Total Weight", "Gross Wt", "Weight (approx)"],
    "terms": ["Payment Terms", "Terms", "Pay Terms"],
    "inv_no": ["Invoice #", "Invoice No.", "Invoice Number", "Inv #", "Freight Bill #", "Invoice No"],
    "inv_date": ["Invoice Date", "Date", "Inv. Date", "Bill Date", "Date Issued"],
    "pro": ["PRO #", "Pro Number", "PRO No.", "Carrier PRO", "PRO"],
    "bol": ["BOL #", "B/L No.", "Bill of Lading #", "BOL Number", "BOL No.", "B/L #"],
    "po": ["PO #", "P.O. Number", "Customer PO", "PO No.", "Purchase Order #", "P.O. #"],
    "pickup": ["Pickup", "Shipper", "Pick Up", "Origin", "PU"],
    "delivery": ["Delivery", "Consignee", "Drop", "Destination", "Receiver"],
    "ship_date": ["Date", "Ship Date", "Date Shipped", "Pickup Date", "Shipped On"],
    "scac": ["SCAC", "SCAC Code", "Carrier SCAC"],
}
RC_TITLES = ["Rate Confirmation", "Carrier Rate Confirmation", "Load Confirmation",
             "Carrier Load Tender & Rate Agreement", "Broker-Carrier Rate Agreement", "Rate and Load Confirmation",
             "Load Confirmation & Rate Agreement", "Carrier Confirmation"]
INV_TITLES = ["Freight Invoice", "Invoice", "Freight Bill", "Carrier Invoice", "INVOICE"]
BOL_TITLES = ["Straight Bill of Lading - Short Form", "Bill of Lading", "BILL OF LADING", "Straight Bill of Lading",
              "Bill of Lading - Not Negotiable"]
POD_TITLES = ["Delivery Receipt", "Proof of Delivery", "POD - Proof of Delivery", "Delivery Receipt / POD",
              "Signed Delivery Receipt"]
LR_TITLES = ["Lumper Receipt", "Unloading Receipt", "Lumper Service Receipt", "Unloading Services Receipt",
             "Freight Unloading Ticket"]
WINDOWS = ["08:00 - 16:00", "FCFS 0800-1400", "Appt 10:30", "07:00-15:00", "Appt 13:00", "FCFS 06:00 - 14:00",
           "0600-1200", "Appt 09:15", "By Appt 22:00", "FCFS"]


class Labeler:
    """Picks label variants for one document with one casing / punctuation style."""

    def __init__(self, r, suffix=None, upper=None):
        self.r = r
        self.suffix = suffix if suffix is not None else r.choice([":", ":", "", " -", ":"])
        self.upper = upper if upper is not None else r.random() < 0.3
        self.cache = {}

    def raw(self, key):
        if key not in self.cache:
            self.cache[key] = self.r.choice(LABELS[key])
        s = self.cache[key]
        return s.upper() if self.upper else s

    def __call__(self, key):
        return self.raw(key) + self.suffix

    def fix(self, key, s):
        self.cache[key] = s


def ident(r, style=None):
    style = style if style is not None else r.randint(0, 4)
    if style == 0:
        return str(r.randint(1000000, 9999999))
    if style == 1:
        return f"LD{r.randint(100000, 999999)}"
    if style == 2:
        return str(r.randint(100000, 999999))
    if style == 3:
        return f"{r.choice(['T', 'S', 'BR'])}-{r.randint(100000, 9999999)}"
    return f"{r.randint(2026, 2026)}{r.randint(10000, 99999)}"


def scac(r):
    return "".join(r.choice(string.ascii_uppercase) for _ in range(4))


def money_amt(r, lo, hi, whole=False):
    v = Decimal(r.randint(lo * 100, hi * 100)) / 100
    if whole:
        v = Decimal(r.randint(lo, hi))
    return D(v)


def make_load(r, n_pick=1, n_drop=1, whole=False):
    L = {}
    L["broker"] = r.choice(BROKERS)
    L["broker_addr"] = address(r)
    L["broker_phone"] = phone(r)
    L["carrier"] = r.choice(CARRIERS)
    L["carrier_addr"] = address(r)
    L["carrier_phone"] = phone(r)
    L["mc"] = str(r.randint(100000, 1399999))
    L["dot"] = str(r.randint(1000000, 39999999))
    L["scac"] = scac(r)
    L["load"] = ident(r)
    L["pro"] = str(r.randint(10000000, 999999999)) if r.random() < 0.7 else f"{r.randint(100, 999)}-{r.randint(100000, 999999)}"
    L["bol"] = str(r.randint(100000, 99999999)) if r.random() < 0.7 else f"BOL{r.randint(10000, 999999)}"
    L["po"] = str(r.randint(4500000000, 4599999999)) if r.random() < 0.5 else f"PO-{r.randint(10000, 99999)}"
    L["equipment"] = r.choice(EQUIPMENT)
    L["commodity"] = r.choice(COMMODITIES)
    L["weight"] = r.randint(8, 44) * 1000 + r.choice([0, 0, 250, 500, 120, 880])
    L["kg"] = None
    L["pallets"] = r.randint(4, 30)
    L["pieces"] = L["pallets"] * r.choice([1, 1, 10, 24, 40])
    L["terms"] = r.choice(TERMS)
    L["driver"] = person(r)
    L["truck"] = str(r.randint(100, 9999))
    L["trailer"] = f"{r.choice(['', 'TR', 'V', 'R'])}{r.randint(1000, 99999)}"
    L["seal"] = str(r.randint(1000000, 9999999))
    base = dt.date(2026, r.randint(1, 11), r.randint(1, 28))
    stops = []
    day = base
    for i in range(n_pick):
        a = address(r)
        stops.append({"type": "Pickup", "name": r.choice(SHIPPERS), **a, "date": day, "window": r.choice(WINDOWS),
                      "ref": f"PU{r.randint(100000, 999999)}"})
        if r.random() < 0.4:
            day = day + dt.timedelta(days=1)
    day = day + dt.timedelta(days=r.randint(1, 3))
    for i in range(n_drop):
        a = address(r)
        stops.append({"type": "Delivery", "name": r.choice(CONSIGNEES), **a, "date": day, "window": r.choice(WINDOWS),
                      "ref": f"{r.randint(1000000, 9999999)}"})
        if r.random() < 0.6:
            day = day + dt.timedelta(days=1)
    L["stops"] = stops
    L["picks"] = [s for s in stops if s["type"] == "Pickup"]
    L["drops"] = [s for s in stops if s["type"] == "Delivery"]
    L["linehaul"] = money_amt(r, 900, 5200, whole)
    pct = r.choice([Decimal("0.065"), Decimal("0.12"), Decimal("0.18"), Decimal("0.22")])
    L["fsc_pct"] = pct
    L["fsc"] = D(L["linehaul"] * pct) if not whole else D(int(L["linehaul"] * pct))
    acc = []
    extra = len(stops) - 2
    if extra > 0:
        acc.append(("Stop Off", "stop_off", D(extra * r.choice([50, 75, 100]))))
    if r.random() < 0.3:
        acc.append(("Lumper (w/ receipt)", "lumper", D(r.choice([150, 185, 225, 250, 320]))))
    if r.random() < 0.2:
        acc.append(("Driver Assist", "other", D(r.choice([50, 75, 100]))))
    L["acc"] = acc
    L["total"] = D(L["linehaul"] + L["fsc"] + sum((a[2] for a in acc), Decimal(0)))
    L["factor"] = r.choice(FACTORS)
    L["factor_addr"] = address(r)
    return L
