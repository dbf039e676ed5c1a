'use strict';
// "other" documents: look like freight paperwork in places, but are none of the five kinds.
const L = require('./lib');

// ---------------------------------------------------------------- L18: SaaS invoice (not a carrier invoice)
async function saasInvoice(d, ld) {
  const r = d.r, f = d.fam; const pg = d.page(); const W = pg.W;
  const vendor = r.pick(['CloudMetric Inc.', 'Stackwise Software LLC', 'Nimbus Analytics, Inc.', 'DocuRoute SaaS Corp.', 'Brightlane Cloud Inc.']);
  const dt = L.randDate(r); const ds = r.pick(L.DATE_STYLES);
  pg.rect(36, 40, 24, 24, { fill: L.rgb(0.35, 0.3, 0.8), lw: 0 });
  pg.t(68, 58, vendor, { f: f[1], sz: 14 });
  pg.t(W - 36, 58, 'Invoice', { f: f[1], sz: 20, al: 'r' });
  let y = 96;
  const kv = (k, v) => { pg.t(W - 220, y, k, { f: f[1], sz: 9 }); pg.t(W - 36, y, v, { sz: 9, al: 'r' }); y += 13; };
  kv('Invoice Number', `${vendor.slice(0, 3).toUpperCase()}-${r.digits(6)}`); kv('Date of issue', L.fmtDate(dt, ds)); kv('Date due', L.fmtDate(L.addDays(dt, 30), ds));
  y = 96;
  pg.t(36, y, 'Bill To', { f: f[1], sz: 9 }); pg.t(36, y + 13, ld.broker.name, { sz: 9 }); pg.t(36, y + 25, `Accounts Payable`, { sz: 9 });
  pg.t(36, y + 37, `${ld.broker.addr.street}, ${L.cityLine(r, ld.broker.addr).text}`, { sz: 9 });
  y = 170;
  const seats = r.int(5, 60), per = r.pick([1500, 2900, 4900, 9900]);
  const items = [[`${r.pick(['Pro plan', 'Business plan', 'Team plan'])} - per seat (${L.fmtDate(dt, 'MonDY')} - ${L.fmtDate(L.addDays(dt, 30), 'MonDY')})`, String(seats), L.fmtMoney(per, 'dollar'), seats * per],
    ['API requests overage (per 10k)', String(r.int(1, 40)), '$2.00', 0], ['Document storage add-on', '1', L.fmtMoney(r.pick([4900, 9900]), 'dollar'), 0]];
  items[1][3] = +items[1][1] * 200; items[2][3] = Math.round(parseFloat(items[2][2].slice(1)) * 100);
  const sub = items.reduce((a, i) => a + i[3], 0), tax = Math.round(sub * 0.0725);
  const tw = W - 72;
  pg.t(36, y, `${L.fmtMoney(sub + tax, 'dollar')} due ${L.fmtDate(L.addDays(dt, 30), 'MonthDY')}`, { f: f[1], sz: 14 }); y += 20;
  y = pg.table(36, y, [{ h: 'Description', w: tw * 0.55 }, { h: 'Qty', w: tw * 0.1, al: 'c' }, { h: 'Unit price', w: tw * 0.15, al: 'r' }, { h: 'Amount', w: tw * 0.2, al: 'r' }],
    items.map((i) => [i[0], i[1], i[2], L.fmtMoney(i[3], 'dollar')]), { sz: 8.5, noColLines: true, headFill: false });
  y += 16;
  for (const [k, v, b] of [['Subtotal', sub], ['Sales tax (7.25%)', tax], ['Total', sub + tax], ['Amount Due', sub + tax, true]]) {
    pg.t(W - 200, y, k, { f: b ? f[1] : f[0], sz: 9.5 }); pg.t(W - 36, y, L.fmtMoney(v, 'usd'), { f: b ? f[1] : f[0], sz: 9.5, al: 'r' }); y += 14;
  }
  y += 20;
  pg.para(36, y, W - 72, `Pay online at billing.${vendor.split(' ')[0].toLowerCase()}.example or by card on file. Subscription renews automatically each month. Questions? Contact support. This invoice is for software services and is not a freight bill.`, { sz: 8 });
  return 'Invoice';
}

// ---------------------------------------------------------------- L19: trucking newsletter
async function newsletter(d, ld) {
  const r = d.r, f = d.fam; const pg = d.page(); const W = pg.W;
  const name = r.pick(['The Open Road', 'Dispatch Digest', 'Highway Lines', 'The Fifth Wheel Report']);
  pg.t(W / 2, 60, name, { f: f[1], sz: 26, al: 'c' });
  pg.t(W / 2, 76, `${ld.broker.name} carrier newsletter  -  ${L.MONTH[r.int(0, 11)]} 2026  -  Issue ${r.int(10, 90)}`, { f: f[2], sz: 9, al: 'c' });
  pg.line(36, 84, W - 36, 84, 1.5);
  const colW = (W - 72 - 20) / 2;
  const arts = [
    ['Diesel prices ease into fall', `The national average for diesel fell ${r.int(3, 12)} cents this month to ${L.fmtMoney(r.int(340, 420), 'dollar')} per gallon. Our fuel surcharge table follows the DOE index weekly, so loads booked after Monday carry the new FSC. Remember that the fuel surcharge on your rate confirmation is the only FSC we pay.`],
    ['Getting paid faster', 'Most invoice delays come from missing paperwork. Send the signed bill of lading, a clean proof of delivery and any lumper receipt with your invoice. Our quick pay program pays in 48 hours for a 2% fee; standard terms remain Net 30 from receipt of complete documents.'],
    ['Detention: what counts', `Detention starts after ${ld.freeHours} free hours when you arrive on time for your appointment. Have the receiver write in and out times on the BOL. Call dispatch as soon as you reach the free time so we can notify the customer.`],
    ['Driver of the month', `Congratulations to ${L.person(r)} of ${ld.carrier.name}, who ran ${r.int(20, 60)} loads with us this quarter with zero service failures and every POD turned in the same day.`],
    ['Lane spotlight', `We have steady reefer freight from ${ld.pickups[0].addr.city}, ${ld.pickups[0].addr.state} to ${ld.deliveries[0].addr.city}, ${ld.deliveries[0].addr.state}, four loads a week, with drop trailer at the shipper. Call our carrier sales team to get on the lane.`],
    ['Safety corner', 'Winter is coming: check tire chains, wiper blades and the reefer unit before the first cold snap. A TONU is never worth a rushed pre-trip inspection.'],
  ];
  let y = [104, 104]; let col = 0;
  for (const [h, body] of arts) {
    const x = 36 + col * (colW + 20);
    pg.t(x, y[col], h, { f: f[1], sz: 12 });
    y[col] = pg.para(x, y[col] + 16, colW, body, { sz: 9, lh: 12 }) + 16;
    col = y[0] <= y[1] ? 0 : 1;
  }
  pg.rect(36, Math.max(...y) + 4, W - 72, 40, { fill: L.GRAY(0.92), lw: 0.5 });
  pg.t(W / 2, Math.max(...y) + 28, `Questions? ${ld.broker.phone}  |  ${ld.broker.email}`, { f: f[1], sz: 10, al: 'c' });
  return name;
}

// ---------------------------------------------------------------- L20: W-9-like taxpayer form
async function w9(d, ld) {
  const r = d.r, f = d.fam; const pg = d.page(); const W = pg.W;
  pg.t(36, 36, 'Form W-9 (carrier copy)', { f: f[1], sz: 9 });
  pg.t(W / 2, 52, 'Request for Taxpayer Identification Number and Certification', { f: f[1], sz: 11.5, al: 'c' });
  pg.line(36, 58, W - 36, 58, 1.4);
  let y = 62;
  const row = (n, label, val, h = 30) => { pg.box(36, y, W - 72, h); pg.t(40, y + 9, `${n} ${label}`, { sz: 7 }); pg.t(52, y + 23, val, { sz: 10 }); y += h; };
  row('1', 'Name (as shown on your income tax return).', ld.carrier.name);
  row('2', 'Business name/disregarded entity name, if different from above', '');
  pg.box(36, y, W - 72, 40); pg.t(40, y + 9, '3 Check appropriate box for federal tax classification:', { sz: 7 });
  const cls = ['Individual/sole proprietor', 'C Corporation', 'S Corporation', 'Partnership', 'Limited liability company'];
  const pick = r.int(0, 4); let xx = 44;
  cls.forEach((c, i) => { pg.check(xx, y + 28, i === pick, 8); pg.t(xx + 11, y + 27, c, { sz: 7.5 }); xx += pg.width(c, f[0], 7.5) + 24; });
  y += 40;
  row('5', 'Address (number, street, and apt. or suite no.)', ld.carrier.addr.street);
  row('6', 'City, state, and ZIP code', L.cityLine(r, ld.carrier.addr).text);
  row('7', 'List account number(s) here (optional)', `MC ${ld.carrier.mc} / USDOT ${ld.carrier.dot}`);
  y += 10;
  pg.bar(36, y, W - 72, 14, 'Part I   Taxpayer Identification Number (TIN)'); y += 24;
  pg.t(40, y, 'Employer identification number', { sz: 8 }); pg.t(220, y, `${r.digits(2)} - ${r.digits(7)}`, { f: 'CB', sz: 12 }); y += 24;
  pg.bar(36, y, W - 72, 14, 'Part II   Certification'); y += 24;
  y = pg.para(40, y, W - 80, 'Under penalties of perjury, I certify that: 1. The number shown on this form is my correct taxpayer identification number; 2. I am not subject to backup withholding because I am exempt from backup withholding, or I have not been notified by the Internal Revenue Service that I am subject to backup withholding; 3. I am a U.S. citizen or other U.S. person; and 4. The FATCA code(s) entered on this form, if any, indicating that I am exempt from FATCA reporting is correct.', { sz: 8 }) + 30;
  pg.t(40, y, 'Sign Here', { f: f[1], sz: 9 }); pg.line(100, y, 360, y); pg.signature(110, y - 3, r, 110); pg.t(380, y, `Date  ${L.fmtDate(L.randDate(r), 'mdY')}`, { sz: 9 });
  return 'W-9';
}

// ---------------------------------------------------------------- L21: certificate of liability insurance
async function coi(d, ld) {
  const r = d.r, f = d.fam; const pg = d.page(); const W = pg.W;
  const dt = L.randDate(r);
  pg.t(36, 48, 'CERTIFICATE OF LIABILITY INSURANCE', { f: f[1], sz: 14 });
  pg.t(W - 36, 48, `DATE (MM/DD/YYYY) ${L.fmtDate(dt, 'mdY')}`, { sz: 8, al: 'r' });
  let y = 58;
  y = pg.para(36, y, W - 72, 'THIS CERTIFICATE IS ISSUED AS A MATTER OF INFORMATION ONLY AND CONFERS NO RIGHTS UPON THE CERTIFICATE HOLDER. THIS CERTIFICATE DOES NOT AFFIRMATIVELY OR NEGATIVELY AMEND, EXTEND OR ALTER THE COVERAGE AFFORDED BY THE POLICIES BELOW.', { sz: 7, f: f[1] }) + 4;
  const half = (W - 72) / 2;
  const agency = r.pick(['Midwest Transportation Insurance Agency', 'TruckGuard Insurance Services', 'Roadway Risk Partners LLC']);
  pg.box(36, y, half, 70); pg.t(40, y + 10, 'PRODUCER', { sz: 7 }); pg.t(44, y + 24, agency, { sz: 9 }); pg.t(44, y + 36, L.address(r).street, { sz: 8.5 }); pg.t(44, y + 48, L.cityLine(r, L.address(r)).text, { sz: 8.5 });
  pg.box(36 + half, y, half, 70); pg.t(40 + half, y + 10, 'INSURER(S) AFFORDING COVERAGE', { sz: 7 });
  pg.t(44 + half, y + 24, `INSURER A: ${r.pick(['Great Prairie Casualty Co.', 'Northern Shield Insurance Co.', 'Atlantic Mutual Fleet Ins.'])}`, { sz: 8.5 });
  pg.t(44 + half, y + 36, `INSURER B: ${r.pick(['Cargo Underwriters of America', 'Interstate Cargo Insurance Co.'])}`, { sz: 8.5 });
  y += 70;
  pg.box(36, y, W - 72, 56); pg.t(40, y + 10, 'INSURED', { sz: 7 });
  pg.t(44, y + 24, ld.carrier.name, { sz: 9.5 }); pg.t(44, y + 36, ld.carrier.addr.street, { sz: 8.5 }); pg.t(44, y + 48, L.cityLine(r, ld.carrier.addr).text, { sz: 8.5 });
  pg.t(W - 200, y + 24, `MC ${ld.carrier.mc}   DOT ${ld.carrier.dot}`, { sz: 8.5 });
  y += 64;
  pg.t(36, y, 'COVERAGES', { f: f[1], sz: 9 }); y += 6;
  const tw = W - 72;
  const pol = () => `${r.pick(['CA', 'MTC', 'GL', 'TRK'])}${r.digits(7)}`;
  const eff = L.fmtDate(dt, 'mdY'), exp = L.fmtDate(L.addDays(dt, 365), 'mdY');
  y = pg.table(36, y, [{ h: 'LTR', w: tw * 0.05, al: 'c' }, { h: 'TYPE OF INSURANCE', w: tw * 0.3 }, { h: 'POLICY NUMBER', w: tw * 0.16 }, { h: 'EFF', w: tw * 0.11 }, { h: 'EXP', w: tw * 0.11 }, { h: 'LIMITS', w: tw * 0.27 }], [
    ['A', 'AUTOMOBILE LIABILITY\nANY AUTO / SCHEDULED AUTOS', pol(), eff, exp, 'COMBINED SINGLE LIMIT\n$1,000,000'],
    ['A', 'COMMERCIAL GENERAL LIABILITY', pol(), eff, exp, 'EACH OCCURRENCE $1,000,000\nGENERAL AGGREGATE $2,000,000'],
    ['B', 'MOTOR TRUCK CARGO', pol(), eff, exp, `LIMIT $${r.pick(['100,000', '250,000'])}\nDEDUCTIBLE $2,500`],
    ['A', "WORKERS COMPENSATION AND\nEMPLOYERS' LIABILITY", pol(), eff, exp, 'E.L. EACH ACCIDENT $500,000'],
  ], { sz: 7.5, hsz: 7 });
  y += 8;
  pg.box(36, y, W - 72, 40); pg.t(40, y + 10, 'DESCRIPTION OF OPERATIONS / LOCATIONS / VEHICLES', { sz: 7 });
  pg.t(44, y + 26, `Certificate holder is named as additional insured with respect to loads brokered to the insured. Reefer breakdown included.`, { sz: 8 });
  y += 48;
  pg.box(36, y, half, 60); pg.t(40, y + 10, 'CERTIFICATE HOLDER', { sz: 7 });
  pg.t(44, y + 24, ld.broker.name, { sz: 9 }); pg.t(44, y + 36, ld.broker.addr.street, { sz: 8.5 }); pg.t(44, y + 48, L.cityLine(r, ld.broker.addr).text, { sz: 8.5 });
  pg.box(36 + half, y, half, 60); pg.t(40 + half, y + 10, 'AUTHORIZED REPRESENTATIVE', { sz: 7 }); pg.signature(60 + half, y + 44, r, 120);
  return 'Certificate of Liability Insurance';
}

// ---------------------------------------------------------------- L22: fuel card statement
async function fuelStatement(d, ld) {
  const r = d.r, f = d.fam; const pg = d.page(); const W = pg.W;
  const issuer = r.pick(['FleetFuel Card Services', 'RoadMiles Fuel Card', 'DieselPoint Fleet Cards']);
  const dt = L.randDate(r);
  pg.t(36, 50, issuer, { f: f[1], sz: 15 });
  pg.t(W - 36, 50, 'Fuel Card Statement', { f: f[1], sz: 13, al: 'r' });
  pg.t(36, 66, `Account: ${ld.carrier.name}   Acct # ${r.digits(4)}-${r.digits(6)}`, { sz: 9 });
  pg.t(36, 78, `Statement period: ${L.fmtDate(L.addDays(dt, -14), 'mdY')} - ${L.fmtDate(dt, 'mdY')}`, { sz: 9 });
  const stops = ["Pilot #", "Love's #", 'TA #', 'Petro #', 'Flying J #', 'Speedway #'];
  const rows = []; let tot = 0, gal = 0;
  for (let i = 0; i < r.int(8, 16); i++) {
    const c = r.pick(L.CITIES), g = r.int(60, 190) + r.int(0, 99) / 100, ppg = r.int(329, 419) / 100;
    const amt = Math.round(g * ppg * 100); tot += amt; gal += g;
    rows.push([L.fmtDate(L.addDays(dt, -14 + i), 'mdY'), `${r.pick(stops)}${r.int(100, 999)}`, `${c[0]}, ${c[1]}`, `${r.int(100, 999)}`, g.toFixed(2), `$${ppg.toFixed(3)}`, L.fmtMoney(amt, 'dollar')]);
  }
  const tw = W - 72;
  let y = pg.table(36, 96, [{ h: 'Date', w: tw * 0.13 }, { h: 'Merchant', w: tw * 0.17 }, { h: 'Location', w: tw * 0.22 }, { h: 'Unit', w: tw * 0.08, al: 'c' },
    { h: 'Gallons', w: tw * 0.12, al: 'r' }, { h: 'PPG', w: tw * 0.12, al: 'r' }, { h: 'Amount', w: tw * 0.16, al: 'r' }], rows, { sz: 8 });
  y += 16;
  const disc = Math.round(gal * 12);
  for (const [k, v, b] of [['Total fuel purchases', tot], ['Network discount', -disc], ['Total Due', tot - disc, true]]) {
    pg.t(W - 200, y, k, { f: b ? f[1] : f[0], sz: 9.5 }); pg.t(W - 36, y, (v < 0 ? '-' : '') + L.fmtMoney(Math.abs(v), 'dollar'), { f: b ? f[1] : f[0], sz: 9.5, al: 'r' }); y += 14;
  }
  pg.t(36, y, `Payment due ${L.fmtDate(L.addDays(dt, 7), 'MonDY')} by ACH auto-draft.`, { sz: 9 });
  return 'Fuel Card Statement';
}

module.exports = { saasInvoice, newsletter, w9, coi, fuelStatement };
