/* test_flow.c: the kiosk's host layers: directory media (labels, names, read
 * cap, O_EXCL write, sorted list, mapping), the clock's UTC parsing and the
 * stdio terminal; the flow stopping when network hardware appears; devices
 * attached mid-ceremony (a fake devgate.h): reported and recorded, a keyboard
 * authorized only by the board member's name, left out on 'no' or after
 * three wrong answers, a gate failure stopping the ceremony. The whole flow
 * runs end to end in tests/sim/run.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "clock.h"
#include "clock_sys.h"
#include "err.h"
#include "flow.h"
#include "steps.h"
#include "plan.h"
#include "secmem.h"
#include "media_dir.h"
#include "term_stdio.h"
#include "util.h"

static char dir[64];

static void setup(void)
{
	char p[128];

	strcpy(dir, "/tmp/test_flow.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/ALICE", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/OUT", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_media_dir)
{
	struct cer_media_dir md;
	struct cer_media *m = &md.media;
	char names[4][CER_MEDIA_NAME_MAX], desc[256], out[128];
	uint8_t buf[16];
	size_t n, len;

	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	ck_assert_int_eq(m->find(m, "ALICE", desc, sizeof desc), 0);
	ck_assert_int_eq(m->find(m, "BOB", desc, sizeof desc), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "stick BOB: not found"));
	ck_assert_int_eq(m->find(m, "../etc", desc, sizeof desc), -1);
	ck_assert_int_eq(m->find(m, "", desc, sizeof desc), -1);
	ck_assert_int_eq(m->write(m, "ALICE", "b.txt", "bbbb", 4), 0);
	ck_assert_int_eq(m->write(m, "ALICE", "a.txt", "0123456789", 10), 0);
	ck_assert_int_eq(m->write(m, "ALICE", "a.txt", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "already exists"));
	ck_assert_int_eq(m->write(m, "ALICE", "../x", "x", 1), -1);
	ck_assert_int_eq(m->list(m, "ALICE", names, 4, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "a.txt");
	ck_assert_str_eq(names[1], "b.txt");
	ck_assert_int_eq(m->list(m, "ALICE", names, 1, &n), -1);
	ck_assert_int_eq(m->read(m, "ALICE", "a.txt", buf, sizeof buf, &len), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_mem_eq(buf, "0123456789", 10);
	ck_assert_int_eq(m->read(m, "ALICE", "a.txt", buf, 9, &len), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "a.txt: 10 bytes, more than the 9 allowed"));
	ck_assert_int_eq(m->read(m, "ALICE", "missing", buf, sizeof buf, &len), -1);
	/* A mapped label goes to its own directory. */
	snprintf(out, sizeof out, "%s/OUT", dir);
	ck_assert_int_eq(cer_media_dir_map(&md, "CER-OUT", out), 0);
	ck_assert_int_eq(m->write(m, "CER-OUT", "c.txt", "c", 1), 0);
	snprintf(out, sizeof out, "%s/OUT/c.txt", dir);
	ck_assert_int_eq(access(out, F_OK), 0);
	ck_assert_int_eq(m->release(m, "ALICE"), 0);
}
END_TEST

START_TEST(test_clock)
{
	struct cer_clock_sys cs;
	char s[21];
	time_t t;

	ck_assert_int_eq(cer_clock_parse("2026-12-01T09:30:00Z", &t), 0);
	ck_assert_int_eq(cer_clock_format(t, s), 0);
	ck_assert_str_eq(s, "2026-12-01T09:30:00Z");
	ck_assert_int_eq(cer_clock_parse("2026-02-30T00:00:00Z", &t), -1);
	ck_assert_int_eq(cer_clock_parse("2026-12-01 09:30:00", &t), -1);
	ck_assert_int_eq(cer_clock_parse("2026-12-01T09:30:00Zx", &t), -1);
	ck_assert_int_eq(cer_clock_parse("2026-12-1T09:30:00Z", &t), -1);
	cer_clock_sys_init(&cs);
	ck_assert_int_eq(cer_clock_parse("2030-01-01T00:00:00Z", &t), 0);
	ck_assert_int_eq(cs.clock.set(&cs.clock, t), 0);
	ck_assert(cs.clock.now(&cs.clock) - t < 5);
	ck_assert(cs.clock.now(&cs.clock) >= t);
}
END_TEST

START_TEST(test_term_stdio)
{
	struct cer_term_stdio ts;
	char in[] = "first line\r\nsecond\nx\0y\nwaytoolong\nok\n", outbuf[512] = "", line[8];
	FILE *fin, *fout;

	fin = fmemopen(in, sizeof in - 1, "r");
	fout = fmemopen(outbuf, sizeof outbuf, "w");
	ck_assert_ptr_nonnull(fin);
	ck_assert_ptr_nonnull(fout);
	cer_term_stdio_init(&ts, fin, fout);
	ck_assert_int_eq(ts.echo, 1);
	ck_assert_int_eq(ts.term.readline(&ts.term, line, sizeof line), CER_TERM_REFUSED);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "longer than 7"));
	ck_assert_str_eq(line, "");
	ck_assert_int_eq(ts.term.readline(&ts.term, line, sizeof line), 0);
	ck_assert_str_eq(line, "second");
	ck_assert_int_eq(ts.term.readline(&ts.term, line, sizeof line), CER_TERM_REFUSED);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "NUL"));
	/* a refused line is said and asked again; it never ends the prompt */
	ck_assert_int_eq(cer_term_ask(&ts.term, "Q: ", 0, line, sizeof line), 0);
	ck_assert_str_eq(line, "ok");
	ck_assert_int_eq(ts.term.readline(&ts.term, line, sizeof line), -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "end of input"));
	ck_assert_int_eq(cer_term_printf(&ts.term, "n=%d\n", 42), 0);
	ck_assert_int_eq(ts.term.clear(&ts.term), 0);
	fclose(fout);
	fclose(fin);
	ck_assert_ptr_nonnull(strstr(outbuf, "Q: (line refused)\n  Line refused: the line is "
	    "longer than 7 characters. Type it again.\nQ: ok\nn=42\n"));
	ck_assert_ptr_nonnull(strstr(outbuf, "screen cleared"));
}
END_TEST

/* Fails on call number fail_at (1 = the start-of-ceremony check). */
static int net_calls, fail_at;

static int net_check(void *arg)
{
	(void)arg;
	if (++net_calls == fail_at)
		return cer_err("interface eth0 appeared");
	return 0;
}

static char screen[65536];   /* what the last run_until_network() showed */

/* A fake device gate: hands over devs[] at poll number report_at, fails at
 * poll number poll_fail_at, counts allow() calls. */
static struct cer_newdev devs[2];
static size_t ndevs;
static int polls, report_at, poll_fail_at, allows, allow_rc;

static int fake_poll(struct cer_devgate *g, struct cer_newdev *d, size_t max, size_t *n)
{
	(void)g;
	*n = 0;
	if (++polls == poll_fail_at)
		return cer_err("network hardware appeared, not authorized: USB device 1-5 "
		    "(0525:a4a2)");
	if (polls == report_at) {
		*n = ndevs < max ? ndevs : max;
		memcpy(d, devs, *n * sizeof *d);
	}
	return 0;
}

static int fake_allow(struct cer_devgate *g, const struct cer_newdev *d)
{
	(void)g;
	ck_assert_str_eq(d->name, "1-3");
	allows++;
	return allow_rc == 0 ? 0 : cer_err("USB device 1-3: no longer the device that was "
	    "reported (unplugged or replaced): not authorized");
}

static struct cer_devgate fake_gate = { fake_poll, fake_allow, NULL };
static struct cer_devgate *gate;     /* NULL: no gate (the host) */
static const char *prefix = "";      /* typed before the scripted roll call */

/* Runs the flow on the example plan with a scripted roll call, the network
 * appearing at check number fail_at; returns the transcript text. */
static char *run_until_network(int at, int *rc)
{
	struct cer_media_dir md;
	struct cer_clock_sys cs;
	struct cer_term_stdio ts;
	struct cer_flow_env env;
	struct cer_plan *plan;
	char script[2048] = "", out[65536], tpath[128], *text;
	FILE *fin, *fout;
	size_t len;
	int i;

	ck_assert_int_eq(cer_plan_load("appliance/plans/example-toplevel.cnf", &plan), 0);
	/* Enter for the extensions page, the plan confirmed, the clock set to the
	 * plan's date (so the test does not depend on today) and confirmed. */
	snprintf(script, sizeof script, "%s\n%s\n%s\nok\n", prefix, plan->people[0].name,
	    "2026-12-01T12:00:00Z");
	for (i = 0; i < 2 * plan->npeople; i++) {
		strcat(script, plan->people[i % plan->npeople].name);
		strcat(script, "\n");
	}
	cer_plan_free(plan);
	fin = fmemopen(script, strlen(script), "r");
	fout = fmemopen(out, sizeof out, "w");
	ck_assert_ptr_nonnull(fin);
	ck_assert_ptr_nonnull(fout);
	cer_term_stdio_init(&ts, fin, fout);
	cer_clock_sys_init(&cs);
	ck_assert_int_eq(cer_media_dir_init(&md, dir), 0);
	snprintf(tpath, sizeof tpath, "%s/transcript.txt", dir);
	memset(&env, 0, sizeof env);
	env.term = &ts.term;
	env.media = &md.media;
	env.clock = &cs.clock;
	env.plan_path = "appliance/plans/example-toplevel.cnf";
	env.transcript_path = tpath;
	env.out_label = "OUT";
	env.console = "test";
	env.net_check = net_check;
	env.devgate = gate;
	net_calls = 0;
	fail_at = at;
	*rc = cer_flow_run(&env);
	fclose(fout);
	fclose(fin);
	memcpy(screen, out, sizeof screen);
	screen[sizeof screen - 1] = '\0';
	ck_assert_int_eq(cer_read_file(tpath, 1 << 20, (uint8_t **)&text, &len), 0);
	return text;
}

START_TEST(test_network_at_start)
{
	char *text;
	int rc;

	text = run_until_network(1, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "1-start"));
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "eth0"));
	ck_assert_ptr_nonnull(strstr(text, "1-start kiosk exception what=network%20check%20before%20start stick=- "
	    "reason=interface%20eth0%20appeared"));
	ck_assert_ptr_nonnull(strstr(text, "1-start kiosk stopped"));
	free(text);
}
END_TEST

START_TEST(test_network_before_entropy)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	text = run_until_network(2, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "4-entropy"));
	ck_assert_ptr_nonnull(strstr(text, "what=checklist"));
	ck_assert_ptr_nonnull(strstr(text, "4-entropy kiosk exception what=network%20check%20"
	    "before%20entropy stick=-"));
	ck_assert_ptr_null(strstr(text, " commit "));
	free(text);
}
END_TEST

/* The kiosk's step headings come from the shared step table (steps.h), the
 * one the printed script uses: steps 1-4 were shown, step 5 was not. */
START_TEST(test_headings_from_steps)
{
	char want[256], *text;
	int rc, i;

	ck_assert_int_eq(cer_secmem_init(), 0);
	text = run_until_network(2, &rc);
	ck_assert_int_eq(rc, -1);
	for (i = 0; i < CER_NSTEPS; i++) {
		snprintf(want, sizeof want, "=== Step %s: %s %s ===", cer_stepdefs[i].id,
		    cer_stepdefs[i].title, cer_stepdefs[i].seed);
		if (i < 4)
			ck_assert_msg(strstr(screen, want) != NULL, "missing heading %s", want);
		else
			ck_assert_msg(strstr(screen, want) == NULL, "unexpected heading %s", want);
	}
	free(text);
}
END_TEST

static void fake_setup(int hid, int at, int fail_at, const char *typed)
{
	memset(devs, 0, sizeof devs);
	strcpy(devs[0].name, "1-3");
	strcpy(devs[0].id, "0627:0001");
	strcpy(devs[0].why, "interface 0 class 0x03 (HID: keyboard, mouse)");
	devs[0].hid = hid;
	devs[0].devnum = 4;
	ndevs = 1;
	polls = allows = allow_rc = 0;
	report_at = at;
	poll_fail_at = fail_at;
	gate = &fake_gate;
	prefix = typed;
}

static void fake_teardown(void)
{
	gate = NULL;
	prefix = "";
}

/* The board member (the example plan's first person) authorizes the keyboard
 * reported at the first prompt after the plan is read. */
START_TEST(test_keyboard_allowed_by_board)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	fake_setup(1, 1, 0, "nobody\nAlice Example\n");
	text = run_until_network(2, &rc);
	fake_teardown();
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(allows, 1);
	ck_assert_ptr_nonnull(strstr(screen, "A USB device was plugged in: 1-3 (0627:0001), "
	    "NOT authorized: interface 0 class 0x03"));
	ck_assert_ptr_nonnull(strstr(screen, "That is neither 'Alice Example' nor 'no'"));
	ck_assert_ptr_nonnull(strstr(screen, "Keyboard 1-3 (0627:0001) authorized by Alice"));
	ck_assert_ptr_nonnull(strstr(text, "2-plan kiosk device-refused device=1-3 "
	    "id=0627:0001 reason=interface%200%20class%200x03"));
	ck_assert_ptr_nonnull(strstr(text, "2-plan Alice%20Example device-allowed device=1-3 "
	    "id=0627:0001"));
	/* the ceremony went on: the plan was confirmed after the report */
	ck_assert_ptr_nonnull(strstr(text, "what=plan"));
	free(text);
}
END_TEST

START_TEST(test_keyboard_kept_out)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	fake_setup(1, 1, 0, "no\n");
	text = run_until_network(2, &rc);
	fake_teardown();
	ck_assert_int_eq(allows, 0);
	ck_assert_ptr_nonnull(strstr(screen, "stays unauthorized: unplug it"));
	ck_assert_ptr_nonnull(strstr(text, "Alice%20Example device-kept-out device=1-3"));
	ck_assert_ptr_null(strstr(text, "device-allowed"));
	ck_assert_ptr_nonnull(strstr(text, "what=plan"));
	free(text);
}
END_TEST

/* Three answers that are neither the board member's name nor 'no': the
 * keyboard stays out, recorded by the kiosk, the ceremony goes on. */
START_TEST(test_keyboard_three_wrong_answers)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	fake_setup(1, 1, 0, "Bob Example\nyes\n\n");
	text = run_until_network(2, &rc);
	fake_teardown();
	ck_assert_int_eq(allows, 0);
	ck_assert_ptr_nonnull(strstr(text, "2-plan kiosk device-kept-out device=1-3"));
	ck_assert_ptr_nonnull(strstr(text, "what=plan"));
	free(text);
}
END_TEST

/* The gate refuses to authorize (the device was swapped): recorded, not a stop. */
START_TEST(test_keyboard_allow_fails)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	fake_setup(1, 1, 0, "Alice Example\n");
	allow_rc = -1;
	text = run_until_network(2, &rc);
	fake_teardown();
	ck_assert_int_eq(allows, 1);
	ck_assert_ptr_nonnull(strstr(screen, "Not authorized: USB device 1-3: no longer"));
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=device%201-3%20("));
	ck_assert_ptr_null(strstr(text, "device-allowed"));
	ck_assert_ptr_nonnull(strstr(text, "what=plan"));
	free(text);
}
END_TEST

/* Not a keyboard (a stick that is also a keyboard): reported and recorded,
 * nothing asked, nothing authorized. */
START_TEST(test_other_device_reported)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	fake_setup(0, 2, 0, "");
	text = run_until_network(2, &rc);
	fake_teardown();
	ck_assert_int_eq(allows, 0);
	ck_assert_ptr_nonnull(strstr(screen, "It stays unauthorized: unplug it."));
	ck_assert_ptr_null(strstr(screen, "type your name to authorize it"));
	ck_assert_ptr_nonnull(strstr(text, "kiosk device-refused device=1-3"));
	ck_assert_ptr_nonnull(strstr(text, "what=checklist"));
	free(text);
}
END_TEST

/* Network hardware seen by the gate at a prompt stops the ceremony there. */
START_TEST(test_gate_failure_stops)
{
	char *text;
	int rc;

	ck_assert_int_eq(cer_secmem_init(), 0);
	fake_setup(0, 0, 2, "");
	text = run_until_network(0, &rc);
	fake_teardown();
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(cer_errmsg(), "0525:a4a2"));
	ck_assert_ptr_nonnull(strstr(text, "kiosk exception what=device%20check stick=- reason=network"));
	ck_assert_ptr_nonnull(strstr(text, "kiosk stopped"));
	ck_assert_ptr_null(strstr(text, "what=checklist"));
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("flow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_media_dir);
	tcase_add_test(tc, test_clock);
	tcase_add_test(tc, test_term_stdio);
	tcase_add_test(tc, test_network_at_start);
	tcase_add_test(tc, test_network_before_entropy);
	tcase_add_test(tc, test_headings_from_steps);
	tcase_add_test(tc, test_keyboard_allowed_by_board);
	tcase_add_test(tc, test_keyboard_kept_out);
	tcase_add_test(tc, test_keyboard_three_wrong_answers);
	tcase_add_test(tc, test_keyboard_allow_fails);
	tcase_add_test(tc, test_other_device_reported);
	tcase_add_test(tc, test_gate_failure_stops);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
