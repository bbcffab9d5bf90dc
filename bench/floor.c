/*
 * bench/floor.c: the parsing floor that `make bench` compares govlint with.
 *
 *   floor DIR
 *
 * reads the files `govlint check DIR` reads, listed the same way (DIR/people.yaml,
 * then every .yaml and .yml file under DIR/plans, found by a directory walk that
 * skips hidden entries and does not enter symlinked folders, sorted by path
 * with strcmp), and only parses them: each file is read whole into memory and
 * run through libyaml's event API (a yaml_parser_parse loop that deletes
 * every event). Nothing is built, kept or checked. Prints
 *
 *   files F bytes B events E errors X
 *
 * Exit status 0, or 2 when DIR cannot be read.
 */
#define _DEFAULT_SOURCE   /* d_type, as govlint (which builds with it) */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct list {
	char **v;
	size_t n, cap;
} list;

static int push(list *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = strdup(s)))
		return -1;
	l->n++;
	return 0;
}

static int is_yaml(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

/* Every YAML file under dir (a path relative to the root), depth-first. */
static int walk(const char *root, const char *rel, int depth, list *out)
{
	char full[4096];
	snprintf(full, sizeof full, "%s/%s", root, rel);
	DIR *d = opendir(full);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char child[4096], cfull[8192];
		snprintf(child, sizeof child, "%s/%s", rel, e->d_name);
		snprintf(cfull, sizeof cfull, "%s/%s", root, child);
		int dir, file;   /* from the directory when it says, as govlint does */
		if (e->d_type != DT_UNKNOWN) {
			dir = e->d_type == DT_DIR;
			file = e->d_type == DT_REG || e->d_type == DT_LNK;
		} else {
			struct stat st;
			if (lstat(cfull, &st) != 0)
				continue;
			dir = S_ISDIR(st.st_mode);
			file = S_ISREG(st.st_mode) || S_ISLNK(st.st_mode);
		}
		if (dir) {
			if (depth < 64)
				rc = walk(root, child, depth + 1, out);
		} else if (is_yaml(e->d_name) && file) {
			rc = push(out, child);
		}
	}
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path whole into *buf (grown as needed); returns its length or -1. */
static long slurp(const char *path, char **buf, size_t *cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	size_t want = (size_t)st.st_size + 1;
	if (want > *cap) {
		char *b = realloc(*buf, want);
		if (!b) {
			close(fd);
			return -1;
		}
		*buf = b;
		*cap = want;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return (long)got;
}

/* Parses one buffer; returns the number of events, or -1 on a YAML error. */
static long parse(const char *buf, size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	long events = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			events = -1;
			break;
		}
		events++;
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	return events;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: floor DIR\n");
		return 2;
	}
	const char *root = argv[1];
	struct stat st;
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "floor: %s is not a folder\n", root);
		return 2;
	}
	list files = {0};
	char path[4096];
	snprintf(path, sizeof path, "%s/people.yaml", root);
	if (push(&files, "people.yaml") || walk(root, "plans", 1, &files)) {
		fprintf(stderr, "floor: out of memory\n");
		return 2;
	}
	qsort(files.v + 1, files.n - 1, sizeof *files.v, by_path);   /* people.yaml first */

	char *buf = NULL;
	size_t cap = 0;
	unsigned long nfiles = 0, errors = 0;
	unsigned long long bytes = 0, events = 0;
	for (size_t i = 0; i < files.n; i++) {
		snprintf(path, sizeof path, "%s/%s", root, files.v[i]);
		long len = slurp(path, &buf, &cap);
		free(files.v[i]);
		if (len < 0)
			continue;   /* no people.yaml: nothing to read */
		nfiles++;
		bytes += (unsigned long long)len;
		long n = parse(buf, (size_t)len);
		if (n < 0)
			errors++;
		else
			events += (unsigned long long)n;
	}
	free(buf);
	free(files.v);
	printf("files %lu bytes %llu events %llu errors %lu\n", nfiles, bytes, events, errors);
	return 0;
}
