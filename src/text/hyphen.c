/* Swedish hyphenation: where a word may be broken at a line end.
 *
 * Sources, in order of authority:
 *   1. a soft hyphen (U+00AD) written in the word: the word breaks there
 *      and nowhere else;
 *   2. a hyphen written in the word (e-post, Trygghets-): the word breaks
 *      right after it and nowhere else, and no second hyphen is added;
 *   3. the exception lists (the layout's, then document.ini's, the later
 *      one winning): `trygg-hets-främ-jande` gives exactly those breaks, a
 *      word written without hyphens is never broken;
 *   4. libhyphen with the Swedish patterns (hyphen-sv), whose dictionary is
 *      ISO-8859-1: words are lowercased and converted to Latin-1 first, and
 *      a word with a letter outside Latin-1 is not hyphenated;
 *   5. compound joints: the word is split into the fewest parts that are
 *      words of the Swedish word list (wswedish, /usr/share/dict/swedish,
 *      also ISO-8859-1), each at least three letters, a part other than the
 *      last allowed in its linking form (trygghet+s, gata → gatu-,
 *      kvinna → kvinno-, flicka → flick-, pojke → pojk-, tjänst+e; see
 *      part_link). The joints of
 *      that split are kept as breaks of their own kind (preferred by the
 *      line breaker), and pattern breaks one letter from a joint are
 *      dropped (klotte-rärenden is wrong where the joint is klotter|ärenden).
 *
 * Every break leaves at least min_left letters before it and min_right
 * after it. Words with a digit, all-capital words (acronyms) and words of
 * fewer than MIN_WORD letters are not hyphenated by patterns or joints.
 * Leading and trailing punctuation ("(trygghet,") is not part of the word
 * and never counts as letters. Without the word list there are no joints,
 * only syllable breaks.
 * Results are cached per word, so a document's repeated words cost one
 * lookup each. */
#include "text.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#ifndef TX_HYPH_PATTERNS
#define TX_HYPH_PATTERNS "/usr/share/hyphen/hyph_sv_SE.dic"
#endif
#ifndef TX_HYPH_WORDLIST
#define TX_HYPH_WORDLIST "/usr/share/dict/swedish"
#endif

/* Longest word hyphenated, in characters; longer ones are not (they are
 * split as over-long words by the line breaker if they do not fit). */
#define MAX_WORD 64
/* Shortest part of a compound. */
#define MIN_PART 3
/* Shortest word hyphenated by patterns or joints (exceptions, soft hyphens
 * and written hyphens are the author's and always count). */
#define MIN_WORD 7

/* ---- a hash set of byte strings (word list) and a map (cache) ---------- */

typedef struct hentry {
    const char *key;          /* NUL-terminated, in the hyphenator's arena */
    size_t len;
    tx_hyph_break *breaks;    /* cache only */
    int nbreaks;
} hentry;

typedef struct htable {
    hentry *slots;
    size_t cap;               /* a power of two */
    size_t used;
} htable;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;       /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static hentry *ht_find(const htable *t, const char *key, size_t len)
{
    if (!t->cap) return NULL;
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
        hentry *e = &t->slots[i];
        if (!e->key) return NULL;
        if (e->len == len && memcmp(e->key, key, len) == 0) return e;
    }
}

/* Insert (or find) key; the key must outlive the table. */
static hentry *ht_put(htable *t, const char *key, size_t len)
{
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        hentry *slots = ts_xmalloc(cap * sizeof *slots);
        memset(slots, 0, cap * sizeof *slots);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].key) continue;
            size_t j = (size_t)hash_bytes(t->slots[i].key, t->slots[i].len) & (cap - 1);
            while (slots[j].key) j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    size_t mask = t->cap - 1;
    size_t i = (size_t)hash_bytes(key, len) & mask;
    for (; t->slots[i].key; i = (i + 1) & mask)
        if (t->slots[i].len == len && memcmp(t->slots[i].key, key, len) == 0)
            return &t->slots[i];
    t->slots[i].key = key;
    t->slots[i].len = len;
    t->used++;
    return &t->slots[i];
}

/* ---- the hyphenator ------------------------------------------------------- */

/* In a slot of the word table: the word is written with a capital in the
 * list (a name: Nina, Vånga, Mölle). Names are parts of compounds as
 * written (Malmö|borna) but have no linking forms (nin|gen is not Nina's). */
#define WORD_NAME 0x80000000u

struct tx_hyph {
    ts_arena *a;
    int min_left, min_right;
    HyphenDict *dict;         /* NULL: no patterns found */
    int words_loaded;         /* 1 loaded, -1 not found, 0 not tried yet */
    char *wordlist;           /* the list's bytes, Latin-1, lowercased, NULs at line ends */
    uint32_t *words;          /* open addressing: offset + 1 of a word in
                                 wordlist, 0 empty, WORD_NAME set for a
                                 name; 4 bytes a slot */
    size_t words_mask;        /* slots - 1, a power of two minus one */
    htable cache;             /* lowercased UTF-8 word -> breaks */
};

/* The patterns and the word list are the same files for every
 * hyphenator, and nothing changes them once read: they are read once per
 * process and shared (a --watch session makes a hyphenator for every run,
 * and reading the word list was most of a small document's hyphenation),
 * and freed when the process exits. `holder` keeps the word list in the
 * fields a hyphenator has for it. */
static struct {
    int patterns_tried;
    HyphenDict *dict;
    tx_hyph holder;
    int exit_registered;
} shared;

static void free_shared(void)
{
    if (shared.dict) hnj_hyphen_free(shared.dict);
    free(shared.holder.words);
    free(shared.holder.wordlist);
    memset(&shared, 0, sizeof shared);
}

static void share_at_exit(void)
{
    if (!shared.exit_registered && atexit(free_shared) == 0) shared.exit_registered = 1;
}

tx_hyph *tx_hyph_new(ts_diag *d, ts_pos at, int min_left, int min_right)
{
    tx_hyph *h = ts_xmalloc(sizeof *h);
    memset(h, 0, sizeof *h);
    h->a = ts_arena_new();
    h->min_left = min_left < 1 ? 1 : min_left;
    h->min_right = min_right < 1 ? 1 : min_right;
    if (!shared.patterns_tried) {
        shared.patterns_tried = 1;
        shared.dict = hnj_hyphen_load(TX_HYPH_PATTERNS);
        share_at_exit();
    }
    h->dict = shared.dict;
    if (!h->dict && d)
        ts_warning(d, at, "the Swedish hyphenation patterns (%s) are missing; "
                   "text is not hyphenated (install hyphen-sv)", TX_HYPH_PATTERNS);
    return h;
}

void tx_hyph_drop(tx_hyph *h)
{
    if (!h) return;
    /* the patterns and the word list are shared (free_shared) */
    free(h->cache.slots);
    ts_arena_drop(h->a);
    free(h);
}

/* Lowercase a Latin-1 letter (A–Z, À–Þ except ×). */
static unsigned char latin1_lower(unsigned char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return (unsigned char)(c + 0x20);
    return c;
}

static int latin1_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c != 0xF7);
}

/* The word list, read on first need: one word a line, ISO-8859-1. It is
 * the biggest thing a run loads (about 120 000 words), so it is kept
 * compact and built in one pass: the file's bytes, lowercased in place
 * with NULs at line ends, and a table of 32-bit offsets sized from the
 * line count, so it is never rehashed. */
static void read_words(tx_hyph *h)
{
    h->words_loaded = -1;
    FILE *f = fopen(TX_HYPH_WORDLIST, "rb");
    if (!f) return;
    ts_buf b = { 0 };
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < TS_MAX_INPUT_BYTES)
        ts_buf_append(&b, chunk, n);
    fclose(f);
    ts_buf_putc(&b, '\n');
    if (b.len >= WORD_NAME) {
        ts_buf_free(&b);
        return;
    }
    h->wordlist = b.data;
    size_t lines = 0;
    for (const char *p = b.data; (p = memchr(p, '\n', b.len - (size_t)(p - b.data))); p++)
        lines++;
    size_t cap = 1024;
    while (cap < lines * 2) cap *= 2;
    h->words = ts_xmalloc(cap * sizeof *h->words);
    memset(h->words, 0, cap * sizeof *h->words);
    h->words_mask = cap - 1;
    size_t start = 0;
    uint64_t hash = 1469598103934665603ULL;      /* FNV-1a, as hash_bytes */
    int name = 0;                                /* the line starts with a capital */
    for (size_t i = 0; i < b.len; i++) {
        unsigned char c = (unsigned char)b.data[i];
        if (c == '\n' || c == '\r') {
            b.data[i] = '\0';
            size_t len = i - start;
            if (len > 0) {
                size_t s = (size_t)hash & h->words_mask;
                for (; h->words[s]; s = (s + 1) & h->words_mask) {
                    const char *w = h->wordlist + (h->words[s] & ~WORD_NAME) - 1;
                    if (strncmp(w, b.data + start, len) == 0 && w[len] == '\0') break;
                }
                if (!h->words[s])
                    h->words[s] = (uint32_t)(start + 1) | (name ? WORD_NAME : 0);
                else if (!name)
                    h->words[s] &= ~WORD_NAME;   /* also a common word: tall, Tall */
            }
            start = i + 1;
            hash = 1469598103934665603ULL;
        } else {
            if (i == start) name = latin1_lower(c) != c;
            c = latin1_lower(c);
            b.data[i] = (char)c;
            hash = (hash ^ c) * 1099511628211ULL;
        }
    }
    h->words_loaded = 1;
}

/* The word list for h: read into the shared holder on first need. */
static void load_words(tx_hyph *h)
{
    if (h->words_loaded) return;
    if (!shared.holder.words_loaded) {
        read_words(&shared.holder);
        share_at_exit();
    }
    h->words_loaded = shared.holder.words_loaded;
    h->wordlist = shared.holder.wordlist;
    h->words = shared.holder.words;
    h->words_mask = shared.holder.words_mask;
}

/* Is key[0..len) (Latin-1, lowercase) a word of the list, a name only
 * when `names`? */
static int is_word_bytes(tx_hyph *h, const char *key, size_t len, int names)
{
    for (size_t s = (size_t)hash_bytes(key, len) & h->words_mask; h->words[s];
         s = (s + 1) & h->words_mask) {
        const char *word = h->wordlist + (h->words[s] & ~WORD_NAME) - 1;
        if (strncmp(word, key, len) == 0 && word[len] == '\0')
            return names || !(h->words[s] & WORD_NAME);
    }
    return 0;
}

static int is_word(tx_hyph *h, const unsigned char *w, int from, int to)
{
    if (to - from < MIN_PART) return 0;
    return is_word_bytes(h, (const char *)w + from, (size_t)(to - from), 1);
}

/* Is w[from..to) with its last letter replaced by `last` (or, when `last`
 * is 0, with `add` appended) a word of the list? */
static int is_word_respelled(tx_hyph *h, const unsigned char *w, int from, int to,
                             unsigned char last, unsigned char add)
{
    char key[MAX_WORD + 2];
    int len = to - from;
    if (len < MIN_PART || len > MAX_WORD) return 0;
    memcpy(key, w + from, (size_t)len);
    if (last) key[len - 1] = (char)last;
    else key[len++] = (char)add;
    return is_word_bytes(h, key, (size_t)len, 0);
}

/* How a part of a compound is written (part_link). */
enum {
    LINK_NONE,            /* the word itself: trafik|säkerhet */
    LINK_S,               /* with the linking -s-: trygghet+s|arbete */
    LINK_RESPELLED,       /* -a as -u- or -o-: gata → gatu|belysning */
    LINK_DROPPED,         /* -a or -e dropped: flicka → flick|skola,
                             pojke → pojk|grupp, arbete → arbets|plats */
    LINK_VOWEL            /* a linking -e- or -a-: tjänst+e|skrivelse */
};

/* Costs of a compound's split, lowest best. Every part costs PART_COST, so
 * the fewest parts always win; among splits with as many parts, the one
 * whose parts are written most like their dictionary forms. */
#define PART_COST 100
static const int link_cost[] = { 0, 1, 2, 2, 3 };

/* How w[i..j) is written as a part of a compound, or -1 when it is none.
 * The last part (j == n) must be a word of the list as written. A part
 * before it may stand in one of the forms Swedish gives the first part of
 * a compound (the fogemorfem and the stem forms of words in -a and -e):
 *   - the word itself, or with the linking -s- (trygghet → trygghets-);
 *   - a word in -a with -u- or -o- for the -a (gata → gatu-,
 *     kvinna → kvinno-, människa → människo-, kyrka → kyrko-);
 *   - a word in -a or -e without it (flicka → flick-, skola → skol-,
 *     pojke → pojk-), also before the linking -s- (arbete → arbets-);
 *     at least four letters are left, since a three-letter stem is too
 *     often an inflection's start (sop|ningen, ins|talls);
 *   - a word with a linking -e- or -a- (tjänst → tjänste-).
 * Names in the list (written with a capital) are parts only as written
 * or with -s-: Nina is no nin-. Each part is at least MIN_PART letters. */
static int part_link(tx_hyph *h, const unsigned char *w, int n, int i, int j)
{
    if (j - i < MIN_PART) return -1;
    if (is_word(h, w, i, j)) return LINK_NONE;
    if (j == n) return -1;
    unsigned char end = w[j - 1];
    if (end == 's' && is_word(h, w, i, j - 1)) return LINK_S;
    if ((end == 'u' || end == 'o') && is_word_respelled(h, w, i, j, 'a', 0))
        return LINK_RESPELLED;
    if (j - i >= MIN_PART + 1 &&
        (is_word_respelled(h, w, i, j, 0, 'a') || is_word_respelled(h, w, i, j, 0, 'e') ||
         (end == 's' && is_word_respelled(h, w, i, j, 'e', 0))))
        return LINK_DROPPED;
    if ((end == 'e' || end == 'a') && j - 1 - i >= MIN_PART &&
        is_word_bytes(h, (const char *)w + i, (size_t)(j - 1 - i), 0))
        return LINK_VOWEL;
    return -1;
}

static int is_vowel(unsigned char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
           c == 0xE5 || c == 0xE4 || c == 0xF6 || c == 0xE9;   /* å ä ö é */
}

/* May a part written with `link` be followed by the part w[j..k)? After a
 * dropped or linking vowel the next part must have four letters or more
 * and start with a consonant: the endings of inflected words are short or
 * start with a vowel and are often words themselves (dämp|ande,
 * vattn|ingen, regl|eras, tjänst+e|man is in the list whole), while real
 * compounds on a stem mostly go on with a consonant (flick|skola). -u- and
 * -o- are no inflection, so gatu|ombyggnad stands. */
static int link_may_precede(int link, const unsigned char *w, int j, int k)
{
    if (link != LINK_DROPPED && link != LINK_VOWEL) return 1;
    return k - j >= MIN_PART + 1 && !is_vowel(w[j]);
}

/* Joints of the best split of w[0..n) (Latin-1, lowercase) into parts
 * (part_link); joint[i] is set for a joint before letter i. Returns 0 when
 * the word is not such a compound (then no joint is set): also when it is
 * a word of the list as a whole. O(n²) lookups, n <= MAX_WORD. */
static int find_joints(tx_hyph *h, const unsigned char *w, int n, unsigned char *joint)
{
    load_words(h);
    if (h->words_loaded != 1 || n < 2 * MIN_PART) return 0;
    int cost[MAX_WORD + 1], next[MAX_WORD + 1];
    const int none = (MAX_WORD + 10) * PART_COST;
    for (int i = 0; i <= n; i++) cost[i] = none, next[i] = -1;
    cost[n] = 0;
    next[n] = n;
    for (int i = n - 1; i >= 0; i--)
        for (int j = i + MIN_PART; j <= n; j++) {
            if (cost[j] >= none) continue;
            int link = part_link(h, w, n, i, j);
            if (link < 0 || (j < n && !link_may_precede(link, w, j, next[j])))
                continue;
            int c = cost[j] + PART_COST + link_cost[link];
            if (c < cost[i]) {
                cost[i] = c;
                next[i] = j;
            }
        }
    if (cost[0] < 2 * PART_COST || cost[0] >= none) return 0;
    for (int i = next[0]; i > 0 && i < n; i = next[i])
        joint[i] = 1;
    return 1;
}

/* Breaks of a plain lowercase word (Latin-1 letters only). */
static int pattern_breaks(tx_hyph *h, const unsigned char *w, int n,
                          tx_hyph_break *out, int max)
{
    unsigned char joint[MAX_WORD + 1];
    memset(joint, 0, sizeof joint);
    int compound = find_joints(h, w, n, joint);
    char hyphens[MAX_WORD + 5];
    memset(hyphens, '0', sizeof hyphens);
    int have_patterns = 0;
    if (h->dict) {
        char **rep = NULL;
        int *pos = NULL, *cut = NULL;
        if (hnj_hyphen_hyphenate3(h->dict, (const char *)w, n, hyphens, NULL, &rep,
                                  &pos, &cut, h->min_left, h->min_right,
                                  h->min_left, h->min_right) == 0)
            have_patterns = 1;
        if (rep) {
            /* non-standard breaks (none in the Swedish patterns): ignored */
            for (int i = 0; i < n; i++) free(rep[i]);
            free(rep);
        }
        free(pos);
        free(cut);
    }
    int count = 0;
    for (int i = h->min_left; i <= n - h->min_right && count < max; i++) {
        if (joint[i]) {
            out[count].at = i;
            out[count++].kind = TX_HYPH_JOINT;
            continue;
        }
        if (!have_patterns || !(hyphens[i - 1] & 1)) continue;
        if (compound && (joint[i - 1] || joint[i + 1])) continue;
        out[count].at = i;
        out[count++].kind = TX_HYPH_SYLLABLE;
    }
    return count;
}

/* ---- exceptions ----------------------------------------------------------- */

/* Lowercase UTF-8 for the cache key: ASCII and the Latin-1 capitals. */
static size_t lower_utf8(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = ts_utf8_decode(s + i, len - i, &cp);
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
            cp += 0x20;
        o += (size_t)ts_utf8_encode(cp, out + o);
        i += (size_t)k;
    }
    return o;
}

int tx_hyph_exceptions(tx_hyph *h, const char *list)
{
    int added = 0;
    for (const char *p = list ? list : ""; *p;) {
        while (*p == ',' || *p == ' ' || *p == '\t') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        const char *end = e;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t')) end--;
        if (end > p && (size_t)(end - p) < 4 * MAX_WORD) {
            char word[4 * MAX_WORD + 1];
            tx_hyph_break br[MAX_WORD];
            size_t wl = 0;
            int letters = 0, nb = 0;
            for (const char *q = p; q < end;) {
                uint32_t cp;
                int k = ts_utf8_decode(q, (size_t)(end - q), &cp);
                if (cp == '-' && letters > 0 && nb < MAX_WORD) {
                    br[nb].at = letters;
                    br[nb++].kind = TX_HYPH_SOFT;
                } else if (cp != '-') {
                    memcpy(word + wl, q, (size_t)k);
                    wl += (size_t)k;
                    letters++;
                }
                q += k;
            }
            char *key = ts_arena_alloc(h->a, wl * 2 + 1);
            size_t kl = lower_utf8(word, wl, key);
            hentry *ce = ht_put(&h->cache, key, kl);
            ce->breaks = ts_arena_alloc(h->a, (size_t)(nb ? nb : 1) * sizeof *br);
            memcpy(ce->breaks, br, (size_t)nb * sizeof *br);
            ce->nbreaks = nb;
            added++;
        }
        p = *e ? e + 1 : e;
    }
    return added;
}

/* ---- one word ------------------------------------------------------------- */

static int is_letter_cp(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static int is_hyphen_cp(uint32_t cp)
{
    return cp == '-' || cp == 0x2010;
}

/* Characters the shaper leaves out (they occupy no glyph): the soft
 * hyphen and the zero-width format characters. Positions count glyphs, so
 * these are not counted. */
static int is_invisible_cp(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x206F) ||
           cp == 0xFEFF;
}

int tx_visible_chars(const char *utf8, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += (size_t)ts_utf8_decode(utf8 + i, len - i, &cp);
        n += !is_invisible_cp(cp);
    }
    return n;
}

int tx_hyphenate(tx_hyph *h, const char *utf8, size_t len, tx_hyph_break *out, int max)
{
    if (!h || max <= 0) return 0;
    uint32_t cps[MAX_WORD + 1];
    int n = 0, soft_count = 0, hyphen_count = 0;
    tx_hyph_break soft[MAX_WORD];
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = ts_utf8_decode(utf8 + i, len - i, &cp);
        i += (size_t)k;
        if (cp == 0xAD) {
            if (n > 0 && soft_count < MAX_WORD) {
                soft[soft_count].at = n;
                soft[soft_count++].kind = TX_HYPH_SOFT;
            }
            continue;
        }
        if (is_invisible_cp(cp)) continue;
        if (n == MAX_WORD) return 0;
        if (is_hyphen_cp(cp)) hyphen_count++;
        cps[n++] = cp;
    }
    /* the word proper: without leading and trailing punctuation */
    int first = 0, last = n;
    while (first < n && !is_letter_cp(cps[first])) first++;
    while (last > first && !is_letter_cp(cps[last - 1])) last--;
    if (last - first < h->min_left + h->min_right) return 0;

    int count = 0;
    if (soft_count) {
        /* the author's soft hyphens, at least one letter either side */
        for (int i = 0; i < soft_count && count < max; i++)
            if (soft[i].at > first && soft[i].at < last) out[count++] = soft[i];
        return count;
    }
    if (hyphen_count) {
        /* after each hyphen inside the word, letters enough on both sides */
        for (int i = first; i < last && count < max; i++) {
            if (!is_hyphen_cp(cps[i])) continue;
            int left = 0, right = 0;
            for (int j = first; j < i; j++) left += is_letter_cp(cps[j]);
            for (int j = i + 1; j < last; j++) right += is_letter_cp(cps[j]);
            if (left >= h->min_left && right >= h->min_right) {
                out[count].at = i + 1;
                out[count++].kind = TX_HYPH_EXPLICIT;
            }
        }
        return count;
    }
    int upper = 0;
    for (int i = first; i < last; i++) {
        if (!is_letter_cp(cps[i])) return 0;   /* digits, symbols: not a word */
        if ((cps[i] >= 'A' && cps[i] <= 'Z') || (cps[i] >= 0xC0 && cps[i] <= 0xDE))
            upper++;
    }
    if (upper == last - first) return 0;      /* an acronym */

    /* the cache (and the exception lists seeded into it) */
    char key[4 * MAX_WORD + 1];
    size_t kl = 0;
    for (int i = first; i < last; i++) {
        uint32_t cp = cps[i];
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) cp += 0x20;
        kl += (size_t)ts_utf8_encode(cp, key + kl);
    }
    hentry *ce = ht_find(&h->cache, key, kl);
    if (!ce) {
        tx_hyph_break br[MAX_WORD];
        int nb = 0;
        unsigned char w[MAX_WORD + 1];
        int latin1 = 1, wn = 0;
        for (int i = first; i < last; i++) {
            if (cps[i] > 0xFF) latin1 = 0;
            w[wn++] = latin1_lower((unsigned char)cps[i]);
        }
        w[wn] = 0;
        for (int i = 0; i < wn && latin1; i++)
            if (!latin1_letter(w[i])) latin1 = 0;
        /* a short word broken looks worse than any rag: vi-sar */
        if (latin1 && wn >= MIN_WORD) nb = pattern_breaks(h, w, wn, br, MAX_WORD);
        char *k2 = ts_arena_strndup(h->a, key, kl);
        ce = ht_put(&h->cache, k2, kl);
        ce->breaks = ts_arena_alloc(h->a, (size_t)(nb ? nb : 1) * sizeof *br);
        memcpy(ce->breaks, br, (size_t)nb * sizeof *br);
        ce->nbreaks = nb;
    }
    for (int i = 0; i < ce->nbreaks && count < max; i++) {
        int at = ce->breaks[i].at;
        /* an exception's breaks obey the author, not min_left/right, but
         * never leave nothing on one side */
        if (at <= 0 || at >= last - first) continue;
        out[count].at = first + at;
        out[count++].kind = ce->breaks[i].kind;
    }
    return count;
}
