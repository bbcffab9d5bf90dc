/*
 * bench/gen.c: a deterministic corpus generator for `make bench`.
 *
 *   gen DIR N [SEED]
 *
 * writes DIR/people.yaml (a fixed roster of 250 organisations, 3,000 people)
 * and DIR/plans/plan-00001.yaml ... N rollout plans shaped like POLICY.md
 * section 4 and examples/plans/ (every block; about 15% with a trial block),
 * from about 6 KB to 40 KB (median about 8.5 KB: most plans are small, a few
 * are large; small ones write list items in flow style and leave optional keys
 * out, since a plan with every block cannot be much smaller and still pass).
 * About 60% of the plans carry 1 to 5 deliberate gaps, named in the comment
 * at the top of the plan; the others are modelled on
 * examples/plans/northgate-fracture-assist.yaml and pass every rule of the
 * clinical-imaging pack under `govlint check --as-of 2026-12-01`. (Inside a
 * git work tree where the files are not committed, check with
 * `signoff_provenance: off`, as bench/run.sh does, or GOV-SIG-001 reports
 * every sign-off as uncommitted.)
 *
 * Every plan draws from its own stream of a fixed-seed PRNG (splitmix64
 * seeding xorshift64*), so the output depends only on the arguments, and the
 * first 1,000 plans of a 10,000-plan corpus are the 1,000-plan corpus.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ---- the PRNG ---------------------------------------------------------- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* One independent stream per (seed, stream number). */
static rng rng_for(uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03u);
	rng r = {splitmix64(&x)};
	if (!r.s)
		r.s = 1;
	return r;
}

static uint64_t next(rng *r)   /* xorshift64* */
{
	uint64_t x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545F4914F6CDD1Du;
}

static unsigned below(rng *r, unsigned n)   /* 0 .. n-1 */
{
	return (unsigned)(((next(r) >> 32) * (uint64_t)n) >> 32);
}

static int between(rng *r, int lo, int hi)   /* lo .. hi */
{
	return lo + (int)below(r, (unsigned)(hi - lo + 1));
}

static int chance(rng *r, unsigned percent)
{
	return below(r, 100) < percent;
}

#define PICK(r, a) ((a)[below((r), (unsigned)COUNT(a))])

/* ---- dates (days since 1970-01-01, proleptic Gregorian) ---------------- */

static int day_of(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A date as YYYY-MM-DD, in one of 16 rotating buffers (one printf may use
 * several). */
static const char *D(int z)
{
	static char buf[16][40];
	static unsigned k;
	char *b = buf[k++ % 16];
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	int y = yoe + era * 400 + (m <= 2);
	snprintf(b, 40, "%04d-%02d-%02d", y, m, d);
	return b;
}

/* ---- the roster -------------------------------------------------------- */

enum { ORGS = 250 };
enum { S_RAD1, S_RAD2, S_RAD3, S_CLIN1, S_SEC, S_ADMIN, S_CHAIR, S_VENDOR, S_SPONSOR, S_CORELAB,
       S_CLIN2, S_SHARED, PER_ORG };

static const char *const FIRST[] = {
	"aaron", "adele", "ahmed", "aisha", "alan", "alice", "amara", "ana", "anders", "ben",
	"bianca", "carla", "chen", "chloe", "dana", "david", "elena", "emil", "eva", "farah",
	"felix", "grace", "hana", "hugo", "ines", "ivan", "jana", "jonas", "julia", "kai",
	"karin", "kofi", "lara", "leo", "lina", "lucas", "maya", "marco", "mei", "nadia",
	"nina", "noah", "olga", "omar", "paula", "pedro", "priya", "rafael", "rosa", "sami",
	"sara", "tariq", "tess", "theo", "uma", "victor", "wen", "yara", "yusuf", "zoe",
};
static const char *const LAST[] = {
	"abbott", "adeyemi", "alvarez", "bauer", "berg", "bianchi", "brennan", "carter", "chen", "costa",
	"dalton", "dubois", "eriksen", "fischer", "fontaine", "garcia", "gupta", "hale", "hansen", "ito",
	"jensen", "kaur", "keller", "kim", "kowalski", "larsen", "lopez", "mahmoud", "marin", "meyer",
	"moreau", "mwangi", "nakamura", "novak", "nunez", "obi", "okafor", "olsen", "park", "patel",
	"petrov", "quinn", "rahman", "reyes", "rossi", "sato", "schmidt", "silva", "singh", "sorensen",
	"tanaka", "torres", "tran", "vogel", "walsh", "weber", "wong", "yilmaz", "young", "zhang",
};
static const char *const PLACES[] = {
	"Riverside", "Northgate", "Lakeside", "Westmark", "Hillcrest", "Eastbrook", "Southport",
	"Oakridge", "Maple Valley", "Stonebridge", "Harborview", "Pinecrest", "Fairhaven", "Redwood",
	"Kingsford", "Brightwater", "Ashford", "Cedar Falls", "Elmstead", "Granite Bay", "Highmoor",
	"Ironwood", "Juniper", "Larkspur", "Meadowbrook",
};
static const char *const ORG_KINDS[] = {
	"General Hospital", "University Medical Centre", "Community Hospital", "Regional Imaging Network",
	"Children's and Adults' Hospital", "Cancer Centre", "Health System", "Teaching Hospital",
	"Imaging Core Lab", "District Hospital",
};
static const char *const SLOT_ROLE[PER_ORG] = {
	"radiologist", "radiologist", "radiologist", "clinician", "security-officer", "administrator",
	"governance-chair", "vendor", "trial-sponsor", "administrator", "clinician", "shared-account",
};

enum { GR_RAD, GR_SEC, GR_ADMIN, GR_ED, GR_VENDOR, GR_SPONSOR, GR_CORELAB, NGROUPS };
static const char *const GROUP[NGROUPS] = {
	"radiology", "it-security", "administration", "emergency-medicine", "vendor", "sponsor",
	"imaging-core-lab",
};
static const int SLOT_GROUP[PER_ORG] = {
	GR_RAD, GR_RAD, GR_RAD, GR_ED, GR_SEC, GR_ADMIN, GR_ADMIN, GR_VENDOR, GR_SPONSOR, GR_CORELAB,
	GR_ED, GR_CORELAB,
};

/* A person's id: a bijection from 0..3599 onto first.last pairs. */
static const char *person_id(int p)
{
	static char buf[8][48];
	static unsigned k;
	char *b = buf[k++ % 8];
	if (p % PER_ORG == S_SHARED) {
		snprintf(b, 48, "qa-team-%03d", p / PER_ORG);
		return b;
	}
	int a = p % 60, row = p / 60;
	snprintf(b, 48, "%s.%s", FIRST[a], LAST[(row + a * 7) % 60]);
	return b;
}

static void put_capitalised(FILE *f, const char *s)
{
	fputc(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s, f);
	fputs(s + 1, f);
}

static void write_person(FILE *f, int p)
{
	int org = p / PER_ORG, slot = p % PER_ORG;
	fprintf(f, "  - id: %s\n    name: ", person_id(p));
	if (slot == S_SHARED) {
		fprintf(f, "%s %s QA team (shared login)\n", PLACES[org % 25], ORG_KINDS[(org / 25) % 10]);
	} else {
		int a = p % 60, row = p / 60;
		put_capitalised(f, FIRST[a]);
		fputc(' ', f);
		put_capitalised(f, LAST[(row + a * 7) % 60]);
		if (slot <= S_RAD3 || slot == S_CLIN1 || slot == S_CLIN2 || slot == S_CHAIR)
			fputs(", MD", f);
		else if (slot == S_SPONSOR || slot == S_CORELAB)
			fputs(", PhD", f);
		fputc('\n', f);
	}
	fprintf(f, "    emails: [%s@org%03d.example.org]\n", person_id(p), org);
	fprintf(f, "    roles: [%s]\n    groups: [%s]\n", SLOT_ROLE[slot], GROUP[SLOT_GROUP[slot]]);
}

static int write_roster(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("# The roster for a generated benchmark corpus (bench/gen.c): every person a\n"
	      "# plan names. 250 organisations of 12 people each: three radiologists, two\n"
	      "# clinicians, a security officer, an administrator, a governance chair, a\n"
	      "# vendor specialist, a trial sponsor, a core-lab manager and a shared QA login.\n\n"
	      "people:\n", f);
	for (int org = 0; org < ORGS; org++) {
		fprintf(f, "  # %s %s\n", PLACES[org % 25], ORG_KINDS[(org / 25) % 10]);
		for (int s = 0; s < PER_ORG; s++)
			write_person(f, org * PER_ORG + s);
	}
	return fclose(f);
}

/* ---- words ------------------------------------------------------------- */

/* No word holds ':', '#', ',' or a quote, so any run of them is a plain
 * scalar in block and flow context alike. */
static const char *const WORDS[] = {
	"the", "AI", "output", "reader", "radiologist", "report", "flag", "study", "studies", "worklist",
	"PACS", "RIS", "vendor", "model", "threshold", "score", "alert", "shift", "queue", "night",
	"weekend", "on-call", "resident", "consultant", "referrer", "patient", "prior", "comparison",
	"series", "protocol", "scanner", "detector", "portable", "follow-up", "discrepancy", "audit",
	"sample", "weekly", "monthly", "review", "committee", "sign-off", "training", "session",
	"borderline", "case", "cases", "false", "positive", "negative", "miss", "missed", "finding",
	"findings", "box", "overlay", "heatmap", "viewer", "export", "gateway", "network", "VLAN",
	"appliance", "cloud", "tenant", "encryption", "access", "log", "logs", "retention", "policy",
	"record", "workflow", "turnaround", "minutes", "hours", "backlog", "escalation", "huddle",
	"feedback", "override", "agreement", "disagreement", "calibration", "trust", "bias", "automation",
	"subgroup", "age", "band", "site", "sites", "outpatient", "inpatient", "emergency", "department",
	"ward", "clinic", "pathway", "priority", "urgent", "routine", "label", "labels", "warning",
	"banner", "limitation", "limitations", "failure", "mode", "modes", "drift", "monitoring",
	"dashboard", "metric", "guardrail", "baseline", "target", "measure", "owner", "due", "action",
	"decision", "risk", "rationale", "evidence", "control", "controls", "change", "update", "version",
	"release", "validation", "dataset", "reference", "standard", "consensus", "pilot", "go-live",
	"rollout", "phase", "weeks", "months", "every", "each", "all", "some", "most", "fewer", "more",
	"before", "after", "during", "without", "with", "within", "between", "across", "for", "from",
	"to", "on", "in", "of", "by", "and", "or", "when", "if", "until", "because", "so", "that",
	"which", "is", "are", "was", "will", "may", "must", "should", "can", "cannot", "keeps", "shows",
	"hides", "slows", "speeds", "changes", "moves", "records", "sends", "reads", "checks", "flags",
	"confirms", "dismisses", "reviews", "escalates", "tracks", "measures", "reports", "documents",
};

typedef struct plan plan;

/* ---- a plan under construction ----------------------------------------- */

enum { ST_APPROVED, ST_REVIEW, ST_DRAFT };
static const char *const STATUS[] = {"approved", "review", "draft"};
enum { CS_OPEN, CS_RESOLVED, CS_ACCEPTED };
static const char *const CSTATUS[] = {"open", "resolved", "accepted-risk"};
static const char *const SEVERITY[] = {"low", "medium", "high", "critical"};
static const char *const FOUNDING[] = {
	"override-of-judgment", "trust-calibration", "liability", "workload", "phi-exposure",
	"adversarial-input", "system-compromise",
};

/* The deliberate gaps; each one yields at least one finding. */
enum {
	G_PLACEHOLDER,       /* GOV-DOC-002: a TBD where a value belongs */
	G_NO_SIGNOFF,        /* GOV-CON-003: a resolved concern nobody signed off */
	G_DATE_ORDER,        /* GOV-DOC-003: dates out of order */
	G_UNKNOWN_PERSON,    /* GOV-DOC-001: a mistyped person id */
	G_OPEN_HIGH,         /* GOV-CON-004: an open high concern in an approved plan */
	G_NO_THRESHOLD,      /* GOV-VAL-002: a monitoring metric with no alert threshold */
	G_VENDOR_SIGNOFF,    /* GOV-CON-003: the vendor signed a concern off */
	G_VERSION_RANGE,     /* GOV-SYS-001: system.version is not one version */
	G_MISSING_APPROVER,  /* GOV-APR-002 / GOV-APR-001 (GOV-TRL-004 in a trial): no security approval, or a dateless one */
	G_NO_AGREEMENT,      /* GOV-SEC-004: PHI leaves with no BAA or DPA */
	G_TRAINING_TOPIC,    /* GOV-WFL-003: training skips automation bias */
	G_STOP_UNKNOWN,      /* GOV-DOC-001: a stop criterion names no monitoring metric */
	G_UNKNOWN_GROUP,     /* GOV-DOC-001 / GOV-CNV-002: a participant group that is no stakeholder */
	G_STALE_SIGNATURE,   /* GOV-TRL-005 (trial plans): a signature on an older revision */
	NGAPS
};
static const char *const GAP_NAME[NGAPS] = {
	"placeholder", "no-sign-off", "date-order", "unknown-person", "open-high-concern",
	"no-alert-threshold", "vendor-sign-off", "version-range", "missing-approver", "no-agreement",
	"training-topic", "stop-criterion-unknown-monitor", "unknown-group", "stale-signature",
};

enum { MAXCON = 48, MAXCONV = 24 };

typedef struct concern {
	int group, who, category, severity, status;
	int raised, conv, signed_day;
} concern;

typedef struct conversation {
	int first, n, held;
} conversation;

typedef struct product {
	const char *name, *finding, *use, *modality, *ctx_modality, *regulation;
} product;

static const product PRODUCTS[] = {
	{"FractureFinder", "fracture",
	 "Detection and localisation of appendicular-skeleton fractures on adult radiographs",
	 "[DX, CR]", "[DX, CR]", "21 CFR 892.2090"},
	{"PneumoFlag", "pneumothorax", "Triage of suspected pneumothorax on adult chest radiographs",
	 "[CR, DX]", "[CR]", "21 CFR 892.2080"},
	{"StrokeSentinel", "large-vessel occlusion",
	 "Triage and notification of suspected large-vessel occlusion on CT angiography of the head",
	 "[CT]", "[CT]", "21 CFR 892.2080"},
	{"NoduleMetrics", "pulmonary nodule",
	 "Detection and volumetric measurement of pulmonary nodules on chest CT", "[CT]", "[CT]",
	 "21 CFR 892.2050"},
	{"BreastSecondLook", "breast cancer",
	 "Detection of suspicious lesions on screening mammograms as a second reader", "[MG]", "[MG]",
	 "21 CFR 892.2090"},
	{"HaemoAlert", "intracranial haemorrhage",
	 "Triage of suspected intracranial haemorrhage on non-contrast head CT", "[CT]", "[CT]",
	 "21 CFR 892.2080"},
	{"EmboliScan", "pulmonary embolism",
	 "Triage of suspected pulmonary embolism on CT pulmonary angiography", "[CT]", "[CT]",
	 "21 CFR 892.2080"},
	{"ProstateMap", "prostate cancer",
	 "Detection and PI-RADS scoring support for clinically significant prostate cancer on biparametric MRI",
	 "[MR]", "[MR]", "21 CFR 892.2050"},
	{"SpineCheck", "vertebral compression fracture",
	 "Opportunistic detection of vertebral compression fractures on chest and abdomen CT",
	 "[CT]", "[CT]", "21 CFR 892.2090"},
	{"LineTrace", "line and tube malposition",
	 "Detection of malpositioned lines and tubes on portable chest radiographs", "[CR, DX]",
	 "[CR, DX]", "21 CFR 892.2080"},
};

static const char *const VENDORS[] = {
	"OsteoVision Inc.", "Acme AI", "Voxel Insight Ltd", "Radiant Labs GmbH", "Lumen Diagnostics",
	"Clearview Medical AI", "Nordic Imaging Analytics AB", "Helix Health AI", "Quanta Radiology",
	"Sentinel Imaging Systems",
};

struct plan {
	FILE *f;
	rng r;
	unsigned no;
	int org, trial, status, us, eu, ed, vendor_group, prod, autonomy, revision;
	int retention;   /* workflow.accountability.retention, years: the trial audit trail keeps as long */
	int gaps[NGAPS];
	int ngaps;
	int size;              /* 0..1000: how much of everything */
	int words_lo, words_hi;
	int go_live, sec_done, val_decl, val_done, appr_day;
	int groups[NGROUPS], ngroups;
	concern con[MAXCON];
	int ncon;
	conversation conv[MAXCONV];
	int nconv;
	int nmetrics, nflows, leaves;
	int extra_role;        /* a radiographer role change */
	int compact;           /* list items in flow style, optional keys left out */
	int napprovals;        /* 0 (no approvals yet) or 3 */
};

static void out(plan *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void out(plan *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(p->f, fmt, ap);
	va_end(ap);
}

static const char *who(int org, int slot)
{
	return person_id(org * PER_ORG + slot);
}

/* n words, capitalised and ending in a full stop; wrapped into folded lines
 * at `wrap` (0: one line). */
static void words(plan *p, int n, int wrap)
{
	int col = wrap;
	for (int i = 0; i < n; i++) {
		const char *w = PICK(&p->r, WORDS);
		int len = (int)strlen(w);
		if (wrap && col + len + 1 > 78) {
			out(p, "\n%*s", wrap, "");
			col = wrap;
		} else if (i) {
			fputc(' ', p->f);
			col++;
		}
		if (i == 0)
			put_capitalised(p->f, w);
		else
			fputs(w, p->f);
		col += len;
	}
	fputc('.', p->f);
}

static int nwords(plan *p)
{
	return between(&p->r, p->words_lo, p->words_hi);
}

/* `key: text` at indent, folded (>-) when long. */
static void text(plan *p, int indent, const char *key, int n)
{
	if (n <= 14) {
		out(p, "%*s%s: ", indent, "", key);
		words(p, n, 0);
	} else {
		out(p, "%*s%s: >-\n%*s", indent, "", key, indent + 2, "");
		words(p, n, indent + 2);
	}
	fputc('\n', p->f);
}

/* One list item that is a mapping, written as a block (a key a line) or,
 * in compact plans, in flow style ({key: value, ...}) on one line. */
typedef struct item {
	plan *p;
	int indent, flow, keys;
} item;

static item item_begin(plan *p, int indent)
{
	out(p, "%*s- %s", indent, "", p->compact ? "{" : "");
	return (item){p, indent, p->compact, 0};
}

static void key(item *it, const char *k)
{
	if (it->keys++) {
		if (it->flow)
			out(it->p, ", ");
		else
			out(it->p, "\n%*s", it->indent + 2, "");
	}
	out(it->p, "%s: ", k);
}

/* key: n words, folded (>-) when long in a block. */
static void key_text(item *it, const char *k, int n)
{
	key(it, k);
	if (!it->flow && n > 14) {
		out(it->p, ">-\n%*s", it->indent + 4, "");
		words(it->p, n, it->indent + 4);
	} else {
		words(it->p, n, 0);
	}
}

static void item_end(item *it)
{
	out(it->p, "%s\n", it->flow ? "}" : "");
}

static const char *time_of_day(plan *p)
{
	static char buf[4][32];
	static unsigned k;
	char *b = buf[k++ % 4];
	int h = between(&p->r, 8, 18), m = between(&p->r, 0, 59);
	if (chance(&p->r, 70))
		snprintf(b, 32, "T%02d:%02d:00Z", h, m);
	else
		snprintf(b, 32, "T%02d:%02d:00%s", h, m, p->eu ? "+01:00" : "-05:00");
	return b;
}

/* A member of group g, for raising a concern or owning a measure. */
static int member(plan *p, int g)
{
	static const int rad[] = {S_RAD1, S_RAD2, S_RAD3};
	static const int admin[] = {S_ADMIN, S_CHAIR};
	static const int ed[] = {S_CLIN1, S_CLIN2};
	int slot = S_ADMIN;
	switch (g) {
	case GR_RAD: slot = PICK(&p->r, rad); break;
	case GR_SEC: slot = S_SEC; break;
	case GR_ADMIN: slot = PICK(&p->r, admin); break;
	case GR_ED: slot = PICK(&p->r, ed); break;
	case GR_VENDOR: slot = S_VENDOR; break;
	case GR_SPONSOR: slot = S_SPONSOR; break;
	case GR_CORELAB: slot = S_CORELAB; break;
	}
	return p->org * PER_ORG + slot;
}

/* ---- deciding the plan's shape ------------------------------------------ */

static void choose_gaps(plan *p)
{
	if (!chance(&p->r, 60))
		return;
	static const int weights[] = {40, 25, 15, 12, 8};   /* 1..5 gaps */
	int u = (int)below(&p->r, 100), want = 1;
	for (int i = 0, acc = 0; i < 5; i++) {
		acc += weights[i];
		if (u < acc) {
			want = i + 1;
			break;
		}
	}
	while (p->ngaps < want) {
		int g = (int)below(&p->r, NGAPS);
		if (p->gaps[g] || (g == G_STALE_SIGNATURE && !p->trial))
			continue;
		p->gaps[g] = 1;
		p->ngaps++;
	}
}

static void choose_groups(plan *p)
{
	p->ngroups = 0;
	if (p->trial) {
		static const int t[] = {GR_RAD, GR_SEC, GR_SPONSOR, GR_CORELAB};
		for (size_t i = 0; i < COUNT(t); i++)
			p->groups[p->ngroups++] = t[i];
		return;
	}
	p->groups[p->ngroups++] = GR_RAD;
	if (p->ed)
		p->groups[p->ngroups++] = GR_ED;
	p->groups[p->ngroups++] = GR_SEC;
	p->groups[p->ngroups++] = GR_ADMIN;
	if (p->vendor_group)
		p->groups[p->ngroups++] = GR_VENDOR;
}

/* Concerns raised by groups that can sign (the vendor group raises none);
 * the first is radiology's and the second it-security's, both resolved. */
static void choose_concerns(plan *p)
{
	int n = 3 + p->size * 20 / 1000 + between(&p->r, 0, 1 + p->size / 200);
	if (n > MAXCON)
		n = MAXCON;
	p->ncon = n;
	int cats = 10, day0 = day_of(2026, 5, 15) + between(&p->r, 0, 60);
	for (int i = 0; i < n; i++) {
		concern *c = &p->con[i];
		if (i == 0)
			c->group = GR_RAD;
		else if (i == 1)
			c->group = GR_SEC;
		else {
			do
				c->group = p->groups[below(&p->r, (unsigned)p->ngroups)];
			while (c->group == GR_VENDOR);
		}
		c->who = member(p, c->group);
		/* the first seven walk the founding categories in a shuffled start */
		c->category = i < 7 ? (int)((i + p->no) % 7) : (int)below(&p->r, (unsigned)cats);
		if (!p->trial && c->category == 7)   /* adjudication-visibility is a trial concern */
			c->category = 9;
		c->severity = (int)below(&p->r, 100) < 30 ? 0 : chance(&p->r, 65) ? 1 : chance(&p->r, 85) ? 2 : 3;
		int u = (int)below(&p->r, 100);
		c->status = i < 2 || u < 70 ? CS_RESOLVED : u < 85 ? CS_ACCEPTED : CS_OPEN;
		if (c->status == CS_OPEN && p->status == ST_APPROVED && c->severity >= 2)
			c->severity = 1;
		c->raised = day0 + between(&p->r, 0, 70);
	}
	/* conversations: consecutive runs of 1..4 concerns */
	p->nconv = 0;
	for (int i = 0; i < n && p->nconv < MAXCONV;) {
		conversation *v = &p->conv[p->nconv];
		int left = n - i, take = between(&p->r, 1, 4);
		if (p->nconv == MAXCONV - 1 || take > left)
			take = left;
		v->first = i;
		v->n = take;
		int last = 0;
		for (int k = i; k < i + take; k++) {
			p->con[k].conv = p->nconv;
			if (p->con[k].raised > last)
				last = p->con[k].raised;
		}
		v->held = last + between(&p->r, 2, 20);
		for (int k = i; k < i + take; k++)
			p->con[k].signed_day = v->held + between(&p->r, 1, 10);
		i += take;
		p->nconv++;
	}
}

static void shape(plan *p, uint64_t seed)
{
	p->r = rng_for(seed, p->no);
	/* most plans are small, a few are very large: size = 1000 u^6 */
	int64_t u = below(&p->r, 1000), u3 = u * u / 1000 * u / 1000;
	p->size = (int)(u3 * u3 / 1000);
	if (chance(&p->r, 1))
		p->size = between(&p->r, 600, 1000);
	p->compact = p->size < 150;
	p->words_lo = 2 + p->size / 150;
	p->words_hi = 5 + p->size * 20 / 1000;
	p->org = (int)below(&p->r, ORGS);
	p->trial = chance(&p->r, 15);
	u = below(&p->r, 100);
	p->status = u < 45 ? ST_APPROVED : u < 90 ? ST_REVIEW : ST_DRAFT;
	u = below(&p->r, 100);
	p->us = u < 75;
	p->eu = u >= 70;
	p->ed = !p->trial && chance(&p->r, 40);
	p->vendor_group = !p->trial && chance(&p->r, 35);
	p->prod = (int)below(&p->r, COUNT(PRODUCTS));
	p->autonomy = (int)below(&p->r, 3);
	p->revision = between(&p->r, 2, 14);
	p->go_live = day_of(2027, 1, 4) + between(&p->r, 0, 70);
	p->val_decl = day_of(2026, 4, 1) + between(&p->r, 0, 60);
	p->val_done = day_of(2026, 9, 1) + between(&p->r, 0, 45);
	p->sec_done = day_of(2026, 10, 20) + between(&p->r, 0, 18);
	p->appr_day = day_of(2026, 11, 10) + between(&p->r, 0, 12);
	p->napprovals = p->status == ST_APPROVED || chance(&p->r, 50) ? 3 : 0;
	choose_gaps(p);
	if (p->gaps[G_MISSING_APPROVER])
		p->napprovals = 3;   /* the gap is in the approvals, so there are some */
	choose_groups(p);
	choose_concerns(p);
	p->nmetrics = 1 + p->size * 7 / 1000 + (int)below(&p->r, 2);
	p->nflows = 1 + p->size * 7 / 1000 + (int)below(&p->r, 2);
	p->leaves = chance(&p->r, 60) || p->gaps[G_NO_AGREEMENT];
	p->extra_role = p->size > 400 && chance(&p->r, 50);
}

/* ---- one block of the plan each ------------------------------------------ */

static void write_header(plan *p)
{
	out(p, "# Generated by bench/gen.c (plan %u): %s, %s profile.\n", p->no,
	    PRODUCTS[p->prod].name, p->trial ? "trial" : "core");
	if (!p->ngaps) {
		out(p, "# Complete: meant to pass every rule of the clinical-imaging pack.\n");
	} else {
		out(p, "# Deliberate gaps:");
		for (int g = 0, first = 1; g < NGAPS; g++)
			if (p->gaps[g]) {
				out(p, "%s %s", first ? "" : ",", GAP_NAME[g]);
				first = 0;
			}
		out(p, ".\n");
	}
	out(p, "\napiVersion: govlint/v1\nkind: RolloutPlan\nid: plan-%05u\n", p->no);
	out(p, "title: %s for %s, %s %s\n", PRODUCTS[p->prod].name, PRODUCTS[p->prod].finding,
	    PLACES[p->org % 25], ORG_KINDS[(p->org / 25) % 10]);
	out(p, "status: %s\nowner: %s\nrevision: %d\n\n", STATUS[p->status],
	    p->trial ? who(p->org, S_CORELAB) : who(p->org, S_ADMIN), p->revision);
}

static void write_system(plan *p)
{
	const product *s = &PRODUCTS[p->prod];
	out(p, "system:\n  name: %s\n  vendor: %s\n", s->name, VENDORS[(p->org + p->prod) % COUNT(VENDORS)]);
	if (p->gaps[G_VERSION_RANGE])
		out(p, "  version: \">=%d.%d\"\n", between(&p->r, 1, 6), between(&p->r, 0, 9));
	else
		out(p, "  version: \"%d.%d.%d\"\n", between(&p->r, 1, 6), between(&p->r, 0, 9),
		    between(&p->r, 0, 20));
	if (p->compact) {
		out(p, "  intended_use: %s", s->use);
	} else {
		out(p, "  intended_use: >-\n    %s, to aid the reader. ", s->use);
		words(p, nwords(p), 4);
	}
	out(p, "\n  intended_population: {age_min: 18}\n  modality: %s\n", s->modality);
	if (!p->compact)
		out(p, "  hosting: %s\n", chance(&p->r, 50) ? "on-premises appliance" : "vendor cloud tenant");
	/* a second reader needs a clearance that covers that use (GOV-WFL-002) */
	const char *covers = p->autonomy == 2 ? ", covers: [second-reader]" : "";
	out(p, "  regulatory:\n");
	if (p->us)
		out(p, "    - {authority: FDA, pathway: 510k, id: K%06d, regulation: \"%s\", pccp: %s%s}\n",
		    between(&p->r, 200000, 259999), s->regulation, chance(&p->r, 20) ? "true" : "false",
		    covers);
	if (p->eu)
		out(p, "    - {authority: EU notified body, pathway: MDR class IIa, id: CE-%04d-%05d%s}\n",
		    between(&p->r, 100, 2999), between(&p->r, 10000, 99999), covers);
	static const char *const upd[] = {"revalidate-before-activation", "pccp-with-local-check", "frozen"};
	out(p, "  change_control:\n    vendor_updates: %s\n\n", PICK(&p->r, upd));
}

static void write_context(plan *p)
{
	out(p, "context:\n  site: %s %s", PLACES[p->org % 25], ORG_KINDS[(p->org / 25) % 10]);
	if (!p->compact) {
		out(p, ", ");
		words(p, between(&p->r, 3, 8), 0);
	}
	out(p, "\n  jurisdictions: [%s]\n", p->us && p->eu ? "US, EU" : p->us ? "US" : "EU");
	out(p, "  clinical_trial: %s\n  go_live: %s\n", p->trial ? "true" : "false", D(p->go_live));
	out(p, "  population: {age_min: %d}\n  modality: %s\n\n", chance(&p->r, 80) ? 18 : 21,
	    PRODUCTS[p->prod].ctx_modality);
}

static void write_governance(plan *p)
{
	out(p, "governance:\n  committee: ai-committee\n  chair: %s\n  inventory_id: AI-%03d-%04u\n\n",
	    who(p->org, S_CHAIR), p->org, p->no % 10000);
}

static void write_representatives(plan *p, int g)
{
	out(p, "    representatives: [");
	switch (g) {
	case GR_RAD: {
		int n = between(&p->r, 1, 3);
		for (int i = 0; i < n; i++)
			out(p, "%s%s", i ? ", " : "", who(p->org, S_RAD1 + i));
		if (p->gaps[G_UNKNOWN_PERSON]) {   /* a typo: the last letter dropped */
			const char *id = who(p->org, S_RAD1);
			out(p, ", %.*s", (int)strlen(id) - 1, id);
		}
		break;
	}
	case GR_SEC: out(p, "%s", who(p->org, S_SEC)); break;
	case GR_ADMIN: out(p, "%s, %s", who(p->org, S_ADMIN), who(p->org, S_CHAIR)); break;
	case GR_ED: out(p, "%s, %s", who(p->org, S_CLIN1), who(p->org, S_CLIN2)); break;
	case GR_VENDOR: out(p, "%s", who(p->org, S_VENDOR)); break;
	case GR_SPONSOR: out(p, "%s", who(p->org, S_SPONSOR)); break;
	case GR_CORELAB: out(p, "%s, %s", who(p->org, S_CORELAB), who(p->org, S_CHAIR)); break;
	}
	out(p, "]\n");
}

static void write_measure(plan *p, int g, int id, int first, int *placeholder_done)
{
	static const char *const kinds[] = {"safety", "quality", "operational", "security", "availability",
	                                    "experience"};
	static const char *const dirs[] = {"increase", "decrease", "maintain"};
	static const char *const cadences[] = {"weekly", "monthly", "quarterly", "every 25 subjects"};
	int workload = g == GR_RAD && first, base = between(&p->r, 1, 400);
	item it = item_begin(p, 6);
	key(&it, "id");
	out(p, "M-%d", id);
	if (workload || !p->compact) {
		key(&it, "kind");
		out(p, "%s", workload ? "workload" : PICK(&p->r, kinds));
	}
	key_text(&it, "metric", between(&p->r, 3, p->words_hi));
	key(&it, "baseline");
	if (p->gaps[G_PLACEHOLDER] && !*placeholder_done) {
		static const char *const ph[] = {"TBD", "TBC", "to be determined", "pending"};
		out(p, "%s", PICK(&p->r, ph));
		*placeholder_done = 1;
	} else {
		out(p, "%d", base);
	}
	key(&it, "target");
	out(p, "%d", base + between(&p->r, -20, 20));
	key(&it, "direction");
	out(p, "%s", PICK(&p->r, dirs));
	if (workload || !p->compact) {
		key(&it, "guardrail");
		out(p, "%d", base + between(&p->r, 5, 40));
	}
	key(&it, "measured_by");
	out(p, "{source: ");
	words(p, between(&p->r, 2, 4), 0);
	out(p, ", cadence: %s}", PICK(&p->r, cadences));
	key(&it, "owner");
	out(p, "%s", person_id(member(p, g)));
	int review = p->go_live + between(&p->r, 30, 85);
	if (p->gaps[G_DATE_ORDER] && id == 1)
		review = p->go_live - between(&p->r, 7, 40);   /* reviewed before go-live */
	key(&it, "review_on");
	out(p, "%s", D(review));
	item_end(&it);
}

static void write_stakeholders(plan *p)
{
	int id = 1, placeholder_done = 0;
	out(p, "stakeholders:\n");
	for (int i = 0; i < p->ngroups; i++) {
		int g = p->groups[i];
		out(p, "  - group: %s\n", GROUP[g]);
		write_representatives(p, g);
		out(p, "    success_measures:\n");
		int n = 1 + (int)below(&p->r, (unsigned)(1 + p->size * 3 / 1000));
		for (int k = 0; k < n; k++)
			write_measure(p, g, id++, k == 0, &placeholder_done);
	}
	out(p, "\n");
}

static int role_slot(int person)
{
	return person % PER_ORG;
}

static void write_signoff(plan *p, const concern *c, int i)
{
	int by = c->who;
	if (p->gaps[G_VENDOR_SIGNOFF] && i == 1)
		by = p->org * PER_ORG + S_VENDOR;
	int day = c->signed_day;
	if (p->gaps[G_DATE_ORDER] && i == 0 && chance(&p->r, 50))
		day = c->raised - between(&p->r, 1, 9);   /* signed before it was raised */
	out(p, "{by: %s, role: %s, signed_at: %s%s, meaning: concern-resolved, record_ref: {revision: %d}}",
	    person_id(by), SLOT_ROLE[role_slot(by)], D(day), time_of_day(p),
	    p->gaps[G_STALE_SIGNATURE] && i == 0 ? p->revision - 1 : p->revision);
}

static void write_concern(plan *p, int i)
{
	const concern *c = &p->con[i];
	static const char *const cats[] = {
		"override-of-judgment", "trust-calibration", "liability", "workload", "phi-exposure",
		"adversarial-input", "system-compromise", "adjudication-visibility", "verification-burden",
		"other",
	};
	int status = c->status, severity = c->severity;
	int open_high = p->gaps[G_OPEN_HIGH] && i == p->ncon - 1;
	if (open_high && p->status == ST_APPROVED) {
		status = CS_OPEN;
		severity = 2;
	} else if (open_high) {
		status = CS_ACCEPTED;   /* accepted, but nobody owns the risk */
	}
	item it = item_begin(p, 2);
	key(&it, "id");
	out(p, "C-%d", i + 1);
	key(&it, "raised_by");
	out(p, "%s", person_id(c->who));
	key(&it, "group");
	out(p, "%s", GROUP[c->group]);
	key(&it, "raised_on");
	out(p, "%s", D(c->raised));
	key(&it, "category");
	out(p, "%s", cats[c->category]);
	key(&it, "severity");
	out(p, "%s", SEVERITY[severity]);
	key_text(&it, "text", nwords(p));
	key(&it, "status");
	out(p, "%s", CSTATUS[status]);
	if (status != CS_OPEN)
		key_text(&it, "response", nwords(p));
	if (status == CS_RESOLVED && !(p->gaps[G_NO_SIGNOFF] && i == 0)) {
		key(&it, "sign_off");
		write_signoff(p, c, i);
	}
	if (status == CS_ACCEPTED) {
		if (!open_high) {
			key(&it, "risk_owner");
			out(p, "%s", who(p->org, chance(&p->r, 50) ? S_CHAIR : S_SEC));
		}
		key_text(&it, "rationale", nwords(p));
		key(&it, "review_on");
		out(p, "%s", D(p->go_live + between(&p->r, 30, 120)));
	}
	item_end(&it);
}

static void write_concerns(plan *p)
{
	out(p, "concerns:\n");
	for (int i = 0; i < p->ncon; i++)
		write_concern(p, i);
	out(p, "\n");
}

/* Founding categories no concern covers, each with a reason. */
static void write_not_applicable(plan *p)
{
	int seen[10] = {0};
	for (int i = 0; i < p->ncon; i++)
		seen[p->con[i].category] = 1;
	out(p, "not_applicable:\n");
	int any = 0;
	for (int k = 0; k < 7; k++)
		if (!seen[k]) {
			out(p, "  - category: %s\n", FOUNDING[k]);
			text(p, 4, "reason", nwords(p));
			any = 1;
		}
	if (!p->trial)
		out(p, "  - category: adjudication-visibility\n    reason: Not a trial; there is no multi-reader adjudication.\n");
	else if (!any)
		out(p, "  []\n");
	out(p, "\n");
}

static void write_conversation(plan *p, int k)
{
	const conversation *v = &p->conv[k];
	int in[NGROUPS] = {0}, n = 0;
	for (int i = v->first; i < v->first + v->n; i++)
		in[p->con[i].group] = 1;
	in[p->trial ? GR_CORELAB : GR_ADMIN] = 1;   /* the host */
	for (int g = 0; g < NGROUPS; g++)
		n += in[g];
	if (n < 2)
		in[GR_RAD] = 1;
	item it = item_begin(p, 2);
	key(&it, "id");
	out(p, "CV-%d", k + 1);
	key(&it, "held_on");
	out(p, "%s", D(v->held));
	key_text(&it, "purpose", between(&p->r, 3, p->words_hi));
	key(&it, "owner");
	out(p, "%s", who(p->org, p->trial ? S_CORELAB : S_ADMIN));
	key(&it, "addresses");
	out(p, "[");
	for (int i = v->first; i < v->first + v->n; i++)
		out(p, "%sC-%d", i > v->first ? ", " : "", i + 1);
	out(p, "]");
	key(&it, "participants");
	out(p, "[");
	for (int g = 0, first = 1; g < NGROUPS; g++)
		if (in[g]) {
			out(p, "%s%s", first ? "" : ", ", GROUP[g]);
			first = 0;
		}
	if (p->gaps[G_UNKNOWN_GROUP] && k == 0)
		out(p, ", nursing");
	out(p, "]");
	key(&it, "outcomes");
	int nout = 1 + (int)below(&p->r, (unsigned)(1 + p->size * 3 / 1000));
	if (it.flow)
		out(p, "[");
	for (int i = 0; i < nout; i++) {
		if (it.flow)
			out(p, "%s{action: ", i ? ", " : "");
		else
			out(p, "\n      - {action: ");
		words(p, nwords(p), 0);
		out(p, ", owner: %s, due: %s}", person_id(member(p, p->groups[below(&p->r, (unsigned)p->ngroups)])),
		    D(v->held + between(&p->r, 14, 120)));
	}
	if (it.flow)
		out(p, "]");
	item_end(&it);
}

static void write_conversations(plan *p)
{
	out(p, "conversations:\n");
	for (int k = 0; k < p->nconv; k++)
		write_conversation(p, k);
	out(p, "\n");
}

static void write_role_change(plan *p, const char *group, const char *role)
{
	int start = p->go_live - between(&p->r, 0, 14), end = start + between(&p->r, 30, 120);
	if (p->gaps[G_DATE_ORDER] && !strcmp(role, "radiologist") && chance(&p->r, 50))
		end = start - between(&p->r, 1, 30);   /* the transition ends before it starts */
	item it = item_begin(p, 4);
	key(&it, "group");
	out(p, "%s", group);
	key(&it, "role");
	out(p, "%s", role);
	key_text(&it, "before", nwords(p));
	key_text(&it, "after", nwords(p));
	key(&it, "transition");
	out(p, "{starts_on: %s, ends_on: %s, support: ", D(start), D(end));
	words(p, between(&p->r, 2, 8), 0);
	out(p, "}");
	item_end(&it);
}

static void write_training(plan *p, const char *role)
{
	item it = item_begin(p, 4);
	key(&it, "role");
	out(p, "%s", role);
	key(&it, "hours");
	out(p, "%d.%d", between(&p->r, 1, 6), chance(&p->r, 50) ? 5 : 0);
	key(&it, "topics");
	if (p->gaps[G_TRAINING_TOPIC])
		out(p, "[limitations, failure-modes, borderline-cases]");
	else
		out(p, "[limitations, failure-modes, automation-bias, borderline-cases]");
	key_text(&it, "competency", between(&p->r, 3, 12));
	key(&it, "complete_by");
	out(p, "%s", D(p->go_live - between(&p->r, 1, 20)));
	item_end(&it);
}

static void write_workflow(plan *p)
{
	static const char *const autonomy[] = {"assistive", "triage", "second-reader"};
	out(p, "workflow:\n  autonomy: %s\n  output_recipients: [radiology%s]\n  role_changes:\n",
	    autonomy[p->autonomy], p->ed ? ", emergency-medicine" : "");
	write_role_change(p, "radiology", "radiologist");
	if (p->ed)
		write_role_change(p, "emergency-medicine", "clinician");
	if (p->extra_role)
		write_role_change(p, "radiology", "radiographer");
	out(p, "  verification: {by: radiologist, scope: %s, ai_finalises_report: false}\n",
	    p->trial || chance(&p->r, 70) ? "all" : "flagged");
	out(p, "  override: {allowed: true, recorded_in: ");
	words(p, between(&p->r, 2, 6), 0);
	out(p, "}\n  training:\n");
	write_training(p, "radiologist");
	if (p->ed)
		write_training(p, "clinician");
	if (p->extra_role)
		write_training(p, "radiographer");
	static const char *const keep[] = {"in-report", "in-pacs", "audit-log-only"};
	const char *kept = PICK(&p->r, keep);
	p->retention = between(&p->r, 5, 25);
	out(p, "  accountability: {final_interpretation: radiologist, ai_output_retention: %s, retention: %dy, ai_use_in_report: %s}\n\n",
	    kept, p->retention, chance(&p->r, 80) ? "true" : "false");
}

static void write_validation(plan *p)
{
	static const char *const sampling[] = {"consecutive", "enriched", "mixed"};
	static const char *const metrics[] = {"sensitivity", "specificity", "AUC", "PPV", "NPV"};
	out(p, "validation:\n  dataset: {site: %s, period: 2025-%02d/2026-%02d, sampling: %s, n: %d}\n",
	    PLACES[p->org % 25], between(&p->r, 1, 9), between(&p->r, 1, 6), PICK(&p->r, sampling),
	    between(&p->r, 200, 5000));
	text(p, 2, "reference_standard", between(&p->r, 5, p->words_hi));
	out(p, "  acceptance_criteria:\n");
	int n = 1 + (int)below(&p->r, (unsigned)(2 + p->size * 4 / 1000));
	for (int i = 0; i < n; i++)
		out(p, "    - {metric: %s, min: 0.%02d}\n", metrics[i % COUNT(metrics)], between(&p->r, 70, 95));
	out(p, "  criteria_declared_on: %s\n  subgroups: [age-band, sex, scanner-vendor%s]\n",
	    D(p->val_decl), p->size > 500 ? ", body-habitus, referral-source" : "");
	out(p, "  result: pass\n  completed_on: %s\n\n", D(p->val_done));
}

static void write_metric(plan *p, int k)
{
	static const char *const cadences[] = {"weekly", "monthly", "biweekly"};
	item it = item_begin(p, 4);
	key(&it, "id");
	out(p, "MON-%d", k + 1);
	if (k == 0) {
		key(&it, "metric");
		out(p, "AI vs final-report discordance for %s", PRODUCTS[p->prod].finding);
	} else {
		key_text(&it, "metric", between(&p->r, 3, p->words_hi));
	}
	key_text(&it, "method", nwords(p));
	key(&it, "sample");
	out(p, "%d studies per week", between(&p->r, 20, 400));
	key(&it, "cadence");
	out(p, "%s", PICK(&p->r, cadences));
	key(&it, "owner");
	out(p, "%s", person_id(member(p, GR_RAD)));
	if (!(p->gaps[G_NO_THRESHOLD] && k == 0)) {
		key(&it, "alert_threshold");
		out(p, "\"> %d%%\"", between(&p->r, 3, 20));
	}
	key_text(&it, "action", nwords(p));
	item_end(&it);
}

static void write_monitoring(plan *p)
{
	out(p, "monitoring:\n  metrics:\n");
	for (int k = 0; k < p->nmetrics; k++)
		write_metric(p, k);
	out(p, "\n");
}

static void write_controls(plan *p, int n)
{
	out(p, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			out(p, ", ");
		/* words() ends in a full stop; a control list reads fine either way */
		words(p, between(&p->r, 2, p->compact ? 3 : 6), 0);
	}
	out(p, "]");
}

static void write_scope(plan *p)
{
	int nc = 1 + p->size * 4 / 1000;
	out(p, "  scope:\n    data:\n      controls: ");
	write_controls(p, nc);
	out(p, "\n      evidence: SEC-%03d-%04u section 2\n    algorithm:\n      controls: ", p->org, p->no % 10000);
	write_controls(p, nc);
	out(p, "\n      evidence: SEC-%03d-%04u section 3\n", p->org, p->no % 10000);
	out(p, "      adversarial_testing: {method: noise and contrast perturbation, n_studies: %d, result: ",
	    between(&p->r, 100, 500));
	words(p, between(&p->r, 4, 10), 0);
	out(p, "}\n      input_integrity: [modality AE-title allow-list, DICOM header and pixel consistency check]\n");
	out(p, "    organization:\n      controls: ");
	write_controls(p, nc);
	out(p, "\n      evidence: SEC-%03d-%04u section 4\n      output_integrity: %s\n", p->org, p->no % 10000,
	    chance(&p->r, 50) ? "signed" : "authenticated-channel");
	if (!p->compact)
		text(p, 6, "access_control", nwords(p));
	out(p, "      audit_logging: {covers: [ai-results, record-access, configuration-change], retention: %dy}\n",
	    between(&p->r, 1, 10));
}

static void write_flows(plan *p)
{
	static const char *const from[] = {"PACS", "modality router", "RIS", "export job", "inference node",
	                                   "core-lab archive", "teleradiology gateway"};
	static const char *const to[] = {"inference node", "PACS", "reporting system", "worklist service",
	                                 "vendor analytics tenant", "mobile alert app", "audit store"};
	out(p, "  phi_flows:\n");
	for (int i = 0; i < p->nflows; i++) {
		int leaves = p->leaves && i == p->nflows - 1;
		out(p, "    - {id: F-%d, from: %s, to: %s, leaves_enclave: %s, in_transit: TLS 1.%d, at_rest: ", i + 1,
		    PICK(&p->r, from), leaves ? "vendor cloud tenant" : PICK(&p->r, to), leaves ? "true" : "false",
		    between(&p->r, 2, 3));
		words(p, between(&p->r, 2, 5), 0);
		out(p, "}\n");
	}
	out(p, "  deidentification:\n    profile: dicom-ps3.15-basic\n");
	out(p, "    options: [clean-pixel-data, clean-descriptors, retain-longitudinal-temporal-modified-dates]\n");
	if (p->gaps[G_NO_AGREEMENT])
		out(p, "  agreements: []\n");
	else
		out(p, "  agreements:\n    - {type: %s, ref: AGR-%03d-%05u}\n", p->eu ? "DPA" : "BAA", p->org, p->no);
}

static void write_findings(plan *p)
{
	int n = (int)below(&p->r, (unsigned)(1 + p->size * 10 / 1000));
	if (!n) {
		out(p, "  findings: []\n");
		return;
	}
	out(p, "  findings:\n");
	for (int i = 0; i < n; i++) {
		static const char *const st[] = {"mitigated", "closed", "mitigated", "accepted-risk"};
		int sev = (int)below(&p->r, 4);
		const char *status = PICK(&p->r, st);
		if (sev < 2 && p->status != ST_APPROVED && chance(&p->r, 30))
			status = "open";
		out(p, "    - {id: S-%d, severity: %s, status: %s, title: ", i + 1, SEVERITY[sev], status);
		words(p, nwords(p), 0);
		out(p, ", owner: %s, due: %s, evidence: CHG-%05d}\n", who(p->org, S_SEC),
		    D(p->sec_done + between(&p->r, -30, 60)), between(&p->r, 1000, 99999));
	}
}

static void write_security_review(plan *p)
{
	int done = p->sec_done;
	if (p->gaps[G_DATE_ORDER] && p->napprovals && chance(&p->r, 50))
		done = p->appr_day + 20;   /* finished after the approvals */
	out(p, "security_review:\n  reviewer: %s\n  completed_on: %s\n", who(p->org, S_SEC), D(done));
	write_scope(p);
	write_flows(p);
	write_findings(p);
	out(p, "\n");
}

static void write_failure_plan(plan *p)
{
	out(p, "failure_plan:\n  fallback:\n");
	text(p, 4, "trigger", between(&p->r, 4, 10));
	text(p, 4, "procedure", nwords(p));
	out(p, "  stop_criteria:\n");
	int n = p->nmetrics < 3 ? p->nmetrics : 3;
	for (int i = 0; i < n; i++)
		out(p, "    - {monitor: MON-%d, condition: \"> %d%% for two consecutive weeks\"}\n", i + 1,
		    between(&p->r, 10, 30));
	if (p->gaps[G_STOP_UNKNOWN])
		out(p, "    - {monitor: MON-%d, condition: \"any sustained rise\"}\n", p->nmetrics + 1);
	out(p, "  disable_authority: %s\n  incident_reporting: [vendor, ai-committee%s%s]\n",
	    who(p->org, S_RAD1), p->us ? ", fda-user-facility-mdr" : "",
	    p->eu ? ", national-market-surveillance-authority" : "");
	out(p, "  escalation: {forum: ");
	words(p, between(&p->r, 2, 5), 0);
	out(p, ", cadence: weekly, decision_body: ai-committee}\n\n");
}

static void write_approval(plan *p, int slot, const char *role, int k)
{
	int rev = p->gaps[G_STALE_SIGNATURE] ? p->revision - 1 : p->revision;
	const char *when = time_of_day(p);
	if (p->gaps[G_MISSING_APPROVER] && slot == S_CHAIR)
		when = "";   /* a date with no time */
	out(p, "  - {by: %s,%s role: %s, signed_at: %s%s, meaning: approval, scope: %s, record_ref: {revision: %d}}\n",
	    who(p->org, slot), slot == S_CHAIR ? " on_behalf_of: ai-committee," : "", role,
	    D(p->appr_day + k), when, chance(&p->r, 80) ? "pilot" : "full", rev);
}

static void write_approvals(plan *p)
{
	if (!p->napprovals) {
		out(p, "approvals: []\n");
		return;
	}
	out(p, "approvals:\n");
	write_approval(p, S_RAD1, "radiologist", 0);
	if (!(p->gaps[G_MISSING_APPROVER] && p->status == ST_APPROVED))
		write_approval(p, S_SEC, "security-officer", 1);
	write_approval(p, S_CHAIR, "governance-chair", 2);
}

static void write_trial(plan *p)
{
	int first_read = p->go_live, effective = first_read - between(&p->r, 7, 35);
	int nsites = between(&p->r, 1, 2 + p->size * 40 / 1000);
	out(p, "\ntrial:\n  protocol_id: %s-%03d\n  sponsor: %s Oncology\n  imaging_core_lab: %s %s\n  sites: [",
	    "PRT", between(&p->r, 100, 999), PLACES[(p->org + 7) % 25], PLACES[p->org % 25],
	    ORG_KINDS[(p->org / 25) % 10]);
	static const char *const cc[] = {"US", "CA", "DE", "ES", "PL", "KR", "JP", "FR"};
	for (int i = 0; i < nsites; i++)
		out(p, "%s%s-%d", i ? ", " : "", cc[i % COUNT(cc)], 101 + i);
	out(p, "]\n  charter:\n    id: IRC-%03u\n    version: \"%d.0\"\n    effective_on: %s\n    ai_section: \"7.%d\"\n",
	    p->no % 1000, between(&p->r, 1, 4), D(effective), between(&p->r, 1, 9));
	out(p, "    approval: {by: %s, role: governance-chair, signed_at: %s%s, meaning: approval, record_ref: {revision: %d}}\n",
	    who(p->org, S_CHAIR), D(effective - 1), time_of_day(p),
	    p->gaps[G_STALE_SIGNATURE] ? p->revision - 1 : p->revision);
	out(p, "  first_read_on: %s\n  ai_role: reader-aid\n", D(first_read));
	out(p, "  reads:\n    readers_per_case: 2\n    blinding: [treatment-arm, clinical-data, other-reader]\n"
	       "    adjudication: {trigger: [best-overall-response, date-of-progression], adjudicator: independent-radiologist,\n"
	       "                   sees: [both-reads, ai-output], outcome: adjudicator-selects-one-read}\n"
	       "    lock: {signed: true}\n");
	out(p, "  ai_output_record: {fields: [score, threshold, model_version], per_read: true,\n"
	       "                     visible_to: [reader, adjudicator], borderline_band: {lower: 0.%d, upper: 0.%d}}\n",
	    between(&p->r, 25, 40), between(&p->r, 60, 75));
	out(p, "  esignature: {method: two-component, identity_verified: true}\n");
	out(p, "  audit_trail: {system: core-lab RIS, computer_generated: true, time_stamped: true, can_be_disabled: false,\n"
	       "                covers: [read-create, read-modify, read-delete, ai-output, adjudication, user-access, role-change],\n"
	       "                retention: %dy, review_cadence: monthly}\n",
	    p->retention + between(&p->r, 0, 10));   /* as long as the records, or longer (GOV-TRL-006) */
	out(p, "  reader_monitoring: {metrics: [adjudication-rate, reader-ai-discordance], cadence: every 25 subjects,\n"
	       "                      threshold: \"> 1 SD above study mean\", action: retrain-or-replace-reader}\n");
	int base = between(&p->r, 10, 30);
	out(p, "  efficiency: {baseline_minutes_per_case: %d, expected_minutes_with_ai: %d, verification_minutes: %d}\n",
	    base, base - between(&p->r, 1, 6), between(&p->r, 2, 6));
}

static int write_plan(const char *path, unsigned no, uint64_t seed)
{
	plan *p = calloc(1, sizeof *p);
	if (!p)
		return -1;
	p->no = no;
	shape(p, seed);
	p->f = fopen(path, "w");
	if (!p->f) {
		free(p);
		return -1;
	}
	write_header(p);
	write_system(p);
	write_context(p);
	write_governance(p);
	write_stakeholders(p);
	write_concerns(p);
	write_not_applicable(p);
	write_conversations(p);
	write_workflow(p);
	write_validation(p);
	write_monitoring(p);
	write_security_review(p);
	write_failure_plan(p);
	write_approvals(p);
	if (p->trial)
		write_trial(p);
	int rc = fclose(p->f);
	free(p);
	return rc;
}

/* ---- main ---------------------------------------------------------------- */

static int mkdir_p(const char *path)
{
	return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen DIR N [SEED]\n");
		return 2;
	}
	char *end;
	unsigned long n = strtoul(argv[2], &end, 10);
	if (*end || !*argv[2] || n > 999999) {
		fprintf(stderr, "gen: N must be a number from 0 to 999999, not '%s'\n", argv[2]);
		return 2;
	}
	uint64_t seed = 20261201;
	if (argc == 4) {
		seed = strtoull(argv[3], &end, 10);
		if (*end || !*argv[3]) {
			fprintf(stderr, "gen: SEED must be a number, not '%s'\n", argv[3]);
			return 2;
		}
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/plans", argv[1]);
	if (mkdir_p(argv[1]) || mkdir_p(path)) {
		fprintf(stderr, "gen: cannot create %s: %s\n", path, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof path, "%s/people.yaml", argv[1]);
	if (write_roster(path)) {
		fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (unsigned long i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "%s/plans/plan-%05lu.yaml", argv[1], i);
		if (write_plan(path, (unsigned)i, seed)) {
			fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	return 0;
}
