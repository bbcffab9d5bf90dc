"""Every field the plan schema types as one value (a string, number,
integer, boolean, date, enum or person id), at every place the schema puts
it, is held to one value by a check that reports a list or mapping written
there: `type` (string, number, integer, bool, date, datetime or scalar),
`in`, `not_in` or `person`. The predicates that read such a field
(`matches`, `date`, `compare`, `equals` as a filter) skip a list or a
mapping, so `completed_on: [2026-11-25]` or `severity: [critical]` would
pass every rule that reads it.

The check must stand where nothing can switch it off: an item of a rule's
`require`, or of an `each` there that has no `where`, in a rule with no
`when` or `where`, every path of plain keys and [*]. A check under `any`,
`if`, `not` or a filter does not count: `any: [{in: ...}, {matches:
placeholders}]` holds on a list, since `matches` skips it.

Every field the schema types as a number or an integer (not "number or
string") is held so by `type: number` or `type: integer` (integer for an
integer field): `compare` skips text, so "20" or "12 years" would pass the
comparisons that read it.

A `type: scalar` check (GOV-DOC-001's) lists only fields no other such
check holds: a list written there would be reported twice.

usage: check_types.py PACK.yaml SCHEMA.json   prints each field without
its check, exits 1 then.
"""
import json
import re
import sys

import yaml

from check_fields import fmt, split

SCALAR_TYPES = {"string", "number", "integer", "boolean"}
SINGLE = {"string", "number", "integer", "bool", "date", "datetime", "scalar"}


def kind(node):
    """'number', 'integer' or 'scalar' for a schema node of one value;
    None for a list, a mapping, or anything else."""
    if "enum" in node or "const" in node:
        return "scalar"
    if "anyOf" in node:
        return "scalar" if all(kind(a) for a in node["anyOf"]) else None
    t = node.get("type")
    if t in ("number", "integer"):
        return t
    types = t if isinstance(t, list) else [t]
    return "scalar" if t and set(types) <= SCALAR_TYPES else None


def places(schema):
    """{place: kind} for every one-value field of the schema, a place
    written as the rules write paths (concerns[*].severity)."""
    out = {}

    def walk(node, place):
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].split("/")[-1]]
        k = kind(node)
        if k and place:
            out[place] = k
        for key, sub in node.get("properties", {}).items():
            walk(sub, f"{place}.{key}" if place else key)
        if "items" in node:
            walk(node["items"], f"{place}[*]")

    walk(schema, "")
    return out


def plain(path):
    """True for a path of keys and [*] only: no filter, index or parent."""
    return isinstance(path, str) and not path.startswith("^") and \
        "[" not in path.replace("[*]", "") and "**" not in path


def checks(pack):
    """[(regex of a place, is)] for every unconditional check that holds a
    field to one value; is: the type (scalar-type for scalar), or 'scalar'
    for in, not_in, person."""
    out = []

    def record(paths, base, is_):
        for p in paths if isinstance(paths, list) else [paths]:
            if not plain(p):
                continue
            origin, steps, _ = split(p)
            steps = ([] if origin == "$" else base) + steps
            text = fmt(steps)
            rx = "".join(r"[^.\[]+" if s == "*" else re.escape(s)
                         for s in re.split(r"(\*(?!\]))", text))
            out.append((re.compile(rx + "$"), is_))

    def predicate(key, spec, base):
        if key == "type" and isinstance(spec, dict) and spec.get("is") in SINGLE:
            record(spec["path"], base, "scalar-type" if spec["is"] == "scalar" else spec["is"])
        elif key in ("in", "not_in") and isinstance(spec, dict):
            record(spec["path"], base, "scalar")
        elif key == "person":
            record(spec["path"] if isinstance(spec, dict) else spec, base, "scalar")

    def walk(items, base):
        for item in items if isinstance(items, list) else [items]:
            if not isinstance(item, dict):
                continue
            if "each" in item:
                if "where" not in item:
                    for e in item["each"] if isinstance(item["each"], list) else [item["each"]]:
                        if plain(e):
                            origin, steps, _ = split(e)
                            walk(item["require"], ([] if origin == "$" else base) + steps)
                continue
            for key, spec in item.items():
                predicate(key, spec, base)

    for rule in pack["rules"]:
        if "when" in rule or "where" in rule or "require" not in rule:
            continue
        base = []
        if "for" in rule:
            if not plain(rule["for"]):
                continue
            base = split(rule["for"])[1]
        walk(rule["require"], base)
    return out


def problems(want, have):
    """What is wrong with each field of `want` ({place: kind}), as held by
    the checks `have` ([(regex, is)])."""
    for place, k in sorted(want.items()):
        by = [is_ for rx, is_ in have if rx.match(place)]
        if "scalar-type" in by and len(by) > 1:
            yield (f"{place}: a type: scalar check holds it, and so does another check: a list "
                   "or mapping there would be reported twice")
        held = {"scalar" if is_ == "scalar-type" else is_ for is_ in by}
        if not held:
            yield (f"{place}: the schema types it as one value ({k}), but no check reports a "
                   "list or mapping written there")
        elif k == "integer" and "integer" not in held or \
                k == "number" and not held & {"number", "integer"}:
            yield (f"{place}: the schema types it as {'an integer' if k == 'integer' else 'a number'}, "
                   f"but no type: {k} check reports text written there")


def main(pack_path, schema_path):
    found = list(problems(places(json.load(open(schema_path))),
                          checks(yaml.safe_load(open(pack_path)))))
    print("\n".join(found), end="\n" if found else "")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
