/* script_out.c: see script_out.h. */
#include <stdlib.h>
#include <string.h>
#include "hashtext.h"
#include "nametext.h"
#include "script_out.h"

#define WIDTH 78
#define BLANK_NAME "____________________"

static const char css[] =
    "body{font-family:sans-serif;font-size:10.5pt;margin:2em;color:#000}\n"
    "h1{font-size:17pt;margin:0 0 .3em}\n"
    "h2{font-size:13pt;margin:.2em 0}\n"
    "h2 .ref,h2 .n{font-weight:normal;font-size:10.5pt}\n"
    ".rehearsal{border:3px solid #000;padding:.3em .6em;font-weight:bold;"
    "display:inline-block}\n"
    "table{border-collapse:collapse}\n"
    "table.fields th{text-align:left;padding:.1em 1em .1em 0;vertical-align:top}\n"
    "table.fields td{font-family:monospace;padding:.1em 0;overflow-wrap:anywhere}\n"
    "section.step{border-top:2px solid #000;margin-top:1em;padding-top:.3em;"
    "break-inside:avoid;page-break-inside:avoid}\n"
    "p.do{margin:.15em 0 .15em 1.2em;text-indent:-.7em}\n"
    "pre.box{margin:.3em 0 .3em 1.2em;line-height:1.8}\n"
    "table.rows{width:100%;margin:.3em 0}\n"
    "table.rows td{border:1px solid #777;padding:.2em .4em;vertical-align:top}\n"
    "td.tick{width:1.2em;text-align:center;font-size:13pt}\n"
    "td.who{width:16em}td.ini{width:6em;color:#777;font-size:8pt}\n"
    ".boxes{margin:.4em 0}\n"
    ".boxes span{display:inline-block;border:1.5px solid #000;width:15em;height:2.4em;"
    "margin-right:1em;padding:.1em .3em;font-size:8pt;vertical-align:top}\n"
    "section.sheet{break-before:page;page-break-before:always}\n"
    "table.exc{width:100%}\n"
    "table.exc th,table.exc td{border:1px solid #000;height:2.4em;padding:.1em .3em;"
    "font-size:9pt;text-align:left}\n"
    "footer{margin-top:2em;font-size:8.5pt;border-top:1px solid #777;padding-top:.3em}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{margin:0}footer{break-inside:avoid}}\n";

static void esc(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if (*s == '\'')
			fputs("&#39;", f);
		else
			fputc(*s, f);
	}
}

/* Plain text: words of s wrapped at WIDTH; the first line starts after
 * `first` columns already used, later lines are indented by `indent`. */
static void wrap(FILE *f, size_t first, size_t indent, const char *s)
{
	size_t col = first, len;
	const char *w;
	int space = 0;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		w = s;
		while (*s != '\0' && *s != ' ')
			s++;
		len = (size_t)(s - w);
		if (space && col + 1 + len > WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			space = 0;
		}
		if (space) {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, len, f);
		col += len;
		space = 1;
	}
	fputc('\n', f);
}

static void rule(FILE *f, char c)
{
	int i;

	for (i = 0; i < WIDTH; i++)
		fputc(c, f);
	fputc('\n', f);
}

void so_begin_doc(struct script_out *o, const char *kind, const char *title, int rehearsal)
{
	const char *k;

	if (!o->html) {
		rule(o->f, '=');
		for (k = kind; *k != '\0'; k++)
			fputc(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k, o->f);
		fprintf(o->f, ": %s\n", title);
		if (rehearsal)
			fputs("*** REHEARSAL: no key made in this run is ever used ***\n", o->f);
		rule(o->f, '=');
		return;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", o->f);
	esc(o->f, kind);
	fputs(": ", o->f);
	esc(o->f, title);
	fprintf(o->f, "</title>\n<style>\n%s</style>\n</head><body>\n<h1>", css);
	esc(o->f, kind);
	fputs(": ", o->f);
	esc(o->f, title);
	fputs("</h1>\n", o->f);
	if (rehearsal)
		fputs("<p class=\"rehearsal\">REHEARSAL: no key made in this run is ever used</p>\n",
		    o->f);
	fputs("<table class=\"fields\">\n", o->f);
}

void so_begin(struct script_out *o, const char *title, int rehearsal)
{
	so_begin_doc(o, "Ceremony script", title, rehearsal);
}

/* value may hold several lines separated by '\n'. */
void so_field(struct script_out *o, const char *key, const char *value)
{
	const char *nl;
	char *line;

	if (!o->html) {
		fprintf(o->f, "%-20s ", key);
		for (; (nl = strchr(value, '\n')) != NULL; value = nl + 1)
			fprintf(o->f, "%.*s\n%21s", (int)(nl - value), value, "");
		fprintf(o->f, "%s\n", value);
		return;
	}
	fputs("<tr><th>", o->f);
	esc(o->f, key);
	fputs("</th><td>", o->f);
	for (;;) {
		nl = strchr(value, '\n');
		if (nl == NULL)
			break;
		line = strndup(value, (size_t)(nl - value));
		esc(o->f, line != NULL ? line : "(out of memory)");
		free(line);
		fputs("<br>", o->f);
		value = nl + 1;
	}
	esc(o->f, value);
	fputs("</td></tr>\n", o->f);
}

void so_field_whole(struct script_out *o, const char *key, const char *value)
{
	char *wrapped = o->html ? NULL : cer_text_wrap(value, 21, WIDTH);

	/* HTML, or out of memory (then too wide, but still whole) */
	so_field(o, key, wrapped != NULL ? wrapped : value);
	free(wrapped);
}

void so_list_head(struct script_out *o, const char *text)
{
	if (o->html) {
		fputs("<tr><th>", o->f);
		esc(o->f, text);
		fputs("</th><td>", o->f);
	} else {
		fprintf(o->f, "%s\n", text);
	}
}

void so_list_item(struct script_out *o, const char *text)
{
	if (o->html) {
		esc(o->f, text);
		fputs("<br>", o->f);
	} else {
		fprintf(o->f, "  %s\n", text);
	}
}

void so_list_end(struct script_out *o)
{
	if (o->html)
		fputs("</td></tr>\n", o->f);
}

/* A paragraph after the header fields (closes the fields table in HTML). */
void so_note(struct script_out *o, const char *text)
{
	if (o->html) {
		fputs("</table>\n<p>", o->f);
		esc(o->f, text);
		fputs("</p>\n", o->f);
	} else {
		fputc('\n', o->f);
		wrap(o->f, 0, 0, text);
	}
}

void so_step(struct script_out *o, const struct cer_stepdef *d)
{
	if (o->html) {
		fprintf(o->f, "<section class=\"step\" id=\"%s\">\n<h2><span class=\"n\">Step %d of "
		    "%d</span> ", d->id, d->number, o->nsteps ? o->nsteps : CER_NSTEPS);
		esc(o->f, d->title);
		fprintf(o->f, " <span class=\"ref\">%s</span></h2>\n", d->seed);
		return;
	}
	fputc('\n', o->f);
	rule(o->f, '-');
	fprintf(o->f, "Step %d of %d: %s  %s\n", d->number, o->nsteps ? o->nsteps : CER_NSTEPS,
	    d->title, d->seed);
	rule(o->f, '-');
}

void so_do(struct script_out *o, const char *text)
{
	if (o->html) {
		fputs("<p class=\"do\">&ndash; ", o->f);
		esc(o->f, text);
		fputs("</p>\n", o->f);
	} else {
		fputs("  - ", o->f);
		wrap(o->f, 4, 4, text);
	}
}

void so_row(struct script_out *o, const char *label, const char *name, const char *role,
    const char *action)
{
	char line[512];

	if (o->html) {
		fputs("<table class=\"rows\"><tr><td class=\"tick\">&#9744;</td><td class=\"who\">",
		    o->f);
		esc(o->f, label);
		fputc(' ', o->f);
		esc(o->f, name != NULL ? name : BLANK_NAME);
		if (role != NULL) {
			fputs(" (", o->f);
			esc(o->f, role);
			fputc(')', o->f);
		}
		fputs("</td><td>", o->f);
		esc(o->f, action);
		fputs("</td><td class=\"ini\">initials</td></tr></table>\n", o->f);
		return;
	}
	snprintf(line, sizeof line, "%s %s%s%s%s: %s  [initials ______]", label,
	    name != NULL ? name : BLANK_NAME, role != NULL ? " (" : "",
	    role != NULL ? role : "", role != NULL ? ")" : "", action);
	fputs("  [ ] ", o->f);
	wrap(o->f, 6, 8, line);
}

void so_step_end(struct script_out *o, const char *who_initials)
{
	if (o->html) {
		fputs("<div class=\"boxes\"><span>Initials (", o->f);
		esc(o->f, who_initials);
		fputs(")</span><span>Time (UTC)</span></div>\n</section>\n", o->f);
		return;
	}
	fprintf(o->f, "\n  Initials (%s): [__________]     Time (UTC): [__________]\n",
	    who_initials);
}

void so_section(struct script_out *o, const char *title)
{
	if (o->html) {
		fputs("<section class=\"step\">\n<h2>", o->f);
		esc(o->f, title);
		fputs("</h2>\n", o->f);
		return;
	}
	fputc('\n', o->f);
	rule(o->f, '-');
	fprintf(o->f, "%s\n", title);
	rule(o->f, '-');
}

void so_section_end(struct script_out *o)
{
	if (o->html)
		fputs("</section>\n", o->f);
}

static const char exc_intro[] =
    "Write here anything that did not go as scripted: a commitment that did not match, "
    "a retry, a stopped step, a replaced stick, a person who left or arrived. The Board "
    "member decides what happens next; everyone present initials the decision.";

void so_exceptions(struct script_out *o, int rows)
{
	int i;

	if (o->html) {
		fputs("<section class=\"sheet\">\n<h2>Exceptions sheet</h2>\n<p>", o->f);
		esc(o->f, exc_intro);
		fputs("</p>\n<table class=\"exc\"><tr><th>No.</th><th>Step</th><th>Time (UTC)"
		    "</th><th>What happened</th><th>Decision</th><th>Initials</th></tr>\n", o->f);
		for (i = 1; i <= rows; i++)
			fprintf(o->f, "<tr><td>%d</td><td></td><td></td><td style=\"width:40%%\">"
			    "</td><td></td><td></td></tr>\n", i);
		fputs("</table>\n</section>\n", o->f);
		return;
	}
	fputc('\n', o->f);
	rule(o->f, '=');
	fputs("EXCEPTIONS SHEET\n", o->f);
	rule(o->f, '=');
	wrap(o->f, 0, 0, exc_intro);
	fputs("\nNo. | Step | Time (UTC) | What happened              | Decision      | "
	    "Initials\n", o->f);
	for (i = 1; i <= rows; i++)
		fprintf(o->f, "%2d. |      |            |                            |               "
		    "|\n    |      |            |                            |               |\n", i);
}

static const char sheet_intro[] =
    "Write the words as the appliance shows them, in its numbering, then check them "
    "word by word. Once written this sheet IS the share: keep it where nobody else "
    "can read it. The share set identifier is the same on every share of this escrow.";

void so_worksheet(struct script_out *o, int i, int n, const char *holder, int nwords)
{
	char head[512];
	int k;

	snprintf(head, sizeof head, "Share worksheet: share %d of %d, for %s", i, n, holder);
	if (o->html) {
		fputs("<section class=\"sheet\">\n<h2>", o->f);
		esc(o->f, head);
		fputs("</h2>\n<p>", o->f);
		esc(o->f, sheet_intro);
		fputs("</p>\n<pre class=\"box\">" CER_NAME_SHARE_SET ": __________\n", o->f);
	} else {
		fputc('\n', o->f);
		rule(o->f, '=');
		fprintf(o->f, "%s\n", head);
		rule(o->f, '=');
		wrap(o->f, 0, 0, sheet_intro);
		fputs("\n" CER_NAME_SHARE_SET ": __________\n", o->f);
	}
	for (k = 1; k <= nwords; k++)
		fprintf(o->f, "%s%2d __________%s", k % 5 == 1 ? "\n" : "", k,
		    k % 5 == 0 || k == nwords ? "" : "  ");
	fputs(o->html ? "\n</pre>\n</section>\n" : "\n", o->f);
}

void so_hexbox(struct script_out *o, const char *label, int ndigits)
{
	int k;

	if (o->html) {
		fputs("<pre class=\"box\">", o->f);
		esc(o->f, label);
		fputs(", as read aloud:\n", o->f);
	} else {
		fprintf(o->f, "  %s, as read aloud:\n    ", label);
	}
	for (k = 0; k < ndigits; k++)
		fputc('_', o->f);
	fputs(o->html ? "</pre>\n" : "\n", o->f);
}

/* footer names the tool that made the page; end the last words of the text form. */
void so_end_doc(struct script_out *o, const char *footer, const char *end)
{
	if (o->html) {
		fputs("<footer>", o->f);
		esc(o->f, footer);
		fputs("</footer>\n</body></html>\n", o->f);
		return;
	}
	fputc('\n', o->f);
	rule(o->f, '=');
	fprintf(o->f, "%s\n", end);
}

void so_end(struct script_out *o)
{
	so_end_doc(o, "Made by `ceremony script` from the plan above. To print: open this file "
	    "in a web browser and print it, or make a PDF with `chromium --headless "
	    "--print-to-pdf=script.pdf script.html`.", "End of the ceremony script.");
}

int so_hash_field(struct script_out *o, const char *label, const uint8_t *h)
{
	char text[CER_HASH_TEXT_MAX], *line, *save = NULL;

	if ((h != NULL ? cer_hash_text(h, 0, text, sizeof text) :
	    cer_hash_box(0, text, sizeof text)) != 0)
		return -1;
	so_list_head(o, label);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		so_list_item(o, line);
	so_list_end(o);
	return 0;
}

int so_box(struct script_out *o, const char *label)
{
	char text[CER_HASH_TEXT_MAX];

	if (cer_hash_box(4, text, sizeof text) != 0)
		return -1;
	if (o->html) {
		fputs("<pre class=\"box\">", o->f);
		esc(o->f, label);
		fputs(", as read aloud:\n", o->f);
		esc(o->f, text);
		fputs("</pre>\n", o->f);
	} else {
		fprintf(o->f, "  %s, as read aloud:\n    %s\n", label, text);
	}
	return 0;
}
