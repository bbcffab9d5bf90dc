/*
 * libFuzzer target: .govlint.yaml (gl__config_parse), then the globs it
 * names matched against a few paths (as the plan walk does).
 */
#include "fuzz_common.h"

static const char *const paths[] = {
	"plans/a.yaml", "plans/research/deep/b.yml", "people.yaml", "plans/x/y/z/w/v/u/t.yaml",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/b", ""};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gl__config cfg;
	gl_err err = {{0}};
	size_t sum = 0;
	if (gl__config_parse(&cfg, ".govlint.yaml", (const char *)data, size, &err) == 0) {
		for (size_t i = 0; i < cfg.nplans; i++)
			for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
				sum += (size_t)gl__glob_match(cfg.plans[i], paths[k]);
		for (size_t i = 0; i < cfg.noverrides; i++)
			for (size_t j = 0; j < cfg.overrides[i].nfiles; j++)
				for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
					sum += (size_t)gl__glob_match(cfg.overrides[i].files[j], paths[k]);
		sum += strlen(cfg.roster) + strlen(cfg.waivers) + cfg.limits.max_depth;
	} else if (!err.msg[0]) {
		abort();   /* an error always says what is wrong */
	}
	gl__config_free(&cfg);
	return sum == (size_t)-1;
}
