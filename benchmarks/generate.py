#!/usr/bin/env python3
"""Seeded generator of realistic account snapshots (NDJSON) for the eval benchmark.

Usage: python3 benchmarks/generate.py --count 1000000 --seed 42 > benchmarks/data/snapshots.ndjson

The mix: accounts that paid on time, one month unpaid, two or more months unpaid at
various stages of the suspension procedure, suspended accounts (some paid, awaiting
restoration), important customers (hospitals, water, banks), protections (medical
equipment, instalment plans, disputed bills), and planned/temporary/fault outages.
Bureaus: yongdeng, chengguan, xigu. All as of December 2026, Asia/Shanghai.
"""
import argparse
import json
import random
import sys

BUREAUS = ["yongdeng", "yongdeng", "yongdeng", "chengguan", "xigu"]
CATEGORIES = [("household", "residential", "0.4")] * 14 + [
    ("shop", "non_residential", "0.4"), ("workshop", "non_residential", "0.4"),
    ("factory", "non_residential", "10"), ("mall", "non_residential", "10"),
    ("residential_compound", "non_residential", "10"), ("hospital", "non_residential", "10"),
    ("water_supply", "non_residential", "35"), ("bank", "non_residential", "10"),
]


def money(rng, low, high):
    return "%.2f" % (rng.randint(low * 100, high * 100) / 100)


def ts(day, hour=9, minute=0, month=12):
    return "2026-%02d-%02dT%02d:%02d:00+08:00" % (month, day, hour, minute)


def snapshot(rng, i):
    category, klass, kv = rng.choice(CATEGORIES)
    important = None
    if category in ("hospital", "water_supply", "bank") and rng.random() < 0.6:
        important = rng.choice(["一级", "二级"])
    day = rng.randint(1, 28)
    unpaid = rng.choices([0, 1, 2, 3], weights=[55, 25, 13, 7])[0]
    bills = []
    for m in range(9, 12):
        months_before = 11 - m
        amount = money(rng, 40, 900 if klass == "residential" else 20000)
        due = "2026-%02d-15" % (m + 1)
        paid = amount if months_before >= unpaid else "0.00"
        bills.append({"period": "2026-%02d" % m, "amount": amount, "due_date": due, "paid": paid})
    notices, approvals, payments = [], [], []
    supply = {"status": "on", "since": None}
    if unpaid >= 1:
        notices.append({"kind": "first_reminder", "channel": "sms", "sent_at": ts(6, month=11),
                        "delivered_at": ts(6, month=11), "signed": False, "refused": False})
    if unpaid >= 2:
        notices.append({"kind": "second_notice", "channel": "phone", "sent_at": ts(22, month=11),
                        "delivered_at": ts(22, month=11), "signed": False, "refused": False})
        stage = rng.random()
        if stage > 0.4:
            cut = ts(min(28, day + 3), 10)
            notices.append({"kind": "suspension_notice", "channel": "visit", "sent_at": ts(max(1, day - 5)),
                            "delivered_at": ts(max(1, day - 5), 11), "signed": rng.random() < 0.8,
                            "refused": rng.random() < 0.1, "planned_cut_at": cut})
            if stage > 0.6:
                approvals.append({"action": "suspend_supply", "by": "unit-head", "at": ts(max(1, day - 2))})
            if stage > 0.85:
                supply = {"status": "suspended", "since": ts(max(1, day - 1), 10)}
                if rng.random() < 0.3:
                    payments.append({"at": ts(day, 8), "amount": bills[-1]["amount"]})
    protections = []
    r = rng.random()
    if r < 0.02:
        protections.append({"kind": "medical_equipment", "until": "2027-03-31", "ref": "MED-%d" % i})
    elif r < 0.04:
        protections.append({"kind": "instalment_plan", "until": "2027-01-31", "ref": "INS-%d" % i})
    elif r < 0.05:
        bills[-1]["disputed"] = True
    outages = []
    if rng.random() < 0.08:
        kind = rng.choice(["planned", "planned", "temporary", "fault"])
        start_day = min(28, day + rng.randint(0, 9))
        outages.append({"id": "PO-2026-%04d" % rng.randint(1, 9999), "kind": kind, "start": ts(start_day, 8),
                        "end": ts(start_day, 17), "reason": "线路检修"})
        if kind == "planned" and rng.random() < 0.5:
            notices.append({"kind": "outage_notice", "channel": "letter", "sent_at": ts(max(1, start_day - 8)),
                            "delivered_at": ts(max(1, start_day - 8)), "signed": True, "refused": False,
                            "outage_id": outages[0]["id"]})
    return {
        "account_id": "AC-%07d" % i,
        "bureau": rng.choice(BUREAUS),
        "as_of": ts(day, rng.randint(8, 18)),
        "customer": {
            "name": "客户%d" % i, "class": klass, "category": category, "voltage_kv": kv,
            "important_grade": important, "month_end_payer": rng.random() < 0.05,
            "contacts": {"sms": "138%08d" % i, "phone": None, "email": None, "address": "甘肃省兰州市"},
            "protections": protections,
        },
        "bills": bills, "payments": payments, "notices": notices, "approvals": approvals,
        "supply": supply, "outages": outages,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    write = out.write
    for i in range(args.count):
        write(json.dumps(snapshot(rng, i), ensure_ascii=False, separators=(",", ":")))
        write("\n")


if __name__ == "__main__":
    main()
