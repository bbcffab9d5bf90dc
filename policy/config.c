/* .govlint.yaml: which plans, which roster, which packs, overrides, the
 * failure threshold and input limits. Every key has a default, so a
 * repository without the file works. Unknown keys are errors: a typo in a
 * governance gate must not pass silently. */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const default_plans[] = {"plans/**/*.yaml", "plans/**/*.yml"};
static const char *const default_packs[] = {"clinical-imaging"};
static const char *const default_waiver_roles[] = {"governance-chair"};
static const char *const default_never_sign[] = {"shared-account"};   /* SPEC 1.1: a team login */

static int fail(gl__config *c, const gl_node *at, gl_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(gl__config *c, const gl_node *at, gl_err *err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	gl__err_at(err, c->file, at ? at->line : 0, at ? at->col : 0, "%s", msg);
	return -1;
}

/* The next segment of path *p that is not "." or empty: its length, with
 * *p moved to its start (0 at the end). */
static size_t segment(const char **p)
{
	for (;;) {
		*p += strspn(*p, "/");
		size_t n = strcspn(*p, "/");
		if (n != 1 || **p != '.')
			return n;
		++*p;
	}
}

/* Two names of one pack: built-in names as written, paths segment by
 * segment (`./p/a.yaml` is `p//a.yaml`; `..` is refused anyway). */
static int same_pack(const char *a, const char *b)
{
	if (!gl__config_pack_file(a) || !gl__config_pack_file(b) || (*a == '/') != (*b == '/'))
		return strcmp(a, b) == 0;   /* an absolute path is judged (it leaves) apart */
	for (size_t n, m;; a += n, b += m) {
		n = segment(&a);
		m = segment(&b);
		if (n != m || strncmp(a, b, n) != 0)
			return 0;
		if (n == 0)
			return 1;
	}
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* A string, as YAML types it: `1`, `true` or `~` is not a name or glob. */
static int is_text(const gl_node *n)
{
	return n->kind == GL_SCALAR && gl__scalar_type(n) == GL_T_STR;
}

/* A non-empty list of strings, no two of them `same`; one string stands
 * for a list of one. */
static int list_of(gl__config *c, const gl_node *n, const char *key,
                   int (*same)(const char *, const char *), const char ***out, size_t *count,
                   gl_err *err)
{
	if (!n)
		return 0;
	if (n->kind == GL_SCALAR && !is_text(n))
		return fail(c, n, err, "'%s' must be a non-empty list of strings, not '%s'", key,
		            n->str);
	if (n->kind == GL_SCALAR && !gl__nonblank_text(n))
		return fail(c, n, err, "'%s' must be a list of non-blank strings", key);
	if (n->kind == GL_SCALAR) {
		*out = gl__arena_alloc(c->arena, sizeof **out);
		if (!*out)
			return fail(c, n, err, "%s", "out of memory");
		(*out)[0] = n->str;
		*count = 1;
		return 0;
	}
	if (n->kind != GL_SEQ || n->n == 0)
		return fail(c, n, err, "'%s' must be a non-empty list of strings", key);
	*out = gl__arena_alloc(c->arena, (n->n + 1) * sizeof **out);
	if (!*out)
		return fail(c, n, err, "%s", "out of memory");
	*count = 0;
	for (size_t i = 0; i < n->n; i++) {
		const gl_node *k = n->items[i];
		if (k->kind == GL_SCALAR && !is_text(k))
			return fail(c, k, err, "'%s' must be a list of strings, not '%s'", key, k->str);
		if (k->kind != GL_SCALAR)
			return fail(c, k, err, "'%s' must be a list of strings", key);
		if (!gl__nonblank_text(k))
			return fail(c, k, err, "'%s' must be a list of non-blank strings", key);
		for (size_t j = 0; j < i; j++)
			if (same(n->items[j]->str, k->str))
				return fail(c, k, err, "'%s' lists '%s' twice (first at line %u)", key,
				            k->str, n->items[j]->line);
		(*out)[(*count)++] = k->str;
	}
	return 0;
}

static int str_list(gl__config *c, const gl_node *n, const char *key, const char ***out,
                    size_t *count, gl_err *err)
{
	return list_of(c, n, key, same_text, out, count, err);
}

/* How many globs the {a,b} groups of `g` expand to (as files.c expands
 * them), stopping past `max`. */
static size_t alternatives(const char *g, size_t max)
{
	size_t n = 1;
	for (const char *open; n <= max && (open = strchr(g, '{'));) {
		const char *close = strchr(open, '}');
		if (!close)
			break;
		size_t k = 1;
		for (const char *p = open; p < close; p++)
			k += *p == ',';
		n *= k;
		g = close + 1;
	}
	return n;
}

/* 1 when a {a,b} group of g holds another: files.c does not expand those. */
static int nested_braces(const char *g)
{
	int depth = 0;
	for (; *g; g++) {
		depth += *g == '{';
		if (depth > 1)
			return 1;
		depth -= *g == '}' && depth > 0;
	}
	return 0;
}

static int inside(gl__config *c, const gl_node *n, gl_err *err);

/* A list of globs: inside the repository (a leading "./" dropped), no
 * nested {} groups, at most 256 alternatives each so matching stays cheap. */
static int glob_list(gl__config *c, const gl_node *n, const char *key, const char ***out,
                     size_t *count, gl_err *err)
{
	if (str_list(c, n, key, out, count, err))
		return -1;
	for (size_t i = 0; n && i < *count; i++) {
		const gl_node *at = n->kind == GL_SEQ ? n->items[i] : n;
		while (strncmp((*out)[i], "./", 2) == 0)
			(*out)[i] += 2;
		if (inside(c, at, err))
			return -1;
		if (nested_braces((*out)[i]))
			return fail(c, at, err, "'%s': a {a,b} group inside another is not supported; "
			            "write the alternatives out", key);
		if (alternatives((*out)[i], 256) > 256)
			return fail(c, at, err, "'%s': a glob expands to at most 256 {a,b} alternatives",
			            key);
	}
	return 0;
}

/* Every key of mapping n is one of `keys`; else an error naming `what`. */
static int known_keys(gl__config *c, const gl_node *n, const char *const *keys, const char *what,
                      gl_err *err)
{
	const gl_node *k = gl__unknown_key(n, keys);
	return k ? fail(c, k, err, "unknown %s '%s'", what, k->kind == GL_SCALAR ? k->str : "?")
	         : 0;
}

static int read_override(gl__config *c, const gl_node *n, gl__override *o, gl_err *err)
{
	o->line = n->line;
	o->col = n->col;
	static const char *const keys[] = {"rules", "files", "disable", "severity", NULL};
	if (n->kind != GL_MAP)
		return fail(c, n, err, "%s", "an override is a mapping (rules/files, severity, disable)");
	if (known_keys(c, n, keys, "override key", err) ||
	    str_list(c, gl_node_get(n, "rules"), "rules", &o->rules, &o->nrules, err) ||
	    glob_list(c, gl_node_get(n, "files"), "files", &o->files, &o->nfiles, err) ||
	    str_list(c, gl_node_get(n, "disable"), "disable", &o->disable, &o->ndisable, err))
		return -1;
	const gl_node *sev = gl_node_get(n, "severity");
	if (sev) {
		const char *s = gl__scalar_text(sev);
		if (!s || gl_severity_parse(s, &o->sev) || o->sev == GL_SEV_NEVER)
			return fail(c, sev, err, "%s", "severity must be error, warning or info");
		o->has_sev = 1;
	}
	if (!o->has_sev && !o->ndisable)
		return fail(c, n, err, "%s", "an override sets 'severity' or 'disable'");
	if (o->has_sev && !o->nrules)
		return fail(c, n, err, "%s", "an override with 'severity' names its 'rules'");
	return 0;
}

static int read_overrides(gl__config *c, const gl_node *n, gl_err *err)
{
	if (!n)
		return 0;
	if (n->kind != GL_SEQ)
		return fail(c, n, err, "%s", "'overrides' must be a list");
	c->overrides = gl__arena_alloc(c->arena, (n->n + 1) * sizeof *c->overrides);
	if (!c->overrides)
		return fail(c, n, err, "%s", "out of memory");
	for (size_t i = 0; i < n->n; i++)
		if (read_override(c, n->items[i], &c->overrides[c->noverrides++], err))
			return -1;
	return 0;
}

static int read_size(gl__config *c, const gl_node *lim, const char *key, size_t *out, gl_err *err)
{
	const gl_node *n = gl_node_get(lim, key);
	double d;
	if (!n)
		return 0;
	if (gl__node_number(n, &d) || d < 1 || d > 1e12 || d != (double)(size_t)d)
		return fail(c, n, err, "limits.%s must be a positive whole number", key);
	/* Paths walk a plan's tree recursively, a few frames a level: deeper
	 * than this would run a checking thread out of stack. */
	if (strcmp(key, "max_depth") == 0 && d > GL__MAX_DEPTH)
		return fail(c, n, err, "limits.max_depth is at most %d", GL__MAX_DEPTH);
	*out = (size_t)d;
	return 0;
}

static int read_limits(gl__config *c, const gl_node *n, gl_err *err)
{
	static const char *const keys[] = {"max_file_bytes", "max_depth", "max_nodes",
	                                   "max_alias_nodes", "max_scalar_bytes",
	                                   "max_findings_per_rule", NULL};
	if (!n)
		return 0;
	if (n->kind != GL_MAP)
		return fail(c, n, err, "%s", "'limits' must be a mapping");
	if (known_keys(c, n, keys, "limit", err))
		return -1;
	return read_size(c, n, "max_file_bytes", &c->limits.max_bytes, err) ||
	       read_size(c, n, "max_depth", &c->limits.max_depth, err) ||
	       read_size(c, n, "max_nodes", &c->limits.max_nodes, err) ||
	       read_size(c, n, "max_alias_nodes", &c->limits.max_weight, err) ||
	       read_size(c, n, "max_scalar_bytes", &c->limits.max_scalar, err) ||
	       read_size(c, n, "max_findings_per_rule", &c->limits.max_findings, err);
}

/* never_sign adds to shared-account, which never signs whatever the
 * config lists (SPEC 1.1: a team login). */
static int read_never_sign(gl__config *c, const gl_node *n, gl_err *err)
{
	if (str_list(c, n, "never_sign", &c->never_sign, &c->nnever_sign, err))
		return -1;
	for (size_t i = 0; i < c->nnever_sign; i++)
		if (strcmp(c->never_sign[i], default_never_sign[0]) == 0)
			return 0;
	const char **v = gl__arena_alloc(c->arena, (c->nnever_sign + 1) * sizeof *v);
	if (!v)
		return fail(c, n, err, "%s", "out of memory");
	v[0] = default_never_sign[0];
	memcpy(v + 1, c->never_sign, c->nnever_sign * sizeof *v);
	c->never_sign = v;
	c->nnever_sign++;
	return 0;
}

/* waiver_approvers, none of them a role that can never sign: no waiver
 * would ever be valid (read after never_sign). */
static int read_approvers(gl__config *c, const gl_node *n, gl_err *err)
{
	if (str_list(c, n, "waiver_approvers", &c->waiver_roles, &c->nwaiver_roles, err))
		return -1;
	for (size_t i = 0; n && i < c->nwaiver_roles; i++)
		for (size_t k = 0; k < c->nnever_sign; k++)
			if (strcmp(c->waiver_roles[i], c->never_sign[k]) == 0)
				return fail(c, n->kind == GL_SEQ ? n->items[i] : n, err, "'waiver_approvers' "
				            "lists '%s', a role that can never sign (see never_sign): nobody "
				            "holding it can approve a waiver", c->waiver_roles[i]);
	return 0;
}

/* The waivers file is none of the other files a run reads: read as
 * waivers, the roster or the config would waive nothing and fill the
 * report with findings about itself. */
static int waivers_apart(gl__config *c, const gl_node *waivers, gl_err *err)
{
	const char *role = waivers ? gl__config_role(c, c->waivers) : NULL;
	if (!role || strcmp(role, "the waivers file") == 0)
		return 0;
	return fail(c, waivers, err, "'waivers' names %s, %s: the waivers file is a file of its own",
	            c->waivers, role);
}

static const char *const config_keys[] = {"plans", "roster", "packs", "overrides", "waivers",
                                           "waiver_approvers", "never_sign", "signoff_provenance", "fail_on",
                                           "limits", NULL};

/* A path from the config stays inside the repository: not absolute, no
 * `..` segment (a config is data anyone with commit access can write). */
static int inside(gl__config *c, const gl_node *n, gl_err *err)
{
	const char *s = n ? gl__scalar_text(n) : NULL;
	if (!s)
		return 0;
	int up = strcmp(s, "..") == 0 || strncmp(s, "../", 3) == 0 || strstr(s, "/../") ||
	         (strlen(s) >= 3 && strcmp(s + strlen(s) - 3, "/..") == 0);
	if (*s == '/' || up)
		return fail(c, n, err, "'%s' leaves the repository: config paths are relative to it, "
		            "without '..'", s);
	return 0;
}

/* Every path the config names: roster, waivers, plans globs, local packs. */
static int check_paths(gl__config *c, const gl_node *root, gl_err *err)
{
	if (inside(c, gl_node_get(root, "roster"), err) || inside(c, gl_node_get(root, "waivers"), err))
		return -1;
	const gl_node *l = gl_node_get(root, "packs");   /* globs: glob_list */
	for (size_t i = 0; l && l->kind == GL_SEQ && i < l->n; i++)
		if (inside(c, l->items[i], err))
			return -1;
	return l && l->kind == GL_SCALAR ? inside(c, l, err) : 0;
}

static int read_root(gl__config *c, const gl_node *root, gl_err *err)
{
	if (root->kind != GL_MAP)
		return fail(c, root, err, "the config must be a YAML mapping, but its top level is %s",
		            root->kind == GL_SEQ ? "a list" : "a scalar");
	if (known_keys(c, root, config_keys, "config key", err))
		return -1;
	const gl_node *roster = gl_node_get(root, "roster");
	if (roster && !(c->roster = gl__scalar_text(roster)))
		return fail(c, roster, err, "%s", "'roster' is a file name");
	const gl_node *waivers = gl_node_get(root, "waivers");
	if (waivers && !(c->waivers = gl__scalar_text(waivers)))
		return fail(c, waivers, err, "%s", "'waivers' is a file name");
	c->waivers_explicit = waivers != NULL;
	while (strncmp(c->roster, "./", 2) == 0)   /* as findings and --since name files */
		c->roster += 2;
	while (strncmp(c->waivers, "./", 2) == 0)
		c->waivers += 2;
	const gl_node *prov = gl_node_get(root, "signoff_provenance");
	const char *pv = prov ? gl__scalar_text(prov) : NULL;
	static const char *const modes[] = {"off", "warn", "require"};
	for (int i = 0; pv && i < 3; i++)
		if (strcmp(pv, modes[i]) == 0)
			c->provenance = i;
	if (prov && c->provenance < 0)
		return fail(c, prov, err, "%s", "signoff_provenance must be off, warn or require");
	const gl_node *fo = gl_node_get(root, "fail_on");
	const char *fos = fo ? gl__scalar_text(fo) : NULL;
	if (fo && (!fos || gl_severity_parse(fos, &c->fail_on)))
		return fail(c, fo, err, "%s", "fail_on must be error, warning, info or never");
	return read_never_sign(c, gl_node_get(root, "never_sign"), err) ||
	       read_approvers(c, gl_node_get(root, "waiver_approvers"), err) ||
	       glob_list(c, gl_node_get(root, "plans"), "plans", &c->plans, &c->nplans, err) ||
	       list_of(c, gl_node_get(root, "packs"), "packs", same_pack, &c->packs, &c->npacks,
	               err) ||
	       read_overrides(c, gl_node_get(root, "overrides"), err) ||
	       read_limits(c, gl_node_get(root, "limits"), err) || check_paths(c, root, err) ||
	       waivers_apart(c, waivers, err);
}

const char *gl__config_pack_file(const char *name)
{
	if (!strchr(name, '/') && !strstr(name, ".y"))
		return NULL;
	return strncmp(name, "./", 2) == 0 ? name + 2 : name;
}

int gl__config_is_self(const gl__config *c, const char *rel)
{
	return strcmp(rel, ".govlint.yaml") == 0 || (c->rel && strcmp(rel, c->rel) == 0) ||
	       (c->rel_target && strcmp(rel, c->rel_target) == 0);
}

const char *gl__config_role(const gl__config *c, const char *rel)
{
	if (strcmp(rel, c->roster) == 0)
		return "the roster";
	if (gl__config_is_self(c, rel))
		return "the configuration";
	for (size_t i = 0; i < c->npacks; i++) {
		const char *pack = gl__config_pack_file(c->packs[i]);
		if (pack && strcmp(rel, pack) == 0)
			return "a rule pack";
	}
	return strcmp(rel, c->waivers) == 0 ? "the waivers file" : NULL;
}

static void defaults(gl__config *c)
{
	c->plans = (const char **)default_plans;
	c->nplans = 2;
	c->packs = (const char **)default_packs;
	c->npacks = 1;
	c->roster = "people.yaml";
	c->waivers = "waivers.yaml";
	c->provenance = -1;
	c->waiver_roles = (const char **)default_waiver_roles;
	c->nwaiver_roles = 1;
	c->never_sign = (const char **)default_never_sign;
	c->nnever_sign = 1;
	c->fail_on = GL_SEV_ERROR;
	c->limits = (gl_limits)GL_LIMITS_INIT;
}

/* Parses the config text; `c->file` names it in messages. */
static int parse_text(gl__config *c, const char *buf, size_t len, gl_err *err)
{
	gl_doc *doc;
	if (gl_doc_parse(&doc, c->file, buf, len, NULL) < 0)
		return gl__err_set(err, "out of memory"), -1;
	c->doc = doc;
	const gl_diag *d = gl_doc_diag(doc, 0);
	if (d)
		return gl__err_at(err, c->file, d->line, d->col, "%s", d->msg), -1;
	const gl_node *root = gl_doc_root(doc);
	return root && root->kind != GL_NULL && read_root(c, root, err) ? -1 : 0;
}

static int load_file(gl__config *c, const char *path, gl_err *err)
{
	char *buf;
	size_t len;
	gl_err rerr;
	if (gl__read_file(path, 1u << 20, &buf, &len, &rerr)) {
		size_t n = strlen(path);   /* name the file as the user knows it */
		const char *why = strncmp(rerr.msg, path, n) == 0 ? rerr.msg + n + 2 : rerr.msg;
		return gl__err_at(err, c->file, 0, 0, "%s", why), -1;
	}
	int rc = parse_text(c, buf, len, err);
	free(buf);
	return rc;
}

static int start(gl__config *c, gl_err *err)
{
	memset(c, 0, sizeof *c);
	if (!(c->arena = gl__arena_new()))
		return gl__err_set(err, "out of memory"), -1;
	defaults(c);
	return 0;
}

int gl__config_parse(gl__config *c, const char *name, const char *buf, size_t len, gl_err *err)
{
	if (start(c, err))
		return -1;
	if (!buf)
		return 0;
	if (!(c->file = gl__arena_strdup(c->arena, name)))
		return gl__err_set(err, "out of memory"), -1;
	return parse_text(c, buf, len, err);
}

/* path relative to the real folder root, its folder resolved and its own
 * name kept (a symlink is named where it sits); NULL when outside root. */
static const char *root_relative(gl__arena *a, const char *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? gl__arena_strndup(a, path, (size_t)(slash - path)) : ".";
	char real[PATH_MAX];
	if (!dir || !realpath(*dir ? dir : "/", real))
		return NULL;
	size_t n = strcmp(root, "/") == 0 ? 0 : strlen(root);
	if (strncmp(real, root, n) != 0 || (real[n] && real[n] != '/'))
		return NULL;
	const char *name = slash ? slash + 1 : path;
	return real[n] ? gl__arena_printf(a, "%s/%s", real + n + 1, name) : gl__arena_strdup(a, name);
}

int gl__config_load(gl__config *c, const char *root, const char *explicit_path, gl_err *err)
{
	if (start(c, err))
		return -1;
	char *path = explicit_path ? gl__arena_strdup(c->arena, explicit_path)
	                           : gl__arena_printf(c->arena, "%s/.govlint.yaml", root);
	if (!path)
		return gl__err_set(err, "out of memory"), -1;
	struct stat st;
	int found = lstat(path, &st) == 0, link = found && S_ISLNK(st.st_mode);
	c->rel = explicit_path ? root_relative(c->arena, root, path) : ".govlint.yaml";
	if (!explicit_path && !found && errno == ENOENT)
		return 0;
	c->file = explicit_path ? path : gl__display_path(c->arena, path);   /* as the user knows it */
	if (!c->file)
		return gl__err_set(err, "out of memory"), -1;
	char real[PATH_MAX], top[PATH_MAX];   /* a symlink: followed when it stays inside */
	if (link && (!realpath(path, real) || !realpath(root, top)))
		return gl__err_at(err, c->file, 0, 0, "cannot open: %s", strerror(errno)), -1;
	size_t n = link ? strlen(top) : 0;
	int inside = link && strncmp(real, top, n) == 0 && real[n] == '/';
	if (link && !explicit_path && !inside)
		return gl__err_at(err, c->file, 0, 0, "a symlink that leaves the repository: not "
		                  "followed"), -1;
	if (inside && !(c->rel_target = gl__arena_strdup(c->arena, real + n + 1)))
		return gl__err_set(err, "out of memory"), -1;
	return load_file(c, link ? real : path, err) ? -1 : 0;
}

void gl__config_free(gl__config *c)
{
	gl_doc_free(c->doc);
	gl__arena_free(c->arena);
	memset(c, 0, sizeof *c);
}
