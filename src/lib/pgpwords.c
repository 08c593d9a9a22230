/* pgpwords.c: see pgpwords.h.
 * The table below was generated once from tests/vectors/pgpwords/pgpwords.tsv
 * (one row per byte value: even-position word, odd-position word) and is
 * checked against that file by tests/unit/test_pgpwords.c. */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "err.h"
#include "pgpwords.h"

static const char *const words[256][2] = {
	{ "aardvark", "adroitness" },	/* 00 */
	{ "absurd", "adviser" },	/* 01 */
	{ "accrue", "aftermath" },	/* 02 */
	{ "acme", "aggregate" },	/* 03 */
	{ "adrift", "alkali" },	/* 04 */
	{ "adult", "almighty" },	/* 05 */
	{ "afflict", "amulet" },	/* 06 */
	{ "ahead", "amusement" },	/* 07 */
	{ "aimless", "antenna" },	/* 08 */
	{ "Algol", "applicant" },	/* 09 */
	{ "allow", "Apollo" },	/* 0a */
	{ "alone", "armistice" },	/* 0b */
	{ "ammo", "article" },	/* 0c */
	{ "ancient", "asteroid" },	/* 0d */
	{ "apple", "Atlantic" },	/* 0e */
	{ "artist", "atmosphere" },	/* 0f */
	{ "assume", "autopsy" },	/* 10 */
	{ "Athens", "Babylon" },	/* 11 */
	{ "atlas", "backwater" },	/* 12 */
	{ "Aztec", "barbecue" },	/* 13 */
	{ "baboon", "belowground" },	/* 14 */
	{ "backfield", "bifocals" },	/* 15 */
	{ "backward", "bodyguard" },	/* 16 */
	{ "banjo", "bookseller" },	/* 17 */
	{ "beaming", "borderline" },	/* 18 */
	{ "bedlamp", "bottomless" },	/* 19 */
	{ "beehive", "Bradbury" },	/* 1a */
	{ "beeswax", "bravado" },	/* 1b */
	{ "befriend", "Brazilian" },	/* 1c */
	{ "Belfast", "breakaway" },	/* 1d */
	{ "berserk", "Burlington" },	/* 1e */
	{ "billiard", "businessman" },	/* 1f */
	{ "bison", "butterfat" },	/* 20 */
	{ "blackjack", "Camelot" },	/* 21 */
	{ "blockade", "candidate" },	/* 22 */
	{ "blowtorch", "cannonball" },	/* 23 */
	{ "bluebird", "Capricorn" },	/* 24 */
	{ "bombast", "caravan" },	/* 25 */
	{ "bookshelf", "caretaker" },	/* 26 */
	{ "brackish", "celebrate" },	/* 27 */
	{ "breadline", "cellulose" },	/* 28 */
	{ "breakup", "certify" },	/* 29 */
	{ "brickyard", "chambermaid" },	/* 2a */
	{ "briefcase", "Cherokee" },	/* 2b */
	{ "Burbank", "Chicago" },	/* 2c */
	{ "button", "clergyman" },	/* 2d */
	{ "buzzard", "coherence" },	/* 2e */
	{ "cement", "combustion" },	/* 2f */
	{ "chairlift", "commando" },	/* 30 */
	{ "chatter", "company" },	/* 31 */
	{ "checkup", "component" },	/* 32 */
	{ "chisel", "concurrent" },	/* 33 */
	{ "choking", "confidence" },	/* 34 */
	{ "chopper", "conformist" },	/* 35 */
	{ "Christmas", "congregate" },	/* 36 */
	{ "clamshell", "consensus" },	/* 37 */
	{ "classic", "consulting" },	/* 38 */
	{ "classroom", "corporate" },	/* 39 */
	{ "cleanup", "corrosion" },	/* 3a */
	{ "clockwork", "councilman" },	/* 3b */
	{ "cobra", "crossover" },	/* 3c */
	{ "commence", "crucifix" },	/* 3d */
	{ "concert", "cumbersome" },	/* 3e */
	{ "cowbell", "customer" },	/* 3f */
	{ "crackdown", "Dakota" },	/* 40 */
	{ "cranky", "decadence" },	/* 41 */
	{ "crowfoot", "December" },	/* 42 */
	{ "crucial", "decimal" },	/* 43 */
	{ "crumpled", "designing" },	/* 44 */
	{ "crusade", "detector" },	/* 45 */
	{ "cubic", "detergent" },	/* 46 */
	{ "dashboard", "determine" },	/* 47 */
	{ "deadbolt", "dictator" },	/* 48 */
	{ "deckhand", "dinosaur" },	/* 49 */
	{ "dogsled", "direction" },	/* 4a */
	{ "dragnet", "disable" },	/* 4b */
	{ "drainage", "disbelief" },	/* 4c */
	{ "dreadful", "disruptive" },	/* 4d */
	{ "drifter", "distortion" },	/* 4e */
	{ "dropper", "document" },	/* 4f */
	{ "drumbeat", "embezzle" },	/* 50 */
	{ "drunken", "enchanting" },	/* 51 */
	{ "Dupont", "enrollment" },	/* 52 */
	{ "dwelling", "enterprise" },	/* 53 */
	{ "eating", "equation" },	/* 54 */
	{ "edict", "equipment" },	/* 55 */
	{ "egghead", "escapade" },	/* 56 */
	{ "eightball", "Eskimo" },	/* 57 */
	{ "endorse", "everyday" },	/* 58 */
	{ "endow", "examine" },	/* 59 */
	{ "enlist", "existence" },	/* 5a */
	{ "erase", "exodus" },	/* 5b */
	{ "escape", "fascinate" },	/* 5c */
	{ "exceed", "filament" },	/* 5d */
	{ "eyeglass", "finicky" },	/* 5e */
	{ "eyetooth", "forever" },	/* 5f */
	{ "facial", "fortitude" },	/* 60 */
	{ "fallout", "frequency" },	/* 61 */
	{ "flagpole", "gadgetry" },	/* 62 */
	{ "flatfoot", "Galveston" },	/* 63 */
	{ "flytrap", "getaway" },	/* 64 */
	{ "fracture", "glossary" },	/* 65 */
	{ "framework", "gossamer" },	/* 66 */
	{ "freedom", "graduate" },	/* 67 */
	{ "frighten", "gravity" },	/* 68 */
	{ "gazelle", "guitarist" },	/* 69 */
	{ "Geiger", "hamburger" },	/* 6a */
	{ "glitter", "Hamilton" },	/* 6b */
	{ "glucose", "handiwork" },	/* 6c */
	{ "goggles", "hazardous" },	/* 6d */
	{ "goldfish", "headwaters" },	/* 6e */
	{ "gremlin", "hemisphere" },	/* 6f */
	{ "guidance", "hesitate" },	/* 70 */
	{ "hamlet", "hideaway" },	/* 71 */
	{ "highchair", "holiness" },	/* 72 */
	{ "hockey", "hurricane" },	/* 73 */
	{ "indoors", "hydraulic" },	/* 74 */
	{ "indulge", "impartial" },	/* 75 */
	{ "inverse", "impetus" },	/* 76 */
	{ "involve", "inception" },	/* 77 */
	{ "island", "indigo" },	/* 78 */
	{ "jawbone", "inertia" },	/* 79 */
	{ "keyboard", "infancy" },	/* 7a */
	{ "kickoff", "inferno" },	/* 7b */
	{ "kiwi", "informant" },	/* 7c */
	{ "klaxon", "insincere" },	/* 7d */
	{ "locale", "insurgent" },	/* 7e */
	{ "lockup", "integrate" },	/* 7f */
	{ "merit", "intention" },	/* 80 */
	{ "minnow", "inventive" },	/* 81 */
	{ "miser", "Istanbul" },	/* 82 */
	{ "Mohawk", "Jamaica" },	/* 83 */
	{ "mural", "Jupiter" },	/* 84 */
	{ "music", "leprosy" },	/* 85 */
	{ "necklace", "letterhead" },	/* 86 */
	{ "Neptune", "liberty" },	/* 87 */
	{ "newborn", "maritime" },	/* 88 */
	{ "nightbird", "matchmaker" },	/* 89 */
	{ "Oakland", "maverick" },	/* 8a */
	{ "obtuse", "Medusa" },	/* 8b */
	{ "offload", "megaton" },	/* 8c */
	{ "optic", "microscope" },	/* 8d */
	{ "orca", "microwave" },	/* 8e */
	{ "payday", "midsummer" },	/* 8f */
	{ "peachy", "millionaire" },	/* 90 */
	{ "pheasant", "miracle" },	/* 91 */
	{ "physique", "misnomer" },	/* 92 */
	{ "playhouse", "molasses" },	/* 93 */
	{ "Pluto", "molecule" },	/* 94 */
	{ "preclude", "Montana" },	/* 95 */
	{ "prefer", "monument" },	/* 96 */
	{ "preshrunk", "mosquito" },	/* 97 */
	{ "printer", "narrative" },	/* 98 */
	{ "prowler", "nebula" },	/* 99 */
	{ "pupil", "newsletter" },	/* 9a */
	{ "puppy", "Norwegian" },	/* 9b */
	{ "python", "October" },	/* 9c */
	{ "quadrant", "Ohio" },	/* 9d */
	{ "quiver", "onlooker" },	/* 9e */
	{ "quota", "opulent" },	/* 9f */
	{ "ragtime", "Orlando" },	/* a0 */
	{ "ratchet", "outfielder" },	/* a1 */
	{ "rebirth", "Pacific" },	/* a2 */
	{ "reform", "pandemic" },	/* a3 */
	{ "regain", "Pandora" },	/* a4 */
	{ "reindeer", "paperweight" },	/* a5 */
	{ "rematch", "paragon" },	/* a6 */
	{ "repay", "paragraph" },	/* a7 */
	{ "retouch", "paramount" },	/* a8 */
	{ "revenge", "passenger" },	/* a9 */
	{ "reward", "pedigree" },	/* aa */
	{ "rhythm", "Pegasus" },	/* ab */
	{ "ribcage", "penetrate" },	/* ac */
	{ "ringbolt", "perceptive" },	/* ad */
	{ "robust", "performance" },	/* ae */
	{ "rocker", "pharmacy" },	/* af */
	{ "ruffled", "phonetic" },	/* b0 */
	{ "sailboat", "photograph" },	/* b1 */
	{ "sawdust", "pioneer" },	/* b2 */
	{ "scallion", "pocketful" },	/* b3 */
	{ "scenic", "politeness" },	/* b4 */
	{ "scorecard", "positive" },	/* b5 */
	{ "Scotland", "potato" },	/* b6 */
	{ "seabird", "processor" },	/* b7 */
	{ "select", "provincial" },	/* b8 */
	{ "sentence", "proximate" },	/* b9 */
	{ "shadow", "puberty" },	/* ba */
	{ "shamrock", "publisher" },	/* bb */
	{ "showgirl", "pyramid" },	/* bc */
	{ "skullcap", "quantity" },	/* bd */
	{ "skydive", "racketeer" },	/* be */
	{ "slingshot", "rebellion" },	/* bf */
	{ "slowdown", "recipe" },	/* c0 */
	{ "snapline", "recover" },	/* c1 */
	{ "snapshot", "repellent" },	/* c2 */
	{ "snowcap", "replica" },	/* c3 */
	{ "snowslide", "reproduce" },	/* c4 */
	{ "solo", "resistor" },	/* c5 */
	{ "southward", "responsive" },	/* c6 */
	{ "soybean", "retraction" },	/* c7 */
	{ "spaniel", "retrieval" },	/* c8 */
	{ "spearhead", "retrospect" },	/* c9 */
	{ "spellbind", "revenue" },	/* ca */
	{ "spheroid", "revival" },	/* cb */
	{ "spigot", "revolver" },	/* cc */
	{ "spindle", "sandalwood" },	/* cd */
	{ "spyglass", "sardonic" },	/* ce */
	{ "stagehand", "Saturday" },	/* cf */
	{ "stagnate", "savagery" },	/* d0 */
	{ "stairway", "scavenger" },	/* d1 */
	{ "standard", "sensation" },	/* d2 */
	{ "stapler", "sociable" },	/* d3 */
	{ "steamship", "souvenir" },	/* d4 */
	{ "sterling", "specialist" },	/* d5 */
	{ "stockman", "speculate" },	/* d6 */
	{ "stopwatch", "stethoscope" },	/* d7 */
	{ "stormy", "stupendous" },	/* d8 */
	{ "sugar", "supportive" },	/* d9 */
	{ "surmount", "surrender" },	/* da */
	{ "suspense", "suspicious" },	/* db */
	{ "sweatband", "sympathy" },	/* dc */
	{ "swelter", "tambourine" },	/* dd */
	{ "tactics", "telephone" },	/* de */
	{ "talon", "therapist" },	/* df */
	{ "tapeworm", "tobacco" },	/* e0 */
	{ "tempest", "tolerance" },	/* e1 */
	{ "tiger", "tomorrow" },	/* e2 */
	{ "tissue", "torpedo" },	/* e3 */
	{ "tonic", "tradition" },	/* e4 */
	{ "topmost", "travesty" },	/* e5 */
	{ "tracker", "trombonist" },	/* e6 */
	{ "transit", "truncated" },	/* e7 */
	{ "trauma", "typewriter" },	/* e8 */
	{ "treadmill", "ultimate" },	/* e9 */
	{ "Trojan", "undaunted" },	/* ea */
	{ "trouble", "underfoot" },	/* eb */
	{ "tumor", "unicorn" },	/* ec */
	{ "tunnel", "unify" },	/* ed */
	{ "tycoon", "universe" },	/* ee */
	{ "uncut", "unravel" },	/* ef */
	{ "unearth", "upcoming" },	/* f0 */
	{ "unwind", "vacancy" },	/* f1 */
	{ "uproot", "vagabond" },	/* f2 */
	{ "upset", "vertigo" },	/* f3 */
	{ "upshot", "Virginia" },	/* f4 */
	{ "vapor", "visitor" },	/* f5 */
	{ "village", "vocalist" },	/* f6 */
	{ "virus", "voyager" },	/* f7 */
	{ "Vulcan", "warranty" },	/* f8 */
	{ "waffle", "Waterloo" },	/* f9 */
	{ "wallet", "whimsical" },	/* fa */
	{ "watchword", "Wichita" },	/* fb */
	{ "wayside", "Wilmington" },	/* fc */
	{ "willow", "Wyoming" },	/* fd */
	{ "woodlark", "yesteryear" },	/* fe */
	{ "Zulu", "Yucatan" },	/* ff */
};

int cer_pgpwords(const uint8_t *in, size_t n, char *out, size_t outlen)
{
	const char *w;
	size_t i, len, off = 0;

	if (outlen == 0)
		return cer_err("PGP words: no room for the output (12 bytes per input byte "
		    "suffice)");
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		w = words[in[i]][i % 2];
		len = strlen(w);
		if (off + (i > 0) + len + 1 > outlen) {
			out[0] = '\0';
			return cer_err("PGP words: %zu bytes of output are too few for %zu input "
			    "bytes (12 per byte suffice)", outlen, n);
		}
		if (i > 0)
			out[off++] = ' ';
		memcpy(out + off, w, len);
		off += len;
		out[off] = '\0';
	}
	return 0;
}

/* The byte whose word at position pos (even/odd list) is w[0..len),
 * compared without case; -1 when none is. */
static int word_byte(const char *w, size_t len, size_t pos)
{
	int b;

	for (b = 0; b < 256; b++)
		if (strlen(words[b][pos % 2]) == len &&
		    strncasecmp(words[b][pos % 2], w, len) == 0)
			return b;
	return -1;
}

int cer_pgpwords_parse(const char *text, uint8_t *out, size_t n)
{
	const char *p = text, *start;
	size_t i = 0, len;
	int b;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (start = p; *p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != ','; p++)
			;
		len = (size_t)(p - start);
		if (i == n)
			return cer_err("PGP words: more than %zu words", n);
		b = word_byte(start, len, i);
		if (b < 0)
			return cer_err("PGP words: word %zu is not a PGP word %s", i + 1,
			    word_byte(start, len, i + 1) >= 0 ? "for its position (a word "
			    "left out or given twice?)" : "(a typo?)");
		out[i++] = (uint8_t)b;
	}
	if (i != n)
		return cer_err("PGP words: %zu words, not %zu", i, n);
	return 0;
}
