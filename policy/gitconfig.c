/*
 * git's config as the git program reads it, for the repositories repo.c
 * opens. libgit2 1.5 reads the system, XDG, global and repository files
 * from their usual places only; git also honours GIT_CONFIG_SYSTEM and
 * GIT_CONFIG_GLOBAL (files read instead of /etc/gitconfig, and instead of
 * both ~/.gitconfig and the XDG file), GIT_CONFIG_NOSYSTEM, and the
 * entries GIT_CONFIG_COUNT, GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n>
 * set over every file. A hooks folder or an e-mail set through them is the
 * one git uses, so govlint must see that one too.
 *
 * The environment's entries are a read-only config backend of their own,
 * at libgit2's highest level (GIT_CONFIG_LEVEL_APP), where git's command
 * scope is. Like repo.c, this file uses libgit2 and never runs git.
 */
#include "internal.h"

#include <git2.h>
#include <git2/sys/config.h>

#include <stdlib.h>
#include <string.h>

enum { MAX_ENV_ENTRIES = 1 << 16 };   /* GIT_CONFIG_COUNT's cap */

/* ---- the environment's entries, a read-only backend -------------------- */

typedef struct item {
	git_config_entry e;     /* first: get and the iterator hand out &item.e */
	char *name, *value;
} item;

typedef struct env_backend {
	git_config_backend parent;
	item *v;                /* in the order set: the last of a name wins */
	size_t n, cap;
} env_backend;

typedef struct env_iter {
	git_config_iterator parent;
	size_t at;
} env_iter;

static void entry_kept(git_config_entry *e)
{
	(void)e;   /* the backend owns its entries */
}

static int env_open(git_config_backend *b, git_config_level_t level, const git_repository *repo)
{
	env_backend *eb = (env_backend *)b;
	(void)repo;
	for (size_t i = 0; i < eb->n; i++)
		eb->v[i].e.level = level;
	return 0;
}

static int env_get(git_config_backend *b, const char *key, git_config_entry **out)
{
	env_backend *eb = (env_backend *)b;
	for (size_t i = eb->n; i-- > 0;)
		if (strcmp(eb->v[i].name, key) == 0) {
			*out = &eb->v[i].e;
			return 0;
		}
	return GIT_ENOTFOUND;
}

static int read_only(void)
{
	git_error_set_str(GIT_ERROR_CONFIG, "the environment's git config (GIT_CONFIG_COUNT) is "
	                  "read-only");
	return -1;
}

static int env_set(git_config_backend *b, const char *key, const char *value)
{
	(void)b, (void)key, (void)value;
	return read_only();
}

static int env_set_multivar(git_config_backend *b, const char *name, const char *regexp,
                            const char *value)
{
	(void)b, (void)name, (void)regexp, (void)value;
	return read_only();
}

static int env_del(git_config_backend *b, const char *key)
{
	(void)b, (void)key;
	return read_only();
}

static int env_del_multivar(git_config_backend *b, const char *key, const char *regexp)
{
	(void)b, (void)key, (void)regexp;
	return read_only();
}

static int iter_next(git_config_entry **out, git_config_iterator *it)
{
	env_iter *ei = (env_iter *)it;
	env_backend *eb = (env_backend *)it->backend;
	if (ei->at >= eb->n)
		return GIT_ITEROVER;
	*out = &eb->v[ei->at++].e;
	return 0;
}

static void iter_free(git_config_iterator *it)
{
	free(it);
}

static int env_iterator(git_config_iterator **out, git_config_backend *b)
{
	env_iter *ei = calloc(1, sizeof *ei);
	if (!ei) {
		git_error_set_oom();
		return -1;
	}
	ei->parent.backend = b;
	ei->parent.next = iter_next;
	ei->parent.free = iter_free;
	*out = &ei->parent;
	return 0;
}

static int env_lock(git_config_backend *b)
{
	(void)b;
	return 0;
}

static int env_unlock(git_config_backend *b, int success)
{
	(void)b, (void)success;
	return 0;
}

static void backend_free(env_backend *eb)
{
	if (!eb)
		return;
	for (size_t i = 0; i < eb->n; i++) {
		free(eb->v[i].name);
		free(eb->v[i].value);
	}
	free(eb->v);
	free(eb);
}

static void env_free(git_config_backend *b)
{
	backend_free((env_backend *)b);
}

static int env_snapshot(git_config_backend **out, git_config_backend *b);

static env_backend *env_new(void)
{
	env_backend *eb = calloc(1, sizeof *eb);
	if (!eb || git_config_init_backend(&eb->parent, GIT_CONFIG_BACKEND_VERSION) < 0) {
		free(eb);
		return NULL;
	}
	eb->parent.readonly = 1;
	eb->parent.open = env_open;
	eb->parent.get = env_get;
	eb->parent.set = env_set;
	eb->parent.set_multivar = env_set_multivar;
	eb->parent.del = env_del;
	eb->parent.del_multivar = env_del_multivar;
	eb->parent.iterator = env_iterator;
	eb->parent.snapshot = env_snapshot;
	eb->parent.lock = env_lock;
	eb->parent.unlock = env_unlock;
	eb->parent.free = env_free;
	return eb;
}

/* Appends name (already in libgit2's normal form) = value. */
static int env_add(env_backend *eb, const char *name, const char *value)
{
	if (eb->n == eb->cap) {
		size_t cap = eb->cap ? eb->cap * 2 : 4;
		item *v = realloc(eb->v, cap * sizeof *v);
		if (!v)
			return -1;
		eb->v = v;
		eb->cap = cap;
	}
	item *it = &eb->v[eb->n];
	memset(it, 0, sizeof *it);
	if (!(it->name = strdup(name)) || !(it->value = strdup(value))) {
		free(it->name);
		return -1;
	}
	it->e.name = it->name;
	it->e.value = it->value;
	it->e.free = entry_kept;
	eb->n++;
	return 0;
}

static int env_snapshot(git_config_backend **out, git_config_backend *b)
{
	env_backend *from = (env_backend *)b, *eb = env_new();
	for (size_t i = 0; eb && i < from->n; i++)
		if (env_add(eb, from->v[i].name, from->v[i].value)) {
			backend_free(eb);
			eb = NULL;
		}
	if (!eb) {
		git_error_set_oom();
		return -1;
	}
	*out = &eb->parent;
	return 0;
}

/* ---- reading the environment ------------------------------------------- */

static int letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when s[0..n) is letters, digits and '-', and not empty. */
static int key_part(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!letter(s[i]) && !(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return 0;
	return n > 0;
}

static void lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* 1 when `key` is a config key as git takes one: section[.subsection].name,
 * the section and the name of letters, digits and '-', the name starting
 * with a letter, no newline. */
static int valid_key(const char *key)
{
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');
	return first && key_part(key, (size_t)(first - key)) && letter(last[1]) &&
	       key_part(last + 1, strlen(last + 1)) && !strchr(key, '\n');
}

/* A valid key in the form libgit2 looks keys up in: section and name in
 * lower case, the subsection as it is. malloc'd. */
static char *normal_key(const char *key)
{
	char *out = strdup(key);
	if (out) {
		size_t name = (size_t)(strrchr(out, '.') - out) + 1;
		lower(out, (size_t)(strchr(out, '.') - out));
		lower(out + name, strlen(out + name));
	}
	return out;
}

/* The entries GIT_CONFIG_COUNT, GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n>
 * set, into eb. Where git stops (a count that is no number, a key or a
 * value not set, a key that is none), so does the run. */
static int env_entries(env_backend *eb, gl_err *err)
{
	const char *count = getenv("GIT_CONFIG_COUNT");
	if (!count || !*count)
		return 0;
	char *end, name[48];
	unsigned long n = strtoul(count, &end, 10);
	if (*end || count[0] == '-')
		return gl__err_set(err, "GIT_CONFIG_COUNT=%s is not a number", count), -1;
	if (n > MAX_ENV_ENTRIES)
		return gl__err_set(err, "GIT_CONFIG_COUNT=%s: more entries than govlint reads (%d)",
		                   count, MAX_ENV_ENTRIES), -1;
	for (unsigned long i = 0; i < n; i++) {
		snprintf(name, sizeof name, "GIT_CONFIG_KEY_%lu", i);
		const char *key = getenv(name);
		if (!key)
			return gl__err_set(err, "GIT_CONFIG_COUNT is %lu, but %s is not set", n, name), -1;
		if (!valid_key(key))
			return gl__err_set(err, "%s=%s is no git config key (section.name)", name, key), -1;
		snprintf(name, sizeof name, "GIT_CONFIG_VALUE_%lu", i);
		const char *value = getenv(name);
		if (!value)
			return gl__err_set(err, "GIT_CONFIG_COUNT is %lu, but %s is not set", n, name), -1;
		char *k = normal_key(key);
		int rc = k ? env_add(eb, k, value) : -1;
		free(k);
		if (rc)
			return gl__err_set(err, "out of memory"), GL_ENOMEM;
	}
	return 0;
}

/* 0 with *on as git reads the boolean variable `name` (unset: false). */
static int env_flag(const char *name, int *on, gl_err *err)
{
	const char *v = getenv(name);
	*on = 0;
	if (!v || git_config_parse_bool(on, v) == 0)
		return 0;
	git_error_clear();
	return gl__err_set(err, "%s=%s is not a boolean (true or false)", name, v), -1;
}

/* ---- the config -------------------------------------------------------- */

/* Adds the file at `level`; one that is not there is read as empty, as git
 * reads it. */
static int add_file(git_config *cfg, const char *path, git_config_level_t level,
                    const git_repository *repo, gl_err *err)
{
	if (!*path || git_config_add_file_ondisk(cfg, path, level, repo, 0) == 0)
		return 0;
	return gl__git_fail(err, "%s: cannot read the git config", path);
}

/* Adds the file libgit2's `find` finds in its usual place, if any. */
static int add_found(git_config *cfg, int (*find)(git_buf *), git_config_level_t level,
                     const git_repository *repo, gl_err *err)
{
	git_buf b = GIT_BUF_INIT;
	int found = find(&b) == 0;
	git_error_clear();
	int rc = found ? add_file(cfg, b.ptr, level, repo, err) : 0;
	git_buf_dispose(&b);
	return rc;
}

/* The system, XDG and global files, as git picks them. */
static int add_shared(git_config *cfg, const git_repository *repo, gl_err *err)
{
	const char *system = getenv("GIT_CONFIG_SYSTEM"), *global = getenv("GIT_CONFIG_GLOBAL");
	int nosystem;
	if (env_flag("GIT_CONFIG_NOSYSTEM", &nosystem, err))
		return -1;
	if (!nosystem && (system ? add_file(cfg, system, GIT_CONFIG_LEVEL_SYSTEM, repo, err)
	                         : add_found(cfg, git_config_find_system, GIT_CONFIG_LEVEL_SYSTEM,
	                                     repo, err)))
		return -1;
	if (global)   /* instead of both ~/.gitconfig and the XDG file */
		return add_file(cfg, global, GIT_CONFIG_LEVEL_GLOBAL, repo, err);
	return add_found(cfg, git_config_find_xdg, GIT_CONFIG_LEVEL_XDG, repo, err) ||
	       add_found(cfg, git_config_find_global, GIT_CONFIG_LEVEL_GLOBAL, repo, err);
}

/* The repository's own config file. */
static int add_local(git_config *cfg, git_repository *repo, gl_err *err)
{
	git_buf b = GIT_BUF_INIT;
	int rc = git_repository_item_path(&b, repo, GIT_REPOSITORY_ITEM_CONFIG) < 0
	             ? gl__git_fail(err, "cannot find the repository's git config")
	             : add_file(cfg, b.ptr, GIT_CONFIG_LEVEL_LOCAL, repo, err);
	git_buf_dispose(&b);
	return rc;
}

/* The environment's entries, over every file. */
static int add_env(git_config *cfg, const git_repository *repo, gl_err *err)
{
	env_backend *eb = env_new();
	if (!eb)
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	int rc = env_entries(eb, err);
	if (rc == 0 && eb->n) {
		if (git_config_add_backend(cfg, &eb->parent, GIT_CONFIG_LEVEL_APP, repo, 0) < 0)
			rc = gl__git_fail(err, "cannot use GIT_CONFIG_COUNT's entries");
		else
			eb = NULL;   /* cfg's now */
	}
	backend_free(eb);
	return rc;
}

int gl__git_config(git_config **out, git_repository *repo, gl_err *err)
{
	git_config *cfg = NULL;
	*out = NULL;
	if (git_config_new(&cfg) < 0)
		return gl__git_fail(err, "cannot read git config");
	int rc = add_shared(cfg, repo, err);
	if (rc || (rc = add_local(cfg, repo, err)) || (rc = add_env(cfg, repo, err))) {
		git_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

const char *gl__git_config_shared(int level)
{
	switch (level) {
	case GIT_CONFIG_LEVEL_APP:
		return "environment (GIT_CONFIG_COUNT)";
	case GIT_CONFIG_LEVEL_GLOBAL:
		return getenv("GIT_CONFIG_GLOBAL") ? "global (GIT_CONFIG_GLOBAL)" : "global (~/.gitconfig)";
	case GIT_CONFIG_LEVEL_XDG:
		return "XDG (~/.config/git/config)";
	case GIT_CONFIG_LEVEL_SYSTEM:
	case GIT_CONFIG_LEVEL_PROGRAMDATA:
		return getenv("GIT_CONFIG_SYSTEM") ? "system (GIT_CONFIG_SYSTEM)" : "system";
	default:
		return NULL;
	}
}
