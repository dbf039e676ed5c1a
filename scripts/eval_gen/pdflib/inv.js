'use strict';
// Carrier invoices / freight bills: four structural layouts.
const L = require('./lib');

function prep(d, ld) {
  const r = d.r;
  d.ms = r.pick(L.MONEY_STYLES); d.ds = r.pick(L.DATE_STYLES);
  d.m = (c) => L.fmtMoney(c, d.ms); d.dt = (x) => L.fmtDate(x, d.ds);
  d.mcP = r.pick([ld.carrier.mc, `MC ${ld.carrier.mc}`, `MC# ${ld.carrier.mc}`, `MC-${ld.carrier.mc}`]);
  const last = ld.deliveries[ld.deliveries.length - 1].date;
  d.inv = {
    no: r.pick([() => r.digits(4), () => r.digits(5), () => 'INV-' + r.digits(5), () => `${r.int(20, 26)}-${r.digits(4)}`, () => 'A' + r.digits(6)])(),
    date: L.addDays(last, r.int(0, 6)),
  };
  // charges
  const ch = [];
  if (r.chance(0.08)) ch.push({ description: r.pick(['TONU - Truck Ordered Not Used', 'TONU', 'Truck Order Not Used']), code: 'tonu', amt: ld.tonu });
  else {
    ch.push({ description: r.pick(['Line Haul', 'Linehaul', 'Freight Charges', 'Line Haul - Flat Rate', 'Transportation Charge']), code: 'linehaul', amt: ld.linehaul });
    if (ld.fsc) ch.push({ description: r.pick([`Fuel Surcharge (${(ld.fsc / ld.linehaul * 100).toFixed(1)}%)`, 'Fuel Surcharge', 'FSC']), code: 'fuel_surcharge', amt: ld.fsc });
    for (const a of ld.acc) ch.push({ description: a.desc, code: a.code, amt: a.amt });
    if (r.chance(0.3)) { const h = r.int(1, 5); ch.push({ description: `Detention (${h} hrs @ ${L.fmtMoney(ld.detention, 'dollar')}/hr)`, code: 'detention', amt: h * ld.detention }); }
    if (r.chance(0.3)) ch.push({ description: r.pick(['Lumper Fee', 'Lumper (receipt attached)', 'Unloading / Lumper']), code: 'lumper', amt: ld.lumper });
    if (r.chance(0.07)) ch.push({ description: 'Layover', code: 'layover', amt: r.pick([15000, 25000, 30000]) });
  }
  d.ch = ch; d.tot = ch.reduce((a, c) => a + c.amt, 0);
  d.charges = ch.map((c) => ({ description: c.description, code: c.code, amount_usd: L.money(c.amt) }));
  // remit to: the carrier itself or its factor
  const factor = r.chance(0.45);
  const fa = L.address(r);
  d.remit = factor
    ? { name: r.pick(L.FACTORS), lines: [r.pick([`PO Box ${r.int(1000, 99999)}`, `Dept ${r.int(100, 999)}, PO Box ${r.int(1000, 9999)}`]), L.cityLine(r, fa, 'std').text], factor: true }
    : { name: ld.carrier.name, lines: [ld.carrier.addr.street, L.cityLine(r, ld.carrier.addr, 'std').text], factor: false };
  d.terms = r.pick(['Net 30', 'Net 15', 'Net 30 Days', 'Due upon receipt', 'Net 21', 'Quick Pay', 'Net 45']);
}
function recRemit(d, page) {
  d.F('remit_to_name', d.remit.name, d.remit.name, page);
  d.F('remit_to_address', d.remit.lines.join(', '), d.remit.lines, page);
}
function checklist(d, pg, x, y, o = {}) {
  const r = d.r;
  const docs = ['Rate Confirmation', 'Bill of Lading', 'Proof of Delivery'];
  if (d.ch.some((c) => c.code === 'lumper')) docs.push('Lumper Receipt');
  if (r.chance(0.5)) { pg.t(x, y, `Attached: ${docs.join(', ')}`, { sz: o.sz || 8 }); return y + 12; }
  pg.t(x, y, d.sty('Documents enclosed'), { f: d.fam[1], sz: 8 }); y += 11;
  const zapf = r.chance(0.5);
  for (const doc of docs) {
    if (zapf) pg.t(x + 2, y, '\u2714', { f: 'Z', sz: 8 }); else pg.check(x + 2, y, true, 7);
    pg.t(x + 14, y, doc, { sz: 8 }); y += 10;
  }
  return y;
}

// ---------------------------------------------------------------- L06: modern invoice, meta box at right, remit box
async function invModern(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['INVOICE', 'Invoice', 'FREIGHT INVOICE', 'Freight Invoice']);
  const pg = d.page(); const W = pg.W;
  pg.t(36, 52, ld.carrier.name, { f: f[1], sz: 15 }); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
  pg.t(36, 65, ld.carrier.addr.street, { sz: 8.5 }); pg.t(36, 76, L.cityLine(r, ld.carrier.addr, 'std').text, { sz: 8.5 });
  const mcL = /^\d/.test(d.mcP) ? `MC# ${d.mcP}` : d.mcP;
  pg.t(36, 87, `${mcL}   |   USDOT ${ld.carrier.dot}`, { sz: 8.5 }); d.F('carrier_mc', ld.carrier.mc, mcL);
  pg.t(36, 98, ld.carrier.phone, { sz: 8.5 });
  pg.t(W - 36, 56, title, { f: f[1], sz: 22, al: 'r', c: L.GRAY(0.25) });
  // meta box
  const mx = W - 226; let my = 70;
  const meta = [[L.lab(d, 'invoice'), d.inv.no, 'invoice_number', d.inv.no], [L.lab(d, 'invDate'), d.dt(d.inv.date), 'invoice_date', L.iso(d.inv.date)],
    [L.lab(d, 'terms'), d.terms, 'payment_terms', d.terms], [L.lab(d, 'invLoad'), ld.loadNo, 'load_number', ld.loadNo]];
  pg.box(mx, my, 190, meta.length * 14 + 6);
  my += 13;
  for (const [k, v, fld, norm] of meta) { pg.t(mx + 5, my, k, { f: f[1], sz: 8.5 }); pg.t(mx + 185, my, v, { sz: 9, al: 'r' }); d.F(fld, norm, v); my += 14; }
  let y = 140;
  pg.t(36, y, d.sty(r.pick(['Bill To', 'BILL TO', 'Customer', 'Sold To'])), { f: f[1], sz: 9 });
  pg.t(36, y + 13, ld.broker.name, { sz: 9.5 }); pg.t(36, y + 25, ld.broker.addr.street, { sz: 9 });
  pg.t(36, y + 37, L.cityLine(r, ld.broker.addr, 'std').text, { sz: 9 });
  const printPro = r.chance(0.7), printBol = r.chance(0.7);
  let ry = y;
  pg.t(300, ry, d.sty('Shipment'), { f: f[1], sz: 9 }); ry += 13;
  if (printPro) { pg.t(300, ry, `${L.lab(d, 'pro')} ${ld.pro}`, { sz: 9 }); d.F('pro_number', ld.pro, ld.pro); ry += 12; }
  if (printBol) { pg.t(300, ry, `${L.lab(d, 'bol')} ${ld.bol}`, { sz: 9 }); d.F('bol_number', ld.bol, ld.bol); ry += 12; }
  const o = ld.pickups[0].addr, de = ld.deliveries[ld.deliveries.length - 1].addr;
  pg.t(300, ry, `${o.city}, ${o.state}  to  ${de.city}, ${de.state}`, { sz: 9 }); ry += 12;
  pg.t(300, ry, `${d.sty('Delivered')} ${d.dt(ld.deliveries[ld.deliveries.length - 1].date)}`, { sz: 9 });
  y += 62;
  const tw = W - 72;
  const rows = d.ch.map((c) => [c.description, '1', d.m(c.amt), d.m(c.amt)]);
  y = pg.table(36, y, [{ h: 'Description', w: tw * 0.52 }, { h: 'Qty', w: tw * 0.08, al: 'c' }, { h: 'Rate', w: tw * 0.2, al: 'r' }, { h: 'Amount', w: tw * 0.2, al: 'r' }], rows, { sz: 9, minRow: 18 });
  y += 16;
  pg.t(W - 140, y, d.sty('Subtotal'), { sz: 9, al: 'r' }); pg.t(W - 39, y, d.m(d.tot), { sz: 9, al: 'r' }); y += 14;
  const totLab = L.lab(d, 'invTotal');
  const tlw = pg.width(totLab, f[1], 11);
  pg.rect(Math.min(W - 240, W - 146 - tlw), y - 4, Math.max(204, tlw + 110), 20, { fill: L.GRAY(0.88) });
  pg.t(W - 140, y + 10, totLab, { f: f[1], sz: 11, al: 'r' }); pg.t(W - 39, y + 10, d.m(d.tot), { f: f[1], sz: 11, al: 'r' });
  d.F('total_usd', L.money(d.tot), d.m(d.tot));
  y += 10;
  let cy = checklist(d, pg, 36, y - 20);
  y = Math.max(y + 30, cy + 16);
  // remit box
  pg.box(36, y, 260, d.remit.factor ? 84 : 64);
  pg.t(42, y + 13, d.remit.factor ? r.pick(['Remit payment to:', 'REMIT TO (FACTOR)', 'Please remit to:']) : r.pick(['Remit To', 'REMIT TO:', 'Make checks payable to:']), { f: f[1], sz: 9 });
  pg.t(42, y + 27, d.remit.name, { sz: 9.5 }); pg.t(42, y + 39, d.remit.lines[0], { sz: 9 }); pg.t(42, y + 51, d.remit.lines[1], { sz: 9 });
  recRemit(d);
  if (d.remit.factor) pg.para(42, y + 64, 248, `This invoice has been assigned to ${d.remit.name}. Payment to any other party will not release your obligation.`, { sz: 7 });
  pg.t(W / 2, pg.H - 40, r.pick(['Thank you for your business!', 'Questions about this invoice? Call our billing department.', 'Late payments subject to 1.5% monthly finance charge.']), { f: f[2], sz: 8, al: 'c' });
  return title;
}

// ---------------------------------------------------------------- L07: LTL-style freight bill
async function invFreightBill(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['FREIGHT BILL', 'Freight Bill', 'FREIGHT BILL / INVOICE']);
  const pg = d.page(); const W = pg.W;
  pg.t(36, 48, ld.carrier.name.toUpperCase(), { f: f[1], sz: 14 }); d.F('carrier_name', ld.carrier.name.toUpperCase(), ld.carrier.name.toUpperCase());
  pg.t(36, 60, `${ld.carrier.addr.street}  ${L.cityLine(r, ld.carrier.addr, 'std').text}  ${ld.carrier.phone}`, { sz: 8 });
  const mcL = /^\d/.test(d.mcP) ? `MC ${d.mcP}` : d.mcP;
  pg.t(36, 71, `SCAC ${ld.carrier.scac}   ${mcL}   DOT ${ld.carrier.dot}`, { sz: 8 }); d.F('carrier_mc', ld.carrier.mc, mcL);
  pg.t(36, 92, title, { f: f[1], sz: 13 });
  // PRO box at top right
  pg.box(W - 200, 34, 164, 44, 1.2);
  pg.t(W - 194, 45, L.lab(d, 'pro'), { f: f[1], sz: 8 }); pg.t(W - 118, 70, ld.pro, { f: f[1], sz: 15, al: 'c' }); d.F('pro_number', ld.pro, ld.pro);
  let y = 104;
  const grid = [[L.lab(d, 'invoice'), d.inv.no, 'invoice_number', d.inv.no], [L.lab(d, 'invDate'), d.dt(d.inv.date), 'invoice_date', L.iso(d.inv.date)],
    [L.lab(d, 'bol'), ld.bol, 'bol_number', ld.bol], [L.lab(d, 'invLoad'), ld.loadNo, 'load_number', ld.loadNo]];
  const gw = (W - 72) / 4;
  grid.forEach(([k, v, fld, norm], i) => { pg.box(36 + i * gw, y, gw, 28); pg.t(39 + i * gw, y + 9, k, { sz: 6.8 }); pg.t(40 + i * gw, y + 23, v, { sz: 9.5, f: f[1] }); d.F(fld, norm, v); });
  y += 36;
  const bw = (W - 72 - 8) / 3;
  const party = (x, head, name, a) => {
    pg.bar(x, y, bw, 13, head, { sz: 7.5 }); pg.box(x, y + 13, bw, 52);
    pg.t(x + 4, y + 25, name, { sz: 8.5 }); pg.t(x + 4, y + 36, a.street, { sz: 8 }); pg.t(x + 4, y + 47, L.cityLine(r, a).text, { sz: 8 });
  };
  party(36, 'SHIPPER', ld.shipper.name, ld.shipper.addr);
  party(36 + bw + 4, 'CONSIGNEE', ld.consignee.name, ld.consignee.addr);
  party(36 + 2 * bw + 8, 'BILL TO', ld.broker.name, ld.broker.addr);
  y += 76;
  const tw = W - 72;
  const rows = d.ch.map((c, i) => [i === 0 ? `${ld.pieces} ${ld.pieceType}` : '', i === 0 ? `${c.description} - ${ld.commodity}` : c.description,
    i === 0 ? `${L.commas(String(ld.weight))}` : '', i === 0 ? ld.fclass : '', d.m(c.amt)]);
  y = pg.table(36, y, [{ h: 'Pieces', w: tw * 0.1 }, { h: 'Description of Articles / Charges', w: tw * 0.46 }, { h: 'Weight', w: tw * 0.13, al: 'r' },
    { h: 'Class', w: tw * 0.09, al: 'c' }, { h: 'Charges', w: tw * 0.22, al: 'r' }], rows, { sz: 8.5, minRow: 16 });
  const totLab = L.lab(d, 'invTotal').toUpperCase();
  pg.box(36 + tw * 0.78, y, tw * 0.22, 22, 1.2);
  pg.t(36 + tw * 0.77, y + 15, totLab, { f: f[1], sz: 10, al: 'r' }); pg.t(W - 40, y + 15, d.m(d.tot), { f: f[1], sz: 11, al: 'r' });
  d.F('total_usd', L.money(d.tot), d.m(d.tot));
  y += 40;
  pg.t(36, y, `${L.lab(d, 'terms')} ${d.terms}`, { f: f[1], sz: 9 }); d.F('payment_terms', d.terms, d.terms);
  y += 18;
  pg.t(36, y, r.pick(['REMIT TO:', 'Remit To:', 'Send payment to:']), { f: f[1], sz: 9 });
  pg.t(36, y + 12, d.remit.name, { sz: 9 }); pg.t(36, y + 23, d.remit.lines[0], { sz: 9 }); pg.t(36, y + 34, d.remit.lines[1], { sz: 9 }); recRemit(d);
  checklist(d, pg, 320, y);
  y += 60;
  pg.para(36, y, W - 72, 'All claims for loss or damage must be filed within nine months of delivery. Freight charges are due in accordance with the terms shown; shortages and damages are not to be deducted from this freight bill.', { sz: 7, f: f[2] });
  return title;
}

// ---------------------------------------------------------------- L08: letter-style invoice, load only in the title
async function invLetter(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const pg = d.page(); const W = pg.W;
  pg.t(60, 60, ld.carrier.name, { f: f[1], sz: 14 }); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
  pg.t(60, 74, `${ld.carrier.addr.street}, ${L.cityLine(r, ld.carrier.addr).text}`, { sz: 9.5 });
  pg.t(60, 87, `${ld.carrier.phone}  -  MC ${ld.carrier.mc}`, { sz: 9.5 }); d.F('carrier_mc', ld.carrier.mc, `MC ${ld.carrier.mc}`);
  const ttl = r.pick([`Invoice for Load # ${ld.loadNo}`, `INVOICE - LOAD ${ld.loadNo}`, `Invoice for Load ${ld.loadNo}`]);
  pg.t(60, 125, ttl, { f: f[1], sz: 15 }); d.F('load_number', ld.loadNo, ld.loadNo);
  let y = 150;
  pg.t(60, y, `${L.lab(d, 'invoice')} ${d.inv.no}`, { sz: 10.5 }); d.F('invoice_number', d.inv.no, d.inv.no);
  pg.t(W - 60, y, `${L.lab(d, 'invDate')} ${d.dt(d.inv.date)}`, { sz: 10.5, al: 'r' }); d.F('invoice_date', L.iso(d.inv.date), d.dt(d.inv.date));
  y += 28;
  pg.t(60, y, 'To:', { f: f[1], sz: 10.5 });
  pg.t(90, y, ld.broker.name, { sz: 10.5 }); pg.t(90, y + 13, `Attn: Carrier Payables`, { sz: 10 });
  pg.t(90, y + 26, ld.broker.addr.street, { sz: 10 }); pg.t(90, y + 39, L.cityLine(r, ld.broker.addr).text, { sz: 10 });
  y += 66;
  const o = ld.pickups[0], de = ld.deliveries[ld.deliveries.length - 1];
  y = pg.para(60, y, W - 120, `For transportation services from ${o.addr.city}, ${o.addr.state} (picked up ${d.dt(o.date)}) to ${de.addr.city}, ${de.addr.state} (delivered ${d.dt(de.date)}), ${ld.commodity.toLowerCase()}, ${L.commas(String(ld.weight))} lbs.`, { sz: 10.5, lh: 14 }) + 6;
  if (r.chance(0.6)) { pg.t(60, y, `${L.lab(d, 'bol')} ${ld.bol}`, { sz: 10.5 }); d.F('bol_number', ld.bol, ld.bol); y += 14; }
  y += 12;
  for (const c of d.ch) {
    const lbl = c.code === 'lumper' && r.chance(0.5) ? `${c.description}: USD ${L.fmtMoney(c.amt, 'plaincomma')}` : null;
    if (lbl) { pg.t(80, y, lbl, { sz: 10.5 }); }
    else {
      const dots = '.'.repeat(Math.max(3, Math.floor((300 - pg.width(c.description, f[0], 10.5)) / pg.width('.', f[0], 10.5))));
      pg.t(80, y, `${c.description} ${dots}`, { sz: 10.5 }); pg.t(460, y, d.m(c.amt), { sz: 10.5, al: 'r' });
    }
    y += 15;
  }
  pg.line(380, y - 9, 462, y - 9, 0.6);
  pg.t(80, y + 3, d.sty('Subtotal'), { sz: 10.5 }); pg.t(460, y + 3, d.m(d.tot), { sz: 10.5, al: 'r' }); y += 18;
  const totLab = L.lab(d, 'invTotal');
  pg.t(80, y + 3, totLab, { f: f[1], sz: 11.5 }); pg.t(460, y + 3, d.m(d.tot), { f: f[1], sz: 11.5, al: 'r' }); d.F('total_usd', L.money(d.tot), d.m(d.tot));
  y += 30;
  pg.t(60, y, `${L.lab(d, 'terms')} ${d.terms}`, { sz: 10.5 }); d.F('payment_terms', d.terms, d.terms); y += 26;
  pg.t(60, y, d.remit.factor ? 'Remit payment to:' : 'Please remit to:', { f: f[1], sz: 10.5 }); y += 14;
  pg.t(80, y, d.remit.name, { sz: 10.5 }); pg.t(80, y + 13, d.remit.lines[0], { sz: 10.5 }); pg.t(80, y + 26, d.remit.lines[1], { sz: 10.5 }); recRemit(d);
  y += 44;
  if (d.remit.factor) y = pg.para(60, y, W - 120, `NOTICE OF ASSIGNMENT: This account and the invoice above have been sold and assigned to ${d.remit.name}. Payment must be made directly to ${d.remit.name} to discharge this obligation.`, { sz: 9, f: f[2] }) + 10;
  checklist(d, pg, 60, y + 6, { sz: 9.5 });
  pg.t(60, pg.H - 80, 'Sincerely,', { sz: 10.5 }); pg.signature(60, pg.H - 56, r, 90); pg.t(60, pg.H - 44, `${ld.carrier.driver}, Owner`, { sz: 10 });
  return ttl;
}

// ---------------------------------------------------------------- L09: boxed reference grid, balance due box
async function invGrid(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['Carrier Invoice', 'INVOICE', 'Freight Invoice', 'Transportation Invoice']);
  const pg = d.page(); const W = pg.W;
  pg.rect(0, 0, W, 84, { fill: L.rgb(0.12, 0.2, 0.32), lw: 0 });
  pg.t(36, 42, ld.carrier.name, { f: f[1], sz: 17, c: L.rgb(1, 1, 1) }); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
  pg.t(36, 60, `${ld.carrier.addr.street} | ${L.cityLine(r, ld.carrier.addr).text} | ${ld.carrier.phone}`, { sz: 8, c: L.rgb(1, 1, 1) });
  pg.t(W - 36, 46, title, { f: f[1], sz: 16, al: 'r', c: L.rgb(1, 1, 1) });
  let y = 104;
  const cells = [[L.lab(d, 'invoice'), d.inv.no, 'invoice_number', d.inv.no], [L.lab(d, 'invDate'), d.dt(d.inv.date), 'invoice_date', L.iso(d.inv.date)],
    [L.lab(d, 'invLoad'), ld.loadNo, 'load_number', ld.loadNo], [L.lab(d, 'pro'), ld.pro, 'pro_number', ld.pro],
    [L.lab(d, 'bol'), ld.bol, 'bol_number', ld.bol], [L.lab(d, 'mc'), d.mcP, 'carrier_mc', ld.carrier.mc]];
  const skip = r.chance(0.5) ? r.pick([3, 4]) : -1;
  const use = cells.filter((_, i) => i !== skip);
  const cw = (W - 72) / use.length;
  use.forEach(([k, v, fld, norm], i) => {
    pg.rect(36 + i * cw, y, cw, 14, { fill: L.GRAY(0.9), lw: 0.6 }); pg.box(36 + i * cw, y + 14, cw, 20);
    pg.t(36 + i * cw + cw / 2, y + 10, k, { f: f[1], sz: 7, al: 'c' }); pg.t(36 + i * cw + cw / 2, y + 28, v, { sz: 9, al: 'c' });
    d.F(fld, norm, v);
  });
  y += 50;
  const o = ld.pickups[0], de = ld.deliveries[ld.deliveries.length - 1];
  const half = (W - 72 - 10) / 2;
  pg.t(36, y, d.sty('Origin'), { f: f[1], sz: 8.5 }); pg.t(36 + half + 10, y, d.sty('Destination'), { f: f[1], sz: 8.5 });
  pg.t(36, y + 12, o.name, { sz: 9 }); pg.t(36 + half + 10, y + 12, de.name, { sz: 9 });
  pg.t(36, y + 23, `${L.cityLine(r, o.addr).text}  ${d.dt(o.date)}`, { sz: 8.5 }); pg.t(36 + half + 10, y + 23, `${L.cityLine(r, de.addr).text}  ${d.dt(de.date)}`, { sz: 8.5 });
  y += 40;
  const tw = W - 72;
  const code = { linehaul: 'LH', fuel_surcharge: 'FSC', detention: 'DET', lumper: 'LUMP', tonu: 'TONU', stop_off: 'STOP', layover: 'LAY', other: 'ACC' };
  const rows = d.ch.map((c) => [code[c.code], c.description, d.m(c.amt)]);
  y = pg.table(36, y, [{ h: 'Code', w: tw * 0.12 }, { h: 'Description', w: tw * 0.63 }, { h: 'Amount', w: tw * 0.25, al: 'r' }], rows, { sz: 9, minRow: 17, headFill: L.GRAY(0.8) });
  y += 10;
  const totLab = L.lab(d, 'invTotal');
  pg.rect(W - 36 - 220, y, 220, 34, { fill: L.GRAY(0.93), lw: 1.2 });
  pg.t(W - 36 - 214, y + 13, totLab, { f: f[1], sz: 9 }); pg.t(W - 42, y + 28, d.m(d.tot), { f: f[1], sz: 14, al: 'r' });
  d.F('total_usd', L.money(d.tot), d.m(d.tot));
  pg.t(36, y + 12, `${L.lab(d, 'terms')} ${d.terms}`, { sz: 9 }); d.F('payment_terms', d.terms, d.terms);
  y += 56;
  pg.bar(36, y, 250, 14, d.remit.factor ? 'REMIT PAYMENT TO' : 'REMIT TO');
  pg.box(36, y + 14, 250, 48);
  pg.t(42, y + 27, d.remit.name, { f: f[1], sz: 9 }); pg.t(42, y + 39, d.remit.lines[0], { sz: 9 }); pg.t(42, y + 51, d.remit.lines[1], { sz: 9 }); recRemit(d);
  if (r.chance(0.5)) pg.t(42, y + 76, `ACH: routing ${r.digits(9)}  acct ****${r.digits(4)}`, { sz: 8 });
  checklist(d, pg, 320, y + 10);
  return title;
}

module.exports = { invModern, invFreightBill, invLetter, invGrid };
