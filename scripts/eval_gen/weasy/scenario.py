"""One fictional load: parties, stops, rates and identifiers, drawn from a seeded Random."""
import datetime as dt
import string

from common import (BROKER_A, BROKER_B, CARRIER_A, CARRIER_B, SHIPPER_A, SHIPPER_B, SHIPPER_C, CITIES,
                    COMMODITIES, EQUIPMENT, PAY_TERMS, INV_TERMS, FACTORS, rand_date, street, phone, person)


class Party:
    def __init__(self, name, st, city, state, zip_):
        self.name, self.street, self.city, self.state, self.zip = name, st, city, state, zip_


def company(rng, a, b, c=None):
    name = f"{rng.choice(a)} {rng.choice(b)}"
    if c:
        suf = rng.choice(c)
        name = f"{name} {suf}".strip()
    return name


def party(rng, name, exclude=()):
    while True:
        city, st, z = rng.choice(CITIES)
        if (city, st) not in exclude:
            return Party(name, street(rng), city, st, z)


def load_number(rng):
    k = rng.randrange(6)
    if k == 0:
        return f"LD-{rng.randint(100000, 999999)}"
    if k == 1:
        return f"{rng.choice('ABCKRT')}{rng.randint(1000000, 9999999)}"
    return str(rng.randint(100000, 9999999))


class Stop:
    pass


class Load:
    def __init__(self, rng, n_pick=1, n_drop=1):
        self.rng = rng
        self.broker = party(rng, company(rng, BROKER_A, BROKER_B))
        self.broker.phone = phone(rng)
        self.broker.email = "dispatch@" + self.broker.name.split()[0].lower() + "freight.com"
        self.broker.mc = str(rng.randint(100000, 1299999))
        self.carrier = party(rng, company(rng, CARRIER_A, CARRIER_B))
        self.carrier.mc = str(rng.randint(100000, 1399999))
        self.carrier.dot = str(rng.randint(1000000, 39999999))
        self.carrier.scac = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        self.carrier.phone = phone(rng)
        self.carrier.contact = person(rng)
        self.driver = person(rng)
        self.truck = str(rng.randint(100, 9999))
        self.trailer = f"{rng.choice(['', 'T', 'TR', 'V'])}{rng.randint(1000, 99999)}"
        self.seal = str(rng.randint(1000000, 9999999))
        self.load_number = load_number(rng)
        self.bol = rng.choice([str(rng.randint(10000000, 99999999)), f"BOL{rng.randint(100000, 999999)}",
                               f"{rng.randint(1000, 9999)}-{rng.randint(10000, 99999)}"])
        self.pro = rng.choice([str(rng.randint(100000000, 9999999999)), f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"])
        self.po = rng.choice([str(rng.randint(4500000000, 4599999999)), f"PO{rng.randint(10000, 99999)}",
                              str(rng.randint(100000, 999999)), f"{rng.randint(10, 99)}-{rng.randint(10000, 99999)}"])
        self.commodity = rng.choice(COMMODITIES)
        self.equipment = rng.choice(EQUIPMENT)
        self.weight = rng.randrange(8000, 44500, 10) if rng.random() < 0.5 else rng.randrange(10, 45) * 1000
        self.pallets = rng.randint(4, 30)
        self.unit_type = rng.choice(["PLT", "PLTS", "SKID", "Pallets", "CTN"])
        used = []
        self.stops = []
        d = rand_date(rng)
        self.ship_date = d
        for i in range(n_pick + n_drop):
            s = Stop()
            s.kind = "Pickup" if i < n_pick else "Delivery"
            nm = company(rng, SHIPPER_A, SHIPPER_B, SHIPPER_C)
            p = party(rng, nm, used)
            used.append((p.city, p.state))
            s.party = p
            if i > 0:
                d = d + dt.timedelta(days=rng.choice([0, 1, 1, 2, 3]))
            s.date = d
            h = rng.choice([6, 7, 8, 9, 10, 13, 14])
            s.window = rng.choice([f"{h:02d}:00 - {h + rng.choice([2, 4, 6, 8]):02d}:00",
                                   f"FCFS {h:02d}00-{h + 6:02d}00", f"Appt {h:02d}:{rng.choice(['00', '30'])}",
                                   f"{h:02d}:00", f"Appt {h:02d}{rng.choice(['00', '30', '15'])}"])
            s.ref = rng.choice([f"PU# {rng.randint(100000, 999999)}", f"PO {rng.randint(10000, 99999)}",
                                f"Appt# {rng.randint(1000, 99999)}", f"REF {rng.randint(100000, 9999999)}"])
            s.contact = phone(rng)
            self.stops.append(s)
        self.pickups = [s for s in self.stops if s.kind == "Pickup"]
        self.drops = [s for s in self.stops if s.kind == "Delivery"]
        self.shipper = self.pickups[0].party
        self.consignee = self.drops[-1].party
        self.pickup_date = self.pickups[0].date
        self.delivery_date = self.drops[-1].date
        miles = rng.randint(180, 2400)
        self.miles = miles
        lh = max(int(miles * rng.uniform(1.8, 3.2)), rng.randint(650, 900)) * 100
        if rng.random() < 0.5:
            lh = (lh // 5000) * 5000 + 5000  # round rate
        self.linehaul = lh
        self.fsc = int(lh * rng.choice([0.065, 0.08, 0.12, 0.15, 0.18]))
        if rng.random() < 0.3:
            self.fsc = (self.fsc // 100) * 100
        self.accessorials = []  # (desc, code, cents)
        if n_pick + n_drop > 2:
            so = rng.choice([5000, 7500, 10000])
            for _ in range(n_pick + n_drop - 2):
                self.accessorials.append(("Stop Off", "stop_off", so))
        if rng.random() < 0.3:
            self.accessorials.append(("Driver Assist", "other", rng.choice([5000, 7500, 10000])))
        self.total = self.linehaul + self.fsc + sum(a[2] for a in self.accessorials)
        self.pay_terms = rng.choice(PAY_TERMS)
        self.inv_terms = rng.choice(INV_TERMS)
        self.factor = rng.choice(FACTORS) if rng.random() < 0.4 else None
        self.dispatcher = person(rng)
        self.receiver = person(rng)
        self.hazmat = rng.random() < 0.15
        self.nmfc = f"{rng.randint(10000, 199999)}"
        self.fclass = rng.choice(["50", "55", "60", "65", "70", "77.5", "85", "92.5", "100", "125"])
