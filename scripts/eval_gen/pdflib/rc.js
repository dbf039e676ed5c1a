'use strict';
// Rate confirmations: five structural layouts.
const L = require('./lib');
const { termsText } = require('./model');

function prep(d, ld) {
  const r = d.r;
  d.ms = r.pick(L.MONEY_STYLES); d.ds = r.pick(L.DATE_STYLES);
  d.m = (c) => L.fmtMoney(c, d.ms);
  d.dt = (x) => L.fmtDate(x, d.ds);
  d.kg = r.chance(0.12);
  d.w = L.weightPrint(r, ld.weight, d.kg);
  d.mcP = r.pick([ld.carrier.mc, ld.carrier.mc, `MC ${ld.carrier.mc}`, `MC-${ld.carrier.mc}`]);
  d.totalLast = false;
}

function footers(d, ld, o = {}) {
  const n = d.pages.length;
  d.pages.forEach((pg, i) => {
    const f = d.fam[0];
    if (o.style === 'center') pg.t(pg.W / 2, pg.H - 22, `Page ${i + 1} of ${n}`, { f, sz: 7.5, al: 'c' });
    else {
      pg.line(36, pg.H - 34, pg.W - 36, pg.H - 34, 0.4);
      pg.t(36, pg.H - 24, o.left || `${ld.broker.name}  |  ${ld.broker.phone}`, { f, sz: 7 });
      pg.t(pg.W - 36, pg.H - 24, `Page ${i + 1} of ${n}`, { f, sz: 7, al: 'r' });
    }
  });
}

// Terms pages then (optionally) a signature page; returns nothing. Repeats a header with the load number.
function termsPages(d, ld, o = {}) {
  const r = d.r;
  const clauses = termsText(r, ld, ld.broker.name, o.termPages > 1);
  const sz = o.sz || (d.famKey === 'C' ? 7 : [7.8, 8.6, 9.8][Math.min(o.termPages, 3) - 1]);
  let pg = null, y = 0, n = 0;
  const head = () => {
    pg = d.page();
    pg.t(36, 40, `${ld.broker.name}`, { f: d.fam[1], sz: 9 });
    pg.t(pg.W - 36, 40, `${o.loadLab} ${ld.loadNo}`, { f: d.fam[1], sz: 9, al: 'r' });
    pg.line(36, 46, pg.W - 36, 46, 0.6);
    pg.t(pg.W / 2, 66, n === 0 ? 'TERMS AND CONDITIONS' : 'TERMS AND CONDITIONS (continued)', { f: d.fam[1], sz: 11, al: 'c' });
    y = 86; n++;
  };
  head();
  clauses.forEach((c, i) => {
    const lines = Math.ceil(pg.width(c, d.fam[0], sz) / (pg.W - 72)) + 1;
    if (y + lines * sz * 1.35 > pg.H - 60) head();
    y = pg.para(36, y, pg.W - 72, `${i + 1}. ${c}`, { sz, lh: sz * 1.35 }) + 6;
  });
  return { pg, y };
}

function signatureBlock(d, ld, pg, y, o = {}) {
  const r = d.r, f = d.fam;
  pg.t(36, y, o.heading || 'ACCEPTED BY CARRIER', { f: f[1], sz: 10 }); y += 14;
  y = pg.para(36, y, pg.W - 72, o.text || `By signing below, Carrier agrees to transport the shipment described in this confirmation under the rates and terms stated herein. Please sign and return to ${ld.broker.email} before dispatch. Carrier's failure to return a signed copy does not void this agreement; acceptance of the load constitutes acceptance of these terms.`, { sz: 8 }) + 24;
  const signed = r.chance(0.5);
  pg.line(36, y, 250, y); pg.line(320, y, pg.W - 40, y);
  if (signed) { pg.signature(50, y - 4, r); pg.t(330, y - 4, L.fmtDate(ld.pickups[0].date, 'mdY'), { sz: 9 }); }
  pg.t(36, y + 10, 'Carrier Signature', { sz: 7.5 }); pg.t(320, y + 10, 'Date', { sz: 7.5 });
  y += 36;
  pg.line(36, y, 250, y); pg.line(320, y, pg.W - 40, y);
  if (signed) { pg.t(40, y - 4, ld.carrier.driver, { sz: 9 }); pg.t(324, y - 4, 'Dispatcher', { sz: 9 }); }
  pg.t(36, y + 10, 'Printed Name', { sz: 7.5 }); pg.t(320, y + 10, 'Title', { sz: 7.5 });
  y += 36;
  pg.line(36, y, 250, y);
  pg.t(40, y - 4, ld.broker.rep, { sz: 9 });
  pg.t(36, y + 10, `For ${ld.broker.name}`, { sz: 7.5 });
  return y + 24;
}

function stopRows(d, ld, withNo) {
  const rows = [];
  const stops = [...ld.pickups, ...ld.deliveries];
  stops.forEach((s, i) => {
    const cl = L.cityLine(d.r, s.addr);
    s.cl = cl;
    d.S(s.type === 'Pickup' ? 'pickup' : 'delivery', L.stopVals(d, s, cl));
    rows.push([...(withNo ? [String(i + 1)] : []), s.type === 'Pickup' ? d.r.pick(['Pickup', 'PU', 'Pick Up', 'Shipper']) : d.r.pick(['Delivery', 'DEL', 'Drop', 'Consignee']),
      s.name, `${s.addr.street}\n${cl.text}`, d.dt(s.date), s.window, s.ref]);
  });
  return rows;
}
function recStops(d, ld, page) {
  const p0 = ld.pickups[0], dl = ld.deliveries[ld.deliveries.length - 1];
  d.F('pickup_date', L.iso(p0.date), d.dt(p0.date), page);
  d.F('pickup_city', p0.cl.city, p0.cl.text, page); d.F('pickup_state', p0.cl.state, p0.cl.text, page);
  d.F('delivery_date', L.iso(dl.date), d.dt(dl.date), page);
  d.F('delivery_city', dl.cl.city, dl.cl.text, page); d.F('delivery_state', dl.cl.state, dl.cl.text, page);
}
function chargeLines(d, ld) {
  const r = d.r;
  const lines = [{ lab: L.lab(d, 'linehaul'), amt: ld.linehaul, f: 'linehaul_usd' }];
  if (ld.fsc) lines.push({ lab: L.lab(d, 'fsc'), amt: ld.fsc, f: 'fuel_surcharge_usd' });
  for (const a of ld.acc) lines.push({ lab: a.desc, amt: a.amt });
  return lines;
}

// ---------------------------------------------------------------- RC L01: classic broker letterhead, stop table
async function rcClassic(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const nPages = [4, 2, 3, 1, 3, 2][d.variant % 6];
  d.totalLast = nPages > 1 && r.chance(0.4);
  const title = r.pick(['Rate Confirmation', 'Carrier Rate Confirmation', 'Load Confirmation', 'RATE CONFIRMATION', 'Rate & Load Confirmation']);
  const loadLab = L.lab(d, 'load');
  let pg = d.page();
  const W = pg.W;
  pg.t(36, 50, ld.broker.name, { f: f[1], sz: 16 }); d.F('broker_name', ld.broker.name, ld.broker.name);
  pg.t(36, 64, ld.broker.addr.street, { sz: 8.5 }); pg.t(36, 75, L.cityLine(r, ld.broker.addr, 'std').text, { sz: 8.5 });
  pg.t(36, 86, `Phone ${ld.broker.phone}  |  ${ld.broker.email}`, { sz: 8.5 });
  pg.t(W - 36, 50, title, { f: f[1], sz: 15, al: 'r' });
  pg.t(W - 36, 68, `${loadLab} ${ld.loadNo}`, { f: f[1], sz: 11, al: 'r' }); d.F('load_number', ld.loadNo, ld.loadNo);
  pg.t(W - 36, 82, `${d.sty('Date')} ${d.dt(L.addDays(ld.pickups[0].date, -r.int(0, 3)))}`, { sz: 8.5, al: 'r' });
  pg.t(W - 36, 93, `${d.sty('Rep')} ${ld.broker.rep}`, { sz: 8.5, al: 'r' });
  pg.line(36, 102, W - 36, 102, 1.2);
  let y = 112;
  pg.bar(36, y, W - 72, 14, r.pick(['CARRIER INFORMATION', 'Carrier', 'CARRIER DETAILS'])); y += 28;
  const kv = (x, yy, label, val, lw = 70) => { const e = pg.t(x, yy, label, { f: f[1], sz: 8.5 }); pg.t(Math.max(x + lw, e + 6), yy, val, { sz: 9 }); };
  kv(40, y, L.lab(d, 'carrier'), ld.carrier.name, 92); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
  kv(W / 2 + 10, y, L.lab(d, 'mc'), d.mcP); d.F('carrier_mc', ld.carrier.mc, d.mcP);
  y += 13;
  kv(40, y, d.sty('Contact'), `${ld.carrier.driver}  ${ld.carrier.phone}`, 92);
  kv(W / 2 + 10, y, L.lab(d, 'dot'), ld.carrier.dot); d.F('carrier_dot', ld.carrier.dot, ld.carrier.dot);
  y += 13;
  kv(40, y, L.lab(d, 'equipment'), ld.equipment, 92); d.F('equipment', ld.equipment, ld.equipment);
  kv(W / 2 + 10, y, d.sty('Truck/Trailer'), `${ld.carrier.truck} / ${ld.carrier.trailer}`);
  y += 14;
  pg.bar(36, y, W - 72, 14, r.pick(['STOPS', 'PICKUP & DELIVERY SCHEDULE', 'Stops'])); y += 18;
  const cw = W - 72;
  y = pg.table(36, y, [{ h: 'Stop', w: 26, al: 'c' }, { h: 'Type', w: 46 }, { h: 'Facility', w: cw * 0.22 }, { h: 'Address', w: cw * 0.26 },
    { h: 'Date', w: 60 }, { h: 'Time', w: 76 }, { h: 'Ref', w: cw - 26 - 46 - cw * 0.48 - 136 }], stopRows(d, ld, true), { sz: 7.5 });
  recStops(d, ld);
  y += 14;
  pg.bar(36, y, W - 72, 14, r.pick(['LOAD DETAILS', 'Commodity', 'SHIPMENT'])); y += 28;
  kv(40, y, L.lab(d, 'commodity'), ld.commodity, 92); d.F('commodity', ld.commodity, ld.commodity);
  kv(W / 2 + 10, y, L.lab(d, 'weight'), d.w.text); d.F('weight_lb', d.w.lb, d.w.text);
  y += 13;
  kv(40, y, d.sty('Pieces'), `${ld.pieces} ${ld.pieceType}`, 92);
  if (ld.temp) kv(W / 2 + 10, y, d.sty('Temp'), ld.temp);
  y += 16;
  // rates box at right, notes at left
  const lines = chargeLines(d, ld);
  const bx = W - 36 - 210, by = y;
  pg.bar(bx, y, 210, 14, r.pick(['RATE', 'CARRIER PAY', 'Rate Breakdown'])); let ry = y + 26;
  for (const ln of lines) {
    pg.t(bx + 6, ry, ln.lab, { sz: 9 }); pg.t(bx + 204, ry, d.m(ln.amt), { sz: 9, al: 'r' });
    if (ln.f) d.F(ln.f, L.money(ln.amt), d.m(ln.amt));
    ry += 13;
  }
  const totLab = L.lab(d, 'rcTotal');
  if (!d.totalLast) {
    pg.line(bx + 6, ry - 8, bx + 204, ry - 8, 0.5);
    pg.t(bx + 6, ry + 3, totLab, { f: f[1], sz: 10 }); pg.t(bx + 204, ry + 3, d.m(ld.total), { f: f[1], sz: 10, al: 'r' });
    d.F('total_usd', L.money(ld.total), d.m(ld.total));
    ry += 12;
  }
  pg.box(bx, by, 210, ry - by + 4);
  let ny = y + 10;
  pg.t(40, ny, d.sty(r.pick(['Notes', 'Special Instructions', 'Comments'])), { f: f[1], sz: 8.5 }); ny += 12;
  ny = pg.para(40, ny, W - 72 - 230, `Detention ${d.m(ld.detention)}/hr after ${ld.freeHours} hrs free with in/out times on BOL. Lumper reimbursed with receipt only. TONU ${d.m(ld.tonu)}. Driver must call ${ld.broker.phone} when loaded and empty. ${ld.reefer ? 'Run reefer continuous. ' : ''}No double brokering.`, { sz: 8 });
  y = Math.max(ny, ry) + 14;
  pg.t(40, y, `${L.lab(d, 'terms')} ${ld.terms}`, { f: f[1], sz: 9 }); d.F('payment_terms', ld.terms, ld.terms);
  y += 20;
  if (nPages === 1) {
    signatureBlock(d, ld, pg, y);
  } else {
    const tp = termsPages(d, ld, { termPages: nPages - 1, loadLab });
    let pg2 = tp.pg, yy = tp.y + 10;
    if (yy > pg2.H - 250) { pg2 = d.page(); yy = 80; }
    if (d.totalLast) {
      pg2.t(36, yy, `${totLab} ${d.m(ld.total)}`, { f: f[1], sz: 11 }); d.F('total_usd', L.money(ld.total), d.m(ld.total));
      yy += 22;
    }
    signatureBlock(d, ld, pg2, yy);
  }
  footers(d, ld);
  return title;
}

// ---------------------------------------------------------------- RC L02: boxed label-above-value grid
async function rcGrid(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['LOAD CONFIRMATION', 'Rate Confirmation', 'Carrier Confirmation', 'RATE AGREEMENT', 'Load Tender']);
  let pg = d.page(); const W = pg.W;
  pg.t(W / 2, 46, title, { f: f[1], sz: 18, al: 'c' });
  pg.t(36, 70, ld.broker.name, { f: f[1], sz: 11 }); d.F('broker_name', ld.broker.name, ld.broker.name);
  pg.t(36, 82, `${ld.broker.addr.street}, ${L.cityLine(r, ld.broker.addr, 'std').text}  -  ${ld.broker.phone}`, { sz: 8 });
  let y = 94;
  const cell = (x, yy, w, h, label, val, o = {}) => {
    pg.box(x, yy, w, h); pg.t(x + 3, yy + 8, label, { sz: 6.5, f: f[0] });
    pg.t(o.al === 'r' ? x + w - 4 : x + 4, yy + h - 5, val, { sz: o.sz || 9.5, f: o.bold ? f[1] : f[0], al: o.al });
  };
  const cw = (W - 72) / 4, h = 28;
  const ldLab = L.lab(d, 'load');
  cell(36, y, cw, h, ldLab, ld.loadNo, { bold: true }); d.F('load_number', ld.loadNo, ld.loadNo);
  cell(36 + cw, y, cw, h, d.sty('Date Booked'), d.dt(L.addDays(ld.pickups[0].date, -1)));
  cell(36 + 2 * cw, y, cw, h, d.sty('Dispatcher'), ld.broker.rep);
  cell(36 + 3 * cw, y, cw, h, L.lab(d, 'equipment'), ld.equipment); d.F('equipment', ld.equipment, ld.equipment);
  y += h;
  cell(36, y, 2 * cw, h, L.lab(d, 'carrier'), ld.carrier.name); d.F('carrier_name', ld.carrier.name, ld.carrier.name);
  cell(36 + 2 * cw, y, cw, h, L.lab(d, 'mc'), d.mcP); d.F('carrier_mc', ld.carrier.mc, d.mcP);
  cell(36 + 3 * cw, y, cw, h, L.lab(d, 'dot'), ld.carrier.dot); d.F('carrier_dot', ld.carrier.dot, ld.carrier.dot);
  y += h;
  cell(36, y, 2 * cw, h, L.lab(d, 'commodity'), ld.commodity); d.F('commodity', ld.commodity, ld.commodity);
  cell(36 + 2 * cw, y, cw, h, L.lab(d, 'weight'), d.w.text); d.F('weight_lb', d.w.lb, d.w.text);
  cell(36 + 3 * cw, y, cw, h, d.sty('Pallets'), String(ld.pieces));
  y += h + 12;
  // stop blocks, two per row
  const stops = [...ld.pickups, ...ld.deliveries];
  let pn = 0, dn = 0;
  const bw = (W - 72 - 10) / 2, bh = 92;
  stops.forEach((s, i) => {
    const col = i % 2, x = 36 + col * (bw + 10);
    if (col === 0 && i > 0) y += bh + 8;
    if (y + bh > pg.H - 200) { pg = d.page(); y = 60; }
    const head = s.type === 'Pickup' ? `PICKUP ${++pn}` : `DELIVERY ${++dn}`;
    pg.bar(x, y, bw, 14, head, { fill: L.GRAY(0.2), c: L.rgb(1, 1, 1) });
    pg.box(x, y + 14, bw, bh - 14);
    const cl = L.cityLine(r, s.addr); s.cl = cl;
    d.S(s.type === 'Pickup' ? 'pickup' : 'delivery', L.stopVals(d, s, cl), pg.idx);
    pg.t(x + 5, y + 27, s.name, { f: f[1], sz: 9 });
    pg.t(x + 5, y + 38, s.addr.street, { sz: 8.5 }); pg.t(x + 5, y + 49, cl.text, { sz: 8.5 });
    pg.t(x + 5, y + 62, `${d.sty('Date')} ${d.dt(s.date)}`, { sz: 8.5 }); pg.t(x + bw / 2, y + 62, `${d.sty('Time')} ${s.window}`, { sz: 8.5 });
    pg.t(x + 5, y + 74, s.ref, { sz: 8.5 }); pg.t(x + bw / 2, y + 74, `${s.contact} ${s.phone}`, { sz: 7.5 });
    if (s === ld.pickups[0] || s === ld.deliveries[ld.deliveries.length - 1]) {
      const pre = s.type === 'Pickup' ? 'pickup' : 'delivery';
      d.F(`${pre}_date`, L.iso(s.date), d.dt(s.date)); d.F(`${pre}_city`, cl.city, cl.text); d.F(`${pre}_state`, cl.state, cl.text);
    }
  });
  y += bh + 14;
  if (y > pg.H - 230) { pg = d.page(); y = 60; }
  const lines = chargeLines(d, ld);
  const rows = lines.map((ln) => [ln.lab, '1', d.m(ln.amt), d.m(ln.amt)]);
  const tw = W - 72;
  y = pg.table(36, y, [{ h: 'Description', w: tw * 0.5 }, { h: 'Qty', w: tw * 0.1, al: 'c' }, { h: 'Rate', w: tw * 0.2, al: 'r' }, { h: 'Amount', w: tw * 0.2, al: 'r' }], rows, { sz: 8.5 });
  for (const ln of lines) if (ln.f) d.F(ln.f, L.money(ln.amt), d.m(ln.amt));
  const totLab = L.lab(d, 'rcTotal');
  pg.rect(36 + tw * 0.5, y, tw * 0.5, 18, { fill: L.GRAY(0.9) });
  pg.t(36 + tw * 0.52, y + 12.5, totLab, { f: f[1], sz: 10 }); pg.t(W - 39, y + 12.5, d.m(ld.total), { f: f[1], sz: 10, al: 'r' });
  d.F('total_usd', L.money(ld.total), d.m(ld.total));
  y += 32;
  pg.t(36, y, `${L.lab(d, 'terms')} ${ld.terms}`, { sz: 9 }); d.F('payment_terms', ld.terms, ld.terms);
  y += 12;
  y = pg.para(36, y, W - 72, `Accessorials only as agreed: detention ${d.m(ld.detention)}/hr after ${ld.freeHours} hours, lumper with receipt, TONU ${d.m(ld.tonu)}. Send invoice, signed BOL and POD to ${ld.broker.email}.`, { sz: 8 }) + 14;
  if (r.chance(0.5)) { const tp = termsPages(d, ld, { termPages: 1, loadLab: ldLab }); pg = tp.pg; y = tp.y + 14; }
  if (y > pg.H - 190) { pg = d.page(); y = 70; }
  signatureBlock(d, ld, pg, y, { heading: r.pick(['CARRIER ACCEPTANCE', 'Accepted by carrier', 'SIGN AND RETURN']) });
  if (d.pages.length > 1) footers(d, ld, { style: 'center' });
  return title;
}

// ---------------------------------------------------------------- RC L03: Courier load tender with dot leaders
async function rcTender(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['CARRIER LOAD TENDER & RATE AGREEMENT', 'LOAD TENDER / RATE CONFIRMATION', 'CARRIER LOAD TENDER & RATE AGREEMENT']);
  const nTerm = r.pick([1, 1, 2]);
  d.totalLast = r.chance(0.5);
  let pg = d.page(); const W = pg.W;
  const sz = 9, lh = 11.5;
  let y = 44;
  pg.t(36, y, ld.broker.name.toUpperCase(), { f: f[1], sz: 12 }); d.F('broker_name', ld.broker.name.toUpperCase(), ld.broker.name.toUpperCase());
  y += lh; pg.t(36, y, `${ld.broker.addr.street.toUpperCase()}, ${L.cityLine(r, ld.broker.addr, 'upper').text}`, { sz });
  y += lh; pg.t(36, y, `TEL ${ld.broker.phone}   ${ld.broker.email.toUpperCase()}`, { sz });
  y += lh * 2; pg.t(W / 2, y, title, { f: f[1], sz: 11, al: 'c' });
  y += 4; pg.t(36, y + 6, '='.repeat(Math.floor((W - 72) / 4.8)), { sz: 8 });
  y += lh * 2;
  const lead = (label, val, x = 36, chars = 22) => {
    const n = Math.max(2, chars - label.length - 1);
    pg.t(x, y, `${label} ${'.'.repeat(n)} ${val}`, { sz });
  };
  const loadLab = r.pick(['LOAD NO', 'TENDER NO', 'LOAD NUMBER', 'ORDER NO', 'SHIPMENT ID']);
  lead(loadLab, ld.loadNo); d.F('load_number', ld.loadNo, ld.loadNo);
  lead('TENDER DATE', d.dt(L.addDays(ld.pickups[0].date, -1)), 345, 18);
  y += lh; lead('CARRIER', ld.carrier.name.toUpperCase()); d.F('carrier_name', ld.carrier.name.toUpperCase(), ld.carrier.name.toUpperCase());
  lead('MC NO', d.mcP, 345, 18); d.F('carrier_mc', ld.carrier.mc, d.mcP);
  y += lh; lead('DISPATCH', ld.carrier.phone); lead('DOT NO', ld.carrier.dot, 345, 18); d.F('carrier_dot', ld.carrier.dot, ld.carrier.dot);
  y += lh; lead('EQUIPMENT', ld.equipment.toUpperCase()); d.F('equipment', ld.equipment.toUpperCase(), ld.equipment.toUpperCase());
  if (ld.temp) lead('TEMP', ld.temp.toUpperCase(), 345, 18);
  y += lh; lead('COMMODITY', ld.commodity.toUpperCase()); d.F('commodity', ld.commodity.toUpperCase(), ld.commodity.toUpperCase());
  lead('WEIGHT', d.w.text.toUpperCase(), 345, 18); d.F('weight_lb', d.w.lb, d.w.text.toUpperCase());
  y += lh; lead('PIECES', `${ld.pieces} ${ld.pieceType.toUpperCase()}`);
  y += lh * 1.5; pg.t(36, y, '-'.repeat(Math.floor((W - 72) / 4.8)), { sz: 8 }); y += lh;
  const stops = [...ld.pickups, ...ld.deliveries];
  let pn = 0, dn = 0;
  stops.forEach((s, i) => {
    if (y > pg.H - 140) { pg = d.page(); y = 60; }
    const cl = L.cityLine(r, s.addr, r.pick(['upper', 'upnospace', 'upper'])); s.cl = cl;
    d.S(s.type === 'Pickup' ? 'pickup' : 'delivery', L.stopVals(d, s, cl, { upper: true }), pg.idx);
    pg.t(36, y, `STOP ${i + 1} - ${s.type === 'Pickup' ? `PICK UP ${++pn}` : `DELIVER ${++dn}`}`, { f: f[1], sz });
    pg.t(300, y, `DATE: ${d.dt(s.date)}   TIME: ${s.window.toUpperCase()}`, { sz });
    y += lh; pg.t(54, y, s.name.toUpperCase(), { sz });
    y += lh; pg.t(54, y, s.addr.street.toUpperCase(), { sz }); pg.t(300, y, `REF: ${s.ref.toUpperCase()}`, { sz });
    y += lh; pg.t(54, y, cl.text, { sz }); pg.t(300, y, `CONTACT: ${s.contact.toUpperCase()}`, { sz });
    if (s === ld.pickups[0] || s === ld.deliveries[ld.deliveries.length - 1]) {
      const pre = s.type === 'Pickup' ? 'pickup' : 'delivery';
      d.F(`${pre}_date`, L.iso(s.date), d.dt(s.date)); d.F(`${pre}_city`, cl.city, cl.text); d.F(`${pre}_state`, cl.state, cl.text);
    }
    y += lh * 1.6;
  });
  if (y > pg.H - 160) { pg = d.page(); y = 60; }
  pg.t(36, y, '-'.repeat(Math.floor((W - 72) / 4.8)), { sz: 8 }); y += lh;
  pg.t(36, y, 'CARRIER RATE', { f: f[1], sz }); y += lh;
  const lines = chargeLines(d, ld);
  for (const ln of lines) {
    pg.t(54, y, ln.lab.toUpperCase(), { sz }); pg.t(330, y, d.m(ln.amt), { sz, al: 'r' });
    if (ln.f) d.F(ln.f, L.money(ln.amt), d.m(ln.amt));
    y += lh;
  }
  const totLab = r.pick(['TOTAL CARRIER PAY', 'TOTAL RATE', 'TOTAL', 'ALL-IN RATE']);
  if (!d.totalLast) {
    pg.t(230, y - 4, '----------', { sz }); y += lh - 2;
    pg.t(54, y, totLab, { f: f[1], sz }); pg.t(330, y, d.m(ld.total), { f: f[1], sz, al: 'r' }); d.F('total_usd', L.money(ld.total), d.m(ld.total));
    y += lh;
  }
  y += lh / 2;
  pg.t(36, y, `PAYMENT TERMS: ${ld.terms.toUpperCase()}`, { sz }); d.F('payment_terms', ld.terms.toUpperCase(), ld.terms.toUpperCase());
  y += lh * 1.5;
  y = pg.para(36, y, W - 72, `DETENTION ${d.m(ld.detention)} PER HOUR AFTER ${ld.freeHours} HOURS FREE. LUMPER REIMBURSED WITH RECEIPT. TONU ${d.m(ld.tonu)}. SEE ATTACHED TERMS.`, { sz: 8 });
  const tp = termsPages(d, ld, { termPages: nTerm, loadLab, sz: nTerm > 1 ? 8.2 : 7 });
  let pg2 = tp.pg, yy = tp.y + 10;
  if (yy > pg2.H - 260) { pg2 = d.page(); yy = 70; }
  if (d.totalLast) {
    pg2.t(36, yy, `AGREED ${totLab}: ${d.m(ld.total)}`, { f: f[1], sz: 10 }); d.F('total_usd', L.money(ld.total), d.m(ld.total));
    yy += 22;
  }
  signatureBlock(d, ld, pg2, yy, { heading: 'CARRIER ACCEPTANCE' });
  footers(d, ld, { left: `${ld.broker.name.toUpperCase()}   ${loadLab} ${ld.loadNo}` });
  return title;
}

// ---------------------------------------------------------------- RC L04: two-column header, shipper/consignee side by side
async function rcTwoCol(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['Rate Confirmation', 'Load Confirmation', 'Carrier Rate Confirmation', 'Freight Rate Confirmation']);
  let pg = d.page(); const W = pg.W;
  // left: broker block; right: two-column key/value block
  pg.rect(36, 36, W - 72, 4, { fill: L.rgb(0.15, 0.3, 0.55), lw: 0 });
  pg.t(36, 62, ld.broker.name, { f: f[1], sz: 14, c: L.rgb(0.15, 0.3, 0.55) }); d.F('broker_name', ld.broker.name, ld.broker.name);
  pg.t(36, 75, ld.broker.addr.street, { sz: 8 }); pg.t(36, 85, L.cityLine(r, ld.broker.addr, 'std').text, { sz: 8 });
  pg.t(36, 95, ld.broker.phone, { sz: 8 });
  pg.t(36, 118, title, { f: f[1], sz: 13 });
  const kx = W - 250; let ky = 58;
  const rowsKV = [[L.lab(d, 'load'), ld.loadNo, 'load_number'], [d.sty('Ship Date'), d.dt(ld.pickups[0].date), null],
    [d.sty('Booked By'), ld.broker.rep, null], [d.sty('Phone'), ld.broker.phone, null], [d.sty('Email'), ld.broker.email, null]];
  for (const [k, v, fld] of rowsKV) {
    const e = pg.t(kx, ky, k, { f: f[1], sz: 8 }); pg.t(Math.max(kx + 74, e + 6), ky, v, { sz: 8.5 });
    if (fld) d.F(fld, v, v);
    ky += 11.5;
  }
  let y = 132;
  // carrier strip
  pg.box(36, y, W - 72, 40);
  const cx = [40, 40 + (W - 72) * 0.42, 40 + (W - 72) * 0.62, 40 + (W - 72) * 0.8];
  const ch = [L.lab(d, 'carrier'), L.lab(d, 'mc'), L.lab(d, 'dot'), L.lab(d, 'equipment')];
  const cv = [ld.carrier.name, d.mcP, ld.carrier.dot, ld.equipment];
  ch.forEach((h, i) => { pg.t(cx[i], y + 12, h, { f: f[1], sz: 7.5 }); pg.t(cx[i], y + 28, cv[i], { sz: 8.5 }); });
  d.F('carrier_name', ld.carrier.name, ld.carrier.name); d.F('carrier_mc', ld.carrier.mc, d.mcP);
  d.F('carrier_dot', ld.carrier.dot, ld.carrier.dot); d.F('equipment', ld.equipment, ld.equipment);
  y += 52;
  // side-by-side stop columns
  const colW = (W - 72 - 12) / 2;
  const drawCol = (x, stops, head) => {
    let yy = y;
    stops.forEach((s, i) => {
      pg.bar(x, yy, colW, 14, stops.length > 1 ? `${head} ${i + 1}` : head);
      pg.box(x, yy + 14, colW, 80);
      const cl = L.cityLine(r, s.addr); s.cl = cl;
      d.S(s.type === 'Pickup' ? 'pickup' : 'delivery', L.stopVals(d, s, cl), pg.idx);
      pg.t(x + 5, yy + 27, s.name, { f: f[1], sz: 9 });
      pg.t(x + 5, yy + 38, s.addr.street, { sz: 8.5 });
      pg.t(x + 5, yy + 49, cl.text, { sz: 8.5 });
      pg.t(x + 5, yy + 62, `${d.sty('Date')} ${d.dt(s.date)}    ${s.window}`, { sz: 8.5 });
      pg.t(x + 5, yy + 74, `${s.ref}    ${s.phone}`, { sz: 8 });
      pg.t(x + 5, yy + 86, d.sty('Notes') + ' ' + r.pick(['Check in at guard shack', 'Driver must have load locks', 'No overnight parking', 'Unload by lumper', 'Live load', 'Drop trailer']), { sz: 7.5 });
      yy += 102;
    });
    return yy;
  };
  const y1 = drawCol(36, ld.pickups, r.pick(['SHIPPER / PICK UP', 'ORIGIN', 'PICK UP']));
  const y2 = drawCol(36 + colW + 12, ld.deliveries, r.pick(['CONSIGNEE / DELIVER TO', 'DESTINATION', 'DELIVERY']));
  recStops(d, ld);
  y = Math.max(y1, y2) + 4;
  pg.t(36, y, `${L.lab(d, 'commodity')} ${ld.commodity}`, { sz: 9 }); d.F('commodity', ld.commodity, ld.commodity);
  pg.t(W / 2, y, `${L.lab(d, 'weight')} ${d.w.text}`, { sz: 9 }); d.F('weight_lb', d.w.lb, d.w.text);
  y += 12;
  pg.t(36, y, `${d.sty('Count')} ${ld.pieces} ${ld.pieceType}`, { sz: 9 }); if (ld.temp) pg.t(W / 2, y, `${d.sty('Temperature')} ${ld.temp}`, { sz: 9 });
  y += 18;
  if (y > pg.H - 230) { pg = d.page(); y = 60; }
  const y0 = y;
  const lines = chargeLines(d, ld);
  const rows = lines.map((ln) => [ln.lab, d.m(ln.amt)]);
  y = pg.table(W - 36 - 240, y, [{ h: r.pick(['Charge', 'Rate Item', 'Description']), w: 150 }, { h: 'Amount', w: 90, al: 'r' }], rows, { sz: 8.5, noColLines: true });
  for (const ln of lines) if (ln.f) d.F(ln.f, L.money(ln.amt), d.m(ln.amt));
  const totLab = L.lab(d, 'rcTotal');
  pg.t(W - 36 - 236, y + 14, totLab, { f: f[1], sz: 10 }); pg.t(W - 39, y + 14, d.m(ld.total), { f: f[1], sz: 10, al: 'r' });
  pg.line(W - 36 - 240, y + 19, W - 36, y + 19, 1);
  d.F('total_usd', L.money(ld.total), d.m(ld.total));
  let ny = y0 + 12;
  pg.t(36, ny, `${L.lab(d, 'terms')}`, { f: f[1], sz: 9 }); pg.t(36, ny + 12, ld.terms, { sz: 9 }); d.F('payment_terms', ld.terms, ld.terms);
  y += 40;
  if (r.chance(0.4)) {
    const tp = termsPages(d, ld, { termPages: r.pick([1, 2]), loadLab: 'Load #' });
    pg = tp.pg; y = tp.y + 14;
    if (y > pg.H - 180) { pg = d.page(); y = 70; }
  } else if (y > pg.H - 180) { pg = d.page(); y = 70; }
  signatureBlock(d, ld, pg, y);
  if (d.pages.length > 1) footers(d, ld);
  return title;
}

// ---------------------------------------------------------------- RC L05: formal Times agreement
async function rcAgreement(d, ld) {
  prep(d, ld); const r = d.r, f = d.fam;
  const title = r.pick(['Broker-Carrier Rate Agreement', 'Carrier Load Tender & Rate Agreement', 'Rate Agreement and Load Confirmation']);
  let pg = d.page(); const W = pg.W;
  pg.t(W / 2, 52, ld.broker.name, { f: f[1], sz: 16, al: 'c' }); d.F('broker_name', ld.broker.name, ld.broker.name);
  pg.t(W / 2, 66, `${ld.broker.addr.street} - ${L.cityLine(r, ld.broker.addr, 'std').text} - ${ld.broker.phone}`, { sz: 9, al: 'c' });
  pg.line(60, 74, W - 60, 74, 0.8); pg.line(60, 76.5, W - 60, 76.5, 0.4);
  pg.t(W / 2, 100, title.toUpperCase(), { f: f[1], sz: 13, al: 'c' });
  let y = 122;
  const loadLab = L.lab(d, 'load');
  pg.t(60, y, `${loadLab} ${ld.loadNo}`, { f: f[1], sz: 11 }); d.F('load_number', ld.loadNo, ld.loadNo);
  pg.t(W - 60, y, d.dt(L.addDays(ld.pickups[0].date, -2)), { sz: 11, al: 'r' });
  y += 22;
  y = pg.para(60, y, W - 120, `This agreement confirms the rate and terms under which the motor carrier named below will transport the shipment described herein on behalf of ${ld.broker.name} ("Broker"). Carrier represents that it holds active operating authority and the insurance required by the Broker-Carrier Agreement on file.`, { sz: 10, lh: 13 }) + 10;
  const kv = (label, val, fld, norm) => {
    const e = pg.t(60, y, label, { f: f[1], sz: 10 }); pg.t(Math.max(200, e + 8), y, val, { sz: 10 });
    if (fld) d.F(fld, norm === undefined ? val : norm, val);
    y += 14;
  };
  kv(L.lab(d, 'carrier'), ld.carrier.name, 'carrier_name');
  kv(d.sty('Authority'), `MC ${ld.carrier.mc} / USDOT ${ld.carrier.dot}`);
  d.F('carrier_mc', ld.carrier.mc, `MC ${ld.carrier.mc}`); d.F('carrier_dot', ld.carrier.dot, `USDOT ${ld.carrier.dot}`);
  kv(L.lab(d, 'equipment'), ld.equipment, 'equipment');
  kv(L.lab(d, 'commodity'), ld.commodity, 'commodity');
  kv(L.lab(d, 'weight'), d.w.text, 'weight_lb', d.w.lb);
  y += 8;
  pg.t(60, y, 'Itinerary', { f: f[1], sz: 11 }); y += 6;
  const tw = W - 120;
  const rows = [...ld.pickups, ...ld.deliveries].map((s) => {
    const cl = L.cityLine(r, s.addr); s.cl = cl;
    d.S(s.type === 'Pickup' ? 'pickup' : 'delivery', L.stopVals(d, s, cl), pg.idx);
    return [s.type, `${s.name}\n${s.addr.street}, ${cl.text}`, `${d.dt(s.date)}\n${s.window}`, s.ref];
  });
  y = pg.table(60, y, [{ h: 'Stop', w: tw * 0.12 }, { h: 'Location', w: tw * 0.5 }, { h: 'Date / Time', w: tw * 0.2 }, { h: 'Reference', w: tw * 0.18 }], rows, { sz: 8.5, headFill: L.GRAY(0.93) });
  recStops(d, ld);
  y += 16;
  if (y > pg.H - 200) { pg = d.page(); y = 70; }
  pg.t(60, y, 'Compensation', { f: f[1], sz: 11 }); y += 16;
  const lines = chargeLines(d, ld);
  for (const ln of lines) {
    pg.t(80, y, ln.lab, { sz: 10 }); pg.t(360, y, d.m(ln.amt), { sz: 10, al: 'r' });
    if (ln.f) d.F(ln.f, L.money(ln.amt), d.m(ln.amt));
    y += 13;
  }
  pg.line(260, y - 8, 362, y - 8, 0.5);
  const totLab = L.lab(d, 'rcTotal');
  pg.t(80, y + 2, totLab, { f: f[1], sz: 10.5 }); pg.t(360, y + 2, d.m(ld.total), { f: f[1], sz: 10.5, al: 'r' });
  d.F('total_usd', L.money(ld.total), d.m(ld.total));
  y += 22;
  pg.t(60, y, `${L.lab(d, 'terms')} ${ld.terms}`, { sz: 10 }); d.F('payment_terms', ld.terms, ld.terms);
  y += 18;
  y = pg.para(60, y, W - 120, `Accessorial charges are payable only as stated: detention at ${d.m(ld.detention)} per hour after ${ld.freeHours} free hours; lumper fees with an original receipt; TONU ${d.m(ld.tonu)}. Any other charge requires Broker's written approval before it is incurred.`, { sz: 9.5, lh: 12 }) + 10;
  if (r.chance(0.6)) { const tp = termsPages(d, ld, { termPages: 1, loadLab }); pg = tp.pg; y = tp.y + 14; }
  if (y > pg.H - 190) { pg = d.page(); y = 70; }
  signatureBlock(d, ld, pg, y, { heading: 'ACCEPTED AND AGREED' });
  if (d.pages.length > 1) footers(d, ld, { style: 'center' });
  return title;
}

module.exports = { rcClassic, rcGrid, rcTender, rcTwoCol, rcAgreement };
