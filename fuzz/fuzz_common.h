/*
 * Shared by the libFuzzer targets: a small fixed roster and the built-in
 * clinical-imaging pack, loaded once and kept for the whole fuzzing session
 * (reachable from statics, so LeakSanitizer does not count them).
 */
#ifndef GL_FUZZ_COMMON_H
#define GL_FUZZ_COMMON_H

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-12-01, the as-of date of the examples. */
#define FUZZ_TODAY 20788L

static const char fuzz_roster_yaml[] =
	"people:\n"
	"  - id: robert.hughes\n"
	"    name: Robert Hughes\n"
	"    emails: [robert.hughes@example.org]\n"
	"    roles: [governance-chair]\n"
	"    groups: [governance]\n"
	"  - id: omar.ali\n"
	"    name: Omar Ali, MD\n"
	"    roles: [radiologist]\n"
	"    groups: [radiology]\n"
	"  - id: helen.park\n"
	"    name: Helen Park\n"
	"    roles: [security-officer]\n"
	"    groups: [it-security]\n"
	"  - id: shared.ops\n"
	"    name: Ops Desk\n"
	"    roles: [shared-account]\n";

typedef struct fuzz_env {
	gl__packset *packs;
	gl_doc *roster_doc;
	gl__arena *arena;
	const gl__roster *roster;
} fuzz_env;

static inline void fuzz_die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz setup: %s: %s\n", what, why);
	abort();
}

/* The built-in pack and the roster, once. */
static inline const fuzz_env *fuzz_env_get(void)
{
	static fuzz_env env;
	static int ready;
	if (ready)
		return &env;
	gl_err err = {{0}};
	if (!(env.packs = gl__packset_new()) ||
	    gl__pack_load_builtin(env.packs, "clinical-imaging", 0, &err))
		fuzz_die("clinical-imaging pack", err.msg);
	if (gl_doc_parse(&env.roster_doc, "people.yaml", fuzz_roster_yaml,
	                 sizeof fuzz_roster_yaml - 1, NULL) ||
	    !(env.arena = gl__arena_new()))
		fuzz_die("roster", "out of memory");
	env.roster = gl__roster_build(env.arena, gl_node_get(gl_doc_root(env.roster_doc), "people"),
	                              NULL);
	if (!env.roster)
		fuzz_die("roster", "out of memory");
	ready = 1;
	return &env;
}

/* Frees what an evaluation left in a plan_out. */
static inline void fuzz_out_free(gl__plan_out *o)
{
	free(o->v);
	gl__arena_free(o->arena);
	memset(o, 0, sizeof *o);
}

/* Reads everything a report would read from the findings, so ASan sees
 * any dangling or unterminated string. */
static inline size_t fuzz_touch_findings(const gl__plan_out *o)
{
	size_t sum = 0;
	for (size_t i = 0; i < o->n; i++) {
		const gl_finding *f = &o->v[i];
		sum += strlen(gl_rule_id(f->rule)) + strlen(f->plan) + strlen(f->file) +
		       strlen(f->path) + strlen(f->message) + (size_t)f->fingerprint +
		       (f->owner ? strlen(f->owner) : 0) + (f->source ? strlen(f->source) : 0) +
		       f->line + f->col + f->end_col + (size_t)f->line_hash + (size_t)f->severity;
	}
	const gl_plan *p = &o->plan;
	sum += (p->file ? strlen(p->file) : 0) + (p->id ? strlen(p->id) : 0) +
	       (p->title ? strlen(p->title) : 0) + (p->status ? strlen(p->status) : 0) +
	       (p->owner ? strlen(p->owner) : 0);
	return sum;
}

#endif
