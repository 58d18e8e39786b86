/* qsort with a total order, bsearch, and the string.h/ctype.h/stdlib.h
 * functions whose results C fixes, through the CRT's own exports (with
 * OUR_CRT on Windows: msvcrt.dll's, never gcc builtins). */
#include <ctype.h>
#include "diff.h"

struct rec {
    int key;
    unsigned id;
};

/* Key, then id: a total order, so every correct sort gives one result. */
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return CRT(strcmp)(*(char *const *)a, *(char *const *)b);
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void sorting(void)
{
    static struct rec recs[5000];
    static int ints[20000];
    static char words[2000][12], *wp[2000];
    size_t sizes[] = { 0, 1, 2, 3, 7, 16, 100, 1000, 5000 };
    unsigned long long sum;
    size_t s, i;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t n = sizes[s];

        for (i = 0; i < n; i++) {
            recs[i].key = (int)(diff_rand64() % (n / 4 + 1));
            recs[i].id = (unsigned)i;
        }
        CRT(qsort)(recs, n, sizeof(recs[0]), cmp_rec);
        sum = 0;
        for (i = 0; i < n; i++)
            sum = sum * 31 + (unsigned)recs[i].key * 7919u + recs[i].id;
        printf("qsort recs n=%u hash=%016llx first=%d last=%d\n", (unsigned)n, sum,
               n ? recs[0].key : -1, n ? recs[n - 1].key : -1);
    }
    /* Already sorted, reversed, all equal, and random with duplicates. */
    for (s = 0; s < 4; s++) {
        for (i = 0; i < 20000; i++)
            ints[i] = s == 0 ? (int)i : s == 1 ? (int)(20000 - i) : s == 2 ? 5
                    : (int)(diff_rand64() % 1000) - 500;
        CRT(qsort)(ints, 20000, sizeof(int), cmp_int);
        sum = 0;
        for (i = 0; i < 20000; i++)
            sum = sum * 1000003 + (unsigned)ints[i];
        printf("qsort ints pattern %u hash=%016llx\n", (unsigned)s, sum);
        for (i = 0; i < 20; i++) {
            int key = (int)(i * 97 % 1200) - 600;
            int *hit = CRT(bsearch)(&key, ints, 20000, sizeof(int), cmp_int);

            printf("  bsearch %d: %s\n", key, hit ? (*hit == key ? "found" : "WRONG") : "absent");
        }
    }
    for (i = 0; i < 2000; i++) {
        size_t len = 1 + diff_rand64() % 10, j;

        for (j = 0; j < len; j++)
            words[i][j] = (char)('a' + diff_rand64() % 26);
        words[i][len] = 0;
        wp[i] = words[i];
    }
    CRT(qsort)(wp, 2000, sizeof(char *), cmp_str);
    for (i = 0; i < 2000; i += 50)
        printf("word %u: %s\n", (unsigned)i, wp[i]);
}

static void strings(void)
{
    static const char *const s[] = {
        "", "a", "abc", "abd", "ab", "hello, world", "Hello, World", "\x80high", "z", "abcabcabc",
    };
    char buf[256], buf2[256], *tok, *p;
    size_t i, j, n = sizeof(s) / sizeof(s[0]);

    for (i = 0; i < n; i++) {
        printf("strlen(%s)=%u\n", s[i], (unsigned)CRT(strlen)(s[i]));
        for (j = 0; j < n; j++)
            printf("cmp %u %u: strcmp %d strncmp2 %d memcmp %d\n", (unsigned)i, (unsigned)j,
                   sign(CRT(strcmp)(s[i], s[j])), sign(CRT(strncmp)(s[i], s[j], 2)),
                   sign(CRT(memcmp)(s[i], s[j], 1)));
    }
    for (i = 0; i < n; i++) {
        p = CRT(strchr)(s[i], 'b');
        printf("strchr b: %d ", p ? (int)(p - s[i]) : -1);
        p = CRT(strrchr)(s[i], 'b');
        printf("strrchr b: %d ", p ? (int)(p - s[i]) : -1);
        p = CRT(strstr)(s[i], "bc");
        printf("strstr bc: %d ", p ? (int)(p - s[i]) : -1);
        p = CRT(strpbrk)(s[i], ",zc");
        printf("strpbrk: %d ", p ? (int)(p - s[i]) : -1);
        printf("strspn: %u strcspn: %u\n", (unsigned)CRT(strspn)(s[i], "abc"),
               (unsigned)CRT(strcspn)(s[i], "lo"));
    }
    p = CRT(strchr)("abc", 0);
    printf("strchr nul: %d\n", p ? (int)(p - "abc") : -1);
    CRT(strcpy)(buf, "the quick  brown,fox;; jumps");
    for (tok = CRT(strtok)(buf, " ,;"); tok; tok = CRT(strtok)(NULL, " ,;"))
        printf("token [%s]\n", tok);
    memset(buf, 'x', sizeof buf);
    CRT(strncpy)(buf, "abc", 6);
    printf("strncpy pads: %d %d %d %c\n", buf[3], buf[4], buf[5], buf[6]);
    CRT(strcpy)(buf, "front");
    CRT(strcat)(buf, "-back");
    CRT(strncat)(buf, "123456", 3);
    printf("strcat: %s\n", buf);
    for (i = 0; i < 64; i++)
        buf2[i] = (char)i;
    CRT(memmove)(buf2 + 5, buf2, 40);
    CRT(memmove)(buf2 + 50, buf2 + 55, 9);
    for (i = 0; i < 64; i++)
        printf("%d%c", buf2[i], i == 63 ? '\n' : ',');
    p = CRT(memchr)("abcdef", 'd', 6);
    printf("memchr: %d\n", p ? (int)(p - "abcdef") : -1);
    CRT(memset)(buf2, 'q', 10);
    buf2[10] = 0;
    printf("memset: %s\n", buf2);
}

static void classes(void)
{
    int c;

    /* The "C" locale classes of 7-bit ASCII, and case mapping. */
    for (c = 0; c < 128; c++)
        printf("%3d %d%d%d%d%d%d%d%d%d%d%d %d %d\n", c, !!CRT(isalpha)(c), !!CRT(isdigit)(c),
               !!CRT(isalnum)(c), !!CRT(isspace)(c), !!CRT(isupper)(c), !!CRT(islower)(c),
               !!CRT(ispunct)(c), !!CRT(isprint)(c), !!CRT(iscntrl)(c), !!CRT(isxdigit)(c),
               !!CRT(isgraph)(c), CRT(toupper)(c), CRT(tolower)(c));
}

static void conversions(void)
{
    static const char *const s[] = {
        "0", "42", "-42", "  +17xyz", "0x1F", "0777", "2147483647", "-2147483648", "zz",
        "4294967295", "1010", "   -0", "+", "",
    };
    static const int bases[] = { 0, 10, 16, 8, 2, 36 };
    size_t i, j;
    char *end;

    for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
        /* atoi of a value int cannot hold is undefined (msvcrt wraps). */
        if (strcmp(s[i], "4294967295") != 0)
            printf("atoi(%s)=%d\n", s[i], CRT(atoi)(s[i]));
        for (j = 0; j < sizeof(bases) / sizeof(bases[0]); j++) {
            long v = CRT(strtol)(s[i], &end, bases[j]);
            unsigned long u = CRT(strtoul)(s[i], NULL, bases[j]);

            printf("  base %d: strtol %ld used %d strtoul %lu\n", bases[j], v, (int)(end - s[i]), u);
        }
    }
}

int main(void)
{
    DIFF_BINARY_STDOUT();
    sorting();
    strings();
    classes();
    conversions();
    return 0;
}
