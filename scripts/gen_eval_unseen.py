#!/usr/bin/env python3
"""Build samples/eval/unseen/: freight documents in layouts no template in rules/ covers, from
fictional issuers the shipped rules do not know, drawn with reportlab (not lopdf, which made
samples/pdfs/), each with NAME.expected.json in the evaluation format (docs/eval.md).

Labels and orders differ on purpose from the templated samples: "Load No.", "Order #", "Conf #",
"Pro Number", "BOL#", "Amount Due", "Balance Due", "Total Carrier Pay", "Remit To"; values to the
right of or below their labels; two-column blocks; tables. Deterministic: same bytes every run
(reportlab's invariant mode). Needs `pip install reportlab`. Run from the repository root:
    python3 scripts/gen_eval_unseen.py
"""
import json
import pathlib

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "samples" / "eval" / "unseen"
W, H = letter


class Page:
    """A letter page written top-down; y is the current baseline."""

    def __init__(self, path):
        self.c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
        self.c.setTitle(path.stem)
        self.y = H - 60

    def title(self, text, size=16, x=50):
        self.c.setFont("Helvetica-Bold", size)
        self.c.drawString(x, self.y, text)
        self.y -= size + 10

    def line(self, text, x=50, size=10, bold=False):
        self.c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.c.drawString(x, self.y, text)
        self.y -= size + 5

    def gap(self, n=10):
        self.y -= n

    def right(self, pairs, x=50, vx=None):
        """Label, value to its right, one pair a line."""
        vx = vx or x + 120
        for label, value in pairs:
            self.c.setFont("Helvetica-Bold", 10)
            self.c.drawString(x, self.y, label)
            self.c.setFont("Helvetica", 10)
            self.c.drawString(vx, self.y, value)
            self.y -= 15

    def below(self, pairs, x=50, width=130):
        """Labels in a row, each value under its label."""
        self.c.setFont("Helvetica-Bold", 9)
        for i, (label, _) in enumerate(pairs):
            self.c.drawString(x + i * width, self.y, label)
        self.y -= 13
        self.c.setFont("Helvetica", 10)
        for i, (_, value) in enumerate(pairs):
            self.c.drawString(x + i * width, self.y, value)
        self.y -= 20

    def columns(self, left, right, lx=50, rx=320):
        """Two blocks side by side: each a heading and its lines."""
        top = self.y
        for x, (head, lines) in ((lx, left), (rx, right)):
            self.y = top
            self.line(head, x=x, bold=True)
            for t in lines:
                self.line(t, x=x)
        self.y = top - 15 * (1 + max(len(left[1]), len(right[1]))) - 8

    def table(self, header, rows, xs):
        self.c.setFont("Helvetica-Bold", 9)
        for x, h in zip(xs, header):
            self.c.drawString(x, self.y, h)
        self.c.line(xs[0], self.y - 3, W - 50, self.y - 3)
        self.y -= 15
        self.c.setFont("Helvetica", 10)
        for row in rows:
            for x, v in zip(xs, row):
                self.c.drawString(x, self.y, v)
            self.y -= 14
        self.y -= 8

    def save(self):
        self.c.showPage()
        self.c.save()


DOCS = []


def doc(name, kind, fields):
    def wrap(draw):
        DOCS.append((name, kind, fields, draw))
        return draw
    return wrap


# ---------------------------------------------------------------- rate confirmations

@doc("ratecon_cascade_CX-30418", "rate_confirmation", {
    "load_number": "CX-30418", "broker_name": "Cascade Freight Brokers",
    "carrier_name": "Timberline Haulers LLC", "carrier_mc": "412987", "carrier_dot": "3310245",
    "equipment": "53' Reefer", "pickup_date": "2026-08-03", "pickup_city": "Yakima",
    "pickup_state": "WA", "delivery_date": "2026-08-05", "delivery_city": "Sacramento",
    "delivery_state": "CA", "commodity": "Fresh apples", "weight_lb": "38500",
    "linehaul_usd": "2900.00", "fuel_surcharge_usd": "410.00", "total_usd": "3310.00",
    "payment_terms": "Net 30"})
def _(p):
    p.title("Cascade Freight Brokers")
    p.line("2200 Harbor Ave SW, Seattle, WA 98126  |  dispatch@cascadefb.example")
    p.gap()
    p.title("CARRIER RATE AGREEMENT", size=13)
    p.right([("Load No.", "CX-30418"), ("Date", "07/30/2026")])
    p.gap()
    p.columns(("CARRIER", ["Timberline Haulers LLC", "MC# 412987", "USDOT# 3310245"]),
              ("EQUIPMENT", ["53' Reefer", "Temp: 34F continuous"]))
    p.table(["STOP", "TYPE", "LOCATION", "DATE"],
            [["1", "Pickup", "Yakima, WA", "08/03/2026"],
             ["2", "Delivery", "Sacramento, CA", "08/05/2026"]], [50, 90, 170, 380])
    p.right([("Commodity", "Fresh apples"), ("Weight", "38,500 lbs")])
    p.gap()
    p.table(["CHARGE", "AMOUNT"], [["Line Haul", "$2,900.00"], ["Fuel", "$410.00"]], [50, 380])
    p.right([("Total Carrier Pay", "$3,310.00"), ("Terms", "Net 30")], vx=200)


@doc("ratecon_gulfstar_GS-77120", "rate_confirmation", {
    "load_number": "GS-77120", "broker_name": "Gulfstar Logistics",
    "carrier_name": "Bayou Express Inc", "carrier_mc": "590311",
    "equipment": "48' Flatbed", "pickup_date": "2026-08-10", "pickup_city": "Beaumont",
    "pickup_state": "TX", "delivery_date": "2026-08-11", "delivery_city": "Baton Rouge",
    "delivery_state": "LA", "commodity": "Steel pipe", "weight_lb": "44000",
    "linehaul_usd": "1750.00", "fuel_surcharge_usd": "225.00", "total_usd": "1975.00",
    "payment_terms": "Net 15"})
def _(p):
    p.title("GULFSTAR LOGISTICS")
    p.title("Load Tender & Rate Confirmation", size=12)
    p.below([("Conf #", "GS-77120"), ("Tender Date", "08/08/2026"), ("Terms", "Net 15")])
    p.columns(("Carrier Information", ["Bayou Express Inc", "MC 590311", "Driver: R. Thibodeaux"]),
              ("Load Details", ["Equipment: 48' Flatbed", "Commodity: Steel pipe",
                                "Weight: 44000 lb"]))
    p.columns(("Origin", ["Beaumont, TX", "Pickup: 08/10/2026 0700-1100"]),
              ("Destination", ["Baton Rouge, LA", "Deliver: 08/11/2026 by 1400"]))
    p.table(["RATE", "AMOUNT"], [["Linehaul Rate", "$1,750.00"], ["Fuel Surcharge", "$225.00"],
                                 ["Total", "$1,975.00"]], [50, 350])


@doc("ratecon_midland_ML-5512", "rate_confirmation", {
    "load_number": "ML-5512", "broker_name": "Midland Cargo Partners",
    "carrier_name": "Ridgeback Transport", "carrier_mc": "778140", "carrier_dot": "2980117",
    "equipment": "53' Dry Van", "pickup_date": "2026-08-12", "pickup_city": "Des Moines",
    "pickup_state": "IA", "delivery_date": "2026-08-13", "delivery_city": "Memphis",
    "delivery_state": "TN", "weight_lb": "22150", "total_usd": "1680.00",
    "payment_terms": "Net 30"})
def _(p):
    p.title("Midland Cargo Partners")
    p.line("Rate Confirmation - please sign and return")
    p.gap()
    p.right([("Order #", "ML-5512"), ("Carrier", "Ridgeback Transport"),
             ("MC Number", "778140"), ("DOT Number", "2980117"), ("Trailer", "53' Dry Van")])
    p.gap()
    p.line("Shipper", bold=True)
    p.line("Hawkeye Foods, Des Moines, IA")
    p.line("Ship Date: 08/12/2026")
    p.line("Receiver", bold=True)
    p.line("Delta Cold Storage, Memphis, TN")
    p.line("Delivery Date: 08/13/2026")
    p.gap()
    p.right([("Weight", "22,150 lb"), ("All-in Rate", "$1,680.00"), ("Payment", "Net 30")])


@doc("ratecon_pinecrest_PC-20877", "rate_confirmation", {
    "load_number": "PC-20877", "broker_name": "Pinecrest Transport Solutions",
    "carrier_name": "Granite Peak Freight", "carrier_mc": "305566",
    "equipment": "53' Dry Van", "pickup_date": "2026-08-17", "pickup_city": "Portland",
    "pickup_state": "ME", "delivery_date": "2026-08-18", "delivery_city": "Albany",
    "delivery_state": "NY", "commodity": "Paper towels", "weight_lb": "18000",
    "linehaul_usd": "1200.00", "fuel_surcharge_usd": "150.00", "total_usd": "1350.00",
    "payment_terms": "Quick Pay 2%"})
def _(p):
    p.title("PINECREST TRANSPORT SOLUTIONS", size=14)
    p.line("Broker MC 881203")
    p.gap()
    p.title("LOAD CONFIRMATION", size=12)
    p.below([("Load #", "PC-20877"), ("Carrier", "Granite Peak Freight"), ("MC", "305566")],
            width=170)
    p.table(["", "PICK UP", "DROP"], [["City", "Portland, ME", "Albany, NY"],
                                       ["Date", "08/17/2026", "08/18/2026"]], [50, 160, 330])
    p.below([("Equipment", "53' Dry Van"), ("Commodity", "Paper towels"),
             ("Weight", "18,000 lbs")], width=170)
    p.right([("Linehaul", "$1,200.00"), ("FSC", "$150.00"), ("Total Rate", "$1,350.00"),
             ("Payment Terms", "Quick Pay 2%")])


# ---------------------------------------------------------------- bills of lading

@doc("bol_sunridge_SR-448810", "bill_of_lading", {
    "bol_number": "SR-448810", "pro_number": "0457712", "ship_date": "2026-08-03",
    "shipper_name": "Sunridge Orchards", "shipper_city": "Yakima", "shipper_state": "WA",
    "consignee_name": "Valley Fresh Markets", "consignee_city": "Sacramento",
    "consignee_state": "CA", "carrier_name": "Timberline Haulers LLC", "scac": "TMBH",
    "po_number": "VF-22019", "handling_units": "20", "weight_lb": "38500",
    "freight_terms": "prepaid"})
def _(p):
    p.title("STRAIGHT BILL OF LADING")
    p.right([("BOL#", "SR-448810"), ("Pro Number", "0457712"), ("Date", "08/03/2026")], vx=150)
    p.gap()
    p.columns(("SHIP FROM", ["Sunridge Orchards", "410 Fruitvale Blvd", "Yakima, WA 98902"]),
              ("SHIP TO", ["Valley Fresh Markets", "8800 Florin Rd", "Sacramento, CA 95829"]))
    p.right([("Carrier", "Timberline Haulers LLC"), ("SCAC", "TMBH"), ("Customer PO", "VF-22019"),
             ("Freight Terms", "Prepaid")], vx=150)
    p.gap()
    p.table(["QTY", "TYPE", "DESCRIPTION", "WEIGHT"],
            [["20", "PLT", "Fresh apples, boxed", "38,500 lbs"]], [50, 100, 160, 420])


@doc("bol_heartwood_HW-1029", "bill_of_lading", {
    "bol_number": "HW-1029", "load_number": "ML-5512", "ship_date": "2026-08-12",
    "shipper_name": "Hawkeye Foods", "shipper_city": "Des Moines", "shipper_state": "IA",
    "consignee_name": "Delta Cold Storage", "consignee_city": "Memphis",
    "consignee_state": "TN", "carrier_name": "Ridgeback Transport",
    "handling_units": "16", "weight_lb": "22150", "freight_terms": "collect"})
def _(p):
    p.title("Hawkeye Foods - Bill of Lading", size=14)
    p.below([("B/L Number", "HW-1029"), ("Load No.", "ML-5512"), ("Ship Date", "08/12/2026")],
            width=160)
    p.columns(("Shipper", ["Hawkeye Foods", "1500 E Army Post Rd", "Des Moines, IA 50320"]),
              ("Consignee", ["Delta Cold Storage", "3200 Democrat Rd", "Memphis, TN 38118"]))
    p.right([("Carrier Name", "Ridgeback Transport"), ("Charges", "Collect")], vx=160)
    p.gap()
    p.table(["HANDLING UNITS", "PKG", "COMMODITY", "GROSS WT"],
            [["16", "SKID", "Frozen vegetables", "22,150 lb"]], [50, 150, 210, 420])


@doc("bol_coastal_CC-73551", "bill_of_lading", {
    "bol_number": "CC-73551", "pro_number": "BX88231", "ship_date": "2026-08-10",
    "shipper_name": "Coastal Coatings Inc", "shipper_city": "Beaumont", "shipper_state": "TX",
    "consignee_name": "Riverbend Fabrication", "consignee_city": "Baton Rouge",
    "consignee_state": "LA", "carrier_name": "Bayou Express Inc", "scac": "BYXP",
    "po_number": "RB-6610", "handling_units": "12", "weight_lb": "9800",
    "freight_terms": "third_party", "hazmat": "true"})
def _(p):
    p.title("BILL OF LADING - SHORT FORM", size=13)
    p.columns(("Shipper", ["Coastal Coatings Inc", "77 Industrial Pkwy", "Beaumont, TX 77705"]),
              ("Reference", ["BOL#: CC-73551", "Pro Number: BX88231", "Date: 08/10/2026"]))
    p.columns(("Consignee", ["Riverbend Fabrication", "4100 Highland Rd",
                             "Baton Rouge, LA 70808"]),
              ("Carrier", ["Bayou Express Inc", "SCAC: BYXP", "PO: RB-6610"]))
    p.right([("Freight Charges", "Third Party - bill to Gulfstar Logistics")], vx=160)
    p.gap()
    p.table(["PIECES", "TYPE", "HM", "DESCRIPTION", "WEIGHT"],
            [["12", "DRUM", "X", "UN1263 Paint, 3, PG II", "9,800 lbs"]],
            [50, 110, 160, 200, 440])
    p.line("HAZMAT: Yes - emergency contact 800-555-0142")


# ---------------------------------------------------------------- proofs of delivery

@doc("pod_valleyfresh_SR-448810", "proof_of_delivery", {
    "bol_number": "SR-448810", "pro_number": "0457712", "delivery_date": "2026-08-05",
    "received_by": "Daniel Ortiz", "signed": "true"})
def _(p):
    p.title("DELIVERY RECEIPT")
    p.line("Valley Fresh Markets - Receiving Dept.")
    p.gap()
    p.right([("BOL#", "SR-448810"), ("Pro Number", "0457712"), ("Delivered", "08/05/2026 09:40")],
            vx=160)
    p.gap()
    p.line("Received in good order, except as noted.")
    p.right([("Receiver Name", "Daniel Ortiz"), ("Signature", "D. Ortiz")], vx=160)


@doc("pod_deltacold_ML-5512", "proof_of_delivery", {
    "load_number": "ML-5512", "bol_number": "HW-1029", "delivery_date": "2026-08-13",
    "received_by": "Tanya Brooks", "signed": "true", "osd_notes": "1 SKID SHORT"})
def _(p):
    p.title("Proof of Delivery", size=15)
    p.below([("Order #", "ML-5512"), ("B/L Number", "HW-1029"), ("Delivery Date", "08/13/2026")],
            width=160)
    p.columns(("Delivered To", ["Delta Cold Storage", "Memphis, TN"]),
              ("Exceptions (OS&D)", ["1 SKID SHORT"]))
    p.below([("Printed Name", "Tanya Brooks"), ("Signature", "T Brooks")], width=200)


@doc("pod_riverbend_CC-73551", "proof_of_delivery", {
    "bol_number": "CC-73551", "pro_number": "BX88231", "load_number": "GS-77120",
    "delivery_date": "2026-08-11", "received_by": "Luis Romero", "signed": "true"})
def _(p):
    p.title("BAYOU EXPRESS INC - POD", size=14)
    p.columns(("Shipment", ["Pro Number: BX88231", "BOL#: CC-73551", "Load No.: GS-77120"]),
              ("Delivery", ["Date: Aug 11, 2026", "Time: 13:05", "Riverbend Fabrication"]))
    p.line("Consignee acknowledges receipt of the goods above in apparent good order.")
    p.gap()
    p.right([("Received By", "Luis Romero"), ("Consignee Signature", "Luis Romero")], vx=180)


# ---------------------------------------------------------------- carrier invoices

@doc("invoice_timberline_TH-2291", "carrier_invoice", {
    "invoice_number": "TH-2291", "invoice_date": "2026-08-06", "load_number": "CX-30418",
    "pro_number": "0457712", "bol_number": "SR-448810", "carrier_name": "Timberline Haulers LLC",
    "carrier_mc": "412987", "total_usd": "3310.00", "remit_to_name": "Timberline Haulers LLC",
    "remit_to_address": "PO Box 4410, Spokane, WA 99220", "payment_terms": "Net 30"})
def _(p):
    p.title("Timberline Haulers LLC")
    p.line("MC 412987  |  billing@timberline.example")
    p.gap()
    p.title("FREIGHT BILL", size=12)
    p.columns(("Bill To", ["Cascade Freight Brokers", "2200 Harbor Ave SW",
                           "Seattle, WA 98126"]),
              ("Remit To", ["Timberline Haulers LLC", "PO Box 4410", "Spokane, WA 99220"]))
    p.right([("Invoice No.", "TH-2291"), ("Invoice Date", "08/06/2026"), ("Load No.", "CX-30418"),
             ("Pro Number", "0457712"), ("BOL#", "SR-448810"), ("Terms", "Net 30")], vx=160)
    p.gap()
    p.table(["DESCRIPTION", "AMOUNT"], [["Line Haul", "$2,900.00"],
                                        ["Fuel Surcharge", "$410.00"]], [50, 400])
    p.right([("Amount Due", "$3,310.00")], x=300, vx=400)


@doc("invoice_bayou_BX-1187", "carrier_invoice", {
    "invoice_number": "BX-1187", "invoice_date": "2026-08-12", "load_number": "GS-77120",
    "pro_number": "BX88231", "carrier_name": "Bayou Express Inc", "carrier_mc": "590311",
    "total_usd": "2075.00", "remit_to_name": "Crescent Capital Factoring",
    "remit_to_address": "PO Box 52210, New Orleans, LA 70152", "payment_terms": "Net 15"})
def _(p):
    p.title("BAYOU EXPRESS INC")
    p.line("MC# 590311")
    p.below([("Invoice #", "BX-1187"), ("Date", "08/12/2026"), ("Conf #", "GS-77120"),
             ("Pro Number", "BX88231")], width=120)
    p.table(["CODE", "DESCRIPTION", "AMOUNT"],
            [["LH", "Linehaul", "$1,750.00"], ["FSC", "Fuel Surcharge", "$225.00"],
             ["DET", "Detention 2 hrs", "$100.00"]], [50, 110, 400])
    p.right([("Balance Due", "$2,075.00"), ("Terms", "Net 15")], x=300, vx=400)
    p.gap()
    p.line("Remit To", bold=True)
    p.line("Crescent Capital Factoring")
    p.line("PO Box 52210, New Orleans, LA 70152")


@doc("invoice_ridgeback_RT-0415", "carrier_invoice", {
    "invoice_number": "RT-0415", "invoice_date": "2026-08-15", "load_number": "ML-5512",
    "bol_number": "HW-1029", "carrier_name": "Ridgeback Transport", "carrier_mc": "778140",
    "total_usd": "1680.00", "remit_to_name": "Ridgeback Transport",
    "remit_to_address": "918 Industrial Dr, Omaha, NE 68107", "payment_terms": "Net 30"})
def _(p):
    p.title("INVOICE", size=18)
    p.columns(("From", ["Ridgeback Transport", "MC 778140", "918 Industrial Dr",
                        "Omaha, NE 68107"]),
              ("Details", ["Invoice Number: RT-0415", "Invoice Date: Aug 15, 2026",
                           "Order #: ML-5512", "BOL#: HW-1029"]))
    p.table(["ITEM", "AMOUNT"], [["All-in rate, Des Moines IA to Memphis TN", "$1,680.00"]],
            [50, 420])
    p.right([("Total Due", "$1,680.00"), ("Payment Terms", "Net 30")], x=300, vx=420)
    p.line("Remit To: Ridgeback Transport, 918 Industrial Dr, Omaha, NE 68107")


@doc("invoice_granitepeak_GPF-88", "carrier_invoice", {
    "invoice_number": "GPF-88", "invoice_date": "2026-08-19", "load_number": "PC-20877",
    "carrier_name": "Granite Peak Freight", "carrier_mc": "305566", "total_usd": "1425.00",
    "remit_to_name": "Granite Peak Freight", "remit_to_address": "12 Quarry Ln, Barre, VT 05641",
    "payment_terms": "Quick Pay 2%"})
def _(p):
    p.title("Granite Peak Freight")
    p.line("12 Quarry Ln, Barre, VT 05641   MC 305566")
    p.gap()
    p.right([("Invoice", "GPF-88"), ("Invoice Date", "08/19/2026"), ("Load #", "PC-20877")])
    p.gap()
    p.table(["CHARGE", "QTY", "RATE", "AMOUNT"],
            [["Linehaul", "1", "$1,200.00", "$1,200.00"], ["Fuel", "1", "$150.00", "$150.00"],
             ["Lumper", "1", "$75.00", "$75.00"]], [50, 250, 320, 430])
    p.right([("Total Carrier Pay", "$1,425.00"), ("Terms", "Quick Pay 2%")], x=280, vx=430)
    p.gap()
    p.line("Remit To", bold=True)
    p.line("Granite Peak Freight")
    p.line("12 Quarry Ln, Barre, VT 05641")


# ---------------------------------------------------------------- lumper receipts

@doc("lumper_capitol_CL-30091", "lumper_receipt", {
    "receipt_number": "CL-30091", "receipt_date": "2026-08-18", "facility": "Capitol Grocers DC",
    "load_number": "PC-20877", "po_number": "CG-449102", "amount_usd": "75.00"})
def _(p):
    p.title("Capitol Unloading Services")
    p.title("UNLOADING RECEIPT", size=12)
    p.right([("Receipt No.", "CL-30091"), ("Date", "08/18/2026"), ("Facility", "Capitol Grocers DC"),
             ("Load #", "PC-20877"), ("PO #", "CG-449102"), ("Amount Paid", "$75.00")], vx=160)
    p.line("Paid by: Comchek   Thank you!")


@doc("lumper_redriver_RR-7781", "lumper_receipt", {
    "receipt_number": "RR-7781", "receipt_date": "2026-08-13", "facility": "Delta Cold Storage",
    "po_number": "DCS-55120", "amount_usd": "220.00"})
def _(p):
    p.title("RED RIVER LUMPERS", size=15)
    p.below([("Receipt #", "RR-7781"), ("Service Date", "08/13/2026"), ("Total", "$220.00")],
            width=150)
    p.columns(("Warehouse", ["Delta Cold Storage", "Memphis, TN"]),
              ("Purchase Order", ["DCS-55120"]))
    p.line("16 pallets unloaded, 1 restacked")


@doc("lumper_peach_PQ-00412", "lumper_receipt", {
    "receipt_number": "PQ-00412", "receipt_date": "2026-08-05", "facility": "Valley Fresh Markets",
    "load_number": "CX-30418", "amount_usd": "180.00"})
def _(p):
    p.title("Peach Quay Labor Co. - Lumper Receipt", size=13)
    p.columns(("Receipt", ["Receipt Number: PQ-00412", "Date: 08/05/2026"]),
              ("Location", ["Facility: Valley Fresh Markets", "Sacramento, CA"]))
    p.table(["LOAD NO.", "PALLETS", "FEE"], [["CX-30418", "20", "$180.00"]], [50, 200, 350])
    p.right([("Amount Due", "$180.00")], x=300, vx=400)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, kind, fields, draw in DOCS:
        page = Page(OUT / f"{name}.pdf")
        draw(page)
        page.save()
        (OUT / f"{name}.expected.json").write_text(
            json.dumps({"kind": kind, "fields": fields}, indent=2, sort_keys=True) + "\n")
    print(f"{len(DOCS)} documents in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
