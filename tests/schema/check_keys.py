"""Every mapping the plan schema describes has a key vocabulary in the pack,
naming exactly the schema's properties, and a `keys` check that reads it at
every place the schema puts that mapping. GOV-DOC-001 uses them to report
a key a typo away from one the rules read (`trail:` for `trial:`,
`ai_finalises_reprot`), which would otherwise switch those rules off
unseen. (check_fields.py checks that every field a rule reads is in the
schema.)

A mapping the schema defines under $defs is named after it (signature_keys
for every signature); any other after its place, dots as underscores and
list items unmarked (plan_keys for the plan itself, concerns_keys for each
concern, workflow_verification_keys). An `allOf` of a definition and
properties narrowing some of its own (a concern's sign_off, the signature
whose meaning may be concern-resolved) is that definition's mapping; one
that adds a property the definition lacks is reported.

usage: check_keys.py PACK.yaml SCHEMA.json   prints what differs, exits 1 then.
"""
import json
import sys

import yaml


def mappings(schema):
    """{vocabulary name: (properties, {places})} for every mapping with
    properties that the schema describes."""
    out, problems = {}, []

    def deref(node, name):
        if "$ref" in node:
            ref = node["$ref"].split("/")[-1]
            return schema["$defs"][ref], f"{ref}_keys"
        return node, name

    def walk(node, place, name):
        node, name = deref(node, name)
        if "allOf" in node:
            parts = [deref(p, name) for p in node["allOf"]]
            # the part that is a definition names the mapping and its keys
            base, name = next(((n, m) for n, m in parts if m != name), parts[0])
            for part, _ in parts:
                for k in set(part.get("properties", {})) - set(base.get("properties", {})):
                    problems.append(f"{name}: {place or '@'} adds '{k}', which the definition lacks")
            node = base
        props = node.get("properties")
        if props:
            out.setdefault(name, (list(props), set()))[1].add(place or "@")
            for key, sub in props.items():
                below = f"{place}.{key}" if place else key
                walk(sub, below, below.replace("[*]", "").replace(".", "_") + "_keys")
        if "items" in node:
            walk(node["items"], f"{place}[*]", name)

    walk(schema, "", "plan_keys")
    return out, problems


def keys_checks(pack):
    """{vocabulary name: {places}} of the pack's `keys` predicates."""
    out = {}

    def walk(node):
        if isinstance(node, dict):
            spec = node.get("keys")
            if isinstance(spec, dict) and "vocab" in spec:
                paths = spec["path"] if isinstance(spec["path"], list) else [spec["path"]]
                out.setdefault(spec["vocab"], set()).update(paths)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for rule in pack["rules"]:
        walk(rule.get("require"))
    return out


def main(pack_path, schema_path):
    pack = yaml.safe_load(open(pack_path))
    vocab = pack["vocabularies"]
    want, problems = mappings(json.load(open(schema_path)))
    have = keys_checks(pack)
    bad = 0

    def say(msg):
        nonlocal bad
        print(msg)
        bad += 1

    for msg in problems:
        say(msg)
    for name, (props, places) in sorted(want.items()):
        if name not in vocab:
            say(f"{name}: the pack has no such vocabulary (the keys of {', '.join(sorted(places))})")
            continue
        for k in sorted(set(vocab[name]) - set(props)):
            say(f"{name}: '{k}' is not in the schema")
        for k in sorted(set(props) - set(vocab[name])):
            say(f"{name}: the schema's '{k}' is missing")
        for p in sorted(places - have.get(name, set())):
            say(f"{name}: no keys check reads it at {p}")
        for p in sorted(have.get(name, set()) - places):
            say(f"{name}: a keys check reads it at {p}, where the schema has no such mapping")
    for name in sorted(set(have) - set(want)):
        say(f"{name}: a keys check reads it, but the schema has no mapping of that name")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
