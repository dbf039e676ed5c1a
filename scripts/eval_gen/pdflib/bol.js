'use strict';
// Bills of lading (3 layouts), proofs of delivery (3 layouts), lumper receipts (2 layouts).
const L = require('./lib');

function prep(d, ld) {
  const r = d.r;
  d.ms = r.pick(L.MONEY_STYLES); d.ds = r.pick(L.DATE_STYLES);
  d.m = (c) => L.fmtMoney(c, d.ms); d.dt = (x) => L.fmtDate(x, d.ds);
  d.terms = r.pick(['prepaid', 'prepaid', 'collect', 'third_party']);
  d.kg = r.chance(0.12);
  // order lines: 1-3 lines whose units and weights add up to the load's
  const n = r.pick([1, 1, 2, 3]);
  const lines = [];
  let leftU = ld.pieces, leftW = ld.weight;
  for (let i = 0; i < n; i++) {
    const u = i === n - 1 ? leftU : Math.max(1, Math.floor(leftU / (n - i)) + r.int(-1, 1));
    const w = i === n - 1 ? leftW : Math.round(leftW * u / leftU);
    lines.push({ po: i === 0 ? ld.po : ld.po.replace(/\d$/, (c) => String((+c + i) % 10)), units: u, weight: w });
    leftU -= u; leftW -= w;
  }
  if (lines.some((l) => l.units < 1)) { lines.length = 1; lines[0].units = ld.pieces; lines[0].weight = ld.weight; }
  d.lines = lines;
  d.hazmat = r.chance(0.12);
}
const wfmt = (d, lbs) => d.kg ? String(Math.round(lbs / 2.20462)) : L.commas(String(lbs));
function totalWeight(d, ld) {
  if (d.kg) { const kg = d.lines.reduce((a, l) => a + Math.round(l.weight / 2.20462), 0); return { text: `${kg} kg`, lb: String(Math.round(kg * 2.20462)) }; }
  return { text: `${L.commas(String(ld.weight))} lbs`, lb: String(ld.weight) };
}

// ---------------------------------------------------------------- L10: VICS-style straight BOL
async function bolVics(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['BILL OF LADING', 'STRAIGHT BILL OF LADING', 'Bill of Lading']);
  const pg = d.page(); const W = pg.W;
  const sd = ld.pickups[0].date;
  pg.t(36, 40, `${d.sty('Date')} ${d.dt(sd)}`, { sz: 9 }); d.F('ship_date', L.iso(sd), d.dt(sd));
  pg.t(W / 2, 42, title, { f: f[1], sz: 14, al: 'c' });
  pg.t(W - 36, 40, 'Page 1 of 1', { sz: 8, al: 'r' });
  let y = 50; const half = (W - 72) / 2;
  const party = (x, yy, head, name, a, extra, rec) => {
    pg.bar(x, yy, half, 13, head, { fill: L.GRAY(0.15), c: L.rgb(1, 1, 1), sz: 8 });
    pg.box(x, yy + 13, half, 62);
    const cl = L.cityLine(r, a);
    pg.t(x + 4, yy + 25, `Name: ${name}`, { sz: 8.5 }); pg.t(x + 4, yy + 37, `Address: ${a.street}`, { sz: 8.5 });
    pg.t(x + 4, yy + 49, `City/State/Zip: ${cl.text}`, { sz: 8.5 }); pg.t(x + 4, yy + 61, extra, { sz: 8 });
    if (rec) { d.F(`${rec}_name`, name, name); d.F(`${rec}_city`, cl.city, cl.text); d.F(`${rec}_state`, cl.state, cl.text); }
    // stops: SHIP FROM / SHIP TO (no date or reference per stop: SID# / CID# identify the party)
    if (rec) d.S(rec === 'shipper' ? 'pickup' : 'delivery', L.stopVals(d, { name, addr: a }, cl, { date: false, time: false, ref: false }));
    return yy + 75;
  };
  let ly = party(36, y, 'SHIP FROM', ld.shipper.name, ld.shipper.addr, `SID#: ${r.digits(6)}          FOB: [ ]`, 'shipper');
  ly = party(36, ly, 'SHIP TO', ld.consignee.name, ld.consignee.addr, `CID#: ${r.digits(5)}          Location #: ${r.int(1, 99)}`, 'consignee');
  ly = party(36, ly, 'THIRD PARTY FREIGHT CHARGES BILL TO', ld.broker.name, ld.broker.addr, '', null);
  pg.box(36, ly, half, 22); pg.t(40, ly + 9, 'SPECIAL INSTRUCTIONS:', { f: f[1], sz: 7 }); pg.t(40, ly + 19, r.pick(['Call for appt 24 hrs prior', 'Do not double stack', 'Keep frozen', 'Deliver to dock 4']), { sz: 7.5 });
  ly += 22;
  // right column
  const rx = 36 + half; let ry = y;
  const rbox = (h, fn) => { pg.box(rx, ry, half, h); fn(rx + 5, ry); ry += h; };
  rbox(26, (x, yy) => { pg.t(x, yy + 10, `${L.lab(d, 'bol')}`, { f: f[1], sz: 8 }); pg.t(x + 10, yy + 22, ld.bol, { f: f[1], sz: 11 }); d.F('bol_number', ld.bol, ld.bol); });
  rbox(64, (x, yy) => {
    pg.t(x, yy + 11, `CARRIER NAME: ${ld.carrier.name}`, { sz: 8.5 }); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
    pg.t(x, yy + 23, `Trailer number: ${ld.carrier.trailer}`, { sz: 8.5 });
    pg.t(x, yy + 35, `Seal number(s): ${ld.seal}`, { sz: 8.5 });
    pg.t(x, yy + 47, `SCAC: ${ld.carrier.scac}`, { sz: 8.5 }); d.F('scac', ld.carrier.scac, ld.carrier.scac);
    pg.t(x, yy + 59, `Pro number: ${ld.pro}`, { sz: 8.5 }); d.F('pro_number', ld.pro, ld.pro);
  });
  rbox(24, (x, yy) => { pg.t(x, yy + 10, `${L.lab(d, 'load')} ${ld.loadNo}`, { sz: 8.5 }); d.F('load_number', ld.loadNo, ld.loadNo); pg.t(x, yy + 20, `Broker: ${ld.broker.name}`, { sz: 7.5 }); });
  rbox(Math.max(40, ly - ry - 40), (x, yy) => {
    pg.t(x, yy + 10, 'Freight Charge Terms: (freight charges are prepaid unless marked otherwise)', { f: f[1], sz: 6.8 });
    const opts = [['Prepaid', 'prepaid'], ['Collect', 'collect'], ['3rd Party', 'third_party']];
    let xx = x + 4;
    const mode = r.pick(['br', 'draw', 'zapf']);
    for (const [lbl, v] of opts) {
      if (mode === 'br') { pg.t(xx, yy + 26, `${v === d.terms ? '[X]' : '[ ]'} ${lbl}`, { sz: 9 }); }
      else if (mode === 'zapf') { pg.t(xx, yy + 26, v === d.terms ? '\u25A0' : '\u2751', { f: 'Z', sz: 9 }); pg.t(xx + 12, yy + 26, lbl, { sz: 9 }); }
      else { pg.check(xx, yy + 27, v === d.terms, 8); pg.t(xx + 11, yy + 26, lbl, { sz: 9 }); }
      xx += 78;
    }
    d.F('freight_terms', d.terms, null);
  });
  rbox(ly - ry, (x, yy) => { pg.check(x, yy + 12, false, 7); pg.t(x + 10, yy + 12, 'Master Bill of Lading: with attached underlying Bills of Lading', { sz: 6.8 }); });
  y = ly + 6;
  pg.bar(36, y, W - 72, 13, 'CUSTOMER ORDER INFORMATION', { fill: L.GRAY(0.15), c: L.rgb(1, 1, 1), sz: 8 }); y += 13;
  const tw = W - 72;
  const orows = d.lines.map((l) => [l.po, String(l.units), wfmt(d, l.weight), r.pick(['Y', 'N']), '']);
  const tw8 = totalWeight(d, ld);
  orows.push(['GRAND TOTAL', String(ld.pieces), d.kg ? tw8.text : L.commas(String(ld.weight)), '', '']);
  y = pg.table(36, y, [{ h: 'CUSTOMER ORDER NUMBER', w: tw * 0.34 }, { h: '# PKGS', w: tw * 0.12, al: 'c' }, { h: d.kg ? 'WEIGHT (KG)' : 'WEIGHT', w: tw * 0.14, al: 'r' },
    { h: 'PALLET/SLIP (Y/N)', w: tw * 0.16, al: 'c' }, { h: 'ADDITIONAL SHIPPER INFO', w: tw * 0.24 }], orows, { sz: 8, hsz: 7 });
  d.F('po_number', d.lines[0].po, d.lines[0].po);
  y += 6;
  pg.bar(36, y, W - 72, 13, 'CARRIER INFORMATION', { fill: L.GRAY(0.15), c: L.rgb(1, 1, 1), sz: 8 }); y += 13;
  const crow = [[String(ld.pieces), r.pick(['PLT', 'SKID']), String(ld.pieces * r.int(10, 60)), 'CTN', d.kg ? tw8.text : L.commas(String(ld.weight)),
    d.hazmat ? 'X' : '', d.hazmat ? `UN1993, Flammable liquid, n.o.s., 3, PG III` : ld.commodity, ld.nmfc, ld.fclass]];
  crow.push([String(ld.pieces), '', '', '', d.kg ? tw8.text : L.commas(String(ld.weight)), '', 'GRAND TOTAL', '', '']);
  y = pg.table(36, y, [{ h: 'HU QTY', w: tw * 0.08, al: 'c' }, { h: 'TYPE', w: tw * 0.07 }, { h: 'PKG QTY', w: tw * 0.09, al: 'c' }, { h: 'TYPE', w: tw * 0.07 },
    { h: 'WEIGHT', w: tw * 0.11, al: 'r' }, { h: 'H.M. (X)', w: tw * 0.07, al: 'c' }, { h: 'COMMODITY DESCRIPTION', w: tw * 0.35 }, { h: 'NMFC #', w: tw * 0.09 }, { h: 'CLASS', w: tw * 0.07, al: 'c' }], crow, { sz: 8, hsz: 6.8 });
  d.F('handling_units', String(ld.pieces), String(ld.pieces)); d.F('weight_lb', tw8.lb, d.kg ? tw8.text : L.commas(String(ld.weight)));
  if (d.hazmat) d.F('hazmat', 'true', 'UN1993');
  y += 8;
  y = pg.para(36, y, W - 72, 'Where the rate is dependent on value, shippers are required to state specifically in writing the agreed or declared value of the property. RECEIVED, subject to individually determined rates or contracts that have been agreed upon in writing between the carrier and shipper, if applicable, otherwise to the rates, classifications and rules that have been established by the carrier and are available to the shipper on request. The carrier shall not make delivery of this shipment without payment of freight and all other lawful charges.', { sz: 6.5 }) + 8;
  const sw = (W - 72) / 3;
  ['SHIPPER SIGNATURE / DATE', 'TRAILER LOADED: [X] By Shipper  [ ] By Driver', 'CARRIER SIGNATURE / PICKUP DATE'].forEach((h, i) => {
    pg.box(36 + i * sw, y, sw, 56); pg.t(40 + i * sw, y + 10, h, { f: f[1], sz: 6.8 });
  });
  pg.signature(46, y + 40, r, 80); pg.t(46 + 2 * sw, y + 48, d.dt(sd), { sz: 8 }); pg.signature(46 + 2 * sw, y + 38, r, 70);
  pg.t(40 + sw, y + 26, 'FREIGHT COUNTED: [X] By Shipper', { sz: 7 }); pg.t(40 + sw, y + 38, '[ ] By Driver/pallets said to contain', { sz: 7 });
  return title;
}

// ---------------------------------------------------------------- L11: short form straight BOL, serif
async function bolShort(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['Straight Bill of Lading - Short Form', 'STRAIGHT BILL OF LADING - SHORT FORM', 'Uniform Straight Bill of Lading']);
  const pg = d.page(); const W = pg.W;
  pg.t(W / 2, 44, title, { f: f[1], sz: 14, al: 'c' });
  pg.t(W / 2, 56, 'ORIGINAL - NOT NEGOTIABLE', { sz: 8, al: 'c' });
  const sd = ld.pickups[0].date;
  let y = 78;
  const bolLab = L.lab(d, 'bol'), sdLab = L.lab(d, 'shipDate');
  pg.t(36, y, `${ld.carrier.name}`, { f: f[1], sz: 11 }); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
  pg.t(W - 36, y, `${bolLab} ${ld.bol}`, { f: f[1], sz: 10, al: 'r' }); d.F('bol_number', ld.bol, ld.bol);
  y += 13;
  pg.t(36, y, `(Name of carrier)   ${L.lab(d, 'scac')} ${ld.carrier.scac}`, { sz: 8.5 }); d.F('scac', ld.carrier.scac, ld.carrier.scac);
  pg.t(W - 36, y, `${sdLab} ${d.dt(sd)}`, { sz: 9.5, al: 'r' }); d.F('ship_date', L.iso(sd), d.dt(sd));
  y += 13;
  const printPro = r.chance(0.6);
  if (printPro) { pg.t(W - 36, y, `${L.lab(d, 'pro')} ${ld.pro}`, { sz: 9.5, al: 'r' }); d.F('pro_number', ld.pro, ld.pro); }
  pg.t(36, y, `${L.lab(d, 'po')} ${ld.po}`, { sz: 9 }); d.F('po_number', ld.po, ld.po);
  y += 13;
  if (r.chance(0.6)) { pg.t(36, y, `${L.lab(d, 'load')} ${ld.loadNo}`, { sz: 9 }); d.F('load_number', ld.loadNo, ld.loadNo); }
  y += 12;
  const half = (W - 72) / 2;
  const blk = (x, head, name, a, rec) => {
    pg.box(x, y, half, 70);
    pg.t(x + 4, y + 11, head, { f: f[1], sz: 8.5 });
    const cl = L.cityLine(r, a);
    pg.t(x + 10, y + 26, name, { sz: 10 }); pg.t(x + 10, y + 39, a.street, { sz: 9.5 }); pg.t(x + 10, y + 52, cl.text, { sz: 9.5 });
    d.F(`${rec}_name`, name, name); d.F(`${rec}_city`, cl.city, cl.text); d.F(`${rec}_state`, cl.state, cl.text);
    d.S(rec === 'shipper' ? 'pickup' : 'delivery', L.stopVals(d, { name, addr: a }, cl, { date: false, time: false, ref: false }));
  };
  blk(36, r.pick(['FROM: Shipper', 'SHIPPER', 'Consignor (From)']), ld.shipper.name, ld.shipper.addr, 'shipper');
  blk(36 + half, r.pick(['TO: Consignee', 'CONSIGNEE', 'Consigned To']), ld.consignee.name, ld.consignee.addr, 'consignee');
  y += 82;
  const tw = W - 72;
  const rows = d.lines.map((l, i) => [`${l.units}`, r.pick(['Pallets', 'PLT', 'Skids']), i === 0 && d.hazmat ? 'X' : '', `${ld.commodity}${d.lines.length > 1 ? ` - ${/^PO/.test(l.po) ? '' : 'PO '}${l.po}` : ''}`, wfmt(d, l.weight), ld.fclass]);
  const twt = totalWeight(d, ld);
  rows.push([String(ld.pieces), 'TOTAL', '', '', d.kg ? twt.text : `${L.commas(String(ld.weight))}`, '']);
  y = pg.table(36, y, [{ h: 'No. Units', w: tw * 0.1, al: 'c' }, { h: 'Kind of Pkg', w: tw * 0.12 }, { h: 'HM', w: tw * 0.06, al: 'c' },
    { h: 'Description of Articles, Special Marks and Exceptions', w: tw * 0.45 }, { h: d.kg ? 'Weight (kg)' : 'Weight (lbs)', w: tw * 0.15, al: 'r' }, { h: 'Class', w: tw * 0.12, al: 'c' }], rows, { sz: 9, minRow: 18 });
  d.F('handling_units', String(ld.pieces), String(ld.pieces)); d.F('weight_lb', twt.lb, d.kg ? twt.text : L.commas(String(ld.weight)));
  y += 16;
  const hm = r.chance(0.6);
  if (hm) {
    pg.t(36, y, 'Hazardous Materials:', { f: f[1], sz: 9 });
    pg.t(140, y, `${d.hazmat ? '[X]' : '[ ]'} Yes   ${d.hazmat ? '[ ]' : '[X]'} No`, { sz: 9 });
    d.F('hazmat', d.hazmat ? 'true' : 'false', `${d.hazmat ? '[X]' : '[ ]'} Yes`);
    y += 16;
  } else if (d.hazmat) d.F('hazmat', 'true', null);
  // collect box, classic short form
  pg.box(W - 36 - 200, y - 10, 200, 56);
  pg.t(W - 36 - 195, y + 2, 'Freight charges are prepaid unless', { sz: 7.5 }); pg.t(W - 36 - 195, y + 12, 'marked collect. CHECK BOX IF COLLECT:', { sz: 7.5 });
  pg.check(W - 36 - 195, y + 28, d.terms === 'collect', 9);
  pg.t(W - 36 - 180, y + 27, d.terms === 'third_party' ? `Bill 3rd party: ${ld.broker.name}` : 'Collect', { sz: 8 });
  if (d.terms === 'third_party') pg.check(W - 36 - 195, y + 40, true, 7);
  d.F('freight_terms', d.terms, null);
  y = pg.para(36, y, W - 72 - 220, 'Subject to Section 7 of the conditions, if this shipment is to be delivered to the consignee without recourse on the consignor, the consignor shall sign the following statement: The carrier shall not make delivery of this shipment without payment of freight and all other lawful charges.', { sz: 7.5 }) + 20;
  y = Math.max(y, y);
  pg.line(36, y + 30, 250, y + 30); pg.line(320, y + 30, W - 36, y + 30);
  pg.signature(50, y + 26, r, 90); pg.signature(330, y + 26, r, 80);
  pg.t(36, y + 40, 'SHIPPER, PER', { sz: 7.5 }); pg.t(320, y + 40, 'AGENT / DRIVER, PER', { sz: 7.5 });
  pg.para(36, y + 64, W - 72, 'RECEIVED, subject to the classifications and tariffs in effect on the date of issue of this Bill of Lading, the property described above in apparent good order, except as noted (contents and condition of contents of packages unknown), marked, consigned and destined as indicated above.', { sz: 6.8, f: f[2] });
  return title;
}

// ---------------------------------------------------------------- L12: Courier shipper-printed BOL with several pickups listed
async function bolPlain(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['BILL OF LADING', 'SHIPPING ORDER / BILL OF LADING', 'BILL OF LADING - NON NEGOTIABLE']);
  const pg = d.page(); const W = pg.W; const sz = 9, lh = 11.5;
  let y = 44;
  pg.t(36, y, ld.shipper.name.toUpperCase(), { f: f[1], sz: 12 });
  pg.t(W - 36, y, title, { f: f[1], sz: 11, al: 'r' });
  y += lh; pg.t(36, y, `SHIPPING DEPT  ${ld.pickups[0].phone}`, { sz });
  y += lh * 2;
  const sd = ld.pickups[0].date;
  const kv = (x, label, val) => pg.t(x, y, `${label.padEnd(14)}${val}`, { sz });
  kv(36, 'BOL NO:', ld.bol); d.F('bol_number', ld.bol, ld.bol);
  kv(320, 'SHIP DATE:', d.dt(sd)); d.F('ship_date', L.iso(sd), d.dt(sd));
  y += lh; kv(36, 'CARRIER:', ld.carrier.name.toUpperCase()); d.F('carrier_name', ld.carrier.name.toUpperCase(), ld.carrier.name.toUpperCase());
  kv(320, 'SCAC:', ld.carrier.scac); d.F('scac', ld.carrier.scac, ld.carrier.scac);
  y += lh; kv(36, 'LOAD/ORDER:', ld.loadNo); d.F('load_number', ld.loadNo, ld.loadNo);
  kv(320, 'TRAILER:', ld.carrier.trailer);
  y += lh; kv(36, 'CUST PO:', ld.po); d.F('po_number', ld.po, ld.po);
  kv(320, 'SEAL:', ld.seal);
  y += lh * 2;
  pg.t(36, y, '-'.repeat(86), { sz: 8 }); y += lh;
  const addrBlock = (x, head, name, a, rec) => {
    const cl = L.cityLine(r, a, r.pick(['upper', 'upnospace']));
    pg.t(x, y, head, { f: f[1], sz }); pg.t(x, y + lh, name.toUpperCase(), { sz }); pg.t(x, y + 2 * lh, a.street.toUpperCase(), { sz }); pg.t(x, y + 3 * lh, cl.text, { sz });
    d.F(`${rec}_name`, name.toUpperCase(), name.toUpperCase()); d.F(`${rec}_city`, cl.city, cl.text); d.F(`${rec}_state`, cl.state, cl.text);
    d.S(rec === 'shipper' ? 'pickup' : 'delivery', L.stopVals(d, { name, addr: a }, cl, { upper: true, date: false, time: false, ref: false }));
  };
  addrBlock(36, 'SHIP FROM:', ld.shipper.name, ld.shipper.addr, 'shipper');
  addrBlock(320, 'SHIP TO:', ld.consignee.name, ld.consignee.addr, 'consignee');
  y += lh * 5;
  if (ld.deliveries.length > 1) {
    pg.t(36, y, 'ADDITIONAL STOPS (FINAL CONSIGNEE ABOVE):', { f: f[1], sz }); y += lh;
    for (const s of ld.deliveries.slice(0, -1)) {
      const line = `${s.name.toUpperCase()} - ${s.addr.city.toUpperCase()}, ${s.addr.state}`;
      pg.t(54, y, line, { sz }); y += lh;
      // an earlier delivery, printed after the final consignee (stops are listed in the order printed)
      d.S('delivery', { name: [s.name.toUpperCase(), line], city: [s.addr.city.toUpperCase(), line], state: [s.addr.state, line] });
    }
    y += lh / 2;
  }
  pg.t(36, y, '-'.repeat(86), { sz: 8 }); y += lh;
  pg.t(36, y, 'QTY  TYPE   HM  DESCRIPTION                        NMFC     CLASS   WEIGHT', { f: f[1], sz: 8.5 }); y += lh;
  for (const l of d.lines) {
    pg.t(36, y, `${String(l.units).padStart(3)}  ${ld.pieceType.toUpperCase().padEnd(6).slice(0, 6)} ${d.hazmat ? 'X ' : '  '}  ${ld.commodity.toUpperCase().padEnd(34).slice(0, 34)} ${ld.nmfc.padEnd(8)} ${ld.fclass.padEnd(6)} ${wfmt(d, l.weight).padStart(8)}${d.kg ? ' KG' : ''}`, { sz: 8.5 });
    y += lh;
  }
  const twt = totalWeight(d, ld);
  pg.t(36, y, '-'.repeat(86), { sz: 8 }); y += lh;
  pg.t(36, y, `TOTAL HANDLING UNITS: ${ld.pieces}`, { f: f[1], sz }); d.F('handling_units', String(ld.pieces), `TOTAL HANDLING UNITS: ${ld.pieces}`);
  pg.t(320, y, `TOTAL WEIGHT: ${twt.text.toUpperCase()}`, { f: f[1], sz }); d.F('weight_lb', twt.lb, twt.text.toUpperCase());
  y += lh * 2;
  const hmLine = `HAZARDOUS MATERIAL: ${d.hazmat ? 'YES' : 'NO'}`;
  pg.t(36, y, hmLine, { sz }); d.F('hazmat', d.hazmat ? 'true' : 'false', hmLine); y += lh * 2;
  const tl = { prepaid: 'PREPAID', collect: 'COLLECT', third_party: 'THIRD PARTY' };
  pg.t(36, y, 'FREIGHT TERMS:', { f: f[1], sz });
  let xx = 140;
  for (const k of ['prepaid', 'collect', 'third_party']) { pg.t(xx, y, `[${k === d.terms ? 'X' : ' '}] ${tl[k]}`, { sz }); xx += 100; }
  d.F('freight_terms', d.terms, `[X] ${tl[d.terms]}`);
  y += lh;
  if (d.terms === 'third_party') { pg.t(54, y, `BILL TO: ${ld.broker.name.toUpperCase()}, ${ld.broker.addr.street.toUpperCase()}, ${L.cityLine(r, ld.broker.addr, 'upper').text}`, { sz: 8 }); y += lh; }
  y += lh;
  y = pg.para(36, y, W - 72, 'RECEIVED SUBJECT TO THE CLASSIFICATIONS AND LAWFULLY FILED TARIFFS IN EFFECT ON THE DATE OF THE ISSUE OF THIS BILL OF LADING. THE PROPERTY DESCRIBED ABOVE IN APPARENT GOOD ORDER, EXCEPT AS NOTED. SHIPPER LOAD AND COUNT.', { sz: 7.5 }) + 30;
  pg.t(36, y, 'SHIPPER: ______________________', { sz }); pg.t(320, y, 'DRIVER: ______________________', { sz });
  pg.signature(100, y - 4, r, 80);
  y += lh * 2; pg.t(36, y, `DATE: ${d.dt(sd)}`, { sz }); pg.t(320, y, 'DATE: ____________', { sz });
  return title;
}

// ---------------------------------------------------------------- POD helpers
function podPrep(d, ld) {
  const r = d.r;
  d.ds = r.pick(L.DATE_STYLES); d.dt = (x) => L.fmtDate(x, d.ds);
  d.del = ld.deliveries[ld.deliveries.length - 1];
  d.recv = L.person(r);
  d.signed = r.chance(0.85) && d.variant !== 2; // one unsigned receipt per POD layout that has three or more
  const n = r.int(1, 4);
  d.osd = r.chance(0.45) ? r.pick([`${n} CTNS DAMAGED`, `SHORT ${n} CASES`, `${n} PLT OVERAGE`, `${n} CASES CRUSHED - REFUSED`, `Shrink wrap torn on ${n} pallets`, `${n} cartons wet`]) : null;
  d.time = `${L.p2(r.int(6, 17))}:${L.p2(r.int(0, 59))}`;
}

// ---------------------------------------------------------------- L13: delivery receipt
async function podReceipt(d, ld) {
  podPrep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['DELIVERY RECEIPT', 'Delivery Receipt', 'Proof of Delivery', 'PROOF OF DELIVERY']);
  const pg = d.page(); const W = pg.W;
  pg.t(36, 48, ld.carrier.name, { f: f[1], sz: 14 });
  pg.t(36, 60, `${ld.carrier.addr.street}, ${L.cityLine(r, ld.carrier.addr).text}   ${ld.carrier.phone}`, { sz: 8 });
  pg.t(W - 36, 50, title, { f: f[1], sz: 15, al: 'r' });
  let y = 80;
  const refs = [];
  if (r.chance(0.85)) refs.push([L.lab(d, 'pro'), ld.pro, 'pro_number']);
  refs.push([L.lab(d, 'bol'), ld.bol, 'bol_number']);
  if (r.chance(0.6)) refs.push([L.lab(d, 'load'), ld.loadNo, 'load_number']);
  const cw = (W - 72) / (refs.length + 1);
  refs.forEach(([k, v, fld], i) => { pg.box(36 + i * cw, y, cw, 30); pg.t(40 + i * cw, y + 10, k, { sz: 7 }); pg.t(40 + i * cw, y + 24, v, { f: f[1], sz: 10 }); d.F(fld, v, v); });
  const dlab = L.lab(d, 'delDate');
  pg.box(36 + refs.length * cw, y, cw, 30); pg.t(40 + refs.length * cw, y + 10, dlab, { sz: 7 });
  pg.t(40 + refs.length * cw, y + 24, d.dt(d.del.date), { f: f[1], sz: 10 }); d.F('delivery_date', L.iso(d.del.date), d.dt(d.del.date));
  y += 42;
  const half = (W - 72 - 10) / 2;
  [[36, 'SHIPPER', ld.shipper], [36 + half + 10, 'CONSIGNEE', ld.consignee]].forEach(([x, h, p]) => {
    pg.t(x, y, h, { f: f[1], sz: 8.5 }); pg.t(x, y + 12, p.name, { sz: 9 }); pg.t(x, y + 23, p.addr.street, { sz: 8.5 }); pg.t(x, y + 34, L.cityLine(r, p.addr).text, { sz: 8.5 });
  });
  y += 50;
  const tw = W - 72;
  y = pg.table(36, y, [{ h: 'Pieces', w: tw * 0.12, al: 'c' }, { h: 'Type', w: tw * 0.1 }, { h: 'Description', w: tw * 0.48 }, { h: 'Weight', w: tw * 0.15, al: 'r' }, { h: 'Class', w: tw * 0.15, al: 'c' }],
    [[String(ld.pieces), ld.pieceType, ld.commodity, L.commas(String(ld.weight)), ld.fclass]], { sz: 9, minRow: 20 });
  y += 14;
  y = pg.para(36, y, W - 72, 'Received the above described freight in apparent good order, except as noted below. Consignee must note any shortage or visible damage on this receipt at the time of delivery; concealed damage must be reported within 5 days.', { sz: 8 }) + 8;
  pg.t(36, y, r.pick(['EXCEPTIONS / OS&D:', 'OS&D Notes:', 'Exceptions (Overage, Shortage, Damage):']), { f: f[1], sz: 9 });
  pg.box(36, y + 4, W - 72, 40);
  if (d.osd) { pg.t(44, y + 20, d.osd, { f: 'HBO', sz: 11 }); d.F('osd_notes', d.osd, d.osd); }
  y += 62;
  const sw = (W - 72) / 3;
  const rb = L.lab(d, 'receivedBy');
  pg.line(36, y + 24, 36 + sw - 12, y + 24); pg.t(36, y + 34, rb, { sz: 7.5 });
  pg.t(40, y + 20, d.recv, { sz: 10 }); d.F('received_by', d.recv, d.recv);
  pg.line(36 + sw, y + 24, 36 + 2 * sw - 12, y + 24); pg.t(36 + sw, y + 34, r.pick(['Consignee Signature', 'Signature', 'Receiver Signature']), { sz: 7.5 });
  if (d.signed) pg.signature(44 + sw, y + 20, r, 100);
  d.F('signed', d.signed ? 'true' : 'false', null);
  pg.line(36 + 2 * sw, y + 24, W - 36, y + 24); pg.t(36 + 2 * sw, y + 34, 'Date / Time', { sz: 7.5 });
  pg.t(40 + 2 * sw, y + 20, `${d.dt(d.del.date)}  ${d.time}`, { sz: 9.5 });
  y += 60;
  pg.t(36, y, `Driver: ${ld.carrier.driver}    Truck: ${ld.carrier.truck}    Trailer: ${ld.carrier.trailer}    Seal: ${ld.seal} ${r.pick(['intact', 'INTACT', 'verified'])}`, { sz: 8 });
  return title;
}

// ---------------------------------------------------------------- L14: electronic POD
async function podElectronic(d, ld) {
  podPrep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['Electronic Proof of Delivery', 'Proof of Delivery', 'ePOD - Delivery Confirmation']);
  const pg = d.page(); const W = pg.W;
  pg.rect(36, 36, W - 72, 36, { fill: L.rgb(0.2, 0.45, 0.3), lw: 0 });
  pg.t(46, 59, title, { f: f[1], sz: 15, c: L.rgb(1, 1, 1) });
  pg.t(W - 46, 59, r.pick(['DriverLink Mobile', 'TruckDocs', 'RoadSync POD']), { sz: 9, al: 'r', c: L.rgb(1, 1, 1) });
  let y = 96;
  pg.t(36, y, 'Status:', { f: f[1], sz: 10 }); pg.t(110, y, 'DELIVERED', { f: f[1], sz: 10, c: L.rgb(0.1, 0.5, 0.2) });
  y += 18;
  const kv = (k, v, fld, norm) => { const e = pg.t(36, y, k, { f: f[1], sz: 9.5 }); pg.t(Math.max(170, e + 8), y, v, { sz: 9.5 }); if (fld) d.F(fld, norm === undefined ? v : norm, v); y += 15; };
  kv(L.lab(d, 'load'), ld.loadNo, 'load_number');
  if (r.chance(0.7)) kv(L.lab(d, 'bol'), ld.bol, 'bol_number');
  if (r.chance(0.5)) kv(L.lab(d, 'pro'), ld.pro, 'pro_number');
  kv('Carrier', ld.carrier.name);
  kv('Consignee', `${d.del.name}, ${d.del.addr.city}, ${d.del.addr.state}`);
  kv(L.lab(d, 'delDate'), `${d.dt(d.del.date)} ${d.time} ${r.pick(['CST', 'EST', 'CDT', 'EDT', 'MST', 'PST'])}`, 'delivery_date', L.iso(d.del.date));
  kv('Pieces', `${ld.pieces} ${ld.pieceType}`);
  kv('GPS', `${(30 + r.f() * 15).toFixed(5)}, -${(80 + r.f() * 40).toFixed(5)}`);
  y += 8;
  pg.t(36, y, d.osd ? 'Exceptions:' : 'Exceptions: None reported', { f: f[1], sz: 9.5 });
  if (d.osd) { pg.t(170, y, d.osd, { sz: 9.5, f: f[1], c: L.rgb(0.7, 0.1, 0.1) }); d.F('osd_notes', d.osd, d.osd); }
  y += 24;
  pg.box(36, y, 300, 90); pg.t(42, y + 12, 'Signature', { sz: 8 });
  if (d.signed) pg.signature(60, y + 60, r, 180);
  else pg.t(186, y + 52, 'Signature refused / not captured', { f: f[2], sz: 9, al: 'c' });
  d.F('signed', d.signed ? 'true' : 'false', null);
  y += 104;
  let rl = L.lab(d, 'receivedBy');
  if (!d.signed && /signed/i.test(rl)) rl = d.sty('Received By');
  pg.t(36, y, `${rl} ${d.recv}`, { sz: 10 }); d.F('received_by', d.recv, d.recv);
  y += 30;
  pg.para(36, y, W - 72, `This document was generated electronically at the time of delivery. The receiver acknowledges receipt of the goods listed above in good condition unless exceptions are noted. Document ID ${r.digits(12)}.`, { sz: 7.5, f: f[2] });
  return title;
}

// ---------------------------------------------------------------- L15: BOL copy stamped delivered (the classic POD)
async function podStampedBol(d, ld) {
  podPrep(d, ld); const r = d.r, f = d.fam;
  const title = 'BILL OF LADING';
  const pg = d.page(); const W = pg.W;
  pg.t(W / 2, 44, title, { f: f[1], sz: 13, al: 'c' });
  pg.t(W / 2, 56, '(Consignee copy - Proof of Delivery)', { sz: 8, al: 'c' });
  let y = 78;
  pg.t(36, y, `${L.lab(d, 'bol')} ${ld.bol}`, { f: f[1], sz: 10 }); d.F('bol_number', ld.bol, ld.bol);
  if (r.chance(0.6)) { pg.t(W - 36, y, `${L.lab(d, 'pro')} ${ld.pro}`, { f: f[1], sz: 10, al: 'r' }); d.F('pro_number', ld.pro, ld.pro); }
  y += 14; pg.t(36, y, `Carrier: ${ld.carrier.name}   SCAC: ${ld.carrier.scac}`, { sz: 9 }); pg.t(W - 36, y, `Ship Date: ${L.fmtDate(ld.pickups[0].date, 'mdY')}`, { sz: 9, al: 'r' });
  y += 20;
  const half = (W - 72) / 2;
  [[36, 'SHIPPER', ld.shipper], [36 + half, 'CONSIGNEE', ld.consignee]].forEach(([x, h, p]) => {
    pg.box(x, y, half, 58); pg.t(x + 4, y + 11, h, { f: f[1], sz: 8 });
    pg.t(x + 8, y + 25, p.name, { sz: 9 }); pg.t(x + 8, y + 37, p.addr.street, { sz: 8.5 }); pg.t(x + 8, y + 49, L.cityLine(r, p.addr).text, { sz: 8.5 });
  });
  y += 70;
  const tw = W - 72;
  y = pg.table(36, y, [{ h: 'Units', w: tw * 0.12, al: 'c' }, { h: 'Description', w: tw * 0.58 }, { h: 'Weight', w: tw * 0.15, al: 'r' }, { h: 'Class', w: tw * 0.15, al: 'c' }],
    [[`${ld.pieces} ${ld.pieceType}`, ld.commodity, `${L.commas(String(ld.weight))} lbs`, ld.fclass]], { sz: 9, minRow: 22 });
  y += 20;
  // rubber stamp
  const sx = W - 250, sy = y;
  pg.rect(sx, sy, 200, 96, { lw: 2, stroke: L.rgb(0.6, 0.1, 0.15) });
  const red = L.rgb(0.6, 0.1, 0.15);
  pg.t(sx + 100, sy + 18, `RECEIVED - ${d.del.name.split(' ')[0].toUpperCase()}`, { f: f[1], sz: 10, al: 'c', c: red });
  pg.t(sx + 8, sy + 38, `DATE: ${d.dt(d.del.date)}`, { f: f[1], sz: 10, c: red }); d.F('delivery_date', L.iso(d.del.date), d.dt(d.del.date));
  pg.t(sx + 8, sy + 54, `TIME: ${d.time}`, { f: f[1], sz: 10, c: red });
  pg.t(sx + 8, sy + 70, `BY: ${d.recv}`, { f: f[1], sz: 10, c: red }); d.F('received_by', d.recv, d.recv);
  pg.t(sx + 8, sy + 86, `DOOR ${r.int(1, 40)}  ${d.osd ? 'SEE NOTES' : 'NO EXCEPTIONS'}`, { f: f[1], sz: 8, c: red });
  pg.t(36, y + 10, 'Consignee Signature:', { f: f[1], sz: 9 });
  pg.line(36, y + 46, 270, y + 46);
  if (d.signed) pg.signature(50, y + 42, r, 120);
  d.F('signed', d.signed ? 'true' : 'false', null);
  if (d.osd) { pg.t(36, y + 70, 'Notes:', { f: f[1], sz: 9 }); pg.t(76, y + 70, d.osd, { f: 'CO', sz: 10 }); d.F('osd_notes', d.osd, d.osd); }
  y += 120;
  pg.para(36, y, W - 72, 'RECEIVED, subject to the classifications and tariffs in effect on the date of the issue of this Bill of Lading, the property described above in apparent good order, except as noted.', { sz: 7 });
  return title;
}

// ---------------------------------------------------------------- lumper receipts
function lumpPrep(d, ld) {
  const r = d.r;
  d.ds = r.pick(L.DATE_STYLES); d.dt = (x) => L.fmtDate(x, d.ds);
  d.ms = r.pick(L.MONEY_STYLES); d.m = (c) => L.fmtMoney(c, d.ms);
  d.del = ld.deliveries[ld.deliveries.length - 1];
  d.lumper = r.pick(L.LUMPERS); d.rno = r.pick([() => r.digits(6), () => 'LR-' + r.digits(5), () => r.digits(8), () => 'R' + r.digits(7)])();
}
// ---------------------------------------------------------------- L16: receipt slip (Courier)
async function lumpSlip(d, ld) {
  lumpPrep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['LUMPER RECEIPT', 'UNLOADING RECEIPT', 'LUMPER SERVICE RECEIPT']);
  const pg = d.page(); const W = pg.W; const sz = 10, lh = 14;
  const x0 = 110, w = W - 220;
  pg.rect(x0 - 16, 30, w + 32, 560, { lw: 0.6 });
  let y = 60;
  pg.t(W / 2, y, d.lumper.toUpperCase(), { f: f[1], sz: 12, al: 'c' }); y += lh;
  pg.t(W / 2, y, `${d.del.addr.city.toUpperCase()}, ${d.del.addr.state}`, { sz: 9, al: 'c' }); y += lh * 1.6;
  pg.t(W / 2, y, title, { f: f[1], sz: 13, al: 'c' }); y += lh * 1.6;
  const row = (k, v, fld, norm) => { pg.t(x0, y, k, { sz }); pg.t(x0 + w, y, v, { sz, al: 'r' }); if (fld) d.F(fld, norm === undefined ? v : norm, v); y += lh; };
  row(d.sty(r.pick(['Receipt #', 'Receipt No.', 'Ticket #', 'Rcpt #'])), d.rno, 'receipt_number');
  row(d.sty('Date'), d.dt(d.del.date), 'receipt_date', L.iso(d.del.date));
  row(d.sty('Time'), `${L.p2(r.int(6, 18))}:${L.p2(r.int(0, 59))}`);
  y += lh / 2; pg.t(x0, y, '-'.repeat(54), { sz: 8 }); y += lh;
  row(d.sty(r.pick(['Facility', 'Warehouse', 'Location', 'Customer'])), d.del.name, 'facility');
  row(d.sty('Carrier'), ld.carrier.name);
  row(d.sty('Driver'), ld.carrier.driver);
  row(d.sty('Trailer'), ld.carrier.trailer);
  if (r.chance(0.8)) row(L.lab(d, 'po'), ld.po, 'po_number');
  if (r.chance(0.6)) row(L.lab(d, 'load'), ld.loadNo, 'load_number');
  row(d.sty('Pallets Unloaded'), String(ld.pieces));
  row(d.sty('Door'), String(r.int(1, 60)));
  y += lh / 2; pg.t(x0, y, '-'.repeat(54), { sz: 8 }); y += lh;
  row(d.sty('Unload Fee'), d.m(ld.lumper));
  pg.t(x0, y, '='.repeat(54), { sz: 8 }); y += lh;
  const tl = d.sty(r.pick(['TOTAL PAID', 'Amount Paid', 'TOTAL', 'Total Charged']));
  pg.t(x0, y, tl, { f: f[1], sz: 11 }); pg.t(x0 + w, y, d.m(ld.lumper), { f: f[1], sz: 11, al: 'r' }); d.F('amount_usd', L.money(ld.lumper), d.m(ld.lumper));
  y += lh * 1.5;
  row(d.sty('Paid By'), r.pick([`Comchek #${r.digits(10)}`, 'EFS Check', `T-Chek ${r.digits(8)}`, 'Carrier Card', 'Cash']));
  y += lh;
  pg.t(W / 2, y, 'Keep this receipt for reimbursement.', { f: f[2], sz: 8.5, al: 'c' }); y += lh;
  pg.t(W / 2, y, 'No refunds. Thank you!', { f: f[2], sz: 8.5, al: 'c' }); y += lh * 2;
  pg.line(x0, y + 10, x0 + 160, y + 10); pg.signature(x0 + 10, y + 6, r, 80); pg.t(x0, y + 20, 'Lumper Signature', { sz: 7.5 });
  return title;
}
// ---------------------------------------------------------------- L17: unloading service invoice-receipt with table
async function lumpTable(d, ld) {
  lumpPrep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['Unloading Receipt', 'Lumper Receipt', 'Warehouse Unloading Receipt', 'Lumper Service Receipt']);
  const pg = d.page(); const W = pg.W;
  pg.t(36, 52, d.lumper, { f: f[1], sz: 14 }); pg.t(36, 65, `Serving ${d.del.name}`, { sz: 9 });
  pg.t(W - 36, 52, title, { f: f[1], sz: 14, al: 'r' });
  let y = 90;
  const rl = L.lab(d, 'receipt');
  const grid = [[rl, d.rno, 'receipt_number', d.rno], [d.sty('Service Date'), d.dt(d.del.date), 'receipt_date', L.iso(d.del.date)],
    [L.lab(d, 'po'), ld.po, 'po_number', ld.po]];
  if (r.chance(0.6)) grid.push([L.lab(d, 'load'), ld.loadNo, 'load_number', ld.loadNo]);
  const cw = (W - 72) / grid.length;
  grid.forEach(([k, v, fld, norm], i) => { pg.box(36 + i * cw, y, cw, 30); pg.t(40 + i * cw, y + 10, k, { f: f[1], sz: 7.5 }); pg.t(40 + i * cw, y + 24, v, { sz: 10 }); d.F(fld, norm, v); });
  y += 44;
  const fl = d.sty(r.pick(['Facility', 'Warehouse / DC', 'Location']));
  pg.t(36, y, fl, { f: f[1], sz: 9 }); pg.t(130, y, d.del.name, { sz: 9.5 }); d.F('facility', d.del.name, d.del.name);
  pg.t(130, y + 12, `${d.del.addr.street}, ${L.cityLine(r, d.del.addr).text}`, { sz: 9 });
  y += 30;
  pg.t(36, y, d.sty('Carrier'), { f: f[1], sz: 9 }); pg.t(130, y, `${ld.carrier.name}  (Driver ${ld.carrier.driver}, Trailer ${ld.carrier.trailer})`, { sz: 9.5 });
  y += 20;
  const tw = W - 72;
  const base = Math.round(ld.lumper * 0.8 / 100) * 100, extra = ld.lumper - base;
  const rows = [[r.pick(['Unload floor-loaded freight', 'Unload palletized freight', 'Unload & sort']), String(ld.pieces), d.m(Math.round(base / ld.pieces)) + '*', d.m(base)]];
  if (extra > 0) rows.push([r.pick(['Restack / breakdown', 'Pallet exchange', 'Shrink wrap & label']), '1', d.m(extra), d.m(extra)]);
  y = pg.table(36, y, [{ h: 'Service', w: tw * 0.5 }, { h: 'Qty', w: tw * 0.1, al: 'c' }, { h: 'Rate', w: tw * 0.2, al: 'r' }, { h: 'Amount', w: tw * 0.2, al: 'r' }], rows, { sz: 9, minRow: 18 });
  const tl = d.sty(r.pick(['Total', 'Total Charged', 'Amount Paid', 'Total Due']));
  pg.t(W - 36 - tw * 0.22, y + 16, tl, { f: f[1], sz: 11, al: 'r' }); pg.t(W - 39, y + 16, d.m(ld.lumper), { f: f[1], sz: 11, al: 'r' });
  d.F('amount_usd', L.money(ld.lumper), d.m(ld.lumper));
  y += 30;
  pg.t(36, y, '* flat rate per pallet, rounded', { sz: 7 }); y += 20;
  pg.t(36, y, `Payment method: ${r.pick(['Comchek', 'EFS', 'Credit card ending ' + r.digits(4), 'Relay'])}   Status: PAID`, { sz: 9 });
  y += 40;
  pg.line(36, y, 250, y); pg.t(36, y + 10, 'Driver signature', { sz: 7.5 }); pg.signature(46, y - 4, r, 90);
  pg.line(320, y, W - 36, y); pg.t(320, y + 10, 'Unloader', { sz: 7.5 }); pg.t(326, y - 4, L.person(r), { sz: 9 });
  return title;
}

module.exports = { bolVics, bolShort, bolPlain, podReceipt, podElectronic, podStampedBol, lumpSlip, lumpTable };
