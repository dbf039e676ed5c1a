"""Shared lexicons, value formatters and the per-document field recorder.

Everything random goes through a random.Random seeded per document, so output is deterministic.
"""
import datetime as dt
import html
import re

# ---------------------------------------------------------------- places
CITIES = [
    ("York", "PA", "17408"), ("Allentown", "PA", "18109"), ("Harrisburg", "PA", "17111"),
    ("Jacksonville", "FL", "32254"), ("Lakeland", "FL", "33811"), ("Orlando", "FL", "32824"),
    ("Atlanta", "GA", "30336"), ("Savannah", "GA", "31408"), ("Charlotte", "NC", "28273"),
    ("Greensboro", "NC", "27409"), ("Columbus", "OH", "43207"), ("Dayton", "OH", "45414"),
    ("Indianapolis", "IN", "46241"), ("Joliet", "IL", "60436"), ("Elk Grove Village", "IL", "60007"),
    ("Memphis", "TN", "38118"), ("Nashville", "TN", "37210"), ("Dallas", "TX", "75212"),
    ("Laredo", "TX", "78045"), ("Houston", "TX", "77032"), ("El Paso", "TX", "79927"),
    ("Phoenix", "AZ", "85043"), ("Ontario", "CA", "91761"), ("Fresno", "CA", "93725"),
    ("Stockton", "CA", "95206"), ("Reno", "NV", "89502"), ("Salt Lake City", "UT", "84104"),
    ("Denver", "CO", "80216"), ("Kansas City", "MO", "64161"), ("St. Louis", "MO", "63147"),
    ("Omaha", "NE", "68117"), ("Des Moines", "IA", "50313"), ("Minneapolis", "MN", "55413"),
    ("Green Bay", "WI", "54304"), ("Grand Rapids", "MI", "49548"), ("Louisville", "KY", "40218"),
    ("Edison", "NJ", "08837"), ("Carlisle", "PA", "17013"), ("Richmond", "VA", "23234"),
    ("Spartanburg", "SC", "29303"), ("Birmingham", "AL", "35217"), ("Little Rock", "AR", "72206"),
    ("Oklahoma City", "OK", "73129"), ("Portland", "OR", "97217"), ("Kent", "WA", "98032"),
    ("Albany", "NY", "12205"), ("Worcester", "MA", "01604"), ("Baltimore", "MD", "21226"),
]
STATE_NAMES = {
    "PA": "Pennsylvania", "FL": "Florida", "GA": "Georgia", "NC": "North Carolina", "OH": "Ohio",
    "IN": "Indiana", "IL": "Illinois", "TN": "Tennessee", "TX": "Texas", "AZ": "Arizona",
    "CA": "California", "NV": "Nevada", "UT": "Utah", "CO": "Colorado", "MO": "Missouri",
    "NE": "Nebraska", "IA": "Iowa", "MN": "Minnesota", "WI": "Wisconsin", "MI": "Michigan",
    "KY": "Kentucky", "NJ": "New Jersey", "VA": "Virginia", "SC": "South Carolina",
    "AL": "Alabama", "AR": "Arkansas", "OK": "Oklahoma", "OR": "Oregon", "WA": "Washington",
    "NY": "New York", "MA": "Massachusetts", "MD": "Maryland",
}
STREETS = ["Industrial Pkwy", "Commerce Dr", "Distribution Way", "Logistics Blvd", "Enterprise Rd",
           "Warehouse Ave", "Freight Ln", "Gateway Blvd", "Corporate Dr", "Airport Rd",
           "Progress Way", "Interstate Dr", "Trade Center Pkwy", "Rail Yard Rd", "Market St",
           "N Main St", "Old Mill Rd", "Quarry Rd", "Harbor Dr", "Pinecrest Ave"]

# ---------------------------------------------------------------- companies (fictional)
BROKER_A = ["Redline", "Bluewater", "Cedar Point", "Ironwood", "Harbor Light", "Tallgrass", "Meridian Peak",
            "Silver Creek", "Crossroads", "Northwind", "Brightpath", "Granite Bay", "Old Dominion Point",
            "Keystone Arc", "Pelican Coast", "Sagebrush", "Riverbend", "Beacon Hill", "Trailhead", "Copper Canyon"]
BROKER_B = ["Logistics LLC", "Freight Solutions Inc.", "Transportation Services, LLC", "Logistics Group",
            "Brokerage Inc.", "Freight LLC", "Supply Chain Co.", "Logistics, Inc.", "Transport Brokers LLC"]
CARRIER_A = ["Hendricks", "Big Sky", "Two Rivers", "Delgado", "Frontier Line", "Patel", "Lone Oak",
             "Blue Ridge Run", "Kowalski", "Red Mesa", "Thunder Road", "Okafor", "High Plains",
             "Magnolia", "Nguyen", "Steel City", "Golden Eagle", "Badger State", "Sandoval", "Iron Horse"]
CARRIER_B = ["Trucking LLC", "Transport Inc.", "Express LLC", "Freight Lines", "Carriers Inc.",
             "Logistics & Trucking", "Hauling Co.", "Transportation LLC", "Motor Lines, Inc."]
SHIPPER_A = ["Fairfield", "Summit", "Greenleaf", "Northstar", "Pioneer", "Heartland", "Blue Harbor",
             "Clearwater", "Sunbelt", "Evergreen", "Prairie Gold", "Atlas", "Lakeside", "Riverside",
             "Brookstone", "Maple Leaf", "Coastal", "Liberty", "Highland", "Willow Creek"]
SHIPPER_B = ["Foods", "Packaging", "Paper Products", "Beverage Co.", "Plastics", "Home Goods",
             "Building Supply", "Farms", "Chemical", "Appliance", "Tire & Rubber", "Pet Nutrition",
             "Steel Products", "Furniture", "Consumer Brands", "Cold Storage", "Distribution"]
SHIPPER_C = ["Inc.", "LLC", "Corp.", "Co.", "", "DC", "Distribution Center", "Warehouse #3", "Plant 2"]
FACTORS = ["Capital Funding LLC", "Apex Freight Capital", "TruckPay Factoring Inc.", "Liberty Cash Flow LLC",
           "RoadFund Financial", "Summit Receivables Capital Funding LLC", "OTR Cash Advance Inc."]

COMMODITIES = ["Canned Vegetables", "Paper Towels", "Frozen Poultry", "Bottled Water", "Corrugated Boxes",
               "Auto Parts", "Dry Pet Food", "Steel Coils", "Lumber", "Fresh Produce", "Plastic Resin",
               "Household Goods", "Beverages", "Tires", "Appliances", "Building Materials",
               "Frozen Pizza", "Consumer Electronics", "Fertilizer (bagged)", "General Merchandise",
               "Paint and Coatings", "Dairy Products", "Packaged Snacks", "Machinery Parts"]
EQUIPMENT = ["53' Dry Van", "53' Reefer", "48' Flatbed", "53' Van", "Reefer 53'", "Dry Van", "Flatbed",
             "Step Deck", "53 ft Dry Van", "Conestoga", "Van - 53'", "Reefer"]
PAY_TERMS = ["Net 30", "Net 30 Days", "Net 15", "Quick Pay 2% / Net 30", "Net 45", "QuickPay (3%)",
             "Net 21", "Due on Receipt"]
INV_TERMS = ["Net 30", "Net 15", "Due on Receipt", "Net 30 Days", "Net 21", "Net 7"]
FIRST = ["Maria", "James", "Luis", "Keisha", "Robert", "Tom", "Ana", "Derek", "Priya", "Carlos", "Linda",
         "Mike", "Jose", "Tanya", "Steve", "Omar", "Brenda", "Kevin", "Rosa", "Dmitri", "Ahmed", "Jenny"]
LAST = ["Ramirez", "Johnson", "Nguyen", "Williams", "Patel", "Brooks", "Garcia", "Miller", "Okafor",
        "Kowalski", "Davis", "Hernandez", "Lee", "Turner", "Schmidt", "Rivera", "Foster", "Ivanova"]
OSD = ["2 CTNS DAMAGED", "1 PLT SHORT", "3 CASES CRUSHED", "SHORT 4 CS", "1 PALLET REFUSED - DAMAGED",
       "OVERAGE 2 CTNS", "WRAP TORN ON 1 PLT, PRODUCT OK", "5 CTNS WET / DAMAGED", "SHORT 1 SKID"]

FONTS = {
    "helv": "Helvetica, 'Liberation Sans', Arial, sans-serif",
    "times": "'Times New Roman', 'Liberation Serif', Times, serif",
    "courier": "'Courier New', 'Liberation Mono', Courier, monospace",
    "dejavu": "'DejaVu Sans', sans-serif",
    "free": "'FreeSans', sans-serif",
    "narrow": "'Liberation Sans Narrow', 'Arial Narrow', sans-serif",
    "freeserif": "'FreeSerif', serif",
}
SIG_FONT = "'FreeSerif', serif"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def esc(s):
    return html.escape(str(s), quote=True)


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


DATE_STYLES = ["mdY", "mdy_short", "Mon_d_Y", "Month_dth_Y", "d_Mon_Y", "iso", "dth_Mon_Y", "m-d-Y"]


def fmt_date(d, style):
    mon = MONTHS[d.month - 1]
    if style == "mdY":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "mdy_short":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "Mon_d_Y":
        return f"{mon[:3]} {d.day}, {d.year}"
    if style == "Month_dth_Y":
        return f"{mon} {ordinal(d.day)}, {d.year}"
    if style == "d_Mon_Y":
        return f"{d.day:02d}-{mon[:3]}-{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "dth_Mon_Y":
        return f"{ordinal(d.day)} {mon[:3]}, {d.year}"
    if style == "m-d-Y":
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    raise ValueError(style)


MONEY_STYLES = ["dollar", "usd", "plain", "dollar_nocents", "comma"]


def fmt_money(cents, style):
    whole, c = divmod(cents, 100)
    if style == "dollar_nocents" and c == 0:
        return f"${whole:,}"
    if style == "usd":
        return f"USD {whole:,}.{c:02d}"
    if style == "plain":
        return f"{whole}.{c:02d}"
    if style == "comma":
        return f"{whole:,}.{c:02d}"
    return f"${whole:,}.{c:02d}"


def norm_money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def fmt_weight(rng, lb):
    """Returns (printed, normalized pounds)."""
    style = rng.choice(["lbs_comma", "LB", "LBS", "lb", "kg", "lbs_comma", "Lbs"])
    if style == "kg":
        kg = int(round(lb / 2.20462))
        return f"{kg} kg", str(int(round(kg * 2.20462)))
    if style == "lbs_comma":
        return f"{lb:,} lbs", str(lb)
    if style == "LB":
        return f"{lb} LB", str(lb)
    if style == "LBS":
        return f"{lb:,} LBS", str(lb)
    if style == "Lbs":
        return f"{lb:,} Lbs.", str(lb)
    return f"{lb} lb", str(lb)


def csz(city, st, zip_, style):
    """City/state/zip as printed; returns (printed, city_as_printed, state_printed)."""
    if style == "upper":
        return f"{city.upper()}, {st} {zip_}", city.upper(), st
    if style == "upper_nospace":
        return f"{city.upper()},{st} {zip_}", city.upper(), st
    if style == "nocomma":
        return f"{city} {st} {zip_}", city, st
    if style == "fullstate":
        return f"{city}, {STATE_NAMES[st]} {zip_}", city, STATE_NAMES[st]
    return f"{city}, {st} {zip_}", city, st


class Rec:
    """Records expected fields and the exact strings that must be printed for each."""

    def __init__(self):
        self.fields = {}
        self.printed = {}
        self.charges = []
        self.stops = None  # stops printed (rate confirmations, bills of lading): [(normalized, printed forms)]

    def f(self, name, norm, *shown):
        """Register a field; returns the (first) printed form HTML-escaped."""
        self.fields[name] = norm
        self.printed[name] = [s for s in shown if s]
        return esc(shown[0]) if shown else ""

    def stop(self, kind, **vals):
        """Record one printed stop for `fields.stops`: `kind` "pickup" / "delivery", every other value a
        (normalized, printed form) pair; None (or a None normalized value) = not printed, key left out."""
        norm, printed = {"type": kind}, {}
        for k, v in vals.items():
            if v is None or v[0] is None:
                continue
            norm[k], printed[k] = v[0], [v[1]]
        if self.stops is None:
            self.stops = []
        self.stops.append((norm, printed))

    def charge(self, desc, code, cents):
        self.charges.append({"description": desc, "code": code, "amount_usd": norm_money(cents)})


def window_time(window):
    """Clock time of a printed window / appointment for `fields.stops`: "HH:MM" or "HH:MM-HH:MM", 24-hour
    ("FCFS 0600-1200" -> "06:00-12:00", "Appt 0830" -> "08:30"); None when none is printed."""
    ts = re.findall(r"(?<!\d)(\d\d):?(\d\d)(?!\d)", window)
    return "-".join(f"{h}:{m}" for h, m in ts) or None


def rec_stop(r, kind, p, st_style, ds=None, date=None, window=None, ref=None, upper=False):
    """Record a printed stop (party `p`: name, street, city line in `st_style`; date in `ds`, window and
    reference when given) as the layout printed it: name and street in capitals when `upper`. A reference
    is printed with its label ("PU# 482913") and given without it ("482913")."""
    line, city, _ = csz(p.city, p.state, p.zip, st_style)
    U = (lambda x: x.upper()) if upper else (lambda x: x)
    r.stop(kind, name=(U(p.name), U(p.name)), address=(U(p.street), U(p.street)), city=(city, line),
           state=(p.state, line), zip=(p.zip, line),
           date=(date.isoformat(), fmt_date(date, ds)) if date else None,
           time=(window_time(window), window) if window else None,
           reference=(ref.split()[-1], ref) if ref else None)


def rand_date(rng):
    return dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def phone(rng):
    return f"({rng.randint(201, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"


def street(rng):
    return f"{rng.randint(100, 9899)} {rng.choice(STREETS)}"
