"""Every field a rule of the pack reads is a property the plan schema gives
its mapping, so the key vocabularies made from the schema (check_keys.py)
hold every key a typo of which would switch a rule off.

The paths are the rules' own: `for`, `each`, `owner`, `at`, and the
predicates' path arguments, with `@` (the subject), `$` (the plan), `%`
(the rule's subject), list items, filters (their fields are keys of the
items) and `*` (every property). A path through `**` or `^` is skipped.

Where a rule requires a field's value to be `in` a vocabulary or a list of
values (wherever the rule applies: not beneath `where`, `if`, `then`,
`else`, `any` or `not`), the values the schema offers there (its enums,
`$vocab` and `$suggest`) are ones the rule accepts: an editor completing a
value that a rule then rejects (concern-resolved on an approval) misleads
the author.

usage: check_fields.py PACK.yaml SCHEMA.json   prints what the schema lacks
or offers amiss, exits 1 then.
"""
import json
import re
import sys

import yaml

# Arguments holding a path (or a list of them) in the rule language.
PATH_ARGS = {"path", "paths", "present", "nonempty", "each", "at", "not_after",
             "not_before", "after", "before", "to", "owner", "for"}
# Of these, the ones whose value may be a literal (date keywords, numbers).
WORDS = {"today"}
STEP = re.compile(r"""\*\*|\*|\[(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\]"'])*\]|[^.\[]+""")


class Schema:
    def __init__(self, doc):
        self.doc = doc

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = self.doc["$defs"][node["$ref"].split("/")[-1]]
        return node

    def child(self, node, step):
        """The schema of `step` below `node`: a list of nodes (`*` gives every
        property), [] when the schema has no such property, None when the
        schema leaves `node` open (no properties) or the step is unknowable."""
        node = self.resolve(node)
        alts = [self.resolve(a) for a in node.get("anyOf", []) + node.get("oneOf", [])] or [node]
        alts += [self.resolve(a) for a in node.get("allOf", [])]   # each part's properties hold
        if step == "[*]":
            items = [a["items"] for a in alts if "items" in a]
            return items or []
        props = {}
        for a in alts:
            for key, sub in a.get("properties", {}).items():
                props.setdefault(key, []).append(sub)
        if not props:
            return None
        if step == "*":
            return [sub for subs in props.values() for sub in subs]
        return props.get(step, [])

    def at(self, steps):
        """Every schema node `steps` reach (none where it has no such property)."""
        nodes = [self.doc]
        for step in steps:
            if step != "@":
                nodes = [c for n in nodes for c in self.child(n, step) or []]
        return nodes

    def offered(self, node):
        """The values the schema offers at `node`: its enums, in every branch."""
        node = self.resolve(node)
        out = {str(v) for v in node.get("enum", [])}
        for a in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
            out |= self.offered(a)
        return out


def split(path):
    """A rule path as (origin, steps): origin '@', '$', '%' or '^'; a filter
    becomes '[*]' plus its field and the path its value names, if any."""
    path = path.strip()
    origin = "@"
    for o in "$%^@":
        if path.startswith(o):
            origin, path = o, path[1:].lstrip(".")
            break
    steps, filters = [], []
    for tok in STEP.findall(path):
        if tok.startswith("["):
            inner = tok[1:-1].strip()
            steps.append("[*]")
            m = re.match(r"([A-Za-z_][\w-]*)\s*!?=\s*(.*)$", inner)
            if m:
                filters.append((len(steps), m.group(1), m.group(2)))
        else:
            steps.append(tok.strip("'\""))
    return origin, steps, filters


def pack_paths(pack, accepted=None):
    """Every path a rule reads, as steps from the plan's root. With a list
    `accepted`, each `in` with a fixed set (`vocab` or `values`) that a rule
    requires wherever it applies adds (steps, the set, rule id) to it."""
    out = []
    vocab = pack.get("vocabularies", {})

    def add(value, base, rule_base):
        for p in value if isinstance(value, list) else [value]:
            if not isinstance(p, str) or p in WORDS:
                continue
            origin, steps, filters = split(p)
            start = {"$": [], "%": rule_base}.get(origin, base)
            if origin == "^" or "**" in start + steps:
                continue
            out.append(start + steps)
            for at, field, value in filters:
                out.append(start + steps[:at] + [field])
                if value[:1] in "@$%":
                    add(value, base, rule_base)   # `@` there is the subject, not the item
        return out

    def absolute(p, base, rule_base):
        origin, steps, _ = split(p)
        return {"$": [], "%": rule_base}.get(origin, base) + steps

    def walk(node, base, rule_base, conditional=False):
        if isinstance(node, list):
            for x in node:
                walk(x, base, rule_base, conditional)
            return
        if not isinstance(node, dict):
            return
        inner = base
        if "each" in node:
            add(node["each"], base, rule_base)
            each = node["each"] if isinstance(node["each"], list) else [node["each"]]
            for e in each:
                walk({k: v for k, v in node.items() if k != "each"},
                     absolute(e, base, rule_base), rule_base, conditional)
            return
        spec = node.get("in")
        if accepted is not None and not conditional and isinstance(spec, dict) and "paths" not in spec:
            values = vocab.get(spec["vocab"], []) if "vocab" in spec else spec.get("values", [])
            paths = spec["path"] if isinstance(spec["path"], list) else [spec["path"]]
            for p in paths:
                accepted.append((absolute(p, base, rule_base), {str(v) for v in values}, rule_id))
        for key, value in node.items():
            if key in PATH_ARGS:
                add(value, base, rule_base)
            elif key == "where" and isinstance(node.get("path"), str):
                walk(value, absolute(node["path"], base, rule_base), rule_base, True)
            elif key not in ("message", "values", "value", "vocab", "pattern", "examples"):
                # an `in` beneath these need not hold whenever the rule applies
                walk(value, inner, rule_base,
                     conditional or key in ("where", "if", "then", "else", "any", "not"))

    for rule in pack["rules"]:
        rule_id = rule.get("id")
        base = []
        if "for" in rule:
            add(rule["for"], [], [])
            base = absolute(rule["for"], [], [])
        for key in ("when", "where", "require"):
            if key in rule:
                walk(rule[key], base if key != "when" else [], base, key != "require")
        if "escalate" in rule:
            walk(rule["escalate"].get("when"), [], base, True)   # its `to` is a severity
        if "owner" in rule:
            add(rule["owner"], base, base)
    return out


def missing(schema, steps):
    """The first step of `steps` the schema does not describe, as a message;
    None when it describes them all."""
    nodes = [schema.doc]
    for i, step in enumerate(steps):
        if step == "@":
            continue
        nxt = []
        for n in nodes:
            c = schema.child(n, step)
            if c is None and step in ("*", "[*]"):
                return None
            if c is None:
                return f"{fmt(steps[:i]) or 'the plan'} is an open object in the schema " \
                       f"(no properties), yet a rule reads its '{step}'"
            nxt += c
        if not nxt:
            return f"{fmt(steps[:i]) or 'the plan'} has no property '{step}' in the schema, " \
                   f"yet a rule reads {fmt(steps)}"
        nodes = nxt
    return None


def fmt(steps):
    return ".".join(s for s in steps if s != "@").replace(".[*]", "[*]")


def main(pack_path, schema_path):
    schema = Schema(json.load(open(schema_path)))
    seen, bad = set(), 0
    accepted = []
    for steps in pack_paths(yaml.safe_load(open(pack_path)), accepted):
        msg = missing(schema, steps)
        if msg and msg not in seen:
            seen.add(msg)
            print(msg)
            bad += 1
    for steps, values, rule in accepted:
        extra = set().union(*map(schema.offered, schema.at(steps))) - values
        if extra:
            print(f"{fmt(steps)}: the schema offers {', '.join(sorted(extra))}, "
                  f"which {rule} does not accept there")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
