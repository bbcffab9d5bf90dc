"""Checks tools/embed.c's output (embed -x OUT.c ...): for each file, the
lean text has no `examples` entry in any item of the top-level `rules`
list, as many lines as the whole text, and every other node, composed by
PyYAML, at the same line and column with the same tag and value.
usage: check_lean.py OUT.c"""
import re
import sys

import yaml


def arrays(c_text):
    out = {}
    for name, body in re.findall(r"static const char (\w+)\[\] = \{(.*?)\};", c_text, re.S):
        out[name] = bytes(int(x) for x in body.split(",") if x.strip())[:-1].decode()
    return out


def same(a, b, where):
    if (a.start_mark.line, a.start_mark.column) != (b.start_mark.line, b.start_mark.column):
        sys.exit(f"{where}: a node moved from {a.start_mark.line + 1}:{a.start_mark.column + 1} "
                 f"to {b.start_mark.line + 1}:{b.start_mark.column + 1}")
    if type(a) is not type(b) or a.tag != b.tag:
        sys.exit(f"{where}:{a.start_mark.line + 1}: {a.tag} became {b.tag}")
    if isinstance(a, yaml.ScalarNode):
        if a.value != b.value:
            sys.exit(f"{where}:{a.start_mark.line + 1}: {a.value!r} became {b.value!r}")
        return
    if len(a.value) != len(b.value):
        sys.exit(f"{where}:{a.start_mark.line + 1}: a collection changed its length")
    pairs = list(zip(a.value, b.value))
    if isinstance(a, yaml.MappingNode):
        pairs = [p for kv in pairs for p in zip(*kv)]
    for x, y in pairs:
        same(x, y, where)


def without_examples(root):
    """The whole text's tree with each rule's examples pair left out: a rule
    whose first key is examples then starts at its next key."""
    for k, v in root.value:
        if k.value == "rules" and isinstance(v, yaml.SequenceNode):
            for rule in v.value:
                if isinstance(rule, yaml.MappingNode):
                    rule.value = [(a, b) for a, b in rule.value if a.value != "examples"]
                    if rule.value and rule.flow_style is False:
                        rule.start_mark = rule.value[0][0].start_mark
    return root


def main():
    texts = arrays(open(sys.argv[1], encoding="utf-8").read())
    for name, whole in texts.items():
        if not name.startswith("data"):
            continue
        where = f"{sys.argv[1]}: file {name[4:]}"
        lean = texts["lean" + name[4:]]
        if whole.count("\n") != lean.count("\n"):
            sys.exit(f"{where}: {whole.count(chr(10))} lines became {lean.count(chr(10))}")
        for line in lean.splitlines():
            if re.match(r"\s*-?\s*examples\s*:", line):
                sys.exit(f"{where}: the lean text keeps {line.strip()!r}")
        same(without_examples(yaml.compose(whole)), yaml.compose(lean), where)


main()
