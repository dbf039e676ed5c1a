"""Shared helpers for the Typst evaluation-corpus generator: lexicons, formatting, Typst escaping."""
import os
import random
import re
from decimal import Decimal, ROUND_HALF_UP

# ---------------------------------------------------------------- fonts
# Typst embeds three families of its own; the sans / Times-like / Courier-like faces come from the
# Debian font packages (fonts-liberation, fonts-dejavu-core, fonts-freefont-ttf). System font
# discovery is switched off so the output does not depend on what else the machine has.
FONT_DIRS = ["/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/dejavu",
             "/usr/share/fonts/truetype/freefont"]
SANS = ["Liberation Sans", "FreeSans", "DejaVu Sans"]
SERIF = ["Liberation Serif", "FreeSerif", "Libertinus Serif", "New Computer Modern", "DejaVu Serif"]
MONO = ["Liberation Mono", "FreeMono", "DejaVu Sans Mono"]


def S(s):
    """A Typst string literal."""
    return '"' + str(s).replace('\\', '\\\\').replace('"', '\\"') + '"'


def T(s):
    """Literal text embedded in markup (no markup interpretation)."""
    return '#' + S(s) + ';'


def B(s, size=None):
    extra = f", size: {size}pt" if size else ""
    return f'#text(weight: "bold"{extra}, {S(s)});'


def TX(s, size=None, bold=False, font=None, fill=None):
    args = []
    if size:
        args.append(f"size: {size}pt")
    if bold:
        args.append('weight: "bold"')
    if font:
        args.append(f"font: {S(font)}")
    if fill:
        args.append(f"fill: {fill}")
    return f'#text({", ".join(args + [S(s)])});'


def C(s):
    """A content block holding literal text (for table cells etc.)."""
    return '[' + T(s) + ']'


def CB(s):
    return '[' + B(s) + ']'


def lines(*xs):
    """Content with line breaks between literal lines."""
    return '[' + ' \\\n'.join(T(x) for x in xs if x) + ']'


def preamble(paper="us-letter", font="Liberation Sans", size=9, margin="0.6in", footer=None, header=None):
    out = ['#set document(date: none)',
           '#set smartquote(enabled: false)',
           f'#set text(font: ({S(font)}, "DejaVu Sans"), size: {size}pt, hyphenate: false, lang: "en")',
           '#set par(justify: false, leading: 0.5em)',
           '#set table(inset: 4pt)']
    pg = [f'paper: {S(paper)}', f'margin: {margin}']
    if footer:
        pg.append(f'footer: {footer}')
    if header:
        pg.append(f'header: {header}')
    out.append('#set page(' + ', '.join(pg) + ')')
    return '\n'.join(out) + '\n'


def footer_page_n_of_m(left="", size=7.5, style=0):
    lt = T(left) if left else ''
    if style == 0:
        return (f'context text(size: {size}pt)[{lt} #h(1fr) Page #counter(page).display() of '
                f'#counter(page).final().first()]')
    if style == 1:
        return (f'context align(center, text(size: {size}pt)[{lt} -- Page #counter(page).display() of '
                f'#counter(page).final().first() --])')
    return (f'context [#line(length: 100%, stroke: 0.4pt) #v(-6pt) #text(size: {size}pt)[{lt} #h(1fr) '
            f'Pg #counter(page).display() / #counter(page).final().first()]]')


# ---------------------------------------------------------------- money, dates, weights
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def D(x):
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def norm_money(d):
    return f"{D(d):.2f}"


def money(d, style):
    d = D(d)
    whole = f"{d:,.2f}"
    if style == "usd":
        return "USD " + whole
    if style == "plain":
        return f"{d:.2f}"
    if style == "plainc":
        return whole
    if style == "nocents" and d == d.to_integral_value():
        return "$" + f"{int(d):,}"
    return "$" + whole


def ordinal(n):
    if 10 <= n % 100 <= 20:
        suf = "th"
    else:
        suf = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


DATE_STYLES = ["mdy", "mdy_short", "mon", "long_ord", "dmy_dash", "iso", "ord_mon", "mdy"]


def fmt_date(dt, style):
    m, d, y = dt.month, dt.day, dt.year
    mon = MONTHS[m - 1][:3]
    if style == "mdy":
        return f"{m:02d}/{d:02d}/{y}"
    if style == "mdy_short":
        return f"{m}/{d}/{y % 100:02d}"
    if style == "mon":
        return f"{mon} {d}, {y}"
    if style == "long_ord":
        return f"{MONTHS[m - 1]} {ordinal(d)}, {y}"
    if style == "dmy_dash":
        return f"{d:02d}-{mon}-{y}"
    if style == "iso":
        return dt.isoformat()
    if style == "ord_mon":
        return f"{ordinal(d)} {mon}, {y}"
    if style == "long":
        return f"{MONTHS[m - 1]} {d}, {y}"
    raise ValueError(style)


def weight_str(lb, style, kg=None):
    if style == "kg":
        return f"{kg:,} kg" if kg >= 10000 and False else f"{kg} kg"
    if style == "lbs":
        return f"{lb:,} lbs"
    if style == "LB":
        return f"{lb} LB"
    return f"{lb:,} lb"


def window_time(window):
    """The clock time a printed appointment / window names, normalized for `fields.stops`: "HH:MM" or
    "HH:MM-HH:MM" (24-hour; "FCFS 0800-1400" -> "08:00-14:00"); None when it names none ("FCFS")."""
    ts = re.findall(r"(?<!\d)(\d\d):?(\d\d)(?!\d)", window)
    return "-".join(f"{h}:{m}" for h, m in ts) or None


def rec_stop(doc, st, line_style, date_style=None, upper=False, upper_city=False, street=True, window=True,
             ref=True, line=True, labels=None, cell=False):
    """Record stop `st` (world.make_load) in `fields.stops` as the layout printed it: name and street in
    capitals when `upper`, the city line `city_line(..., line_style, upper or upper_city)` (checked whole
    when `line`, else city / state / zip one by one), the date in `date_style` (None: no date printed),
    the window (its clock time) and the reference when printed. `labels` maps "date" / "time" /
    "reference" to the label printed right before the value: checked with it (a wrapped cell starts there).
    `cell`: street and city line share one table cell ("street, city line"), checked as that cell."""
    lab = labels or {}
    U = (lambda x: x.upper()) if upper else (lambda x: x)
    up = upper or upper_city
    cl = city_line(st["city"], st["state"], st["zip"], line_style, up)
    city = st["city"].upper() if up else st["city"]
    if cell:
        cl = U(st["street"]) + ", " + cl
    doc.stop(st["type"].lower(), name=U(st["name"]), address=U(st["street"]) if street else None,
             city=(city, cl if line else city), state=(st["state"], cl if line else st["state"]),
             zip=(st["zip"], cl if line else st["zip"]),
             date=(st["date"].isoformat(), lab.get("date", "") + fmt_date(st["date"], date_style)) if date_style else None,
             time=(window_time(st["window"]), lab.get("time", "") + st["window"]) if window else None,
             reference=(st["ref"], lab.get("reference", "") + st["ref"]) if ref else None)


def city_line(city, st, zp, style, upper=False):
    c = city.upper() if upper else city
    if style == 0:
        return f"{c}, {st} {zp}"
    if style == 1:
        return f"{c},{st} {zp}"
    return f"{c} {st} {zp}"


# ---------------------------------------------------------------- lexicons
BROKERS = ["Harborline Logistics LLC", "Crestview Freight Brokerage Inc.", "BlueMesa Transport Solutions",
           "Redwater 3PL Group", "Pinecrest Logistics Partners", "Ironbridge Freight Services",
           "Silver Creek Brokerage LLC", "TrueNorth Load Solutions", "Anchor Point Logistics",
           "Meridian Cargo Network", "Westfield Transportation Services", "Coastal Plains Logistics Inc."]
CARRIERS = ["Big Sky Express Inc", "R&J Trucking LLC", "Double Eagle Transport", "Highway 61 Carriers",
            "Sandoval Brothers Trucking", "Three Rivers Freight Lines", "Cardinal Road Inc",
            "Mountain Laurel Transport", "Gulf Breeze Carriers LLC", "Patriot Haul Inc",
            "Copper Canyon Trucking", "Desert Fox Logistics LLC", "Nguyen Transport Co",
            "Blackhawk Freightways", "Singh Roadlines Inc", "Okafor Trucking LLC", "Red Oak Carriers",
            "Tall Timber Transport LLC", "Kowalski & Sons Hauling", "Silverline Express Corp"]
SHIPPERS = ["Acme Paper Products", "Valley Fresh Produce Co", "Midstate Plastics Corp", "Hartwell Furniture Mfg",
            "Summit Beverage Distributors", "Northern Pine Lumber", "Kessler Foods", "Brightline Appliances",
            "Oakmont Packaging", "Riverbend Steel Supply", "Goldleaf Snacks Inc", "Cascade Home Goods",
            "Pioneer Pet Nutrition", "Sunbelt Tile & Stone", "Evergreen Paper Mill", "Granite State Candles",
            "Heartland Grain Products", "Bayou Coffee Roasters", "Clearwater Bottling Co", "Delmar Tire Supply"]
CONSIGNEES = ["Lakeview Grocers DC", "Allied Auto Parts Warehouse", "Home Depot-style DC 5521",
              "Fairway Markets Distribution", "Central Wholesale Club #118", "Midwest Hardware Supply",
              "Pacific Crest Retail DC", "Tri-County Food Bank", "Metro Office Supply DC",
              "Sunrise Supermarkets Warehouse", "Blue Ribbon Foods Cold Storage", "Keystone Building Materials",
              "Harbor City Distribution Ctr", "Magnolia Furniture Outlet", "Prairie Farm Stores DC 7"]
CONSIGNEES[2] = "Builders Depot DC 5521"
FACTORS = ["Capital Funding LLC", "Lone Pine Capital Funding LLC", "Steadfast Factoring Inc",
           "Blue Ridge Capital Funding LLC", "Prime Receivables Corp", "Frontier Freight Factoring"]
CITIES = [("York", "PA", "17408"), ("Jacksonville", "FL", "32034"), ("Memphis", "TN", "38118"),
          ("Joliet", "IL", "60436"), ("Laredo", "TX", "78045"), ("Fresno", "CA", "93725"),
          ("Columbus", "OH", "43228"), ("Allentown", "PA", "18109"), ("Atlanta", "GA", "30336"),
          ("Kansas City", "MO", "64120"), ("Dallas", "TX", "75241"), ("Reno", "NV", "89502"),
          ("Savannah", "GA", "31408"), ("Indianapolis", "IN", "46241"), ("Greensboro", "NC", "27409"),
          ("Phoenix", "AZ", "85043"), ("Salt Lake City", "UT", "84104"), ("Denver", "CO", "80216"),
          ("Louisville", "KY", "40213"), ("Grand Rapids", "MI", "49548"), ("Spokane", "WA", "99216"),
          ("Omaha", "NE", "68117"), ("Harrisburg", "PA", "17111"), ("Ontario", "CA", "91761"),
          ("Edison", "NJ", "08817"), ("Charlotte", "NC", "28214"), ("Little Rock", "AR", "72206"),
          ("Tulsa", "OK", "74107"), ("Boise", "ID", "83709"), ("Fort Wayne", "IN", "46803"),
          ("Albany", "NY", "12205"), ("Stockton", "CA", "95206"), ("Nashville", "TN", "37210"),
          ("Portland", "OR", "97218"), ("Birmingham", "AL", "35210")]
STREETS = ["Industrial Pkwy", "Commerce Dr", "Distribution Way", "Logistics Blvd", "Warehouse Rd",
           "E Market St", "Freeport Blvd", "Airport Rd", "Enterprise Ave", "Rail Yard Rd", "Gateway Dr",
           "N Loop Rd", "Trade Center Blvd", "Old Mill Rd", "Harbor Ave"]
EQUIPMENT = ["53' Dry Van", "53' Reefer", "48' Flatbed", "Dry Van 53ft", "Reefer 53'", "Step Deck",
             "53' Van", "Flatbed 48'", "Power Only", "26' Box Truck"]
COMMODITIES = ["Paper products", "Frozen poultry", "Canned goods", "Plastic resin pellets", "Furniture",
               "Beverages", "Lumber", "Dry grocery", "Auto parts", "Steel coils", "Snack foods",
               "Household goods", "Pet food", "Ceramic tile", "Fresh produce", "Bottled water", "Tires",
               "Candles and home fragrance", "Coffee (roasted, bagged)"]
TERMS = ["Net 30", "Net 15", "Net 45", "Quick Pay 2% - 2 days", "Net 30 days", "Due on receipt", "Net 21"]
FIRST = ["Maria", "James", "Luis", "Tanya", "Robert", "Keisha", "Dmitri", "Angela", "Chris", "Priya", "Darnell",
         "Hector", "Linda", "Tom", "Yolanda", "Jin", "Marcus", "Sarah"]
LAST = ["Ramirez", "Johnson", "Nguyen", "Patel", "Okafor", "Smith", "Kowalski", "Garcia", "Brooks", "Chen",
        "Martinez", "Walker", "Hughes", "Singh", "Lopez", "Reed"]


def person(r):
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def phone(r):
    return f"({r.randint(201, 989)}) {r.randint(200, 989)}-{r.randint(1000, 9999)}"


def address(r):
    c = r.choice(CITIES)
    return {"street": f"{r.randint(100, 9899)} {r.choice(STREETS)}", "city": c[0], "state": c[1], "zip": c[2]}


def email_for(name, r):
    base = "".join(ch for ch in name.lower().split()[0] if ch.isalnum())
    return f"{r.choice(['dispatch', 'ops', 'billing', 'loads', 'ap'])}@{base}{r.choice(['freight', 'log', 'trans'])}.com"


T_AND_C = [
    "Carrier shall submit a signed Bill of Lading and Proof of Delivery together with its invoice; invoices received without a clean, legible POD will not be processed for payment.",
    "Payment terms are as stated on the first page of this confirmation and begin on the date a complete invoice packet (invoice, rate confirmation, signed bill of lading and POD) is received by Broker.",
    "Detention will be paid only when reported to Broker within 1 hour of the occurrence and documented by in/out times on the bill of lading. Free time is two (2) hours at each facility unless stated otherwise.",
    "Lumper fees must be approved in advance by Broker dispatch and are reimbursed only against an original lumper receipt showing facility, date and amount paid. Unreceipted lumper charges will be deducted.",
    "Truck Ordered Not Used (TONU) is payable only if the load is cancelled after the truck has been dispatched and the carrier provides proof of its arrival at the pickup location.",
    "Carrier agrees it will not re-broker, assign, co-broker or interline this shipment. Any violation voids this agreement and the rate stated herein, and Carrier shall be liable for all resulting damages.",
    "Carrier shall maintain cargo insurance of not less than $100,000 and auto liability of not less than $1,000,000 per occurrence, and shall name Broker as certificate holder.",
    "Claims for loss, damage or delay shall be governed by 49 U.S.C. 14706 (the Carmack Amendment). Carrier is liable for the full invoice value of goods lost or damaged while in its care.",
    "Reefer loads: carrier shall pre-cool the trailer and run continuous mode at the temperature shown on the bill of lading. Download of reefer temperature records may be required for any claim.",
    "Layover is payable at the rate agreed in writing when the driver is held overnight at the request of the shipper or receiver and the delay is not caused by the carrier.",
    "Invoices must reference the load number shown on this confirmation. Invoices submitted more than 90 days after delivery will not be paid.",
    "Carrier shall notify Broker of any overage, shortage or damage (OS&D) at delivery and shall have the consignee note the exceptions on the delivery receipt before the driver departs.",
    "Any fines, penalties or late fees assessed to Broker as a result of Carrier's late pickup or late delivery may be deducted from the amount payable under this confirmation.",
    "This rate confirmation, together with the Broker-Carrier Agreement on file, constitutes the entire agreement for this shipment. Handwritten changes are not binding unless initialed by Broker.",
    "Driver must check in with the tracking application at pickup and remain on tracking until delivery; failure to provide tracking may result in a service fee deduction.",
    "Quick Pay is available for a fee deducted from the total carrier pay upon receipt of complete paperwork. Payment to a factoring company requires a valid Notice of Assignment on file.",
    "Seals must remain intact until the consignee breaks them. The seal number must be recorded on the bill of lading at pickup and at delivery.",
    "Stop-off charges apply only to additional stops listed on this confirmation. Extra stops not listed require written approval from Broker prior to the stop.",
]


def legal_paragraphs(r, n):
    xs = T_AND_C[:]
    r.shuffle(xs)
    return xs[:n]
