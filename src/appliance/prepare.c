/* prepare.c: see prepare.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "hw.h"
#include "prepare.h"

#define IN_MAX 128

/* 1 when label is one the ceremony writes to. */
static int label_allowed(const struct cer_plan *plan, const char *out_label,
    const char *label)
{
	char want[24];
	int i;

	if (strcmp(label, out_label) == 0)
		return 1;
	for (i = 1; i <= plan->nshares; i++) {
		snprintf(want, sizeof want, "ESCROW-%d", i);
		if (strcmp(label, want) == 0)
			return 1;
	}
	return 0;
}

static int list_disks(struct cer_term *t, struct cer_media_blk *mb)
{
	struct cer_hw *hw = calloc(1, sizeof *hw);
	const struct cer_block *b;
	size_t i;
	int rc = 0;

	if (hw == NULL)
		return cer_err("prepare: out of memory");
	if (cer_probe_block(&mb->sys, hw) != 0) {
		free(hw);
		return -1;
	}
	for (i = 0; i < hw->nblock && rc == 0; i++) {
		b = &hw->block[i];
		if (b->usb && !b->partition)
			rc = cer_term_printf(t, "  %-6s %6llu MiB  %s%s%s\n", b->name,
			    b->bytes >> 20, b->type[0] ? b->type : "(no file system)",
			    b->label[0] ? "  LABEL=" : "", b->label);
	}
	free(hw);
	return rc;
}

static int ask(struct cer_term *t, const char *prompt, char *in)
{
	return cer_term_printf(t, "%s", prompt) != 0 || t->readline(t, in, IN_MAX) != 0 ? -1 : 0;
}

/* One format: device, label, the board member's confirmation. */
static int format_one(struct cer_term *t, struct cer_media_blk *mb,
    const struct cer_plan *plan, const char *out_label)
{
	char dev[IN_MAX], label[IN_MAX], who[IN_MAX];
	const char *board = plan->people[plan->board].name;

	if (list_disks(t, mb) != 0 ||
	    ask(t, "Device to format (e.g. sdb), or Enter to go back: ", dev) != 0)
		return -1;
	if (dev[0] == '\0')
		return 0;
	if (ask(t, "Label for it: ", label) != 0)
		return -1;
	if (!label_allowed(plan, out_label, label))
		return cer_term_printf(t, "  '%s' is not a label the ceremony writes to "
		    "(ESCROW-1..ESCROW-%d or %s).\n", label, plan->nshares, out_label);
	if (cer_term_printf(t, "Everything on %s will be lost. %s (board): type your name to "
	    "confirm formatting it as %s, or anything else to cancel: ", dev, board,
	    label) != 0 || t->readline(t, who, sizeof who) != 0)
		return -1;
	if (!cer_name_same(who, board))
		return cer_term_printf(t, "  Not confirmed: %s left as it was.\n", dev);
	if (cer_term_printf(t, "  Formatting %s as %s...\n", dev, label) != 0)
		return -1;
	if (cer_blk_format(mb, dev, label) != 0)
		return cer_term_printf(t, "  %s\n", cer_errmsg());
	return cer_term_printf(t, "  %s is now an empty FAT stick labelled %s.\n", dev, label);
}

int cer_prepare_sticks(struct cer_term *t, struct cer_media_blk *mb,
    const struct cer_plan *plan, const char *out_label)
{
	char in[IN_MAX];

	for (;;) {
		if (cer_term_printf(t, "\nThe escrow sticks (ESCROW-1..ESCROW-%d) and output sticks "
		    "(%s) must be empty FAT sticks with these labels.\n", plan->nshares,
		    out_label) != 0 ||
		    ask(t, "Type 'format' to format a stick now, or press Enter to begin the "
		    "ceremony: ", in) != 0)
			return -1;
		if (in[0] == '\0')
			return 0;
		if (strcmp(in, "format") == 0 && format_one(t, mb, plan, out_label) != 0)
			return -1;
	}
}
