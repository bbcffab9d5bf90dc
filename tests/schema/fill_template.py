"""Fills the TBDs of a `govlint init` repository the way a user would:
consistent dates, numbers where numbers go, text elsewhere; and moves the
plan to review. usage: fill_template.py REPO"""
import re
import sys

repo = sys.argv[1]
DATES = {
    "raised_on": "2026-10-01", "held_on": "2026-10-20", "criteria_declared_on": "2026-08-01",
    "completed_on": "2026-10-30", "due": "2027-01-15", "starts_on": "2027-02-01",
    "complete_by": "2027-02-15", "go_live": "2027-03-01", "review_on": "2027-04-01",
    "ends_on": "2027-05-01",
}
NUMBERS = ["baseline", "target", "guardrail", "hours", "n", "n_studies", "min"]

plan_path = repo + "/plans/rollout-plan.yaml"
plan = open(plan_path).read()
for key, value in DATES.items():
    plan = re.sub(r"\b(%s: )TBD" % key, r"\g<1>" + value, plan)
for key in NUMBERS:
    plan = re.sub(r"\b(%s: )TBD" % key, r"\g<1>5", plan)
plan = re.sub(r"\b(result: )TBD", r"\g<1>pass", plan)
plan = re.sub(r"\b(version: )TBD", r'\g<1>"2.4.1"', plan)
plan = re.sub(r"\b(retention: )TBD", r"\g<1>7y", plan)
plan = plan.replace("status: draft", "status: review").replace("TBD", "Filled in")
open(plan_path, "w").write(plan)

people_path = repo + "/people.yaml"
people = open(people_path).read().replace("name: TBD", "name: A Person")
open(people_path, "w").write(people)
