"""Lexicons for the office generator: fictional companies, places, label wordings, fine print.

Every company name here is made up by combining words; street names and numbers are random.
Cities, states and ZIP codes are real places so that addresses look plausible.
"""

PLACE_WORDS = [
    "Blue Ridge", "Prairie", "Summit", "Keystone", "Great Lakes", "Red Rock", "Iron Horse",
    "Silver Creek", "Lone Pine", "Copper State", "Harbor Point", "Timberline", "Northstar",
    "Cedar Valley", "Twin Rivers", "Granite Peak", "Bayou", "Mesa Verde", "Liberty Road",
    "Heartland", "Old Mill", "Wolf Creek", "Tall Grass", "Sandhill", "Pinecrest", "Crosswind",
    "Big Sky", "Riverbend", "Stonegate", "Magnolia", "Bluewater", "Clearview", "Eagle Pass",
    "Maple Leaf", "Badger", "Canyon", "Frontier", "Gulfstream", "Highline", "Ozark",
]

BROKER_SUFFIX = [
    "Logistics LLC", "Freight Solutions", "Transportation Services, Inc.", "Brokerage Co.",
    "Supply Chain Partners", "Logistics Group", "Freight Brokers, LLC", "3PL Inc.",
    "Shipping Solutions", "Transport Network", "Load Partners LLC", "Logistics Inc.",
]
CARRIER_SUFFIX = [
    "Trucking LLC", "Transport Inc.", "Express", "Carriers Inc.", "Freight Lines",
    "Hauling Co.", "Trucking Co.", "Transportation LLC", "Express Lines", "Motor Freight",
    "Cartage Inc.", "Logistics & Trucking",
]
PERSON_FIRST = [
    "Maria", "James", "Tyrone", "Ashley", "Luis", "Kevin", "Brenda", "Dmitri", "Aaliyah", "Carlos",
    "Heather", "Raj", "Tanya", "Marcus", "Jenny", "Omar", "Patrick", "Rosa", "Derek", "Lena",
    "Travis", "Monique", "Hector", "Crystal", "Wade", "Nadia", "Gary", "Imani", "Scott", "Yolanda",
]
PERSON_LAST = [
    "Hernandez", "Walker", "Okafor", "Nguyen", "Kowalski", "Brooks", "Patel", "Sullivan", "Ramirez",
    "Fischer", "Coleman", "Yamamoto", "Delgado", "Bennett", "Ivanov", "Price", "Mendoza", "Hayes",
    "Lindqvist", "Washington", "Morales", "Schultz", "Reyes", "Grant", "Baptiste", "Foster",
]
SHIPPER_TEMPLATES = [
    "{w} Foods Inc.", "{w} Paper Mill", "{w} Manufacturing Co.", "{w} Distribution Center",
    "{w} Packaging", "{w} Beverage Co.", "{w} Steel Works", "{w} Cold Storage", "{w} Plastics LLC",
    "{w} Farms", "{w} Home Products", "{w} Auto Parts", "{w} Building Supply", "{w} Warehouse #{n}",
    "{w} Grocers DC {n}", "{w} Appliance Co.", "{w} Pet Nutrition", "{w} Brewing Company",
]
LUMPER_CO = [
    "{w} Unloading Services", "{w} Lumper Co.", "{w} Warehouse Labor LLC", "{w} Dock Services",
    "{w} Freight Handlers", "{w} Labor Solutions",
]
FACTOR_TEMPLATES = [
    "{w} Capital Funding", "{w} Capital Funding, LLC", "{w} Factoring LLC", "{w} Freight Finance",
    "{w} Funding Corp.", "{w} Commercial Capital",
]

STREET_NAMES = [
    "Industrial", "Commerce", "Distribution", "Enterprise", "Logistics", "Warehouse", "Oak", "Main",
    "Elm", "Airport", "Railroad", "Mill", "Harbor", "Lakeview", "Park", "Ridge", "Union", "Depot",
    "Freeport", "Gateway", "Pioneer", "Meridian", "Hickory", "Canal", "Quarry", "Foundry",
]
STREET_TYPES = ["Pkwy", "Dr", "Rd", "Blvd", "Ave", "St", "Way", "Ct", "Ln", "Hwy"]
STREET_TYPES_LONG = {"Pkwy": "Parkway", "Dr": "Drive", "Rd": "Road", "Blvd": "Boulevard",
                     "Ave": "Avenue", "St": "Street", "Way": "Way", "Ct": "Court", "Ln": "Lane",
                     "Hwy": "Highway"}

# (city, state, zip) real places
CITIES = [
    ("Joliet", "IL", "60431"), ("Elk Grove Village", "IL", "60007"), ("Indianapolis", "IN", "46241"),
    ("Columbus", "OH", "43207"), ("Dayton", "OH", "45414"), ("Louisville", "KY", "40213"),
    ("Memphis", "TN", "38118"), ("Nashville", "TN", "37210"), ("Atlanta", "GA", "30336"),
    ("Savannah", "GA", "31408"), ("Charlotte", "NC", "28273"), ("Greensboro", "NC", "27409"),
    ("Dallas", "TX", "75241"), ("Fort Worth", "TX", "76177"), ("Laredo", "TX", "78045"),
    ("Houston", "TX", "77032"), ("San Antonio", "TX", "78219"), ("Phoenix", "AZ", "85043"),
    ("Ontario", "CA", "91761"), ("Fontana", "CA", "92335"), ("Stockton", "CA", "95206"),
    ("Reno", "NV", "89506"), ("Salt Lake City", "UT", "84104"), ("Denver", "CO", "80216"),
    ("Kansas City", "MO", "64120"), ("St. Louis", "MO", "63132"), ("Omaha", "NE", "68117"),
    ("Des Moines", "IA", "50313"), ("Minneapolis", "MN", "55413"), ("Green Bay", "WI", "54304"),
    ("Milwaukee", "WI", "53207"), ("Grand Rapids", "MI", "49548"), ("Detroit", "MI", "48209"),
    ("Toledo", "OH", "43612"), ("Pittsburgh", "PA", "15237"), ("Allentown", "PA", "18109"),
    ("York", "PA", "17408"), ("Edison", "NJ", "08837"), ("Secaucus", "NJ", "07094"),
    ("Baltimore", "MD", "21224"), ("Richmond", "VA", "23234"), ("Jacksonville", "FL", "32254"),
    ("Lakeland", "FL", "33811"), ("Miami", "FL", "33178"), ("Birmingham", "AL", "35210"),
    ("Little Rock", "AR", "72206"), ("Oklahoma City", "OK", "73129"), ("Tulsa", "OK", "74116"),
    ("Albuquerque", "NM", "87105"), ("Boise", "ID", "83709"), ("Spokane", "WA", "99216"),
    ("Kent", "WA", "98032"), ("Portland", "OR", "97218"), ("Sioux Falls", "SD", "57104"),
    ("Fargo", "ND", "58102"), ("Harrisburg", "PA", "17111"), ("Syracuse", "NY", "13206"),
    ("Buffalo", "NY", "14206"), ("Worcester", "MA", "01607"), ("Hartford", "CT", "06114"),
    ("Chattanooga", "TN", "37421"), ("Shreveport", "LA", "71106"), ("Jackson", "MS", "39209"),
]
STATE_NAMES = {
    "AL": "Alabama", "AR": "Arkansas", "AZ": "Arizona", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "FL": "Florida", "GA": "Georgia", "IA": "Iowa", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "KY": "Kentucky", "LA": "Louisiana", "MA": "Massachusetts",
    "MD": "Maryland", "MI": "Michigan", "MN": "Minnesota", "MO": "Missouri", "MS": "Mississippi",
    "NC": "North Carolina", "ND": "North Dakota", "NE": "Nebraska", "NJ": "New Jersey",
    "NM": "New Mexico", "NV": "Nevada", "NY": "New York", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VA": "Virginia", "WA": "Washington", "WI": "Wisconsin",
}
ALL_STATES = set(STATE_NAMES) | {
    "AK", "DE", "HI", "KS", "ME", "MT", "NH", "RI", "SC", "VT", "WV", "WY", "DC"}

EQUIPMENT = [
    "53' Dry Van", "53' Reefer", "48' Flatbed", "53 ft Dry Van", "53' Van - Air Ride",
    "Reefer 53'", "Step Deck", "53' Conestoga", "Dry Van 53'", "48' Step Deck", "Van",
    "Reefer (continuous -10F)",
]
COMMODITIES = [
    "Paper products", "Frozen poultry", "Canned goods", "Auto parts", "Lumber",
    "Beverages (non-alcoholic)", "Plastic resin in bags", "Household appliances", "Dry pet food",
    "General merchandise", "Steel coils", "Fresh produce - apples", "Bottled water",
    "Corrugated boxes", "Furniture (boxed)", "Tires", "Cleaning supplies", "Frozen pizza",
    "Packaged snacks", "Roofing shingles",
]
HAZMAT_COMMODITIES = [
    ("Paint, flammable, UN1263, 3, PG II", "Paint"),
    ("Corrosive liquid, n.o.s., UN1760, 8, PG III", "Cleaning chemicals"),
    ("Aerosols, UN1950, 2.1", "Aerosol cans"),
]
PAY_TERMS_RC = ["Net 30", "Net 30 days", "Net 45", "Net 21", "Quick Pay 2% / 2 days", "Net 15",
                "30 days from receipt of POD"]
PAY_TERMS_INV = ["Net 30", "Net 15", "Due on receipt", "Net 30 Days", "Net 21", "Net 45"]

LBL = {
    "load": ["Load #", "Load No.", "Order Number", "Trip #", "Confirmation #", "Tender ID",
             "Shipment", "Load ID", "Load Number", "Shipment #", "Order #"],
    "inv_load": ["Your Ref", "Broker Load", "Broker Load #", "Customer Ref", "Your Load #",
                 "Broker Ref #", "Load/Order #"],
    "total_rc": ["Total Rate", "Total Carrier Pay", "All-in Rate", "Total Pay", "Carrier Total",
                 "Total Agreed Rate", "TOTAL (USD)", "Total"],
    "total_inv": ["Amount Due", "Balance Due", "Total Due (USD)", "Invoice Total",
                  "Total Amount Due", "TOTAL DUE", "Please Pay This Amount"],
    "linehaul": ["Linehaul", "Line Haul", "Flat Rate", "Freight Charge", "Base Rate", "Line Haul Rate"],
    "fsc": ["Fuel Surcharge", "FSC", "Fuel", "Fuel Surcharge (FSC)", "Fuel Adj."],
    "carrier": ["Carrier", "Carrier Name", "Motor Carrier", "Contracted Carrier", "Carrier:"],
    "mc": ["MC #", "MC No.", "MC", "Docket #", "MC Number"],
    "dot": ["USDOT #", "DOT #", "US DOT No.", "DOT", "USDOT"],
    "equipment": ["Equipment", "Equip.", "Trailer Type", "Equipment Type", "Truck Type"],
    "commodity": ["Commodity", "Description", "Product", "Commodity Desc."],
    "weight": ["Weight", "Est. Weight", "Gross Weight", "Wt.", "Total Weight"],
    "terms": ["Payment Terms", "Terms", "Pay Terms", "Payment"],
    "invno": ["Invoice #", "Invoice No.", "Invoice Number", "Inv #", "INVOICE NO"],
    "invdate": ["Invoice Date", "Date", "Inv. Date", "Date of Invoice", "Billed"],
    "pro": ["PRO #", "Pro No.", "PRO", "Pro Number", "Freight Bill #"],
    "bol": ["BOL #", "B/L No.", "BOL Number", "Bill of Lading #", "BOL"],
    "po": ["PO #", "P.O. Number", "Customer PO", "PO No.", "Purchase Order"],
    "date": ["Date", "Dated", "Issue Date", "Date Issued"],
}

TC_CLAUSES = [
    "Carrier agrees to transport the shipment described herein in accordance with the Broker-Carrier "
    "Agreement on file, which is incorporated by reference. In the event of a conflict, this "
    "confirmation controls for this load only.",
    "Carrier shall not re-broker, assign, co-broker or interline this shipment. Any violation will "
    "result in non-payment and may result in removal from the approved carrier list.",
    "Detention is payable only when the driver arrives on time for the scheduled appointment and the "
    "delay is reported to dispatch before free time expires. In/out times must appear on the signed "
    "bill of lading.",
    "Lumper fees are reimbursed only against an original lumper receipt submitted with the invoice. "
    "Receipts without a facility stamp will not be accepted.",
    "Carrier must submit a signed bill of lading / proof of delivery and its invoice within 30 days of "
    "delivery. Late paperwork may be subject to a processing fee.",
    "Carrier is liable for loss of or damage to the cargo from pickup until delivery under 49 U.S.C. "
    "14706 (Carmack Amendment). Cargo insurance of not less than $100,000 must be kept in force.",
    "Reefer loads: driver must pre-cool the trailer and run the unit in continuous mode at the set "
    "point shown. A download of the unit may be requested for any claim.",
    "Driver must check in with the broker at pickup, when loaded, at delivery and when empty. Tracking "
    "through the broker's app is required for the full trip.",
    "Any accessorial charge not listed on this confirmation must be approved in writing by the broker "
    "before it is incurred; unapproved charges will not be paid.",
    "Truck ordered not used (TONU) is paid only when the load is cancelled after the truck is "
    "dispatched and the driver is at or en route to the shipper.",
    "Carrier shall comply with all FMCSA regulations, including hours of service, and shall hold a "
    "satisfactory or unrated safety rating.",
    "Seals must be checked and recorded on the bill of lading at pickup and delivery. A broken or "
    "missing seal must be reported immediately.",
    "Overage, shortage and damage must be noted on the delivery receipt and reported to the broker "
    "before the driver leaves the receiver.",
    "Payment is made to the carrier or to the carrier's factoring company of record only. Changes to "
    "remit-to details require a written notice on company letterhead.",
    "This agreement is governed by the laws of the state in which the broker has its principal office.",
]

FINE_PRINT_BOL = (
    "RECEIVED, subject to the classifications and tariffs in effect on the date of issue of this Bill "
    "of Lading, the property described above in apparent good order, except as noted (contents and "
    "condition of contents of packages unknown), marked, consigned and destined as indicated above, "
    "which said carrier agrees to carry to its usual place of delivery at said destination. Shipper "
    "hereby certifies that he is familiar with all the terms and conditions of the said bill of lading."
)
FINE_PRINT_BOL2 = (
    "Note: Liability limitation for loss or damage in this shipment may be applicable. See 49 U.S.C. "
    "14706(c)(1)(A) and (B). The carrier shall not make delivery of this shipment without payment of "
    "freight and all other lawful charges."
)
HAZMAT_CERT = (
    "This is to certify that the above named materials are properly classified, packaged, marked and "
    "labeled, and are in proper condition for transportation according to the applicable regulations "
    "of the DOT."
)
OSD_NOTES = [
    "2 CTNS DAMAGED", "SHORT 1 PLT", "1 PLT OVER", "3 CASES CRUSHED", "SHRINK WRAP TORN ON 2 PLTS",
    "SHORT 12 CASES", "1 PALLET REFUSED - DAMAGED", "WET BOXES ON TOP LAYER",
]
PKG_TYPES = ["PLT", "SKID", "CTN", "PLT", "PLT"]
