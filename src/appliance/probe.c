/* probe.c: cer_probe_all() (see hw.h): the whole hardware probe, in report
 * order. Meant to be re-run before each critical ceremony step. */
#include <string.h>
#include "err.h"
#include "hw.h"

int cer_hw_name(char *dst, size_t n, const char *name, const char *what)
{
	if (strlen(name) >= n)
		return cer_err("%s name '%s' longer than %zu bytes", what, name, n - 1);
	strcpy(dst, name);
	return 0;
}

int cer_probe_all(const struct cer_sys *s, struct cer_hw *hw)
{
	memset(hw, 0, sizeof *hw);
	if (cer_probe_cpu(s, &hw->cpu) == -1)
		return -1;
	if (cer_probe_mem(s, &hw->mem_kb) == -1)
		return -1;
	if (cer_probe_block(s, hw) == -1)
		return -1;
	if (cer_probe_pci(s, hw) == -1)
		return -1;
	return cer_probe_usb(s, hw);
}
