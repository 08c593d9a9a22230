/* prepare.h: formatting sticks before the ceremony, on the appliance.
 * Contract: cer_prepare_sticks() offers, until Enter is typed, to format a
 * USB stick as FAT with one of the labels the ceremony writes to: ESCROW-1
 * to ESCROW-<shares of the plan> or the output label. It lists the USB
 * disks (name, size, file system, label), asks for the device and the label,
 * then the plan's first board member must confirm by typing their name
 * (anything else cancels) before cer_blk_format() runs. Mistakes (unknown
 * device, a label the ceremony does not write, a failed format) are shown
 * and the offer is repeated. Returns 0 when Enter was typed, -1 with
 * cer_err() at end of input or when the terminal fails. */
#ifndef CER_PREPARE_H
#define CER_PREPARE_H
#include "media_blk.h"
#include "plan.h"
#include "term.h"

int cer_prepare_sticks(struct cer_term *t, struct cer_media_blk *mb,
    const struct cer_plan *plan, const char *out_label);

#endif
