'use strict';
// One freight load: the facts every document about it is drawn from.
const L = require('./lib');

function loadNumber(r) {
  return r.pick([
    () => r.digits(7), () => r.digits(6), () => 'L' + r.digits(6), () => 'BRK-' + r.digits(6), () => r.digits(8),
    () => 'TQ' + r.digits(7), () => r.digits(5) + '-' + r.int(1, 9), () => 'SO' + r.digits(6),
  ])();
}
function letters(r, n) { let s = ''; for (let i = 0; i < n; i++) s += String.fromCharCode(65 + r.int(0, 25)); return s; }

function mkLoad(r) {
  const broker = { name: L.company(r, L.BROKER_A, L.BROKER_B), addr: L.address(r), phone: L.phone(r), rep: L.person(r) };
  broker.email = `dispatch@${broker.name.split(' ')[0].toLowerCase().replace(/[^a-z]/g, '')}freight.com`;
  const carrier = {
    name: L.company(r, L.CARRIER_A, L.CARRIER_B), addr: L.address(r), phone: L.phone(r),
    mc: r.digits(r.pick([6, 6, 6, 7])), dot: r.digits(r.pick([7, 7, 7, 8])), scac: letters(r, 4),
    driver: L.person(r), truck: String(r.int(100, 9999)), trailer: r.pick(['', 'T', 'TR']) + r.int(1000, 99999),
  };
  const nP = r.pick([1, 1, 1, 1, 2, 2, 3]), nD = r.pick([1, 1, 1, 1, 2, 2, 3]);
  let dt = L.randDate(r);
  const mkStop = (type, date) => {
    const a = L.address(r);
    return {
      type, name: r.pick(L.SHIP_A) + r.pick(L.FACILITY_SFX), addr: a, date, window: L.fmtTimeWindow(r),
      ref: r.pick(['PU# ', 'PO# ', 'Ref# ', 'Appt# ', 'SO# ']) + r.digits(r.int(5, 8)), contact: L.person(r), phone: L.phone(r),
    };
  };
  const pickups = [];
  for (let i = 0; i < nP; i++) { pickups.push(mkStop('Pickup', dt)); if (r.chance(0.5)) dt = L.addDays(dt, 1); }
  dt = L.addDays(dt, r.int(1, 3));
  const deliveries = [];
  for (let i = 0; i < nD; i++) { deliveries.push(mkStop('Delivery', dt)); if (r.chance(0.6)) dt = L.addDays(dt, 1); }
  const [equipment, reefer] = r.pick(L.EQUIP);
  const weight = r.int(8, 44) * 1000 + r.pick([0, 0, 0, r.int(1, 9) * 100, r.int(10, 999)]);
  const linehaul = r.int(650, 5400) * 100 + (r.chance(0.3) ? r.int(1, 99) : 0);
  const fsc = r.chance(0.7) ? Math.round(linehaul * r.pick([0.065, 0.08, 0.12, 0.15, 0.22, 0.1]) / 100) * 100 : 0;
  const acc = [];
  const extraStops = nP + nD - 2;
  if (extraStops > 0) acc.push({ desc: `Stop Off (${extraStops})`, code: 'stop_off', amt: extraStops * r.pick([5000, 7500, 10000]) });
  if (r.chance(0.15)) acc.push({ desc: 'Driver Assist', code: 'other', amt: r.pick([5000, 7500, 10000]) });
  const total = linehaul + fsc + acc.reduce((a, c) => a + c.amt, 0);
  const shipper = { name: pickups[0].name.replace(/ (DC|Warehouse|Cross Dock|- Plant 2|DC #4)$/, ''), addr: pickups[0].addr };
  const consignee = { name: deliveries[nD - 1].name, addr: deliveries[nD - 1].addr };
  return {
    broker, carrier, pickups, deliveries, equipment, reefer, temp: reefer ? r.pick(['34F', '-10F', '36 F continuous', '0 F']) : null,
    commodity: r.pick(L.COMMODITIES), weight, pieces: r.int(6, 30), pieceType: r.pick(['PLT', 'Pallets', 'SKID', 'CTN', 'PLTS']),
    linehaul, fsc, acc, total, terms: r.pick(L.TERMS), loadNo: loadNumber(r), shipper, consignee,
    pro: r.pick([() => r.digits(9), () => r.digits(10), () => r.digits(3) + '-' + r.digits(6), () => 'P' + r.digits(7)])(),
    bol: r.pick([() => r.digits(8), () => 'BOL' + r.digits(6), () => r.digits(10), () => r.digits(6)])(),
    po: r.pick([() => r.digits(7), () => 'PO-' + r.digits(6), () => r.digits(10), () => '45' + r.digits(8)])(),
    seal: r.digits(7), detention: r.pick([4000, 5000, 6000, 7500]), freeHours: r.pick([2, 2, 3]), tonu: r.pick([15000, 20000, 25000, 10000]),
    lumper: r.int(9, 45) * 1000 + r.pick([0, 0, 500, 2500]),
    nmfc: r.pick(['156600', '50320', '86750', '100240', '133300', '61680']), fclass: r.pick(['50', '55', '60', '65', '70', '77.5', '85', '92.5', '100', '125']),
  };
}

// Terms and conditions: long legal text that mentions the paperwork, the accessorials and numbers.
function termsText(r, ld, brokerName, long) {
  const b = brokerName;
  const det = L.fmtMoney(ld.detention, 'dollar'), tonu = L.fmtMoney(ld.tonu, 'dollar');
  const all = [
    `CARRIER AGREEMENT. This Rate Confirmation supplements and is governed by the Broker-Carrier Agreement between ${b} ("Broker") and the carrier named herein ("Carrier"). In the event of a conflict, the terms of this confirmation control for this shipment only.`,
    `INVOICING. Carrier shall submit its invoice together with a signed Bill of Lading and a clean Proof of Delivery (POD) within thirty (30) days of delivery. Invoices received without legible paperwork will not be processed and payment terms will begin only upon receipt of complete documents.`,
    `PAYMENT. Standard payment terms are thirty (30) days from receipt of a complete invoice packet. Quick Pay is available at a fee of two to five percent (2-5%) of the line haul. Broker will not pay any invoice to a third party unless a Notice of Assignment signed by Carrier is on file.`,
    `DETENTION. Detention is payable at ${det} per hour after ${ld.freeHours} free hours at each stop, up to a maximum of eight (8) hours per day, only when the driver arrives on time for the appointment and the in and out times are recorded on the signed bill of lading. Detention must be reported to Broker while the driver is on site.`,
    `LUMPER FEES. Lumper or unloading charges will be reimbursed only with an original lumper receipt showing the facility, the date and the amount paid. Lumper fees not authorized in writing in advance by Broker will not be reimbursed.`,
    `TRUCK ORDERED NOT USED (TONU). If a load is cancelled after the truck has been dispatched and the driver arrives at the shipper, Broker will pay a TONU of ${tonu} upon proof of arrival. No TONU is payable for loads cancelled prior to dispatch.`,
    `LAYOVER. Layover is payable at a flat rate per calendar day when the delay is caused by the shipper or receiver and is approved by Broker in writing before the end of the business day.`,
    `DOUBLE BROKERING PROHIBITED. Carrier shall not re-broker, assign, interline or subcontract this shipment. Violation will result in forfeiture of all freight charges and Carrier shall indemnify Broker for any resulting loss.`,
    `CARGO LIABILITY. Carrier is liable for loss of or damage to the cargo from the time it is loaded until delivery under 49 U.S.C. 14706 (Carmack Amendment). Carrier shall maintain cargo insurance of not less than $100,000 per shipment and auto liability of not less than $1,000,000.`,
    `OS&D. Any overage, shortage or damage must be noted on the delivery receipt and reported to Broker immediately, before the driver leaves the consignee. Claims will be deducted from freight charges when the consignee's notes support them.`,
    `TEMPERATURE CONTROL. For refrigerated freight, Carrier shall pre-cool the trailer and run the unit on continuous mode at the set point on the bill of lading, and shall provide a download of the reefer unit on request.`,
    `TRACKING. Carrier agrees to provide location updates through the Broker's tracking application or by phone every four (4) hours and upon arrival at and departure from every stop. Failure to provide updates may result in a fee of $100.00 per occurrence.`,
    `BACK SOLICITATION. Carrier shall not solicit freight directly from any shipper, consignee or customer of Broker for a period of twelve (12) months after the last load tendered under this agreement.`,
    `SEALS. If a seal is applied at origin, Carrier shall not break the seal unless directed by law enforcement. The seal number must appear on the bill of lading and on the delivery receipt.`,
    `FUEL SURCHARGE. Fuel surcharge, if any, is included in the all-in rate shown on this confirmation. No additional fuel surcharge will be paid unless it is listed as a separate line on this document.`,
    `CONFIDENTIALITY. The rate shown on this confirmation is confidential and shall not be disclosed to the shipper, the consignee or any third party.`,
    `GOVERNING LAW. This confirmation shall be governed by the laws of the state in which Broker maintains its principal office. Any dispute shall be resolved in the courts of that state.`,
    `CLAIMS AND OFFSETS. Broker may offset against freight charges any amount owed by Carrier to Broker, including cargo claims, fines, and fees incurred because of Carrier's failure to comply with this confirmation.`,
  ];
  const more = [
    `INDEPENDENT CONTRACTOR. Carrier is an independent contractor and has exclusive control over the manner in which the transportation is performed, including the selection, hiring, supervision and payment of drivers. Nothing in this confirmation creates an employment, partnership or joint venture relationship between Broker and Carrier or their employees.`,
    `INSURANCE. Carrier shall maintain, at its own expense, automobile liability insurance with limits of not less than $1,000,000 combined single limit, motor truck cargo insurance of not less than $100,000, general liability insurance of not less than $1,000,000 and statutory workers' compensation. Certificates must name Broker as certificate holder and provide thirty (30) days' notice of cancellation.`,
    `INDEMNIFICATION. Carrier shall defend, indemnify and hold harmless Broker, its shippers and consignees from and against all claims, losses, damages, fines, penalties and expenses, including reasonable attorney fees, arising from Carrier's performance of this shipment, its use of equipment, or the negligence or willful misconduct of its drivers, agents or subcontractors.`,
    `COMPLIANCE. Carrier warrants that it holds a satisfactory or unrated safety rating, is registered with FMCSA, uses compliant electronic logging devices, and will comply with all hours-of-service, drug and alcohol testing, hazardous materials and sanitary food transportation (FSMA) requirements that apply to this shipment.`,
    `ACCESSORIAL APPROVAL. No accessorial charge of any kind, including but not limited to detention, layover, driver assist, stop-off, truck ordered not used, lumper, pallet exchange, scale tickets, tarping or overnight parking, will be paid unless it is listed on this confirmation or approved in writing by Broker before the charge is incurred, and supported by the documents Broker requires.`,
    `PAPERWORK REQUIREMENTS. Carrier shall obtain at delivery a bill of lading or delivery receipt signed by the consignee with the date, the time and the printed name of the receiver, and shall note on it any overage, shortage or damage. Missing, illegible or altered paperwork will delay payment. A fee of $50.00 may be charged for each document Broker must obtain from the shipper or consignee on Carrier's behalf.`,
    `FORCE MAJEURE. Neither party is liable for delay or failure to perform caused by acts of God, severe weather, fire, flood, war, terrorism, riot, strikes, government orders or other events beyond its reasonable control, provided that the affected party gives prompt notice and resumes performance as soon as practicable.`,
    `NOTICES. All notices under this confirmation shall be in writing and delivered by email to the addresses shown on the first page, with a copy by first-class mail when the notice concerns a claim, a dispute over freight charges or the termination of the Broker-Carrier Agreement.`,
    `ENTIRE AGREEMENT. This confirmation, together with the Broker-Carrier Agreement, constitutes the entire agreement of the parties for this shipment. No tariff, rules circular, bill of lading term or invoice term of Carrier shall apply unless expressly agreed in writing by Broker. If any provision is held invalid, the remaining provisions remain in effect.`,
    `SUBSTITUTION OF EQUIPMENT. Carrier shall dispatch the equipment type specified on this confirmation, clean, dry, odor-free and in good repair. Equipment rejected by the shipper because of its condition does not entitle Carrier to a TONU and Carrier shall bear any resulting cost of recovery.`,
  ];
  if (long) return [...r.sample(all, all.length), ...r.sample(more, more.length)];
  return r.sample(all, r.int(9, all.length));
}

module.exports = { mkLoad, termsText, letters };
