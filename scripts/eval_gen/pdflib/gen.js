#!/usr/bin/env node
'use strict';
// Evaluation corpus generator for freightdesk, drawn with pdf-lib and the 14 standard PDF fonts.
// Written without looking at the extractor: see README.md. Deterministic: same bytes every run.
//
//   node scripts/eval_gen/pdflib/gen.js [OUT_DIR]      (default samples/eval/corpus/pdflib)
//
// Writes NAME.pdf + NAME.expected.json for ~80 documents, ~20 NAME_scan.jpg/png made from their
// first pages (pdftoppm + Pillow, scan.py), and MANIFEST.json. Then checks every expected value's
// printed form against `pdftotext -layout` of its page and exits non-zero if one is missing.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { Doc } = require('./lib');
const { mkLoad } = require('./model');
const RC = require('./rc'), INV = require('./inv'), BOL = require('./bol'), OTH = require('./other');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUT = path.resolve(process.argv[2] || path.join(ROOT, 'samples/eval/corpus/pdflib'));
const SEED = 20260714;

// layout id, kind, drawing function, count, font family ('*' = Helvetica or Times at random)
const PLAN = [
  ['L01', 'rate_confirmation', RC.rcClassic, 6, '*'],
  ['L02', 'rate_confirmation', RC.rcGrid, 4, 'H'],
  ['L03', 'rate_confirmation', RC.rcTender, 4, 'C'],
  ['L04', 'rate_confirmation', RC.rcTwoCol, 4, '*'],
  ['L05', 'rate_confirmation', RC.rcAgreement, 4, 'T'],
  ['L06', 'carrier_invoice', INV.invModern, 5, '*'],
  ['L07', 'carrier_invoice', INV.invFreightBill, 5, 'H'],
  ['L08', 'carrier_invoice', INV.invLetter, 5, 'T'],
  ['L09', 'carrier_invoice', INV.invGrid, 5, 'H'],
  ['L10', 'bill_of_lading', BOL.bolVics, 5, 'H'],
  ['L11', 'bill_of_lading', BOL.bolShort, 5, 'T'],
  ['L12', 'bill_of_lading', BOL.bolPlain, 4, 'C'],
  ['L13', 'proof_of_delivery', BOL.podReceipt, 4, '*'],
  ['L14', 'proof_of_delivery', BOL.podElectronic, 3, 'H'],
  ['L15', 'proof_of_delivery', BOL.podStampedBol, 3, 'T'],
  ['L16', 'lumper_receipt', BOL.lumpSlip, 3, 'C'],
  ['L17', 'lumper_receipt', BOL.lumpTable, 3, '*'],
  ['L18', 'other', OTH.saasInvoice, 2, 'H'],
  ['L19', 'other', OTH.newsletter, 1, 'T'],
  ['L20', 'other', OTH.w9, 1, 'H'],
  ['L21', 'other', OTH.coi, 2, 'H'],
  ['L22', 'other', OTH.fuelStatement, 2, '*'],
];
const ABBR = { rate_confirmation: 'rc', carrier_invoice: 'inv', bill_of_lading: 'bol', proof_of_delivery: 'pod', lumper_receipt: 'lump', other: 'other' };
const CANON = {
  rate_confirmation: ['load_number', 'broker_name', 'carrier_name', 'carrier_mc', 'carrier_dot', 'equipment', 'pickup_date', 'pickup_city', 'pickup_state', 'delivery_date', 'delivery_city', 'delivery_state', 'commodity', 'weight_lb', 'linehaul_usd', 'fuel_surcharge_usd', 'total_usd', 'payment_terms'],
  bill_of_lading: ['bol_number', 'load_number', 'pro_number', 'ship_date', 'shipper_name', 'shipper_city', 'shipper_state', 'consignee_name', 'consignee_city', 'consignee_state', 'carrier_name', 'scac', 'po_number', 'handling_units', 'weight_lb', 'freight_terms', 'hazmat'],
  proof_of_delivery: ['bol_number', 'pro_number', 'load_number', 'delivery_date', 'received_by', 'signed', 'osd_notes'],
  carrier_invoice: ['invoice_number', 'invoice_date', 'load_number', 'pro_number', 'bol_number', 'carrier_name', 'carrier_mc', 'total_usd', 'remit_to_name', 'remit_to_address', 'payment_terms'],
  lumper_receipt: ['receipt_number', 'receipt_date', 'facility', 'load_number', 'po_number', 'amount_usd'],
  other: [],
};
const FORMAT = {
  _usd: /^\d+\.\d\d$/, _date: /^\d{4}-\d\d-\d\d$/, _state: /^[A-Z]{2}$/, weight_lb: /^\d+$/, carrier_mc: /^\d{1,7}$/, carrier_dot: /^\d{1,8}$/,
  signed: /^(true|false)$/, hazmat: /^(true|false)$/, freight_terms: /^(prepaid|collect|third_party)$/, scac: /^[A-Z]{2,4}$/, handling_units: /^\d+$/,
};
function formatRule(k) { return FORMAT[k] || (k.endsWith('_usd') && FORMAT._usd) || (k.endsWith('_date') && FORMAT._date) || (k.endsWith('_state') && FORMAT._state) || null; }

function hash(s) { let h = 2166136261; for (const c of s) { h ^= c.charCodeAt(0); h = Math.imul(h, 16777619); } return (h ^ SEED) >>> 0; }
const norm = (s) => s.replace(/\s+/g, ' ').trim();
const rawPageText = (pdf, n) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });
const pageText = (pdf, n) => norm(rawPageText(pdf, n));
const STOP_KEYS = ['type', 'name', 'address', 'city', 'state', 'zip', 'date', 'time', 'reference'];
const STOP_FORMAT = { type: /^(pickup|delivery)$/, state: /^[A-Z]{2}$/, zip: /^\d{5}$/, date: /^\d{4}-\d\d-\d\d$/, time: /^\d\d:\d\d(-\d\d:\d\d)?$/ };
// A stop value printed wrapped over consecutive lines of `pdftotext -layout` (a cell too narrow for it): its
// words split into pieces, each next piece on one of the next `gap` lines, at the same column (within `tol`)
// as the first piece.
function wrappedIn(raw, s, tol = 2, gap = 2) {
  const lines = raw.split('\n'), words = norm(s).split(' '), n = words.length;
  const esc = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pat = (ws) => new RegExp(ws.map(esc).join('\\s+'), 'g');
  const rest = (i, k, col) => {
    for (let j = i + 1; j < Math.min(i + 1 + gap, lines.length); j++) {
      for (let m = n; m > k; m--) {
        for (const mt of lines[j].matchAll(pat(words.slice(k, m)))) if (Math.abs(mt.index - col) <= tol && (m === n || rest(j, m, col))) return true;
      }
    }
    return false;
  };
  for (let i = 0; i < lines.length; i++) {
    for (let m = n - 1; m > 0; m--) for (const mt of lines[i].matchAll(pat(words.slice(0, m)))) if (rest(i, m, mt.index)) return true;
  }
  return false;
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (/\.(pdf|png|jpg|json)$/.test(f)) fs.unlinkSync(path.join(OUT, f));
  const docs = [];
  const errors = [];
  for (const [lay, kind, fn, count, fam] of PLAN) {
    for (let i = 1; i <= count; i++) {
      const name = `${ABBR[kind]}_${lay}_${String(i).padStart(2, '0')}`;
      const seed = hash(name);
      const famPick = fam === '*' ? ['H', 'H', 'T'][seed % 3] : fam;
      const d = await new Doc(name, kind, `pdflib-${lay}`, seed, { fam: famPick }).init();
      d.variant = i - 1;
      const ld = mkLoad(d.r);
      const title = await fn(d, ld);
      fs.writeFileSync(path.join(OUT, `${name}.pdf`), await d.save(title));
      docs.push(d);
    }
  }
  // expected files + checks against pdftotext
  for (const d of docs) {
    const pdf = path.join(OUT, `${d.name}.pdf`);
    for (const k of Object.keys(d.fields)) {
      if (!CANON[d.kind].includes(k)) errors.push(`${d.name}: ${k} is not a canonical ${d.kind} field`);
      const v = d.fields[k];
      if (typeof v !== 'string' || !v.trim()) errors.push(`${d.name}: ${k} is empty`);
      const fr = formatRule(k); if (fr && !fr.test(v)) errors.push(`${d.name}: ${k}=${JSON.stringify(v)} is not normalized`);
    }
    (d.stops || []).forEach((s, i) => {
      for (const [k, v] of Object.entries(s)) {
        if (!STOP_KEYS.includes(k) || typeof v !== 'string' || !v.trim()) errors.push(`${d.name}: stops[${i}].${k} is not a stop key or is empty`);
        else if (STOP_FORMAT[k] && !STOP_FORMAT[k].test(v)) errors.push(`${d.name}: stops[${i}].${k}=${JSON.stringify(v)} is not normalized`);
      }
    });
    const texts = {}, raws = {};
    for (const c of d.checks) {
      if (c.printed === null) continue; // a drawn mark (check box, signature): verified by looking at the page
      const t = texts[c.page] || (texts[c.page] = pageText(pdf, c.page + 1));
      if (t.includes(norm(c.printed))) continue;
      if (c.stop && wrappedIn(raws[c.page] || (raws[c.page] = rawPageText(pdf, c.page + 1)), c.printed)) continue;
      errors.push(`${d.name}: ${c.field} printed as ${JSON.stringify(c.printed)} not found on page ${c.page + 1}`);
    }
    // stops (text PDFs only; the scans below name no stops) go last in fields
    const exp = { kind: d.kind, fields: d.stops ? { ...d.fields, stops: d.stops } : d.fields, layout: d.layout };
    if (d.charges) exp.charges = d.charges;
    fs.writeFileSync(path.join(OUT, `${d.name}.expected.json`), JSON.stringify(exp, null, 2) + '\n');
  }
  // scans: every 4th document's first page
  const jobs = [];
  const scanned = [];
  docs.forEach((d, i) => {
    if (i % 4 !== 1) return;
    const r = hash(d.name + ':scan');
    const fmt = jobs.length % 7 === 3 ? 'png' : 'jpg';
    const out = `${d.name}_scan.${fmt}`;
    jobs.push({ pdf: path.join(OUT, `${d.name}.pdf`), out: path.join(OUT, out), dpi: fmt === 'png' ? 150 : [150, 200, 200, 300][r % 4],
      angle: ((r % 2 ? 1 : -1) * (0.3 + ((r >>> 3) % 171) / 100)), quality: 55 + ((r >>> 5) % 21), seed: r });
    // only what the first page prints
    const f1 = {};
    for (const [k, v] of Object.entries(d.fields)) {
      const cs = d.checks.filter((c) => c.field === k);
      if (cs.length && cs.every((c) => c.page === 0)) f1[k] = v;
    }
    const exp = { kind: d.kind, fields: f1, layout: d.layout, scan_of: `${d.name}.pdf` };
    fs.writeFileSync(path.join(OUT, `${d.name}_scan.expected.json`), JSON.stringify(exp, null, 2) + '\n');
    scanned.push({ file: out, kind: d.kind, layout: d.layout, scan_of: `${d.name}.pdf` });
  });
  fs.writeFileSync(path.join(OUT, '.scan_jobs.json'), JSON.stringify(jobs));
  execFileSync('python3', [path.join(__dirname, 'scan.py'), path.join(OUT, '.scan_jobs.json')], { stdio: 'inherit' });
  fs.unlinkSync(path.join(OUT, '.scan_jobs.json'));
  const manifest = {
    generator: 'pdflib', library: 'pdf-lib (Node.js), 14 standard fonts; scans: pdftoppm + Pillow',
    regenerate: 'cd scripts/eval_gen/pdflib && npm ci && cd ../../.. && node scripts/eval_gen/pdflib/gen.js',
    documents: [
      ...docs.map((d) => ({ file: `${d.name}.pdf`, kind: d.kind, layout: d.layout, pages: d.pages.length })),
      ...scanned,
    ],
  };
  fs.writeFileSync(path.join(OUT, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
  const counts = {};
  for (const d of docs) counts[d.kind] = (counts[d.kind] || 0) + 1;
  console.log(`documents: ${docs.length} PDFs, ${scanned.length} scans, ${new Set(docs.map((d) => d.layout)).size} layouts`, counts);
  if (errors.length) {
    console.error(`VERIFICATION FAILED (${errors.length}):\n  ` + errors.join('\n  '));
    process.exit(1);
  }
  console.log('verification: every expected value found in pdftotext -layout of its page');
}
main().catch((e) => { console.error(e); process.exit(1); });
