/* script_out.h: the two renderings (plain text, HTML) behind script.c; not a
 * public interface. Each function writes one element of the script to o->f;
 * text is escaped for HTML where needed and wrapped at 78 columns in plain
 * text. Write errors are found once, by the caller, with ferror(). */
#ifndef CER_SCRIPT_OUT_H
#define CER_SCRIPT_OUT_H
#include <stdint.h>
#include <stdio.h>
#include "steps.h"

struct script_out {
	FILE *f;
	int html;
	int nsteps;        /* "Step n of NSTEPS" (steps.h: its table's); 0: CER_NSTEPS */
};

/* The page's heading "KIND: TITLE" (and the REHEARSAL banner); so_begin() is
 * the script's ("Ceremony script"). */
void so_begin_doc(struct script_out *o, const char *kind, const char *title, int rehearsal);
void so_begin(struct script_out *o, const char *title, int rehearsal);
void so_field(struct script_out *o, const char *key, const char *value);
/* Like so_field, for a value people confirm (the subject): in text, a line
 * too long for the page goes on over the next lines, never cut. */
void so_field_whole(struct script_out *o, const char *key, const char *value);
void so_list_head(struct script_out *o, const char *text);
void so_list_item(struct script_out *o, const char *text);
void so_list_end(struct script_out *o);
void so_note(struct script_out *o, const char *text);
void so_step(struct script_out *o, const struct cer_stepdef *d);
void so_do(struct script_out *o, const char *text);
/* A tick row: label ("3.", "share 1/3"), name (NULL: a blank to fill in),
 * role (may be NULL) and the action. */
void so_row(struct script_out *o, const char *label, const char *name, const char *role,
    const char *action);
/* A hash under its label in the one layout (hashtext.h), among the header
 * fields; h NULL gives the blank box. -1 with cer_err() on failure. */
int so_hash_field(struct script_out *o, const char *label, const uint8_t *h);
/* Inside a step: the box, in the same layout, where people copy the value
 * named label as it is read aloud. */
int so_box(struct script_out *o, const char *label);
/* The same for a value shown in hex only (the certificate's SHA-1): one row
 * of ndigits blanks. */
void so_hexbox(struct script_out *o, const char *label, int ndigits);
void so_step_end(struct script_out *o, const char *who_initials);
void so_section(struct script_out *o, const char *title);
void so_section_end(struct script_out *o);
void so_exceptions(struct script_out *o, int rows);
/* Share i of n's worksheet, on a page of its own: holder, share number, a
 * box for the share set identifier and nwords numbered boxes, numbered and
 * five to a row as the kiosk shows the words (flow_shares.c). */
void so_worksheet(struct script_out *o, int i, int n, const char *holder, int nwords);
/* The page's end: footer (HTML) or end (text) say what made it. so_end()
 * is the script's. */
void so_end_doc(struct script_out *o, const char *footer, const char *end);
void so_end(struct script_out *o);

#endif
