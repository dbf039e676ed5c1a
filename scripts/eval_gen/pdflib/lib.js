'use strict';
// Shared helpers: seeded randomness, lexicons, formatting, and a small drawing layer over pdf-lib
// with a top-left coordinate system. Every printed expected value is recorded with the page it is on
// so that gen.js can check it against `pdftotext -layout`.
const { PDFDocument, StandardFonts, rgb, PageSizes } = require('pdf-lib');

// ---------------------------------------------------------------- randomness
function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
class Rng {
  constructor(seed) { this.r = mulberry32(seed); }
  f() { return this.r(); }
  int(a, b) { return a + Math.floor(this.r() * (b - a + 1)); }
  pick(arr) { return arr[Math.floor(this.r() * arr.length)]; }
  chance(p) { return this.r() < p; }
  digits(n) { let s = String(this.int(1, 9)); for (let i = 1; i < n; i++) s += String(this.int(0, 9)); return s; }
  shuffle(arr) { const a = arr.slice(); for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.r() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; }
  sample(arr, n) { return this.shuffle(arr).slice(0, n); }
}

// ---------------------------------------------------------------- lexicons
const CITIES = [
  ['York', 'PA', '17408'], ['Jacksonville', 'FL', '32034'], ['Dallas', 'TX', '75247'], ['Atlanta', 'GA', '30336'],
  ['Memphis', 'TN', '38118'], ['Chicago', 'IL', '60632'], ['Columbus', 'OH', '43207'], ['Indianapolis', 'IN', '46241'],
  ['Kansas City', 'MO', '64120'], ['Denver', 'CO', '80216'], ['Phoenix', 'AZ', '85043'], ['Ontario', 'CA', '91761'],
  ['Fresno', 'CA', '93725'], ['Salt Lake City', 'UT', '84104'], ['Reno', 'NV', '89502'], ['Portland', 'OR', '97218'],
  ['Tacoma', 'WA', '98421'], ['Laredo', 'TX', '78045'], ['El Paso', 'TX', '79927'], ['Houston', 'TX', '77029'],
  ['Savannah', 'GA', '31408'], ['Charlotte', 'NC', '28208'], ['Greensboro', 'NC', '27409'], ['Richmond', 'VA', '23234'],
  ['Allentown', 'PA', '18106'], ['Edison', 'NJ', '08817'], ['Louisville', 'KY', '40213'], ['Nashville', 'TN', '37210'],
  ['Birmingham', 'AL', '35210'], ['Little Rock', 'AR', '72206'], ['Oklahoma City', 'OK', '73129'], ['Omaha', 'NE', '68117'],
  ['Des Moines', 'IA', '50313'], ['Minneapolis', 'MN', '55413'], ['Milwaukee', 'WI', '53218'], ['Grand Rapids', 'MI', '49548'],
  ['Toledo', 'OH', '43612'], ['Buffalo', 'NY', '14206'], ['Albany', 'NY', '12205'], ['Boise', 'ID', '83716'],
  ['Albuquerque', 'NM', '87105'], ['Tampa', 'FL', '33619'], ['Orlando', 'FL', '32824'], ['Mobile', 'AL', '36610'],
  ['Baton Rouge', 'LA', '70807'], ['Wichita', 'KS', '67213'], ['Fort Wayne', 'IN', '46803'], ['Green Bay', 'WI', '54304'],
  ['Stockton', 'CA', '95206'], ['Joliet', 'IL', '60436'], ['Harrisburg', 'PA', '17111'], ['Spartanburg', 'SC', '29303'],
];
const STATE_NAMES = {
  PA: 'Pennsylvania', FL: 'Florida', TX: 'Texas', GA: 'Georgia', TN: 'Tennessee', IL: 'Illinois', OH: 'Ohio',
  IN: 'Indiana', MO: 'Missouri', CO: 'Colorado', AZ: 'Arizona', CA: 'California', UT: 'Utah', NV: 'Nevada',
  OR: 'Oregon', WA: 'Washington', NC: 'North Carolina', VA: 'Virginia', NJ: 'New Jersey', KY: 'Kentucky',
  AL: 'Alabama', AR: 'Arkansas', OK: 'Oklahoma', NE: 'Nebraska', IA: 'Iowa', MN: 'Minnesota', WI: 'Wisconsin',
  MI: 'Michigan', NY: 'New York', ID: 'Idaho', NM: 'New Mexico', LA: 'Louisiana', KS: 'Kansas', SC: 'South Carolina',
};
const STREETS = ['Industrial Pkwy', 'Commerce Dr', 'Distribution Way', 'N Main St', 'Logistics Blvd', 'Airport Rd',
  'Railroad Ave', 'Enterprise Ct', 'W 35th St', 'Harbor Dr', 'Warehouse Row', 'Corporate Center Dr', 'E Market St',
  'Old Mill Rd', 'Freeport Pkwy', 'Interstate Dr', 'Gateway Blvd', 'S Service Rd', 'Willow Creek Rd', 'Trade Center Ave'];
const BROKER_A = ['Blue Ridge', 'Harbor Point', 'Silverline', 'Red Mesa', 'Crossroads', 'Northstar', 'Pinecrest',
  'Granite Peak', 'Sunbelt', 'Twin Rivers', 'Meridian', 'Copper Canyon', 'Prairie Sky', 'Atlas Bay', 'Cedar Hollow',
  'Ironwood', 'Clearwater', 'Magnolia', 'Frontier Gate', 'Bright Harbor', 'Westbrook', 'Old Dominion Road'];
const BROKER_B = ['Logistics', 'Freight Solutions', 'Transportation Services', 'Brokerage', 'Logistics Group',
  'Supply Chain', 'Freight Partners', 'Freight Management'];
const CO_SUFFIX = ['LLC', 'Inc.', 'Inc', 'Co.', 'Corp.', 'LLC', 'Inc.'];
const CARRIER_A = ['J&R', 'Miller Bros', 'Eagle Line', 'Desert Hawk', 'Steel City', 'Big Sky', 'Road Runner',
  'Valley Express', 'Tri-County', 'Pioneer', 'Black Diamond', 'Heartland Haul', 'Gulf Coast', 'Mountain View',
  'Swift Creek', 'Liberty Road', 'Bluebonnet', 'Red River', 'Thunder Ridge', 'Patriot', 'Sandhill', 'Cumberland',
  'K&M', 'Santos', 'Double Eagle', 'Northern Lights'];
const CARRIER_B = ['Trucking', 'Transport', 'Carriers', 'Freight Lines', 'Express', 'Hauling', 'Transportation', 'Motor Lines'];
const SHIP_A = ['Acme Paper Products', 'Midwest Grain Co-op', 'Sunrise Foods', 'Carolina Plastics', 'Great Plains Lumber',
  'Summit Beverage', 'Evergreen Home Goods', 'Pacific Coast Produce', 'Allied Packaging', 'Riverbend Steel',
  'Golden State Nuts', 'Peachtree Distribution', 'Hollister Hardware', 'Bayou Chemical', 'Lakeview Dairy',
  'Northwoods Paper', 'Desert Sun Solar', 'Metro Appliance', 'Harvest Moon Farms', 'Tristar Auto Parts',
  'Walcott Distribution', 'Buckeye Cold Storage', 'Pine Valley Foods', 'Coastal Tile & Stone', 'Redline Tire Supply',
  'American Bottling Works', 'Heritage Furniture', 'Blue Ox Pet Supply', 'Clover Leaf Creamery', 'Titan Fasteners'];
const FACILITY_SFX = ['', ' DC', ' - Plant 2', ' Warehouse', ' DC #4', ' Cross Dock', ''];
const FACTORS = ['Capital Funding LLC', 'Apex Freight Capital LLC', 'Liberty Factoring Inc.', 'RoadFund Capital LLC',
  'Triumph Ridge Funding', 'Summit Business Capital', 'Open Road Financial LLC'];
const LUMPERS = ['Capstone Unloading Services', 'ProDock Labor LLC', 'Warehouse Labor Solutions', 'Rapid Crew Lumper Services',
  'Midstate Freight Handlers', 'All-Points Unloading Inc.'];
const FIRST = ['James', 'Maria', 'Robert', 'Linda', 'Michael', 'Patricia', 'David', 'Jennifer', 'Carlos', 'Angela', 'Tyrone',
  'Sarah', 'Kevin', 'Denise', 'Luis', 'Brenda', 'Tom', 'Keisha', 'Raj', 'Olga', 'Hector', 'Amy', 'Dwayne', 'Megan'];
const LAST = ['Ramos', 'Johnson', 'Nguyen', 'Patel', 'Kowalski', 'Washington', 'Garcia', 'Miller', 'Okafor', 'Schmidt',
  'Brooks', 'Delgado', 'Fischer', 'Thompson', 'Reyes', 'Sullivan', 'Hughes', 'Morales', 'Bennett', 'Castillo'];
const COMMODITIES = ['Paper Products', 'Frozen Poultry', 'Canned Goods', 'Plastic Resin', 'Lumber', 'Bottled Water',
  'Auto Parts', 'Household Goods', 'Fresh Produce', 'Steel Coils', 'Beverages', 'Dry Pet Food', 'Building Materials',
  'Appliances', 'Packaging Materials', 'Frozen Vegetables', 'Tires', 'Furniture', 'Dairy Products', 'General Merchandise',
  'Ceramic Tile', 'Fertilizer (bagged)', 'Machinery Parts', 'Snack Foods'];
const EQUIP = [["53' Dry Van", false], ["53' Reefer", true], ["48' Flatbed", false], ['Dry Van 53ft', false],
  ['Reefer', true], ['Van', false], ["53' Van", false], ['Step Deck', false], ["48' Step Deck", false], ['Reefer 53', true],
  ["53' Dry Van (air ride)", false], ['Flatbed w/ tarps', false]];
const TERMS = ['Net 30', 'Net 15', 'Net 30 days', 'Net 45', 'Quick Pay 2% - 2 days', 'Net 30 from receipt of POD',
  'QuickPay 3% / Net 30', 'Due on receipt', 'Net 21'];

// ---------------------------------------------------------------- formatting
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n) => String(n).padStart(2, '0');
function ordinal(n) { const s = n % 100; if (s >= 11 && s <= 13) return n + 'th'; return n + ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th'); }
// a date is {y, m (1-12), d}
function iso(dt) { return `${dt.y}-${p2(dt.m)}-${p2(dt.d)}`; }
const DATE_STYLES = ['mdY', 'mdy', 'MonDY', 'MonthDthY', 'dMonY', 'ISO', 'dthMonY', 'MMDDYY', 'MonthDY', 'mdY', 'MonDY', 'mdY'];
function fmtDate(dt, style) {
  const { y, m, d } = dt;
  switch (style) {
    case 'mdY': return `${p2(m)}/${p2(d)}/${y}`;
    case 'mdy': return `${m}/${d}/${String(y).slice(2)}`;
    case 'MonDY': return `${MON[m - 1]} ${d}, ${y}`;
    case 'MonthDthY': return `${MONTH[m - 1]} ${ordinal(d)}, ${y}`;
    case 'dMonY': return `${p2(d)}-${MON[m - 1]}-${y}`;
    case 'ISO': return iso(dt);
    case 'dthMonY': return `${ordinal(d)} ${MON[m - 1]}, ${y}`;
    case 'MMDDYY': return `${p2(m)}/${p2(d)}/${String(y).slice(2)}`;
    case 'MonthDY': return `${MONTH[m - 1]} ${d}, ${y}`;
    default: throw new Error('date style ' + style);
  }
}
function addDays(dt, n) {
  const t = new Date(Date.UTC(dt.y, dt.m - 1, dt.d) + n * 86400000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
function randDate(r) { return addDays({ y: 2026, m: 1, d: 5 }, r.int(0, 320)); }
function money(c) { return (c / 100).toFixed(2); } // normalized, from integer cents
function commas(s) { return s.replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
const MONEY_STYLES = ['dollar', 'dollar', 'usd', 'plain', 'dollar', 'nocents', 'plaincomma'];
function fmtMoney(c, style) {
  const whole = Math.floor(c / 100), cents = p2(c % 100);
  switch (style) {
    case 'dollar': return `$${commas(String(whole))}.${cents}`;
    case 'usd': return `USD ${commas(String(whole))}.${cents}`;
    case 'plain': return `${whole}.${cents}`;
    case 'plaincomma': return `${commas(String(whole))}.${cents}`;
    case 'nocents': return c % 100 === 0 ? `$${commas(String(whole))}` : `$${commas(String(whole))}.${cents}`;
    default: throw new Error('money style ' + style);
  }
}
function fmtTimeWindow(r) {
  const a = r.int(5, 13), b = Math.min(a + r.int(2, 8), 23), mm = r.pick(['00', '00', '30']);
  return r.pick([
    `${p2(a)}:00 - ${p2(b)}:00`, `FCFS ${p2(a)}00-${p2(b)}00`, `Appt ${p2(a)}:${mm}`, `${p2(a)}00-${p2(b)}00`,
    `By Appt ${p2(a)}:${mm}`, `FCFS ${p2(a)}:00-${p2(b)}:00`, `${p2(a)}:${mm} APPT`,
  ]);
}

// Clock time of a printed window / appointment for fields.stops: 'HH:MM' or 'HH:MM-HH:MM' (24-hour),
// 'FCFS 0800-1400' -> '08:00-14:00'; null when no clock time is printed.
function windowTime(w) {
  const ts = [...w.matchAll(/(?<!\d)(\d\d):?(\d\d)(?!\d)/g)].map((m) => `${m[1]}:${m[2]}`);
  return ts.length ? ts.join('-') : null;
}
// A stop's values for Doc.S as a layout printed them: `cl` is its cityLine(); o.upper: name, street, window
// and reference in capitals; o.date / o.time / o.ref false: not printed. The reference is printed with its
// label ('PU# 48213') and given without it ('48213').
function stopVals(d, s, cl, o = {}) {
  const U = o.upper ? (x) => x.toUpperCase() : (x) => x;
  const name = o.name || s.name;
  return {
    name: [U(name), U(name)], address: [U(s.addr.street), U(s.addr.street)],
    city: [cl.city, cl.text], state: [cl.state, cl.text], zip: [s.addr.zip, cl.text],
    date: o.date === false ? null : [iso(s.date), d.dt(s.date)],
    time: o.time === false ? null : [windowTime(s.window), U(s.window)],
    reference: o.ref === false ? null : [s.ref.trim().split(/\s+/).pop(), U(s.ref)],
  };
}

// ---------------------------------------------------------------- entities
function company(r, a, b) { const sfx = r.pick(CO_SUFFIX); return `${r.pick(a)} ${r.pick(b)}${sfx ? ' ' + sfx : ''}`; }
function address(r, cityRow) {
  const c = cityRow || r.pick(CITIES);
  return { street: `${r.int(100, 9899)} ${r.pick(STREETS)}`, city: c[0], state: c[1], zip: c[2] };
}
function person(r) { return `${r.pick(FIRST)} ${r.pick(LAST)}`; }
function phone(r) { return `(${r.int(201, 989)}) ${r.int(200, 989)}-${r.digits(4)}`; }
// City/state/zip line. Returns {text, city, state} where city is as printed and state is the code.
function cityLine(r, a, style) {
  style = style || r.pick(['std', 'std', 'std', 'upper', 'upnospace', 'nocomma', 'fullstate']);
  switch (style) {
    case 'std': return { text: `${a.city}, ${a.state} ${a.zip}`, city: a.city, state: a.state };
    case 'upper': return { text: `${a.city.toUpperCase()}, ${a.state} ${a.zip}`, city: a.city.toUpperCase(), state: a.state };
    case 'upnospace': return { text: `${a.city.toUpperCase()},${a.state} ${a.zip}`, city: a.city.toUpperCase(), state: a.state };
    case 'nocomma': return { text: `${a.city} ${a.state} ${a.zip}`, city: a.city, state: a.state };
    case 'fullstate': return { text: `${a.city}, ${STATE_NAMES[a.state]} ${a.zip}`, city: a.city, state: a.state };
    default: throw new Error(style);
  }
}

// Labels: each document picks one casing/punctuation style and applies it to every label it prints.
function labelStyler(r) {
  const punct = r.pick([':', ':', '', ' -', ':', '#']);
  const upper = r.chance(0.35);
  return (s) => {
    let t = upper ? s.toUpperCase() : s;
    if (punct === '#') return t.endsWith('#') || t.endsWith('.') ? t : t + ':';
    if (punct === ':' || punct === ' -') return t + punct;
    return t;
  };
}
const LAB = {
  load: ['Load #', 'Load No.', 'Load Number', 'Order #', 'Pro/Load', 'Reference #', 'Conf #', 'Tender ID', 'Shipment ID',
    'Load ID', 'Confirmation #', 'Trip #', 'Shipment #', 'Load Ref'],
  invLoad: ['Load #', 'Load No.', 'Broker Load #', 'Your Load #', 'Load Number', 'Order #', 'Customer Ref #', 'Load Ref',
    'Broker Ref #', 'Shipment ID'],
  invoice: ['Invoice #', 'Invoice No.', 'Invoice Number', 'Inv #', 'Inv. No.', 'Bill #', 'Freight Bill #', 'Invoice ID'],
  invDate: ['Invoice Date', 'Date', 'Inv. Date', 'Bill Date', 'Date Issued', 'Billing Date'],
  pro: ['PRO #', 'PRO Number', 'Pro No.', 'PRO', 'Carrier PRO', 'Pro #'],
  bol: ['BOL #', 'BOL Number', 'B/L No.', 'Bill of Lading #', 'BOL', 'BOL No.', 'B/L #'],
  mc: ['MC #', 'MC', 'MC Number', 'Docket #', 'MC No.'],
  dot: ['DOT #', 'USDOT', 'US DOT #', 'DOT Number', 'USDOT No.'],
  rcTotal: ['Total', 'Total Carrier Pay', 'Total Pay (USD)', 'Total Rate', 'Total Charges', 'Carrier Total', 'Total Agreed Rate', 'TOTAL', 'Total Carrier Rate'],
  invTotal: ['Total', 'Amount Due', 'Balance Due', 'TOTAL DUE', 'Total Due', 'Invoice Total', 'Please Pay This Amount', 'Total Amount Due'],
  linehaul: ['Line Haul', 'Linehaul', 'Flat Rate', 'Base Rate', 'Freight Charge', 'Line Haul Rate', 'Linehaul Rate'],
  fsc: ['Fuel Surcharge', 'FSC', 'Fuel', 'Fuel Surcharge (FSC)', 'Fuel Adj.', 'Fuel Surcharge (Flat)'],
  commodity: ['Commodity', 'Description', 'Product', 'Commodity Description', 'Freight Description', 'Goods'],
  weight: ['Weight', 'Wt.', 'Gross Weight', 'Est. Weight', 'Total Weight', 'Weight (approx)'],
  equipment: ['Equipment', 'Equipment Type', 'Trailer Type', 'Equip.', 'Trailer Req.', 'Equipment Required'],
  terms: ['Payment Terms', 'Terms', 'Pay Terms', 'Payment', 'Terms of Payment'],
  carrier: ['Carrier', 'Carrier Name', 'Trucking Company', 'Motor Carrier', 'Carrier Legal Name', 'Trucking Co.'],
  broker: ['Broker', 'Broker Name', 'Booked By', 'Brokered By', 'Customer', 'Bill To'],
  scac: ['SCAC', 'SCAC Code', 'Carrier SCAC'],
  po: ['PO #', 'PO Number', 'Customer PO', 'P.O. No.', 'Purchase Order', 'Cust. Order #', 'PO'],
  receipt: ['Receipt #', 'Receipt No.', 'Receipt Number', 'Ticket #', 'Ticket No.', 'Transaction #', 'Rcpt #'],
  shipDate: ['Ship Date', 'Date', 'Date Shipped', 'Pickup Date', 'Shipped', 'Date of Shipment'],
  delDate: ['Delivery Date', 'Date Delivered', 'Delivered', 'Del. Date', 'Date Received', 'Delivered On'],
  receivedBy: ['Received By', 'Receiver Name', 'Printed Name', 'Consignee (Print)', 'Signed By', 'Rec\'d By', 'Receiver (print name)'],
};
function lab(d, key) { return d.sty(d.r.pick(LAB[key])); }

// Weight printed: {text, lb}
function weightPrint(r, lbs, kgMode) {
  if (kgMode) {
    const kg = Math.round(lbs / 2.20462);
    const lb = Math.round(kg * 2.20462);
    return { text: r.pick([`${kg} kg`, `${commas(String(kg))} kg`, `${kg} KG`, `${commas(String(kg))} KGS`]), lb: String(lb) };
  }
  return { text: r.pick([`${commas(String(lbs))} lbs`, `${lbs} LB`, `${commas(String(lbs))} LBS`, `${lbs} lbs`, `${commas(String(lbs))} lb`, `${commas(String(lbs))}`]), lb: String(lbs) };
}

// ---------------------------------------------------------------- drawing
const FONT_KEYS = {
  H: StandardFonts.Helvetica, HB: StandardFonts.HelveticaBold, HO: StandardFonts.HelveticaOblique,
  HBO: StandardFonts.HelveticaBoldOblique, T: StandardFonts.TimesRoman, TB: StandardFonts.TimesRomanBold,
  TI: StandardFonts.TimesRomanItalic, TBI: StandardFonts.TimesRomanBoldItalic, C: StandardFonts.Courier,
  CB: StandardFonts.CourierBold, CO: StandardFonts.CourierOblique, CBO: StandardFonts.CourierBoldOblique,
  Z: StandardFonts.ZapfDingbats,
};
// font families: regular, bold, italic
const FAM = { H: ['H', 'HB', 'HO'], T: ['T', 'TB', 'TI'], C: ['C', 'CB', 'CO'] };
const BLACK = rgb(0, 0, 0);
const GRAY = (g) => rgb(g, g, g);

class Pg {
  constructor(doc, page, idx) { this.doc = doc; this.p = page; this.idx = idx; this.W = page.getWidth(); this.H = page.getHeight(); }
  font(k) { return this.doc.fonts[k]; }
  width(s, k, sz) { return this.font(k).widthOfTextAtSize(s, sz); }
  // y = distance of the baseline from the top edge
  t(x, y, s, o = {}) {
    const k = o.f || this.doc.fam[0], sz = o.sz || 9;
    s = String(s);
    let xx = x;
    if (o.al === 'r') xx = x - this.width(s, k, sz);
    else if (o.al === 'c') xx = x - this.width(s, k, sz) / 2;
    this.p.drawText(s, { x: xx, y: this.H - y, size: sz, font: this.font(k), color: o.c || BLACK });
    return xx + this.width(s, k, sz);
  }
  line(x1, y1, x2, y2, w = 0.7, c) { this.p.drawLine({ start: { x: x1, y: this.H - y1 }, end: { x: x2, y: this.H - y2 }, thickness: w, color: c || BLACK }); }
  rect(x, y, w, h, o = {}) {
    const opts = { x, y: this.H - y - h, width: w, height: h };
    if (o.fill !== undefined) opts.color = o.fill;
    if (o.lw !== 0) { opts.borderColor = o.stroke || BLACK; opts.borderWidth = o.lw === undefined ? 0.7 : o.lw; }
    this.p.drawRectangle(opts);
  }
  // wrapped paragraph; returns y after it
  para(x, y, w, text, o = {}) {
    const k = o.f || this.doc.fam[0], sz = o.sz || 8, lh = o.lh || sz * 1.25;
    const words = text.split(/\s+/);
    let line = '';
    for (const wd of words) {
      const cand = line ? line + ' ' + wd : wd;
      if (this.width(cand, k, sz) > w && line) { this.t(x, y, line, { f: k, sz }); y += lh; line = wd; } else line = cand;
    }
    if (line) { this.t(x, y, line, { f: k, sz }); y += lh; }
    return y;
  }
  box(x, y, w, h, lw) { this.rect(x, y, w, h, { lw: lw === undefined ? 0.7 : lw }); }
  bar(x, y, w, h, text, o = {}) { // shaded section heading
    this.rect(x, y, w, h, { fill: o.fill || GRAY(0.85), lw: o.lw === undefined ? 0.5 : o.lw });
    this.t(x + 4, y + h - (h - (o.sz || 8.5)) / 2 - 1.5, text, { f: o.f || this.doc.fam[1], sz: o.sz || 8.5, c: o.c });
  }
  check(x, y, on, sz = 8) { // a drawn square with an X; y = baseline
    this.rect(x, y - sz + 1, sz, sz, { lw: 0.7 });
    if (on) { this.line(x + 1.5, y - sz + 2.5, x + sz - 1.5, y - 0.5, 0.9); this.line(x + sz - 1.5, y - sz + 2.5, x + 1.5, y - 0.5, 0.9); }
  }
  signature(x, y, r, w = 110) { // a pen scribble; (x,y) = left end on the line
    let d = `M 0 0`;
    let cx = 0;
    const n = r.int(5, 9);
    for (let i = 0; i < n; i++) {
      const dx = w / n;
      d += ` C ${(cx + dx * 0.3).toFixed(1)} ${(-r.int(4, 16)).toFixed(1)} ${(cx + dx * 0.6).toFixed(1)} ${r.int(2, 10)} ${(cx + dx).toFixed(1)} ${(r.int(-6, 4)).toFixed(1)}`;
      cx += dx;
    }
    this.p.drawSvgPath(d, { x, y: this.H - y + 2, borderColor: rgb(0.08, 0.1, 0.35), borderWidth: 1.1 });
  }
  // ruled table: cols [{h, w, al}], rows: arrays of strings (a cell may contain '\n')
  table(x, y, cols, rows, o = {}) {
    const sz = o.sz || 8, hsz = o.hsz || sz, lh = sz * 1.25, fam = this.doc.fam;
    const hh = o.hh || hsz * 2.1;
    const W = cols.reduce((a, c) => a + c.w, 0);
    if (o.headFill !== false) this.rect(x, y, W, hh, { fill: o.headFill || GRAY(0.88), lw: 0.7 });
    else this.box(x, y, W, hh);
    let cx = x;
    for (const c of cols) {
      const tx = c.al === 'r' ? cx + c.w - 3 : c.al === 'c' ? cx + c.w / 2 : cx + 3;
      this.t(tx, y + hh / 2 + hsz / 2 - 1.5, c.h, { f: o.hf || fam[1], sz: hsz, al: c.al });
      cx += c.w;
    }
    let yy = y + hh;
    const starts = [];
    for (const row of rows) {
      const lines = Math.max(...row.map((s) => String(s).split('\n').length));
      const rh = Math.max(o.minRow || 0, lines * lh + sz * 0.8);
      starts.push(yy);
      cx = x;
      row.forEach((cell, i) => {
        const c = cols[i];
        String(cell).split('\n').forEach((ln, j) => {
          const tx = c.al === 'r' ? cx + c.w - 3 : c.al === 'c' ? cx + c.w / 2 : cx + 3;
          this.t(tx, yy + sz + 1.5 + j * lh, ln, { f: (o.rowFont && o.rowFont[i]) || fam[0], sz, al: c.al });
        });
        cx += c.w;
      });
      yy += rh;
      if (!o.noRowLines) this.line(x, yy, x + W, yy, 0.4);
    }
    this.box(x, y, W, yy - y);
    if (!o.noColLines) { cx = x; for (const c of cols.slice(0, -1)) { cx += c.w; this.line(cx, y, cx, yy, 0.4); } }
    return yy;
  }
}

class Doc {
  constructor(name, kind, layout, seed, o = {}) {
    this.name = name; this.kind = kind; this.layout = layout; this.r = new Rng(seed);
    this.fields = {}; this.checks = []; this.charges = null; this.pages = []; this.stops = null;
    this.size = o.size || (this.r.chance(0.15) ? PageSizes.A4 : PageSizes.Letter);
    this.famKey = o.fam || 'H'; this.fam = FAM[this.famKey];
    this.sty = labelStyler(this.r);
  }
  async init() {
    this.pdf = await PDFDocument.create({ updateMetadata: false });
    this.fonts = {};
    for (const [k, v] of Object.entries(FONT_KEYS)) this.fonts[k] = await this.pdf.embedFont(v);
    return this;
  }
  page() { const pg = new Pg(this, this.pdf.addPage(this.size), this.pages.length); this.pages.push(pg); return pg; }
  get cur() { return this.pages.length - 1; }
  // record an expected field; `printed` must appear on page `page` (default: current page)
  F(field, norm, printed, page) {
    if (this.fields[field] !== undefined && this.fields[field] !== norm) throw new Error(`${this.name}: ${field} recorded twice with ${this.fields[field]} and ${norm}`);
    this.fields[field] = norm;
    const pg = page === undefined ? this.cur : page;
    if (printed !== null) for (const p of [].concat(printed)) this.checks.push({ field, printed: p, page: pg });
    else this.checks.push({ field, printed: null, page: pg });
  }
  // record a printed stop (fields.stops of a rate confirmation / bill of lading): `type` 'pickup' or
  // 'delivery'; vals maps a stop key to [normalized, printed form or forms] (see stopVals), a null entry or
  // normalized value = not printed, key left out. The printed forms must be on page `page` (default: current).
  S(type, vals, page) {
    const pg = page === undefined ? this.cur : page;
    if (!this.stops) this.stops = [];
    const i = this.stops.length, norm = { type };
    for (const [k, v] of Object.entries(vals)) {
      if (!v || v[0] === null || v[0] === undefined) continue;
      norm[k] = v[0];
      for (const p of [].concat(v[1])) this.checks.push({ field: `stops[${i}].${k}`, printed: p, page: pg, stop: true });
    }
    this.stops.push(norm);
  }
  async save(title) {
    this.pdf.setTitle(title || this.name);
    this.pdf.setProducer('freightdesk eval generator (pdf-lib)');
    this.pdf.setCreator('scripts/eval_gen/pdflib');
    const fixed = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
    this.pdf.setCreationDate(fixed); this.pdf.setModificationDate(fixed);
    return this.pdf.save({ useObjectStreams: false });
  }
}

module.exports = {
  Rng, CITIES, STATE_NAMES, BROKER_A, BROKER_B, CARRIER_A, CARRIER_B, SHIP_A, FACILITY_SFX, FACTORS, LUMPERS, COMMODITIES,
  EQUIP, TERMS, DATE_STYLES, MONEY_STYLES, LAB, lab, fmtDate, iso, addDays, randDate, money, commas, fmtMoney, fmtTimeWindow,
  windowTime, stopVals,
  company, address, person, phone, cityLine, weightPrint, Pg, Doc, GRAY, rgb, ordinal, MON, MONTH, p2,
};
