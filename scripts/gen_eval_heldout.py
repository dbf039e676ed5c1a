#!/usr/bin/env python3
"""Build the held-out documents of samples/eval/unseen/ (prefix `ho_`): freight documents from
fictional issuers that neither the shipped rules nor the label lists of rules/kinds.toml were
written from, drawn with fpdf2 (neither reportlab, which made the other unseen/ documents, nor
lopdf, which made samples/pdfs/), each with NAME.expected.json in the evaluation format
(docs/eval.md).

They were written before extraction was tuned on them, to measure what a truly new layout gets
(the "first look" figure in BENCHMARKS.md). Label variants, orders and layouts differ from the
other folders: "Shipment #", "Ref No.", "Carrier Pay", "Total Due", "Consignee Signature",
"Inv. Date", "Trucking Co.", "Date Shipped", stops in ruled tables, label/value grids with the
value under the label in a box, header blocks at the right margin, two-column pages.

Deterministic: same bytes every run (fixed creation date, core fonts only). Needs
`pip install fpdf2`. Run from the repository root:
    python3 scripts/gen_eval_heldout.py
"""
import datetime
import json
import pathlib

from fpdf import FPDF

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "samples" / "eval" / "unseen"
FIXED = datetime.datetime(2026, 9, 1, tzinfo=datetime.timezone.utc)


class Doc:
    """A letter page in points; helpers place text at absolute positions (x, baseline y)."""

    def __init__(self, name):
        self.name = name
        self.pdf = FPDF(unit="pt", format="letter")
        self.pdf.set_creation_date(FIXED)
        self.pdf.set_producer("gen_eval_heldout.py")
        self.pdf.set_title(name)
        self.pdf.set_auto_page_break(False)
        self.pdf.add_page()

    def text(self, x, y, s, size=10, style=""):
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.text(x, y, s)

    def rule(self, x1, y, x2):
        self.pdf.line(x1, y, x2, y)

    def box(self, x, y, w, h):
        self.pdf.rect(x, y, w, h)

    def pairs(self, x, y, rows, vx, size=10, step=15, bold_labels=True):
        """Label at x, value at vx, one pair a line; returns the next baseline."""
        for label, value in rows:
            self.text(x, y, label, size, "B" if bold_labels else "")
            self.text(vx, y, value, size)
            y += step
        return y

    def grid(self, x, y, cells, w, h=30):
        """Boxes in a row: label small at the top of each box, value under it."""
        for i, (label, value) in enumerate(cells):
            self.box(x + i * w, y, w, h)
            self.text(x + i * w + 4, y + 10, label, 7, "B")
            self.text(x + i * w + 4, y + 24, value, 10)
        return y + h

    def table(self, x, y, headers, rows, widths, size=9):
        """A ruled table: a header row, then rows; returns the y after it."""
        cx = x
        self.rule(x, y, x + sum(widths))
        for hd, w in zip(headers, widths):
            self.text(cx + 3, y + 11, hd, size, "B")
            cx += w
        y += 15
        self.rule(x, y, x + sum(widths))
        for r in rows:
            cx = x
            for v, w in zip(r, widths):
                self.text(cx + 3, y + 11, v, size)
                cx += w
            y += 15
        self.rule(x, y, x + sum(widths))
        return y

    def save(self, kind, fields):
        OUT.mkdir(parents=True, exist_ok=True)
        self.pdf.output(str(OUT / f"{self.name}.pdf"))
        exp = {"kind": kind, "fields": fields}
        (OUT / f"{self.name}.expected.json").write_text(
            json.dumps(exp, indent=2, sort_keys=True) + "\n"
        )


# ----------------------------------------------------------------------------- rate confirmations


def ratecon_lonestar():
    d = Doc("ho_ratecon_lonestar_LS-60231")
    d.text(40, 50, "LONE STAR BROKERAGE GROUP", 15, "B")
    d.text(40, 64, "1200 Commerce St, Suite 400, Dallas, TX 75202  |  dispatch@lonestarbg.example", 8)
    d.text(400, 50, "LOAD CONFIRMATION", 13, "B")
    y = d.pairs(400, 70, [("Shipment #", "LS-60231"), ("Date", "09/02/2026")], 470, 9)
    d.rule(40, 100, 572)
    d.text(40, 118, "CARRIER", 10, "B")
    d.pairs(40, 134, [("Trucking Co.", "Copperline Freight LLC"), ("MC No.", "812044"),
                      ("DOT No.", "3320917"), ("Equipment", "53' Reefer")], 130, 9, 14)
    d.text(320, 118, "DRIVER", 10, "B")
    d.pairs(320, 134, [("Driver", "Luis Ortega"), ("Cell", "(214) 555-0182"),
                       ("Truck / Trailer", "114 / R-2207")], 410, 9, 14)
    y = d.table(40, 200, ["Stop", "Type", "Facility", "City, ST", "Date", "Time"],
                [["1", "Pickup", "Red River Produce", "McAllen, TX", "09/03/2026", "06:00-10:00"],
                 ["2", "Delivery", "Heartland Grocers DC", "Kansas City, MO", "09/05/2026", "08:00 Appt"]],
                [30, 60, 140, 110, 80, 80])
    d.pairs(40, y + 20, [("Commodity", "Fresh Produce - Citrus"), ("Weight", "41,200 lbs"),
                         ("Temp", "34 F Continuous")], 130, 9, 14)
    d.table(330, y + 10, ["Charge", "Amount"],
            [["Linehaul", "$2,950.00"], ["Fuel Surcharge", "$410.00"]], [140, 100])
    d.text(333, y + 72, "Carrier Pay", 10, "B")
    d.text(476, y + 72, "$3,360.00", 10, "B")
    d.text(40, y + 110, "Payment Terms: Net 30 from receipt of signed POD and invoice.", 9)
    d.text(40, y + 126, "Carrier agrees to the terms above. Sign and return to dispatch.", 8)
    d.save("rate_confirmation", {
        "broker_name": "Lone Star Brokerage Group", "load_number": "LS-60231",
        "carrier_name": "Copperline Freight LLC", "carrier_mc": "812044", "carrier_dot": "3320917",
        "equipment": "53' Reefer", "pickup_city": "McAllen", "pickup_state": "TX",
        "pickup_date": "2026-09-03", "delivery_city": "Kansas City", "delivery_state": "MO",
        "delivery_date": "2026-09-05", "weight_lb": "41200", "linehaul_usd": "2950.00",
        "fuel_surcharge_usd": "410.00", "total_usd": "3360.00", "payment_terms": "Net 30",
    })


def ratecon_northgate():
    d = Doc("ho_ratecon_northgate_NG-4410")
    d.text(40, 48, "Northgate Freight Solutions", 16, "B")
    d.text(40, 62, "88 Harbor Way, Tacoma, WA 98421", 8)
    d.text(40, 90, "Rate Confirmation", 13, "B")
    d.grid(40, 100, [("Ref No.", "NG-4410"), ("Carrier", "Bitterroot Hauling Inc"),
                     ("MC#", "655301"), ("Equipment Type", "48' Flatbed")], 133)
    d.text(40, 154, "Origin", 10, "B")
    d.text(40, 168, "Cascade Lumber Mill", 9)
    d.text(40, 180, "Longview, WA 98632", 9)
    d.text(40, 192, "Pick Up Date: 09/08/2026", 9)
    d.text(306, 154, "Destination", 10, "B")
    d.text(306, 168, "Summit Building Supply", 9)
    d.text(306, 180, "Boise, ID 83705", 9)
    d.text(306, 192, "Drop Date: 09/10/2026", 9)
    d.rule(40, 205, 572)
    d.pairs(40, 224, [("Commodity", "Dimensional Lumber"), ("Gross Weight", "46,500 lb"),
                      ("Tarps", "Required (8 ft)")], 150, 9, 14)
    d.pairs(330, 224, [("Rate", "$2,400.00"), ("FSC", "$265.50"), ("Total Rate", "$2,665.50")],
            450, 9, 14)
    d.text(40, 290, "Terms: Quick Pay available at 3%. Standard terms Net 21.", 8)
    d.save("rate_confirmation", {
        "broker_name": "Northgate Freight Solutions", "load_number": "NG-4410",
        "carrier_name": "Bitterroot Hauling Inc", "carrier_mc": "655301",
        "equipment": "48' Flatbed", "pickup_city": "Longview", "pickup_state": "WA",
        "pickup_date": "2026-09-08", "delivery_city": "Boise", "delivery_state": "ID",
        "delivery_date": "2026-09-10", "weight_lb": "46500", "linehaul_usd": "2400.00",
        "fuel_surcharge_usd": "265.50", "total_usd": "2665.50",
    })


def ratecon_summit():
    d = Doc("ho_ratecon_summit_SM-88213")
    d.text(200, 46, "SUMMIT RIDGE LOGISTICS", 14, "B")
    d.text(220, 62, "Carrier Rate Confirmation", 11)
    d.pairs(40, 96, [("Load ID:", "SM-88213"), ("Carrier Name:", "Osprey Lines Corp"),
                     ("MC Number:", "1044782"), ("USDOT:", "3561290"),
                     ("Trailer Type:", "53' Dry Van")], 140, 9, 14)
    d.pairs(330, 96, [("Pickup Date:", "09/14/2026"), ("Ship From:", "Carolina Paper Co, Charlotte, NC"),
                      ("Delivery Date:", "09/15/2026"), ("Ship To:", "Peach State Printing, Macon, GA")],
            410, 9, 14)
    y = d.table(40, 180, ["Description", "Qty", "Rate", "Total"],
                [["Line Haul", "1", "$1,150.00", "$1,150.00"],
                 ["Fuel", "1", "$138.00", "$138.00"],
                 ["Stop Off", "1", "$75.00", "$75.00"]], [220, 60, 110, 110])
    d.text(320, y + 18, "Total Carrier Pay:", 10, "B")
    d.text(433, y + 18, "$1,363.00", 10, "B")
    d.text(40, y + 48, "Weight: 18,400 lbs   Commodity: Paper Rolls", 9)
    d.text(40, y + 62, "Payment Terms: Net 45", 9)
    d.save("rate_confirmation", {
        "broker_name": "Summit Ridge Logistics", "load_number": "SM-88213",
        "carrier_name": "Osprey Lines Corp", "carrier_mc": "1044782", "carrier_dot": "3561290",
        "equipment": "53' Dry Van", "pickup_date": "2026-09-14", "pickup_city": "Charlotte",
        "pickup_state": "NC", "delivery_date": "2026-09-15", "delivery_city": "Macon",
        "delivery_state": "GA", "linehaul_usd": "1150.00", "fuel_surcharge_usd": "138.00",
        "total_usd": "1363.00", "weight_lb": "18400", "payment_terms": "Net 45",
    })


# ----------------------------------------------------------------------------- carrier invoices


def invoice_ironclad():
    d = Doc("ho_invoice_ironclad_IC-55102")
    d.text(40, 50, "IRONCLAD CARRIERS LLC", 15, "B")
    d.text(40, 64, "4410 Foundry Rd, Gary, IN 46402  |  MC 730155", 8)
    d.text(420, 50, "FREIGHT INVOICE", 13, "B")
    d.pairs(400, 72, [("Invoice No.", "IC-55102"), ("Inv. Date", "09/09/2026"),
                      ("Terms", "Net 30")], 470, 9, 13)
    d.text(40, 100, "Bill To", 9, "B")
    d.text(40, 113, "Lone Star Brokerage Group", 9)
    d.text(40, 125, "1200 Commerce St, Suite 400", 9)
    d.text(40, 137, "Dallas, TX 75202", 9)
    d.grid(40, 160, [("Load Ref", "LS-60231"), ("Pro #", "IC88410"), ("BOL No.", "RRP-20931"),
                     ("Delivered", "09/05/2026")], 133)
    y = d.table(40, 210, ["Description", "Amount"],
                [["Linehaul McAllen TX - Kansas City MO", "$2,950.00"],
                 ["Fuel Surcharge", "$410.00"], ["Detention 2 hrs @ $50", "$100.00"]],
                [380, 152])
    d.text(300, y + 20, "Total Due", 11, "B")
    d.text(480, y + 20, "$3,460.00", 11, "B")
    d.text(40, y + 50, "Make Checks Payable To:", 9, "B")
    d.text(40, y + 63, "Ironclad Carriers LLC", 9)
    d.text(40, y + 75, "PO Box 2231, Gary, IN 46401", 9)
    d.save("carrier_invoice", {
        "carrier_name": "Ironclad Carriers LLC", "invoice_number": "IC-55102",
        "invoice_date": "2026-09-09", "payment_terms": "Net 30", "load_number": "LS-60231",
        "pro_number": "IC88410", "bol_number": "RRP-20931", "carrier_mc": "730155",
        "total_usd": "3460.00",
    })


def invoice_prairiewind():
    d = Doc("ho_invoice_prairiewind_PW-2207")
    d.text(40, 50, "Prairie Wind Transport Inc", 15, "B")
    d.text(40, 64, "MC No. 498812  -  USDOT 2177340", 8)
    d.text(40, 96, "INVOICE", 20, "B")
    d.grid(330, 80, [("Invoice #", "PW-2207"), ("Date", "09/11/2026")], 120)
    d.pairs(40, 130, [("Customer Load #", "NG-4410"), ("Shipper", "Cascade Lumber Mill"),
                      ("Consignee", "Summit Building Supply")], 150, 9, 14)
    y = d.table(40, 190, ["Qty", "Description", "Rate", "Amount"],
                [["1", "Flatbed Linehaul", "$2,400.00", "$2,400.00"],
                 ["1", "FSC", "$265.50", "$265.50"],
                 ["1", "Tarp Fee", "$100.00", "$100.00"]], [40, 270, 110, 112])
    d.pairs(330, y + 20, [("Subtotal", "$2,765.50"), ("Total Amount Due", "$2,765.50")], 460, 10, 16)
    d.text(40, y + 70, "Remit Payment To:", 9, "B")
    d.text(40, y + 83, "Big Sky Factoring LLC", 9)
    d.text(40, y + 95, "PO Box 7710, Billings, MT 59103", 9)
    d.text(40, y + 125, "Payment Terms: Net 15", 9)
    d.save("carrier_invoice", {
        "carrier_name": "Prairie Wind Transport Inc", "carrier_mc": "498812",
        "invoice_number": "PW-2207", "invoice_date": "2026-09-11", "load_number": "NG-4410",
        "total_usd": "2765.50", "remit_to_name": "Big Sky Factoring LLC",
        "remit_to_address": "PO Box 7710, Billings, MT 59103", "payment_terms": "Net 15",
    })


def invoice_bluegrass():
    d = Doc("ho_invoice_bluegrass_BG-9034")
    d.text(40, 50, "BLUEGRASS HAULERS", 14, "B")
    d.text(40, 63, "Lexington, KY", 9)
    d.text(40, 90, "Carrier Invoice", 12, "B")
    # Labels in a row, values in the row under them.
    d.text(40, 115, "Invoice Number", 8, "B")
    d.text(170, 115, "Invoice Date", 8, "B")
    d.text(300, 115, "Shipment #", 8, "B")
    d.text(430, 115, "PRO Number", 8, "B")
    d.text(40, 128, "BG-9034", 10)
    d.text(170, 128, "09/16/2026", 10)
    d.text(300, 128, "SM-88213", 10)
    d.text(430, 128, "BGH-40219", 10)
    d.rule(40, 140, 572)
    d.text(40, 160, "Carrier MC: 267719", 9)
    y = d.table(40, 175, ["Charge", "Amount"],
                [["Line Haul", "$1,150.00"], ["Fuel", "$138.00"], ["Stop Off", "$75.00"]],
                [380, 152])
    d.text(330, y + 20, "Amount Due:", 11, "B")
    d.text(470, y + 20, "$1,363.00", 11, "B")
    d.text(40, y + 50, "Remit To: Bluegrass Haulers, 77 Paddock Ln, Lexington, KY 40511", 9)
    d.save("carrier_invoice", {
        "carrier_name": "Bluegrass Haulers", "invoice_number": "BG-9034",
        "invoice_date": "2026-09-16", "load_number": "SM-88213", "pro_number": "BGH-40219",
        "carrier_mc": "267719", "total_usd": "1363.00", "remit_to_name": "Bluegrass Haulers",
        "remit_to_address": "77 Paddock Ln, Lexington, KY 40511",
    })


# ----------------------------------------------------------------------------- bills of lading


def bol_tristate():
    d = Doc("ho_bol_tristate_TS-31877")
    d.text(150, 46, "STRAIGHT BILL OF LADING - SHORT FORM", 13, "B")
    d.text(40, 70, "Tri-State Packaging", 11, "B")
    d.pairs(380, 80, [("B/L No.", "TS-31877"), ("Date", "09/18/2026"), ("Pro No.", "KTX-559120")],
            450, 9, 13)
    d.box(40, 120, 262, 70)
    d.text(44, 131, "SHIP FROM", 8, "B")
    d.text(44, 145, "Tri-State Packaging", 9)
    d.text(44, 157, "310 Mill St", 9)
    d.text(44, 169, "Scranton, PA 18503", 9)
    d.box(310, 120, 262, 70)
    d.text(314, 131, "SHIP TO", 8, "B")
    d.text(314, 145, "Metro Fresh Foods", 9)
    d.text(314, 157, "900 Terminal Ave", 9)
    d.text(314, 169, "Newark, NJ 07114", 9)
    d.grid(40, 200, [("Carrier Name", "Keystone Express"), ("SCAC", "KSXP"),
                     ("Customer Order No.", "MF-22018"), ("Trailer #", "5307")], 133)
    y = d.table(40, 245, ["Pkgs", "Type", "HM", "Description", "NMFC", "Class", "Weight (lb)"],
                [["22", "PLT", "", "Corrugated boxes, flat", "29280", "55", "14,300"]],
                [40, 40, 30, 200, 70, 50, 102])
    d.text(40, y + 20, "Freight charges are prepaid unless marked collect:", 8)
    d.text(260, y + 20, "[X] Prepaid   [ ] Collect   [ ] 3rd Party", 8)
    d.save("bill_of_lading", {
        "bol_number": "TS-31877", "ship_date": "2026-09-18", "pro_number": "KTX-559120",
        "shipper_name": "Tri-State Packaging", "shipper_city": "Scranton", "shipper_state": "PA",
        "consignee_name": "Metro Fresh Foods", "consignee_city": "Newark",
        "consignee_state": "NJ", "carrier_name": "Keystone Express", "scac": "KSXP",
        "po_number": "MF-22018", "handling_units": "22", "weight_lb": "14300",
        "freight_terms": "prepaid",
    })


def bol_greatlakes():
    d = Doc("ho_bol_greatlakes_GL-7712")
    d.text(40, 50, "Great Lakes Chemical Supply", 14, "B")
    d.text(400, 50, "Bill of Lading", 14, "B")
    d.pairs(40, 80, [("BOL Number:", "GL-7712"), ("Date Shipped:", "09/21/2026"),
                     ("Carrier:", "Lakeshore Tank Lines"), ("SCAC:", "LKTL"),
                     ("Freight Terms:", "Collect")], 130, 9, 14)
    d.pairs(330, 80, [("Trailer #:", "T-8812"), ("Seal #:", "440219"), ("PO #:", "HV-5531")],
            400, 9, 14)
    d.text(40, 170, "Shipper", 10, "B")
    d.text(40, 184, "Great Lakes Chemical Supply", 9)
    d.text(40, 196, "2100 Lakefront Blvd", 9)
    d.text(40, 208, "Toledo, OH 43604", 9)
    d.text(330, 170, "Consignee", 10, "B")
    d.text(330, 184, "Harborview Coatings", 9)
    d.text(330, 196, "15 Pier Rd", 9)
    d.text(330, 208, "Erie, PA 16507", 9)
    y = d.table(40, 230, ["Pieces", "Description", "Hazmat", "Total Weight"],
                [["8", "Drums, resin solution UN1866, 3, PG III", "X", "3,920 lbs"]],
                [60, 300, 60, 112])
    d.text(40, y + 20, "Hazardous Materials: Yes - Emergency contact CHEMTREC 800-424-9300", 8)
    d.save("bill_of_lading", {
        "bol_number": "GL-7712", "ship_date": "2026-09-21", "carrier_name": "Lakeshore Tank Lines",
        "scac": "LKTL", "freight_terms": "collect", "po_number": "HV-5531",
        "shipper_name": "Great Lakes Chemical Supply", "shipper_city": "Toledo",
        "shipper_state": "OH", "consignee_name": "Harborview Coatings",
        "consignee_city": "Erie", "consignee_state": "PA", "handling_units": "8",
        "weight_lb": "3920", "hazmat": "true",
    })


# ----------------------------------------------------------------------------- PODs


def pod_metrofresh():
    d = Doc("ho_pod_metrofresh_TS-31877")
    d.text(40, 50, "Keystone Express", 13, "B")
    d.text(400, 50, "DELIVERY RECEIPT", 13, "B")
    d.grid(40, 70, [("Ref No.", "TS-31877"), ("PRO #", "KTX-559120"),
                    ("Date Received", "09/19/2026")], 177)
    d.text(40, 130, "Consignee: Metro Fresh Foods, Newark, NJ", 9)
    d.text(40, 145, "22 PLT corrugated boxes received in good order except as noted.", 9)
    d.text(40, 175, "Exceptions:", 9, "B")
    d.text(120, 175, "2 CTNS CRUSHED", 9)
    d.text(40, 215, "Consignee Signature", 9, "B")
    d.text(160, 215, "/s/ D. Alvarez", 10, "I")
    d.text(330, 215, "Print Name", 9, "B")
    d.text(400, 215, "Dana Alvarez", 10)
    d.save("proof_of_delivery", {
        "bol_number": "TS-31877", "pro_number": "KTX-559120", "delivery_date": "2026-09-19",
        "osd_notes": "2 CTNS CRUSHED", "signed": "true", "received_by": "Dana Alvarez",
    })


def pod_harborview():
    d = Doc("ho_pod_harborview_GL-7712")
    d.text(40, 50, "LAKESHORE TANK LINES", 13, "B")
    d.text(40, 70, "Proof of Delivery", 12, "B")
    d.pairs(40, 100, [("Bill of Lading #", "GL-7712"), ("Shipment #", "LTL-88102"),
                      ("Delivered On", "09/22/2026")], 150, 9, 14)
    d.text(40, 160, "Remarks", 9, "B")
    d.text(40, 173, "1 DRUM DENTED, NO LEAK", 9)
    d.text(40, 210, "Receiver Signature", 8, "B")
    d.text(220, 210, "Receiver Name", 8, "B")
    d.text(40, 224, "/s/ M Kowalski", 10, "I")
    d.text(220, 224, "Marek Kowalski", 10)
    d.save("proof_of_delivery", {
        "bol_number": "GL-7712", "load_number": "LTL-88102", "delivery_date": "2026-09-22",
        "osd_notes": "1 DRUM DENTED, NO LEAK", "signed": "true", "received_by": "Marek Kowalski",
    })


def pod_copperline():
    d = Doc("ho_pod_copperline_LS-60231")
    d.text(40, 50, "Copperline Freight LLC", 13, "B")
    d.text(40, 68, "POD - Proof of Delivery", 11)
    d.pairs(330, 50, [("Load #", "LS-60231"), ("BOL #", "RRP-20931"), ("Delivery Date", "09/05/2026")],
            420, 9, 13)
    d.text(40, 120, "Received in good order by:", 9)
    d.text(40, 150, "Name (print)", 8, "B")
    d.text(40, 163, "Aaron Whitfield", 10)
    d.text(220, 150, "Signature", 8, "B")
    d.text(220, 163, "/s/ A. Whitfield", 10, "I")
    d.text(400, 150, "OS&D", 8, "B")
    d.text(400, 163, "NONE", 10)
    d.save("proof_of_delivery", {
        "load_number": "LS-60231", "bol_number": "RRP-20931", "delivery_date": "2026-09-05",
        "received_by": "Aaron Whitfield", "signed": "true",
    })


# ----------------------------------------------------------------------------- lumper receipts


def lumper_dockforce():
    d = Doc("ho_lumper_dockforce_DF-11820")
    d.text(40, 50, "Dock Force Unloading Services", 14, "B")
    d.text(40, 66, "LUMPER RECEIPT", 11, "B")
    d.pairs(40, 100, [("Receipt No.", "DF-11820"), ("Date of Service", "09/05/2026"),
                      ("Warehouse", "Heartland Grocers DC"), ("Carrier", "Copperline Freight LLC"),
                      ("Load #", "LS-60231"), ("PO Number", "HG-771023")], 150, 9, 14)
    y = d.table(40, 200, ["Service", "Pallets", "Charge"],
                [["Unload - floor stacked", "24", "$325.00"]], [300, 80, 152])
    d.text(330, y + 20, "Total Charged", 10, "B")
    d.text(470, y + 20, "$325.00", 10, "B")
    d.text(40, y + 50, "Paid by: Comchek #55210881", 8)
    d.save("lumper_receipt", {
        "receipt_number": "DF-11820", "receipt_date": "2026-09-05",
        "facility": "Heartland Grocers DC", "load_number": "LS-60231", "po_number": "HG-771023",
        "amount_usd": "325.00",
    })


def lumper_quickunload():
    d = Doc("ho_lumper_quickunload_QU-5507")
    d.text(200, 46, "QuickUnload LLC", 14, "B")
    d.text(205, 62, "Unloading Receipt", 11)
    d.grid(40, 80, [("Ticket #", "QU-5507"), ("Date", "09/10/2026"), ("Location", "Summit Building Supply"),
                    ("Carrier Ref", "NG-4410")], 133)
    d.grid(40, 115, [("P.O. #", "SBS-30088"), ("Pallets", "18"), ("Payment", "Cash"),
                     ("Amount Paid", "$210.00")], 133)
    d.text(40, 175, "Received by QuickUnload LLC. Keep this receipt for your records.", 8)
    d.save("lumper_receipt", {
        "receipt_number": "QU-5507", "receipt_date": "2026-09-10",
        "facility": "Summit Building Supply", "load_number": "NG-4410", "po_number": "SBS-30088",
        "amount_usd": "210.00",
    })


if __name__ == "__main__":
    for make in [ratecon_lonestar, ratecon_northgate, ratecon_summit, invoice_ironclad,
                 invoice_prairiewind, invoice_bluegrass, bol_tristate, bol_greatlakes,
                 pod_metrofresh, pod_harborview, pod_copperline, lumper_dockforce,
                 lumper_quickunload]:
        make()
