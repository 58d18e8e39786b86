/* A tiny conformance harness for guest programs: ok() counts failures and
 * prints each one; the exit code is the number of failures. */
#ifndef WOW64_GUEST_TEST_H
#define WOW64_GUEST_TEST_H

#include <stdio.h>

static int test_failures, test_count;

#define ok(cond, ...)                                                    \
    do {                                                                 \
        test_count++;                                                    \
        if (!(cond)) {                                                   \
            test_failures++;                                             \
            printf("%s:%d: test failed: ", __FILE__, __LINE__);          \
            printf(__VA_ARGS__);                                         \
            printf("\n");                                                \
        }                                                                \
    } while (0)

#define skip(...)                                                        \
    do {                                                                 \
        printf("%s:%d: skipped: ", __FILE__, __LINE__);                  \
        printf(__VA_ARGS__);                                             \
        printf("\n");                                                    \
    } while (0)

static int test_summary(void)
{
    printf("%d tests, %d failures\n", test_count, test_failures);
    fflush(stdout);
    return test_failures;
}

#endif
