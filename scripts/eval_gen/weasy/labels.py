"""Label variants and legal boilerplate."""
from common import esc

LOAD = ["Load #", "Load No.", "Load Number", "Order #", "Pro/Load", "Reference #", "Conf #", "Tender ID",
        "Shipment ID", "Load ID", "Confirmation #", "Trip #", "Shipment #"]
LOAD_INV = ["Load #", "Load No.", "Load Number", "Broker Load #", "Your Load #", "Reference #", "Order #",
            "Shipment #", "Customer Ref #", "Load/Order #"]
RC_TOTAL = ["Total", "Total Carrier Pay", "Total Pay (USD)", "Total Rate", "Total Agreed Rate", "Carrier Total",
            "TOTAL", "Total Payable to Carrier", "All-in Rate"]
INV_TOTAL = ["Amount Due", "Balance Due", "TOTAL DUE", "Total", "Invoice Total", "Total Amount Due", "Please Pay",
             "Total Due"]
LINEHAUL = ["Line Haul", "Linehaul", "Flat Rate", "Base Rate", "Freight Charge", "Line Haul Rate", "Linehaul Rate"]
FSC = ["Fuel Surcharge", "FSC", "Fuel", "Fuel Surcharge (FSC)", "Fuel Surcharge (F.S.C.)"]
CARRIER = ["Carrier", "Carrier Name", "Trucking Co.", "Motor Carrier", "Carrier Legal Name"]
EQUIP = ["Equipment", "Equipment Type", "Trailer Type", "Equip", "Truck Type", "Mode/Equipment"]
COMMOD = ["Commodity", "Commodity Description", "Product", "Description of Goods", "Freight Description"]
WEIGHT = ["Weight", "Est. Weight", "Total Weight", "Gross Weight", "Wt", "Scale Weight"]
TERMS = ["Payment Terms", "Terms", "Pay Terms", "Payment", "Terms of Payment"]
INVNO = ["Invoice #", "Invoice No.", "Invoice Number", "Inv #", "Inv. No.", "Bill #", "Freight Bill #"]
INVDATE = ["Invoice Date", "Date", "Inv. Date", "Date of Invoice", "Billing Date", "Bill Date"]
PRO = ["PRO #", "Pro Number", "PRO No.", "Pro#", "Carrier PRO", "PRO"]
BOLNO = ["BOL #", "B/L No.", "Bill of Lading #", "BOL Number", "BL#", "B/L #", "Bill of Lading No."]
PO = ["PO #", "P.O. Number", "PO Number", "Customer PO", "Purchase Order", "Cust. Order #", "PO"]
REMIT = ["Remit To", "Remit Payment To", "Please Remit To", "Make Payment To", "Send Payment To"]


class Labeler:
    """Per-document label style: casing and trailing punctuation chosen once."""

    def __init__(self, rng, upper=None, punct=None):
        self.rng = rng
        self.upper = rng.random() < 0.35 if upper is None else upper
        self.punct = rng.choice([":", ":", ":", "", " -"]) if punct is None else punct

    def raw(self, options, punct=True):
        s = self.rng.choice(options) if isinstance(options, list) else options
        if self.upper:
            s = s.upper()
        if punct and self.punct:
            s = s + self.punct
        return s

    def __call__(self, options, punct=True):
        return esc(self.raw(options, punct))


def mc_text(rng, mc):
    return rng.choice([f"MC {mc}", f"MC# {mc}", f"MC-{mc}", f"MC No. {mc}", f"MC #{mc}", f"MC{mc}"])


def dot_text(rng, dot):
    return rng.choice([f"USDOT {dot}", f"DOT# {dot}", f"US DOT No. {dot}", f"DOT {dot}", f"USDOT#: {dot}"])


CLAUSES = [
    ("Agreement", "This Rate Confirmation supplements and is governed by the Broker-Carrier Agreement between the parties. In the event no such agreement is in force, Carrier agrees that the terms printed herein shall govern the transportation of the shipment described on the first page, and that Carrier is acting as a motor carrier and not as an agent of Broker or of the shipper."),
    ("Invoicing", "Carrier shall submit its invoice together with a legible copy of the signed bill of lading and proof of delivery (POD) within thirty (30) days of delivery. Invoices received without a signed POD will be held until all paperwork is received. Invoices received more than one hundred eighty (180) days after delivery may be declined. Broker will not pay any invoice from any party other than the Carrier named on this confirmation unless a valid Notice of Assignment is on file."),
    ("Detention", "Detention will be paid at the rate stated on the first page, if any, after two (2) free hours at shipper or receiver, only when the driver arrived on time for the appointment, the in and out times are recorded on the bill of lading and Carrier notified Broker by phone or e-mail while detained. Detention not reported within 24 hours is waived."),
    ("Lumper Fees", "Lumper and unloading fees must be approved in advance by Broker. Carrier must obtain an original lumper receipt showing the facility, date, amount and load reference. Lumper fees submitted without a receipt will not be reimbursed. Broker may issue a Comchek or EFS check for approved lumper fees, which will be deducted from settlement if not supported by a receipt."),
    ("Truck Order Not Used (TONU)", "If a load is cancelled after the truck has been dispatched and has arrived at the shipper, Broker will pay a Truck Order Not Used (TONU) fee as agreed in writing. No TONU is payable where Carrier was late, was refused for equipment condition, or where cancellation was received prior to dispatch."),
    ("Claims and Liability", "Carrier is liable for loss, damage or delay to the cargo from the time of pickup until delivery as provided under 49 U.S.C. 14706 (Carmack Amendment). Shortages, overages and damages must be noted on the delivery receipt. Broker may withhold payment of freight charges in the amount of any unresolved cargo claim."),
    ("Insurance", "Carrier shall maintain at its own expense auto liability insurance of not less than $1,000,000 combined single limit, cargo insurance of not less than $100,000 per occurrence, and statutory workers' compensation. Carrier shall provide Broker a certificate of insurance naming Broker as certificate holder."),
    ("No Re-Brokering", "Carrier shall not re-broker, assign, interline or subcontract this shipment. Any violation will result in non-payment of freight charges and Carrier shall be liable to the shipper for all losses. Carrier's driver must be an employee or contracted driver of the Carrier named on this confirmation."),
    ("Temperature Control", "For temperature-controlled freight, Carrier shall pre-cool the trailer, run the unit in continuous mode at the set point on the bill of lading and provide download data on request. Carrier shall not accept a load whose product temperature is out of range without calling Broker."),
    ("Tracking and Communication", "Carrier agrees to provide location updates through Broker's tracking application or by phone at least every four (4) hours and immediately report any delay, breakdown, accident or late appointment. Failure to provide tracking may result in a deduction from the agreed rate."),
    ("Back Solicitation", "Carrier shall not solicit freight directly from any shipper or consignee introduced to it by Broker for a period of twelve (12) months following the last shipment. Commission of fifteen percent (15%) of the freight charges will be owed to Broker for any violation."),
    ("Layover and Stop-Off Charges", "Layover is paid only when the delay is caused by shipper or receiver and Carrier is held past the next business day. Additional stops are paid at the stop-off rate shown. Driver assist, pallet exchange and other accessorials are paid only when listed on this confirmation or approved in writing before they occur."),
    ("Payment", "Payment will be made according to the payment terms shown upon receipt of a correct invoice, signed bill of lading and proof of delivery. Quick pay, if elected, is subject to the discount stated. Any charges not shown on this confirmation require a revised confirmation signed by Broker."),
    ("Governing Law", "This confirmation shall be governed by the laws of the state of Broker's principal office. The parties agree that faxed, scanned or electronically signed copies of this confirmation have the same force as originals."),
]


def terms_paras(rng, n):
    picks = list(range(len(CLAUSES)))
    rng.shuffle(picks)
    picks = sorted(picks[:n])
    return [CLAUSES[i] for i in picks]
