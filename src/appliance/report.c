/* report.c: see report.h. */
#include <string.h>
#include "err.h"
#include "report.h"

#define BEGIN_MARK "=== HARDWARE REPORT ==="
#define END_MARK "=== END OF REPORT ==="

void cer_report_safe(FILE *f, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '\\')
			fputc(*p, f);
		else
			fprintf(f, "\\x%02x", *p);
	}
}

static void size_text(unsigned long long bytes, char *out, size_t n)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned long long whole = bytes, frac = 0;
	size_t u = 0;

	while (whole >= 1024 && u + 1 < sizeof unit / sizeof unit[0]) {
		frac = (whole % 1024) * 10 / 1024;
		whole /= 1024;
		u++;
	}
	snprintf(out, n, "%llu.%llu %s", whole, frac, unit[u]);
}

static void print_block(FILE *f, const struct cer_block *b)
{
	char sz[32];

	size_text(b->bytes, sz, sizeof sz);
	fprintf(f, "  %s%s size=%llu (%s) removable=%s usb=%s", b->name,
	    b->partition ? " (partition)" : "", b->bytes, sz,
	    b->removable ? "yes" : "no", b->usb ? "yes" : "no");
	if (!b->probed) {
		fprintf(f, " TYPE=unknown (not readable: ");
		cer_report_safe(f, b->probe_error);
		fprintf(f, ")\n");
		return;
	}
	fprintf(f, " TYPE=");
	cer_report_safe(f, b->type[0] ? b->type : "none");
	if (b->label[0] != '\0') {
		fprintf(f, " LABEL=");
		cer_report_safe(f, b->label);
	}
	fprintf(f, " UUID=");
	cer_report_safe(f, b->uuid[0] ? b->uuid : "none");
	fputc('\n', f);
}

static void print_usb(FILE *f, const struct cer_hw *hw, size_t i)
{
	const struct cer_usb *u = &hw->usb[i];
	size_t j;

	fprintf(f, "  %s %04x:%04x class=%02x \"", u->name, u->vendor, u->product, u->dev_class);
	cer_report_safe(f, u->product_name);
	fprintf(f, "\" interfaces:");
	for (j = 0; j < hw->nusbif; j++)
		if (hw->usbif[j].dev == (int)i)
			fprintf(f, " %s=%02x/%02x/%02x", hw->usbif[j].name, hw->usbif[j].cls,
			    hw->usbif[j].subclass, hw->usbif[j].protocol);
	fputc('\n', f);
}

static void print_verdict(FILE *f, const struct cer_netcheck *nc)
{
	const struct cer_offender *o;
	size_t i;

	fprintf(f, "NETWORK VERDICT: %s\n", nc->n == 0 ? "CLEAR" : "REFUSED");
	for (i = 0; i < nc->n && i < CER_NET_MAX; i++) {
		o = &nc->dev[i];
		fprintf(f, "REFUSED DEVICE: ");
		cer_report_safe(f, o->name);
		if (o->id[0] != '\0')
			fprintf(f, " %s", o->id);
		fprintf(f, " (%s)\n", o->reason);
	}
	if (nc->n > CER_NET_MAX)
		fprintf(f, "REFUSED DEVICE: %zu more not listed\n", nc->n - CER_NET_MAX);
}

static int finish(FILE *f)
{
	if (fflush(f) == EOF || ferror(f))
		return cer_err("hardware report: cannot write to the terminal");
	return 0;
}

int cer_report_print(FILE *f, const struct cer_hw *hw, const struct cer_netcheck *nc,
    const char *tty)
{
	const struct cer_pci *p;
	char sz[32];
	size_t i;

	fprintf(f, "%s\nConsole: ", BEGIN_MARK);
	cer_report_safe(f, tty);
	fprintf(f, "\nCPU: ");
	cer_report_safe(f, hw->cpu.model);
	fprintf(f, " (%u logical) RDRAND=%s RDSEED=%s\n", hw->cpu.count,
	    hw->cpu.rdrand ? "yes" : "no", hw->cpu.rdseed ? "yes" : "no");
	size_text(hw->mem_kb * 1024, sz, sizeof sz);
	fprintf(f, "Memory: %llu kB (%s)\n", hw->mem_kb, sz);
	fprintf(f, "Block devices: %zu\n", hw->nblock);
	for (i = 0; i < hw->nblock; i++)
		print_block(f, &hw->block[i]);
	fprintf(f, "PCI functions: %zu\n", hw->npci);
	for (i = 0; i < hw->npci; i++) {
		p = &hw->pci[i];
		fprintf(f, "  %s class=%06lx %04x:%04x driver=%s\n", p->addr, p->cls,
		    p->vendor, p->device, p->driver[0] ? p->driver : "none");
	}
	fprintf(f, "USB devices: %zu\n", hw->nusb);
	for (i = 0; i < hw->nusb; i++)
		print_usb(f, hw, i);
	print_verdict(f, nc);
	fprintf(f, "%s\n", END_MARK);
	return finish(f);
}

int cer_report_failed(FILE *f, const char *why, const char *tty)
{
	fprintf(f, "%s\nConsole: ", BEGIN_MARK);
	cer_report_safe(f, tty);
	fprintf(f, "\nPROBE FAILED: ");
	cer_report_safe(f, why);
	fprintf(f, "\nNETWORK VERDICT: REFUSED\n"
	    "REFUSED DEVICE: unknown (the hardware could not be checked)\n%s\n", END_MARK);
	return finish(f);
}

int cer_report_refusal(FILE *f, const struct cer_netcheck *nc, const char *why)
{
	size_t i;

	fprintf(f, "\n\033[1;37;41m %s \033[0m\n\n",
	    "CEREMONY REFUSED: THIS MACHINE CAN REACH A NETWORK");
	if (nc == NULL) {
		fprintf(f, "  The hardware could not be checked: ");
		cer_report_safe(f, why);
		fputc('\n', f);
	} else {
		for (i = 0; i < nc->n && i < CER_NET_MAX; i++) {
			fprintf(f, "  - ");
			cer_report_safe(f, nc->dev[i].name);
			if (nc->dev[i].id[0] != '\0')
				fprintf(f, " [%s]", nc->dev[i].id);
			fprintf(f, ": %s\n", nc->dev[i].reason);
		}
	}
	fprintf(f, "\nRemove these devices, or use another machine, and boot again.\n"
	    "Power-off is the only choice: press Enter to power off.\n");
	return finish(f);
}
