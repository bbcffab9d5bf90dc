/* Bump allocation in chunks: everything of one document, pack or run is
 * freed in one call. Also the growable buffer and error helpers. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

enum { CHUNK_MAX = 65536, SPARE_MAX = 16 };

struct gl__arena {
	struct chunk *head;
	struct chunk *spare;   /* full-size chunks kept by gl__arena_reset */
	size_t nspare;
	size_t next;   /* size of the next chunk: small first, doubling */
	const char **set;   /* gl__arena_intern's strings: open addressing */
	size_t setcap, setn;
};

gl__arena *gl__arena_new(void)
{
	return calloc(1, sizeof(gl__arena));
}

/* A new chunk for n bytes at the head; NULL when memory runs out. */
static __attribute__((noinline)) struct chunk *grow(gl__arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	/* Start small: most documents and plans need little. */
	a->next = a->next ? (a->next < CHUNK_MAX ? a->next * 2 : a->next) : 1024;
	size_t size = n > a->next ? n : a->next;
	struct chunk *c;
	if (a->spare && a->spare->size >= size) {
		c = a->spare;
		a->spare = c->next;
		a->nspare--;
	} else if (!(c = malloc(sizeof(*c) + size))) {
		return NULL;
	} else {
		c->size = size;
	}
	c->used = 0;
	c->next = a->head;
	a->head = c;
	return c;
}

/* n bytes aligned to `align` (a power of two), not zeroed: the loader and
 * the walks allocate millions of small things, so the common case is a
 * few instructions. */
static inline void *alloc_raw(gl__arena *a, size_t n, size_t align)
{
	struct chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < n) {
		if (!(c = grow(a, n)))
			return NULL;
		at = 0;
	}
	c->used = at + n;
	return (char *)c->data + at;
}

void *gl__arena_alloc(gl__arena *a, size_t n)
{
	void *p = alloc_raw(a, n ? n : 1, _Alignof(max_align_t));
	if (p)
		memset(p, 0, n);
	return p;
}

void *gl__arena_alloc_raw(gl__arena *a, size_t n)
{
	return alloc_raw(a, n ? n : 1, _Alignof(max_align_t));
}

char *gl__arena_strndup(gl__arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1, 1);   /* text needs no alignment */
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *gl__arena_padded(gl__arena *a, const char *s, size_t n)
{
	size_t size = gl__padded_size(n);
	char *p = gl__arena_alloc_raw(a, size);
	if (p) {
		memcpy(p, s, n);
		memset(p + n, 0, size - n);
	}
	return p;
}

char *gl__arena_strdup(gl__arena *a, const char *s)
{
	return s ? gl__arena_strndup(a, s, strlen(s)) : NULL;
}

char *gl__arena_vprintf(gl__arena *a, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *p = n < 0 ? NULL : alloc_raw(a, (size_t)n + 1, 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

char *gl__arena_printf(gl__arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = gl__arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

static size_t text_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* The slot of s[0..n) in the set, or the empty slot where it goes. */
static const char **set_slot(const gl__arena *a, const char *s, size_t n)
{
	for (size_t i = text_hash(s, n) & (a->setcap - 1);; i = (i + 1) & (a->setcap - 1)) {
		const char *t = a->set[i];
		if (!t || (strncmp(t, s, n) == 0 && t[n] == '\0'))
			return &a->set[i];
	}
}

static int set_grow(gl__arena *a)
{
	size_t cap = a->setcap ? a->setcap * 2 : 256;
	const char **old = a->set, **v = calloc(cap, sizeof *v);
	if (!v)
		return -1;
	size_t oldcap = a->setcap;
	a->set = v;
	a->setcap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			*set_slot(a, old[i], strlen(old[i])) = old[i];
	free(old);
	return 0;
}

const char *gl__arena_intern(gl__arena *a, const char *s, size_t n)
{
	if (4 * (a->setn + 1) > 3 * a->setcap && set_grow(a) < 0)   /* at most 3/4 full */
		return NULL;
	const char **slot = set_slot(a, s, n);
	if (!*slot) {
		if (!(*slot = gl__arena_strndup(a, s, n)))
			return NULL;
		a->setn++;
	}
	return *slot;
}

static void free_chunks(struct chunk *c)
{
	for (struct chunk *next; c; c = next) {
		next = c->next;
		free(c);
	}
}

/* Drops the chunks above `keep` (NULL: all), keeping full-size ones spare. */
static void drop_chunks(gl__arena *a, const struct chunk *keep)
{
	struct chunk *c = a->head, *next;
	for (; c != keep; c = next) {
		next = c->next;
		if (c->size == CHUNK_MAX && a->nspare < SPARE_MAX) {
			c->next = a->spare;
			a->spare = c;
			a->nspare++;
		} else {
			free(c);
		}
	}
	a->head = c;
}

void gl__arena_reset(gl__arena *a)
{
	drop_chunks(a, NULL);
	a->next = a->nspare ? CHUNK_MAX / 2 : 0;   /* the next chunk is a spare one */
	free(a->set);
	a->set = NULL;
	a->setcap = a->setn = 0;
}

gl__arena_mark gl__arena_mark_now(const gl__arena *a)
{
	return (gl__arena_mark){a->head, a->head ? a->head->used : 0, a->setn};
}

void gl__arena_rewind(gl__arena *a, gl__arena_mark m)
{
	if (a->setn != m.setn)   /* the set would point into forgotten chunks */
		return;
	drop_chunks(a, m.head);
	if (a->head)
		a->head->used = m.used;
}

void gl__arena_free(gl__arena *a)
{
	if (!a)
		return;
	free(a->set);
	free_chunks(a->head);
	free_chunks(a->spare);
	free(a);
}

void gl__buf_put_slow(gl__buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	if (b->sink && b->len > 65536)
		gl__buf_flush(b);
}

int gl__buf_flush(gl__buf *b)
{
	if (b->sink && b->len) {
		if (fwrite(b->p, 1, b->len, b->sink) != b->len && !b->werr)
			b->werr = errno ? errno : EIO;
		b->len = 0;
		b->p[0] = '\0';
	}
	return b->werr ? -1 : 0;
}

void gl__buf_uint(gl__buf *b, unsigned v, size_t width)
{
	char digits[32];
	size_t n = sizeof digits;
	do
		digits[--n] = (char)('0' + v % 10);
	while (v /= 10);
	while (sizeof digits - n < width && n)
		digits[--n] = ' ';
	gl__buf_put(b, digits + n, sizeof digits - n);
}

size_t gl__plain_run(const char *s, size_t n, char x, char y)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	const uint64_t wx = ones * (unsigned char)x, wy = ones * (unsigned char)y;
	size_t i = 0;
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t below = (w - ones * 0x20) & ~w;   /* a byte under 0x20 sets its top bit */
		uint64_t above = (w + ones) | w;           /* and one over 0x7e */
		uint64_t ex = w ^ wx, ey = w ^ wy;         /* a byte x or y: a zero byte */
		if ((below | above | ((ex - ones) & ~ex) | ((ey - ones) & ~ey)) & high)
			break;   /* found in this word, byte by byte */
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e || c == (unsigned char)x || c == (unsigned char)y)
			break;
	}
	return i;
}

void gl__buf_visible(gl__buf *b, const char *s, size_t n, int bidi)
{
	char shown[9];
	size_t i = 0, plain = 0;   /* s[plain..i) not yet written */
	while ((i += gl__plain_run(s + i, n - i, '\0', '\0')) < n) {
		if (s[i] == '\t') {
			i++;
			continue;
		}
		size_t used = bidi ? gl__bidi_at(s + i, n - i, shown) : 0;
		if (!used)
			used = gl__visible_at(s + i, n - i, shown);
		if (!*shown) {
			i += used;
			continue;
		}
		gl__buf_put(b, s + plain, i - plain);
		gl__buf_puts(b, shown);
		plain = i += used;
	}
	gl__buf_put(b, s + plain, n - plain);
}

void gl__buf_printf(gl__buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		gl__buf_put(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	gl__buf_put(b, big, (size_t)n);
	free(big);
}

void gl__buf_free(gl__buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int gl__buf_finish(gl__buf *b, FILE *sink, const char *what, gl_err *err)
{
	int rc = 0;
	b->sink = sink;
	if (b->oom)
		rc = (gl__err_set(err, "out of memory"), GL_ENOMEM);
	else if (gl__buf_flush(b))
		rc = (gl__err_set(err, "cannot write %s: %s", what, strerror(b->werr)), GL_ERROR);
	gl__buf_free(b);
	return rc;
}

void gl__err_set(gl_err *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void gl__err_at(gl_err *err, const char *file, unsigned line, unsigned col,
                const char *fmt, ...)
{
	if (!err)
		return;
	int n = line ? snprintf(err->msg, sizeof err->msg, "%s:%u:%u: ", file, line, col)
	             : snprintf(err->msg, sizeof err->msg, "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof err->msg)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof err->msg - (size_t)n, fmt, ap);
	va_end(ap);
}

int gl__read_file(const char *path, size_t max, char **buf, size_t *len, gl_err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		gl__err_at(err, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	return gl__read_fd(fd, path, max, buf, len, err);
}

int gl__read_fd(int fd, const char *path, size_t max, char **buf, size_t *len, gl_err *err)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		gl__err_at(err, path, 0, 0, "not a regular file");
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size > max) {
		gl__err_at(err, path, 0, 0, "file is %lld bytes, over the %zu-byte limit",
		           (long long)st.st_size, max);
		close(fd);
		return -1;
	}
	char *p = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (p && got < (size_t)st.st_size) {
		ssize_t r = read(fd, p + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!p) {
		gl__err_at(err, path, 0, 0, "out of memory");
		return GL_ENOMEM;   /* told apart from an unreadable file */
	}
	p[got] = '\0';
	*buf = p;
	*len = got;
	return 0;
}
