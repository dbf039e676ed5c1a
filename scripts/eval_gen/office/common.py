"""Shared pieces: value formats, random entities, the expected-file recorder, docx/xlsx helpers."""
import datetime as dt
import hashlib
import random
from decimal import Decimal

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

import lex

FIELDS = {
    "rate_confirmation": ["load_number", "broker_name", "carrier_name", "carrier_mc", "carrier_dot",
                          "equipment", "pickup_date", "pickup_city", "pickup_state", "delivery_date",
                          "delivery_city", "delivery_state", "commodity", "weight_lb", "linehaul_usd",
                          "fuel_surcharge_usd", "total_usd", "payment_terms"],
    "bill_of_lading": ["bol_number", "load_number", "pro_number", "ship_date", "shipper_name",
                       "shipper_city", "shipper_state", "consignee_name", "consignee_city",
                       "consignee_state", "carrier_name", "scac", "po_number", "handling_units",
                       "weight_lb", "freight_terms", "hazmat"],
    "proof_of_delivery": ["bol_number", "pro_number", "load_number", "delivery_date", "received_by",
                          "signed", "osd_notes"],
    "carrier_invoice": ["invoice_number", "invoice_date", "load_number", "pro_number", "bol_number",
                        "carrier_name", "carrier_mc", "total_usd", "remit_to_name", "remit_to_address",
                        "payment_terms"],
    "lumper_receipt": ["receipt_number", "receipt_date", "facility", "load_number", "po_number",
                       "amount_usd"],
    "other": [],
}

FONTS = ["Liberation Sans", "Liberation Serif", "Carlito", "DejaVu Sans", "Caladea"]


def rng_for(name):
    return random.Random(int(hashlib.sha256(name.encode()).hexdigest()[:16], 16))


# ---------------------------------------------------------------- value formats
D = Decimal


def money(amount, style):
    a = D(amount).quantize(D("0.01"))
    if style == "dollar":
        return f"${a:,.2f}"
    if style == "usd_suffix":
        return f"{a:.2f} USD"
    if style == "usd_prefix":
        return f"USD {a:,.0f}" if a == a.to_integral_value() else f"USD {a:,.2f}"
    if style == "plain":
        return f"{a:,.2f}"
    if style == "dollar_nocomma":
        return f"${a:.2f}"
    raise ValueError(style)


def mnorm(amount):
    return f"{D(amount).quantize(D('0.01')):.2f}"


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DATE_STYLES = ["us", "us_short", "mon_d_y", "iso", "d_mon_yy", "long", "us_slim"]


def date(d, style):
    if style == "us":
        return d.strftime("%m/%d/%Y")
    if style == "us_short":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "us_slim":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "mon_d_y":
        return f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "d_mon_yy":
        return f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year % 100:02d}"
    if style == "long":
        return f"{DAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"
    raise ValueError(style)


# Excel number formats matching the date styles above (LibreOffice renders them the same way)
XL_DATE_FMT = {"us": "mm/dd/yyyy", "us_slim": "m/d/yyyy", "mon_d_y": "mmm d, yyyy",
               "iso": "yyyy-mm-dd", "d_mon_yy": "dd-mmm-yy", "us_short": "m/d/yy"}
XL_MONEY_FMT = {"dollar": '"$"#,##0.00', "plain": "#,##0.00", "usd_suffix": '0.00" USD"'}


def weight(lbs, style):
    if style == "lbs":
        return f"{lbs:,} lbs"
    if style == "LB":
        return f"{lbs} LB"
    if style == "lb":
        return f"{lbs:,} lb"
    if style == "LBS":
        return f"{lbs:,} LBS"
    if style == "plain":
        return f"{lbs:,}"
    raise ValueError(style)


def hm12(h, m):
    ap = "AM" if h < 12 else "PM"
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {ap}"


def time_window(rng, style):
    """Returns (printed, normalized)."""
    appt = rng.random() < 0.4
    h1 = rng.randint(5, 14)
    m1 = rng.choice([0, 0, 0, 30])
    if appt:
        norm = f"{h1:02d}:{m1:02d}"
        if style == "mil":
            p = f"Appt {h1:02d}{m1:02d}"
        elif style == "colon":
            p = f"{h1:02d}:{m1:02d}"
        elif style == "fcfs":
            p = f"APPT {h1:02d}:{m1:02d}"
        else:
            p = f"Appt {hm12(h1, m1)}"
        return p, norm
    h2 = min(h1 + rng.randint(2, 8), 23)
    m2 = rng.choice([0, 0, 30])
    norm = f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"
    if style == "mil":
        p = f"{h1:02d}{m1:02d}-{h2:02d}{m2:02d}"
    elif style == "colon":
        p = f"{h1:02d}:{m1:02d} - {h2:02d}:{m2:02d}"
    elif style == "fcfs":
        p = f"FCFS {h1:02d}{m1:02d}-{h2:02d}{m2:02d}"
    else:
        p = f"{hm12(h1, m1)} - {hm12(h2, m2)}"
    return p, norm


# ---------------------------------------------------------------- entities
def person(rng):
    return f"{rng.choice(lex.PERSON_FIRST)} {rng.choice(lex.PERSON_LAST)}"


def phone(rng):
    return f"({rng.randint(201, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"


def street(rng, long=False):
    t = rng.choice(lex.STREET_TYPES)
    if long:
        t = lex.STREET_TYPES_LONG[t]
    return f"{rng.randint(100, 19999)} {rng.choice(lex.STREET_NAMES)} {t}"


def place(rng, exclude=()):
    while True:
        c = rng.choice(lex.CITIES)
        if c[0] not in exclude:
            return c


def party(rng, name, exclude=()):
    city, st, z = place(rng, exclude)
    return {"name": name, "street": street(rng), "city": city, "state": st, "zip": z,
            "phone": phone(rng)}


def broker_name(rng):
    return f"{rng.choice(lex.PLACE_WORDS)} {rng.choice(lex.BROKER_SUFFIX)}"


def carrier_name(rng):
    return f"{rng.choice(lex.PLACE_WORDS)} {rng.choice(lex.CARRIER_SUFFIX)}"


def shipper_name(rng):
    return rng.choice(lex.SHIPPER_TEMPLATES).format(w=rng.choice(lex.PLACE_WORDS), n=rng.randint(2, 60))


def factor_name(rng):
    return rng.choice(lex.FACTOR_TEMPLATES).format(w=rng.choice(lex.PLACE_WORDS))


def domain_of(name):
    w = "".join(ch for ch in name.split()[0].lower() if ch.isalpha())
    return f"{w}{name.split()[1][:5].lower().strip('.,')}.com" if len(name.split()) > 1 else f"{w}.com"


def scac_for(name, rng):
    letters = [w[0] for w in name.replace("&", "").split() if w[0].isalpha()]
    s = "".join(letters[:3]).upper()
    while len(s) < 4:
        s += rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    return s


def digits(rng, n):
    return str(rng.randint(10 ** (n - 1), 10 ** n - 1))


def load_no(rng):
    r = rng.random()
    if r < 0.6:
        return digits(rng, 7)
    if r < 0.8:
        return "L" + digits(rng, 6)
    return digits(rng, 6)


def base_date(rng):
    return dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 320))


def city_line(p, full_state=False):
    st = lex.STATE_NAMES.get(p["state"], p["state"]) if full_state else p["state"]
    return f"{p['city']}, {st} {p['zip']}"


def make_stops(rng, n_pu, n_del, d0, tstyle, two_ref_rate=0.15):
    """Stops of a load: list of dicts with party, date, time printed/norm, refs [(label, value)]."""
    stops = []
    used = set()
    d = d0
    for i in range(n_pu):
        p = party(rng, shipper_name(rng), used)
        used.add(p["city"])
        tp, tn = time_window(rng, tstyle)
        refs = [(rng.choice(["PU#", "Pickup #", "PU #", "Shipper Ref"]), digits(rng, rng.choice([6, 7, 8])))]
        if rng.random() < two_ref_rate:
            refs.append(("PO#", digits(rng, 7)))
        stops.append({"type": "pickup", "party": p, "date": d, "tp": tp, "tn": tn, "refs": refs})
        if rng.random() < 0.4:
            d = d + dt.timedelta(days=1)
    for i in range(n_del):
        d = d + dt.timedelta(days=rng.randint(1, 2))
        p = party(rng, shipper_name(rng), used)
        used.add(p["city"])
        tp, tn = time_window(rng, tstyle)
        refs = [(rng.choice(["PO#", "PO", "Del #", "Appt #", "Cons Ref"]), digits(rng, rng.choice([5, 7, 10])))]
        if rng.random() < two_ref_rate:
            refs.append(("Appt #", digits(rng, 6)))
        stops.append({"type": "delivery", "party": p, "date": d, "tp": tp, "tn": tn, "refs": refs})
    return stops


def ref_text(refs, sep=" / "):
    return sep.join(f"{l} {v}" for l, v in refs)


# ---------------------------------------------------------------- expected-file recorder
class Exp:
    """Records normalized values and the printed form of each (for the self-check)."""

    def __init__(self, name, kind, layout):
        self.name, self.kind, self.layout = name, kind, layout
        self.fields, self.printed = {}, {}
        self.stops, self.stop_printed = [], []
        self.charges, self.charge_printed = [], []
        self.page_size = "letter"
        self.src = None

    def f(self, field, norm, printed=None, page=1):
        assert field in FIELDS[self.kind], (self.kind, field)
        assert field not in self.fields, (self.name, field)
        self.fields[field] = norm
        self.printed[field] = (printed if printed is not None else norm, page)
        return printed if printed is not None else norm

    def stop(self, norm, printed):
        self.stops.append(norm)
        self.stop_printed.append(printed)

    def charge(self, desc, code, amount, printed_amount):
        self.charges.append({"description": desc, "code": code, "amount_usd": mnorm(amount)})
        self.charge_printed.append((desc, printed_amount))

    def expected(self, with_stops=True, only_page1=False):
        fields = {}
        for k in FIELDS[self.kind]:
            if k in self.fields:
                if only_page1 and self.printed[k][1] != 1:
                    continue
                fields[k] = self.fields[k]
        if self.charges and (not only_page1 or getattr(self, "charges_page", 1) == 1):
            fields["charges"] = self.charges
        if with_stops and self.kind in ("rate_confirmation", "bill_of_lading"):
            fields["stops"] = self.stops
        return {"kind": self.kind, "fields": fields, "layout": self.layout}


def record_stop(exp, s, keys, caps=False, full_state=False):
    """Record a stop from make_stops() with the keys the document prints.

    s may carry 'date_printed' and 'ref_printed' (the printed forms used by the layout)."""
    p = s["party"]
    up = (lambda x: x.upper()) if caps else (lambda x: x)
    norm, pr = {"type": s["type"]}, {}
    if "name" in keys:
        norm["name"] = pr["name"] = up(p["name"])
    if "address" in keys:
        norm["address"] = pr["address"] = up(p["street"])
    if "city" in keys:
        cl = up(city_line(p, full_state))
        norm.update(city=up(p["city"]), state=p["state"], zip=p["zip"])
        pr.update(city=cl, state=cl, zip=cl)
    if "date" in keys:
        norm["date"] = s["date"].isoformat()
        pr["date"] = s["date_printed"]
    if "time" in keys:
        norm["time"] = s["tn"]
        pr["time"] = s["tp"]
    if "reference" in keys and len(s["refs"]) == 1:
        norm["reference"] = s["refs"][0][1]
        pr["reference"] = s.get("ref_printed", s["refs"][0][1])
    exp.stop(norm, pr)


# ---------------------------------------------------------------- images
def logo_png(path, rng, text):
    w, h = 260, 120
    img = Image.new("RGB", (w, h), "white")
    dr = ImageDraw.Draw(img)
    col = rng.choice([(20, 60, 140), (150, 30, 30), (20, 110, 60), (60, 60, 60), (200, 110, 0)])
    shape = rng.choice(["circle", "square", "chevron"])
    if shape == "circle":
        dr.ellipse([10, 10, 110, 110], fill=col)
    elif shape == "square":
        dr.rectangle([10, 10, 110, 110], fill=col)
    else:
        dr.polygon([(10, 20), (60, 60), (10, 100), (40, 100), (90, 60), (40, 20)], fill=col)
        dr.polygon([(50, 20), (100, 60), (50, 100), (80, 100), (130, 60), (80, 20)], fill=col)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 44)
    except OSError:
        font = ImageFont.load_default()
    if shape != "chevron":
        dr.text((60, 60), text[:2], fill="white", font=font, anchor="mm")
    for i in range(3):
        dr.rectangle([140, 30 + i * 25, 140 + rng.randint(60, 110), 42 + i * 25], fill=col)
    img.save(path)
    return path


def signature_png(path, rng):
    w, h = 360, 110
    img = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    dr = ImageDraw.Draw(img)
    col = rng.choice([(10, 20, 90, 255), (0, 0, 0, 255), (20, 20, 60, 255)])
    x, y = 15, rng.randint(45, 65)
    pts = []
    for i in range(rng.randint(18, 30)):
        x += rng.randint(6, 16)
        y = max(10, min(h - 10, y + rng.randint(-28, 28)))
        pts.append((x, y))
        if x > w - 20:
            break
    dr.line([(15, 60)] + pts, fill=col, width=3, joint="curve")
    dr.line([(30, 80), (w - 60, 70)], fill=col, width=2)
    img.save(path)
    return path


# ---------------------------------------------------------------- docx helpers
def new_doc(font, size, page="letter", margin=0.6):
    d = Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.append(rf)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rf.set(qn(a), font)
    pf = st.paragraph_format
    pf.space_after = Pt(0)
    pf.space_before = Pt(0)
    pf.line_spacing = 1.0
    sec = d.sections[0]
    if page == "a4":
        sec.page_width, sec.page_height = Inches(8.27), Inches(11.69)
    elif page == "half":
        sec.page_width, sec.page_height = Inches(5.5), Inches(8.5)
    else:
        sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Inches(margin))
    d.core_properties.author = "office"
    d.core_properties.created = dt.datetime(2026, 1, 1)
    d.core_properties.modified = dt.datetime(2026, 1, 1)
    return d


def usable_width(d):
    s = d.sections[0]
    return (s.page_width - s.left_margin - s.right_margin) / 914400.0


def para(container, text="", bold=False, size=None, align=None, italic=False, color=None,
         space_after=0, space_before=0, font=None, underline=False):
    p = container.add_paragraph()
    if text:
        add_run(p, text, bold=bold, size=size, italic=italic, color=color, font=font, underline=underline)
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                       "left": WD_ALIGN_PARAGRAPH.LEFT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(space_before)
    return p


def add_run(p, text, bold=False, size=None, italic=False, color=None, font=None, underline=False):
    r = p.add_run(text)
    r.bold = bold
    r.italic = italic
    r.underline = underline
    if size:
        r.font.size = Pt(size)
    if color:
        r.font.color.rgb = RGBColor.from_string(color)
    if font:
        r.font.name = font
        rpr = r._element.get_or_add_rPr()
        rf = rpr.find(qn("w:rFonts"))
        for a in ("w:ascii", "w:hAnsi", "w:cs"):
            rf.set(qn(a), font)
    return r


def cell_write(cell, lines, bold=False, size=None, align=None, shade=None, color=None, italic=False):
    """lines: str, or list of str / list of (text, bold) runs per line."""
    if isinstance(lines, str):
        lines = [lines]
    first = True
    for ln in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        if first:
            for r in list(p.runs):
                r._element.getparent().remove(r._element)
        first = False
        runs = ln if isinstance(ln, list) else [(ln, bold)]
        for t, b in runs:
            add_run(p, t, bold=b, size=size, color=color, italic=italic)
        if align:
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                           "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    if shade:
        shade_cell(cell, shade)
    return cell


def shade_cell(cell, hexcolor):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hexcolor)
    tcPr.append(shd)


def table(container, rows, cols, widths, borders="all", style=None, sz=4, align="left"):
    t = container.add_table(rows=rows, cols=cols)
    if style:
        t.style = style
    t.autofit = False
    t.alignment = {"left": WD_TABLE_ALIGNMENT.LEFT, "center": WD_TABLE_ALIGNMENT.CENTER}[align]
    tblPr = t._tbl.tblPr
    lay = OxmlElement("w:tblLayout")
    lay.set(qn("w:type"), "fixed")
    tblPr.append(lay)
    grid = t._tbl.tblGrid
    for i, gc in enumerate(grid.findall(qn("w:gridCol"))):
        gc.set(qn("w:w"), str(int(widths[i] * 1440)))
    for row in t.rows:
        for i, c in enumerate(row.cells):
            c.width = Inches(widths[i])
    set_borders(t, borders, sz)
    cell_margins(t)
    return t


def cell_margins(t, top=20, bottom=20, left=70, right=70):
    tblPr = t._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(v))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    tblPr.append(mar)


def set_borders(t, mode, sz=4, color="000000"):
    tblPr = t._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    sides = {"all": ("top", "left", "bottom", "right", "insideH", "insideV"),
             "outer": ("top", "left", "bottom", "right"),
             "h": ("top", "bottom", "insideH"),
             "none": ()}[mode]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        if side in sides:
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), str(sz))
            e.set(qn("w:color"), color)
        else:
            e.set(qn("w:val"), "nil")
        b.append(e)
    tblPr.append(b)


def cell_border(cell, **sides):
    """cell_border(c, bottom=8, top=0 ...): 0 removes, n sets single of size n."""
    tcPr = cell._tc.get_or_add_tcPr()
    b = tcPr.find(qn("w:tcBorders"))
    if b is None:
        b = OxmlElement("w:tcBorders")
        tcPr.append(b)
    for side, v in sides.items():
        e = OxmlElement(f"w:{side}")
        if v:
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), str(v))
            e.set(qn("w:color"), "000000")
        else:
            e.set(qn("w:val"), "nil")
        b.append(e)


def merge_row(t, r, c1, c2):
    return t.cell(r, c1).merge(t.cell(r, c2))


def add_picture_cell(cell, path, width_in):
    p = cell.paragraphs[0]
    p.add_run().add_picture(path, width=Inches(width_in))


def page_footer(d, left_text, page_of=True, size=7):
    sec = d.sections[0]
    p = sec.footer.paragraphs[0]
    add_run(p, left_text, size=size)
    if page_of:
        add_run(p, "    Page ", size=size)
        _field(p, "PAGE", size)
        add_run(p, " of ", size=size)
        _field(p, "NUMPAGES", size)


def _field(p, instr, size):
    f = OxmlElement("w:fldSimple")
    f.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    s = OxmlElement("w:sz")
    s.set(qn("w:val"), str(size * 2))
    rpr.append(s)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    f.append(r)
    p._p.append(f)


def page_header(d, text, size=8, align="right"):
    p = d.sections[0].header.paragraphs[0]
    add_run(p, text, size=size, color="555555")
    p.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]


def hrule(d, sz=12, color="000000"):
    p = d.add_paragraph()
    pPr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    e = OxmlElement("w:bottom")
    e.set(qn("w:val"), "single")
    e.set(qn("w:sz"), str(sz))
    e.set(qn("w:color"), color)
    bdr.append(e)
    pPr.append(bdr)
    return p


def letterhead(d, rng, tmp, name, p, extra_lines=(), logo=True, align="left", caps=False,
               name_size=16, color="1F3864"):
    """Company name, address, phone; optional logo to the left. Returns printed name."""
    shown = name.upper() if caps else name
    addr = [p["street"], city_line(p)]
    contact = f"Phone {p['phone']}" + (f"  |  {rng.choice(['dispatch', 'ops', 'billing', 'loads'])}@{domain_of(name)}")
    if logo:
        t = table(d, 1, 2, [1.3, usable_width(d) - 1.3], borders="none")
        lp = logo_png(f"{tmp}/{hashlib.md5(name.encode()).hexdigest()[:10]}_logo.png", rng, "".join(w[0] for w in name.split()[:2]))
        add_picture_cell(t.cell(0, 0), lp, 1.15)
        c = t.cell(0, 1)
        cell_write(c, [[(shown, True)]], size=name_size, color=color)
        for ln in addr + [contact] + list(extra_lines):
            pp = c.add_paragraph()
            add_run(pp, ln, size=9)
    else:
        para(d, shown, bold=True, size=name_size, align=align, color=color)
        for ln in addr + [contact] + list(extra_lines):
            para(d, ln, size=9, align=align)
    return shown


# ---------------------------------------------------------------- xlsx helpers
def xl_setup(ws, widths, landscape=False, a4=False, gridlines=False, margins=0.4):
    from openpyxl.utils import get_column_letter
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4 if a4 else ws.PAPERSIZE_LETTER
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = gridlines
    ws.sheet_view.showGridLines = gridlines
    ws.page_margins.left = ws.page_margins.right = margins
    ws.page_margins.top = ws.page_margins.bottom = margins
    ws.print_options.horizontalCentered = True


def xc(ws, ref, value, bold=False, size=None, fmt=None, align=None, fill=None, border=None,
       wrap=False, merge=None, color=None, italic=False, font="Liberation Sans", base=10, valign=None):
    """Write one cell (optionally merged over `merge`, e.g. 'A1:D1')."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    c = ws[ref]
    c.value = value
    c.font = Font(name=font, size=size or base, bold=bold, italic=italic, color=color)
    if fmt:
        c.number_format = fmt
    c.alignment = Alignment(horizontal=align, vertical=valign or "center", wrap_text=wrap)
    rng_ = merge or ref
    if merge:
        ws.merge_cells(merge)
    if fill or border:
        from openpyxl.utils.cell import range_boundaries
        c1, r1, c2, r2 = range_boundaries(rng_)
        side = Side(style=border) if border else None
        for r in range(r1, r2 + 1):
            for cc in range(c1, c2 + 1):
                cell = ws.cell(row=r, column=cc)
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill)
                if border:
                    cell.border = Border(left=side, right=side, top=side, bottom=side)
    return c


def xbox(ws, rng_, style="thin"):
    """Border around every cell in a range."""
    from openpyxl.styles import Border, Side
    from openpyxl.utils.cell import range_boundaries
    c1, r1, c2, r2 = range_boundaries(rng_)
    s = Side(style=style)
    for r in range(r1, r2 + 1):
        for cc in range(c1, c2 + 1):
            ws.cell(row=r, column=cc).border = Border(left=s, right=s, top=s, bottom=s)


def xl_image(ws, path, anchor, width_px):
    from openpyxl.drawing.image import Image as XImage
    im = XImage(path)
    ratio = width_px / im.width
    im.width, im.height = width_px, int(im.height * ratio)
    ws.add_image(im, anchor)


def xl_date(d):
    return dt.datetime(d.year, d.month, d.day)
